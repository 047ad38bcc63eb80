/**
 * Mechanisms (sub-subnets, spec/yuma.md §5): split E between mechanisms, run one epoch per mechanism, aggregate.
 */
import { runYumaEpoch } from './epoch.js';
import type { YumaEpochOutput, YumaMechanismsInput, YumaMechanismsOutput } from './types.js';

/**
 * `split_emissions`: without a split, each mechanism gets `floor(E / m)`; with one, `floor(E · s_k / 65535)`
 * (u128). The remainder (saturating at 0) goes to mechanism 0.
 */
export function yumaSplitEmissions(
  emission: bigint,
  mechanismCount: number,
  split?: ReadonlyArray<number> | null,
): bigint[] {
  const m = Math.max(1, mechanismCount);
  const out: bigint[] = new Array(m);
  if (!split) {
    const each = emission / BigInt(m);
    for (let k = 0; k < m; k++) out[k] = each;
  } else {
    for (let k = 0; k < m; k++) out[k] = (emission * BigInt(split[k] ?? 0)) / 65535n;
  }
  let sum = 0n;
  for (const v of out) sum += v;
  if (emission > sum) out[0] = out[0]! + (emission - sum);
  return out;
}

/** Aggregation weight `w_m = E_m / E` as U64F64 bits (2^64 = 1); when E = 0, 1 for mechanism 0 and 0 otherwise. */
function mechanismWeight(em: bigint, total: bigint, index: number): bigint {
  if (total === 0n) return index === 0 ? 1n << 64n : 0n;
  return (em << 64n) / total;
}

/** `epoch_with_mechanisms`: one epoch per mechanism (shared stake, registration and stored permits), aggregated. */
export function runYumaEpochWithMechanisms(input: YumaMechanismsInput): YumaMechanismsOutput {
  const { n, mechanisms } = input;
  const mechanismEmission = yumaSplitEmissions(input.emission, mechanisms.length, input.emissionSplit);
  const perMechanism: YumaEpochOutput[] = [];
  const active = new Array<boolean>(n).fill(false);
  const validatorPermit = new Array<boolean>(n).fill(false);
  const u16Acc = {
    consensus: new Array<bigint>(n).fill(0n),
    dividends: new Array<bigint>(n).fill(0n),
    validatorTrust: new Array<bigint>(n).fill(0n),
    stakeWeight: new Array<bigint>(n).fill(0n),
    emission: new Array<bigint>(n).fill(0n),
  };
  const serverEmission = new Array<bigint>(n).fill(0n);
  const validatorEmission = new Array<bigint>(n).fill(0n);
  mechanisms.forEach((mech, m) => {
    const out = runYumaEpoch({
      ...input,
      weights: mech.weights,
      bonds: mech.bonds,
      lastUpdate: mech.lastUpdate,
      emission: mechanismEmission[m]!,
    });
    perMechanism.push(out);
    const wm = mechanismWeight(mechanismEmission[m]!, input.emission, m);
    // acc = floor(acc + value · w_m) with acc an integer: acc + floor(value · w_m)
    const acc = (key: keyof typeof u16Acc, vals: ReadonlyArray<number | bigint>): void => {
      const a = u16Acc[key];
      for (let i = 0; i < n; i++) a[i] = a[i]! + ((BigInt(vals[i]!) * wm) >> 64n);
    };
    acc('consensus', out.consensus);
    acc('dividends', out.dividends);
    acc('validatorTrust', out.validatorTrust);
    acc('stakeWeight', out.stakeWeight);
    acc('emission', out.emission);
    for (let i = 0; i < n; i++) {
      active[i] = active[i]! || out.active[i]!;
      validatorPermit[i] = validatorPermit[i]! || out.validatorPermit[i]!;
      serverEmission[i] = serverEmission[i]! + out.serverEmission[i]!;
      validatorEmission[i] = validatorEmission[i]! + out.validatorEmission[i]!;
    }
  });
  const toNum = (v: bigint[]): number[] => v.map((x) => Number(x > 65535n ? 65535n : x));
  return {
    mechanismEmission,
    perMechanism,
    active,
    validatorPermit,
    consensus: toNum(u16Acc.consensus),
    dividends: toNum(u16Acc.dividends),
    validatorTrust: toNum(u16Acc.validatorTrust),
    stakeWeight: toNum(u16Acc.stakeWeight),
    emission: u16Acc.emission,
    serverEmission,
    validatorEmission,
  };
}

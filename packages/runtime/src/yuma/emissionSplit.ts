/** The epoch's emission split (spec/yuma.md E12): normalized server/validator/combined emission, then rao. */
import { divFx, mulFx, ONE } from './fastMath.js';
import type { YumaScratch } from './scratch.js';

export interface EmissionSplit {
  readonly se: Float64Array;
  readonly ve: Float64Array;
  readonly ce: Float64Array;
  readonly fallback: boolean;
}

/**
 * `comb = I + D`; if Σcomb ≠ 0: `se = I/Σ`, `ve = D/Σ`, `ce = normalize(comb)`. Otherwise (nothing earned):
 * `se = I` (zero) and `ve = ce = A`, or the raw normalized stake S when A is all zero.
 */
export function yumaEmissionSplit(
  incentive: Float64Array,
  dividends: Float64Array,
  activeStake: Float64Array,
  stake: Float64Array,
  ws: YumaScratch,
): EmissionSplit {
  const n = incentive.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += incentive[i]! + dividends[i]!;
  const se = ws.f64z('se', n);
  const ve = ws.f64z('ve', n);
  const ce = ws.f64z('ce', n);
  if (sum !== 0) {
    for (let i = 0; i < n; i++) {
      const inc = incentive[i]!;
      const div = dividends[i]!;
      se[i] = divFx(inc, sum);
      ve[i] = divFx(div, sum);
      ce[i] = divFx(inc + div, sum);
    }
    return { se, ve, ce, fallback: false };
  }
  let aSum = 0;
  for (let i = 0; i < n; i++) aSum += activeStake[i]!;
  const src = aSum === 0 ? stake : activeStake;
  se.set(incentive);
  ve.set(src);
  ce.set(src);
  return { se, ve, ce, fallback: true };
}

/**
 * `floor(x_bits · E / 2^32)` (I96F32 product floored to u64) for every element (x ≤ 2^32). When E < 2^53 this is
 * `x·Eh + floor(x·El / 2^32)` with E = Eh·2^32 + El: both parts are exact integers and their sum is ≤ E.
 */
export function yumaToRao(x: Float64Array, emission: bigint): bigint[] {
  const out: bigint[] = new Array(x.length);
  if (emission < 1n << 53n) {
    const e = Number(emission);
    const eh = Math.floor(e / ONE);
    const el = e - eh * ONE;
    for (let i = 0; i < x.length; i++) {
      const b = x[i]!;
      out[i] = b === 0 ? 0n : BigInt(b * eh + mulFx(b, el));
    }
    return out;
  }
  for (let i = 0; i < x.length; i++) {
    const b = x[i]!;
    out[i] = b === 0 ? 0n : (BigInt(b) * emission) >> 32n;
  }
  return out;
}

/**
 * A slow, literal `bigint` model of the epoch written straight from spec/yuma.md §4 (sparse path), used only by
 * tests to cross-check the fast float64 implementation on random inputs. Consensus uses the chain's own mid-pivot
 * search (E7) rather than the closed form, so the two are cross-checked as well.
 */
import { fxExpSafe, I32F32 } from '@tensorium/primitives';
import type { U16Row, YumaEpochInput } from '../src/yuma/index.js';

const ONE = 1n << 32n;
const mul = (a: bigint, b: bigint): bigint => (a * b) >> 32n;
const div = (a: bigint, b: bigint): bigint => (b === 0n ? 0n : (a << 32n) / b);
const sum = (v: bigint[]): bigint => v.reduce((a, b) => a + b, 0n);
const norm = (v: bigint[]): bigint[] => {
  const s = sum(v);
  return s === 0n ? v.slice() : v.map((x) => div(x, s));
};
const u16 = (x: bigint): number => {
  const v = (x * 65535n) >> 32n;
  return Number(v < 0n ? 0n : v > 65535n ? 65535n : v);
};
const prop = (u: number): bigint => (BigInt(u) << 32n) / 65535n;
type Row = Map<number, bigint>; // sorted insertion order by construction

/** The chain's mid-pivot weighted median (spec E7). */
export function refWeightedMedian(
  stake: bigint[],
  score: bigint[],
  minority: bigint,
  lo0: bigint,
  hi0: bigint,
): bigint {
  let idx = stake.map((_, i) => i);
  let lo = lo0;
  let hi = hi0;
  const limit = idx.length;
  for (let it = 0; it <= limit; it++) {
    if (idx.length === 0) return 0n;
    if (idx.length === 1) return score[idx[0]!]!;
    const pivot = score[idx[Math.floor(idx.length / 2)]!]!;
    const lower: number[] = [];
    const upper: number[] = [];
    let ls = 0n;
    let us = 0n;
    for (const i of idx) {
      if (score[i]! < pivot) {
        lower.push(i);
        ls += stake[i]!;
      } else if (score[i]! > pivot) {
        upper.push(i);
        us += stake[i]!;
      }
    }
    if (minority < lo + ls && lower.length > 0) {
      idx = lower;
      hi = lo + ls;
    } else if (hi - us <= minority && upper.length > 0) {
      idx = upper;
      lo = hi - us;
    } else return pivot;
  }
  return 0n;
}

function rowsOf(m: YumaEpochInput['weights'], n: number): Array<Array<[number, number]>> {
  const out: Array<Array<[number, number]>> = [];
  if (Array.isArray(m)) {
    for (let i = 0; i < n; i++) out.push(((m as ReadonlyArray<U16Row | undefined>)[i] ?? []).map(([a, b]) => [a, b]));
  } else {
    const p = m as Exclude<YumaEpochInput['weights'], ReadonlyArray<U16Row | undefined>>;
    for (let i = 0; i < n; i++) {
      const r: Array<[number, number]> = [];
      if (i < p.rows) for (let k = p.rowPtr[i]!; k < p.rowPtr[i + 1]!; k++) r.push([p.cols[k]!, p.vals[k]!]);
      out.push(r);
    }
  }
  return out.map((r) => r.sort((a, b) => a[0] - b[0]));
}

function colNormalize(rows: Row[], n: number): Row[] {
  const s = new Array<bigint>(n).fill(0n);
  for (const r of rows) for (const [j, v] of r) s[j] = s[j]! + v;
  return rows.map((r) => new Map([...r].map(([j, v]) => [j, s[j] === 0n ? v : div(v, s[j]!)])));
}

function sigmoidAlpha(c: bigint, w: bigint, b: bigint, low: bigint, high: bigint, steep: number): bigint {
  const clamp01 = (x: bigint) => (x < 0n ? 0n : x > ONE ? ONE : x);
  const d = w >= b ? clamp01(w - c) : clamp01(b - w);
  const k = I32F32.saturatingDiv(BigInt(steep) << 32n, -100n << 32n);
  const z = mul(k, d - ONE / 2n);
  const sigma = I32F32.saturatingDiv(ONE, ONE + fxExpSafe(z));
  let a = low + mul(sigma, high - low);
  if (a < low) a = low;
  if (a > high) a = high;
  return a;
}

export interface RefOutput {
  active: boolean[];
  validatorPermit: boolean[];
  consensus: number[];
  incentive: number[];
  dividends: number[];
  validatorTrust: number[];
  stakeWeight: number[];
  emission: bigint[];
  serverEmission: bigint[];
  validatorEmission: bigint[];
  bonds: Array<Array<[number, number]>>;
}

export function refEpoch(inp: YumaEpochInput): RefOutput {
  const { n, block, params: p } = inp;
  const owner = inp.ownerUid !== null && inp.ownerUid < n ? inp.ownerUid : null;
  const lu = Array.from({ length: n }, (_, i) => (i < inp.lastUpdate.length ? inp.lastUpdate[i]! : 0));
  const reg = Array.from({ length: n }, (_, i) => inp.registeredAt[i] ?? 0);
  const active = lu.map((l) => !(l + p.activityCutoff < block));
  const lastTempo = inp.lastMechanismStepBlock === 0 ? Math.max(0, block - p.tempo) : inp.lastMechanismStepBlock + 1;
  // E3
  const tw = (p.taoWeight << 32n) / ((1n << 64n) - 1n);
  const total = Array.from({ length: n }, (_, i) => {
    let t = (inp.alphaStake[i] ?? 0n) << 64n;
    t += (((inp.taoStake?.[i] ?? 0n) << 64n) * (tw << 32n)) >> 64n;
    if (i !== owner && t >> 64n < p.stakeThreshold) t = 0n;
    return t;
  });
  const tsum = sum(total);
  const S = total.map((t) => (tsum === 0n ? 0n : ((t << 64n) / tsum) >> 32n));
  // E4
  const permitOld = Array.from(
    { length: n },
    (_, i) => i < inp.validatorPermit.length && inp.validatorPermit[i] === true,
  );
  if (owner !== null && owner < inp.validatorPermit.length) permitOld[owner] = true;
  const newPermit = S.map((s) => s !== 0n);
  if (n >= p.maxAllowedValidators) {
    const order = S.map((s, i) => [s, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    for (let r = 0; r < n - p.maxAllowedValidators; r++) newPermit[order[r]![1]] = false;
  }
  if (owner !== null) newPermit[owner] = true;
  // E5
  const A = norm(S.map((s, i) => (active[i] && permitOld[i] ? s : 0n)));
  // E6
  const cb = (i: number): number => {
    const c = inp.commitBlocks?.[i];
    return c === null || c === undefined ? Number.POSITIVE_INFINITY : c;
  };
  const W: Row[] = rowsOf(inp.weights, n).map((r, i) => {
    if (!permitOld[i]) return new Map();
    const kept = r.filter(
      ([j]) => j < n && (j !== i || i === owner) && !(lu[i]! <= reg[j]!) && !(p.commitRevealEnabled && cb(i) < reg[j]!),
    );
    const s = kept.reduce((a, [, v]) => a + BigInt(v), 0n);
    return new Map(kept.map(([j, v]) => [j, s > 0n ? div(BigInt(v) << 32n, s << 32n) : 0n]));
  });
  // E7
  const kappa = prop(p.kappa);
  const part = A.map((a, i) => [a, i] as const).filter(([a]) => a > 0n);
  const sPart = norm(part.map(([a]) => a));
  const sigma = sum(sPart);
  const minority = sigma - kappa;
  const C = Array.from({ length: n }, (_, j) =>
    part.length === 0
      ? 0n
      : refWeightedMedian(
          sPart,
          part.map(([, i]) => W[i]!.get(j) ?? 0n),
          minority,
          0n,
          sigma,
        ),
  );
  // E8–E9
  const Wc: Row[] = W.map((r) => {
    const o: Row = new Map();
    for (const [j, w] of r) {
      const c = C[j]!;
      if (c < w) {
        if (c > 0n) o.set(j, c);
      } else o.set(j, w);
    }
    return o;
  });
  const T = Wc.map((r) => sum([...r.values()]));
  const R = new Array<bigint>(n).fill(0n);
  Wc.forEach((r, i) => {
    for (const [j, v] of r) R[j] = R[j]! + mul(A[i]!, v);
  });
  const I = norm(R);
  // E10
  const beta = prop(p.bondsPenalty);
  const Wb: Row[] = W.map((r, i) => {
    if (beta === 0n) return new Map(r);
    if (beta === ONE) return new Map(Wc[i]!);
    const o: Row = new Map();
    for (const [j, w] of r) {
      const x = w + mul(beta, (Wc[i]!.get(j) ?? 0n) - w);
      if (x > 0n) o.set(j, x);
    }
    return o;
  });
  // E11
  const alpha = ONE - (((BigInt(p.bondsMovingAverage) << 64n) / 1000000n) >> 32n);
  const storedB = rowsOf(inp.bonds, n).map((r) => r.filter(([j]) => j < n && !(lastTempo <= reg[j]!)));
  let ema: Row[];
  let D: bigint[];
  const union = (x: Row[], b: Row[]): Row[] =>
    x.map((r, i) => {
      const cols = [...new Set([...r.keys(), ...b[i]!.keys()])].sort((a, c) => a - c);
      const o: Row = new Map();
      for (const j of cols) {
        const v = mul(alpha, r.get(j) ?? 0n) + mul(ONE - alpha, b[i]!.get(j) ?? 0n);
        if (v > 0n) o.set(j, v);
      }
      return o;
    });
  if (p.yuma3Enabled) {
    const B: Row[] = storedB.map((r) => new Map(r.map(([j, u]) => [j, prop(u)])));
    const liquid = p.liquidAlphaEnabled && C.some((c) => c !== 0n);
    if (liquid) {
      const low = prop(p.alphaLow);
      const high = prop(p.alphaHigh);
      ema = Wb.map((r, i) => {
        const o: Row = new Map();
        for (const [j, w] of r) {
          const b = B[i]!.get(j) ?? 0n;
          const a = sigmoidAlpha(C[j]!, w, b, low, high, p.alphaSigmoidSteepness);
          const aw = mul(a, w);
          let v = mul(ONE - a, b) + (aw > 0n ? aw : 0n);
          if (v > ONE) v = ONE;
          if (v > 0n) o.set(j, v);
        }
        return o;
      });
    } else ema = union(Wb, B);
    const Bn = colNormalize(ema, n);
    const tb = Bn.map((r) => [...r].reduce((a, [j, v]) => a + mul(v, I[j]!), 0n));
    D = norm(tb.map((t, i) => mul(t, A[i]!)));
  } else {
    const B = colNormalize(
      storedB.map((r) => new Map(r.map(([j, u]) => [j, BigInt(u) << 32n]))),
      n,
    );
    const dB = colNormalize(
      Wb.map((r, i) => new Map([...r].map(([j, w]) => [j, mul(w, A[i]!)]))),
      n,
    );
    ema = colNormalize(union(dB, B), n);
    D = norm(ema.map((r) => [...r].reduce((a, [j, v]) => a + mul(I[j]!, v), 0n)));
  }
  const colMax = new Array<bigint>(n).fill(0n);
  for (const r of ema) for (const [j, v] of r) if (v > colMax[j]!) colMax[j] = v;
  const bonds = ema.map((r, i) =>
    newPermit[i]
      ? [...r]
          .map(([j, v]) => [j, u16(p.yuma3Enabled ? v : div(v, colMax[j]!))] as [number, number])
          .filter(([, u]) => u !== 0)
      : [],
  );
  // E12
  const comb = I.map((x, i) => x + D[i]!);
  const sc = sum(comb);
  let se: bigint[];
  let ve: bigint[];
  let ce: bigint[];
  if (sc !== 0n) {
    se = I.map((x) => div(x, sc));
    ve = D.map((x) => div(x, sc));
    ce = norm(comb);
  } else {
    se = I;
    ve = sum(A) === 0n ? S : A;
    ce = ve;
  }
  const rao = (v: bigint[]) => v.map((x) => (x * inp.emission) >> 32n);
  return {
    active,
    validatorPermit: newPermit,
    consensus: C.map(u16),
    incentive: I.map(u16),
    dividends: D.map(u16),
    validatorTrust: T.map(u16),
    stakeWeight: S.map(u16),
    emission: rao(ce),
    serverEmission: rao(se),
    validatorEmission: rao(ve),
    bonds,
  };
}

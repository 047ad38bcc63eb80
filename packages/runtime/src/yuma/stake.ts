/** Stake, activity and validator permits of the epoch (spec/yuma.md E1, E3, E4). */
import type { YumaScratch } from './scratch.js';

const U64_MAX = (1n << 64n) - 1n;

/** Effective activity cutoff in blocks: `max(1, floor(factorMilli · tempo / 1000))` (13889 × 360 → 5000). */
export function yumaActivityCutoff(activityCutoffFactorMilli: number, tempo: number): number {
  return Math.max(1, Math.floor((activityCutoffFactorMilli * tempo) / 1000));
}

/** `tao_weight = TaoWeight / u64::MAX` in U96F32 (floor): raw bits with 32 fractional bits. */
export function yumaTaoWeightBits(taoWeight: bigint): bigint {
  return (taoWeight << 32n) / U64_MAX;
}

/**
 * Inherited stake of one hotkey on a subnet (E3 steps 1–2), everything in U96F32, floored to u64 at the end:
 * `own − Σ_children floor(own · p_c) + Σ_parents floor(parentOwn · p_p)`, where each proportion is
 * `p = proportion_u64 / u64::MAX` and a parent contributes its own (not inherited) stake.
 */
export function yumaInheritedStake(
  own: bigint,
  childProportions: ReadonlyArray<bigint>,
  parents: ReadonlyArray<{ readonly parentOwn: bigint; readonly proportion: bigint }>,
): bigint {
  const F = 32n;
  const prop = (p: bigint): bigint => (p << F) / U64_MAX; // U96F32 bits of p / u64::MAX
  const ownBits = own << F;
  let acc = ownBits;
  for (const p of childProportions) acc -= (ownBits * prop(p)) >> F;
  for (const { parentOwn, proportion } of parents) acc += ((parentOwn << F) * prop(proportion)) >> F;
  if (acc < 0n) acc = 0n; // U96F32 saturating subtraction
  const v = acc >> F;
  return v > U64_MAX ? U64_MAX : v;
}

/**
 * Total epoch stake with the threshold applied, in units of 2^-32 (I64F64 bits >> 32, exact):
 * `total_i = alpha_i + tao_i · tao_weight`; a non-owner uid with `floor(total_i) < threshold` gets 0.
 */
export function yumaTotalStake(
  n: number,
  alpha: ReadonlyArray<bigint>,
  tao: ReadonlyArray<bigint> | undefined,
  taoWeight: bigint,
  stakeThreshold: bigint,
  ownerUid: number | null,
): bigint[] {
  const tw = yumaTaoWeightBits(taoWeight);
  const out: bigint[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let t = (alpha[i] ?? 0n) << 32n;
    const ts = tao?.[i];
    if (ts !== undefined && tw !== 0n) t += ts * tw;
    if (i !== ownerUid && t >> 32n < stakeThreshold) t = 0n;
    out[i] = t;
  }
  return out;
}

/**
 * S: `floor(2^32 · total_i / Σ total)` as raw I32F32 bits (all zeros if the sum is 0).
 *
 * Fast and still exact: the quotient x = total_i · 2^32 / Σ is at most 2^32, and its float64 estimate
 * f = (Number(total_i) / Number(Σ)) · 2^32 carries three roundings of relative size ≤ 2^-53 each, so
 * |f − x| < 2^32 · 3.01 · 2^-53 < 2^-19. When f's fractional part is at least 2^-16 away from an integer, floor(x) =
 * floor(f); otherwise (rare, and always when x is an integer) the exact bigint quotient is taken.
 */
export function yumaNormalizeStake(total: ReadonlyArray<bigint>, ws?: YumaScratch): Float64Array {
  const n = total.length;
  const s = ws ? ws.f64z('stake.S', n) : new Float64Array(n);
  let sum = 0n;
  for (let i = 0; i < n; i++) sum += total[i]!;
  if (sum === 0n) return s;
  const sumF = Number(sum);
  for (let i = 0; i < n; i++) {
    const t = total[i]!;
    if (t === 0n) continue;
    const f = (Number(t) / sumF) * TWO32;
    const q = Math.floor(f);
    const frac = f - q;
    s[i] = frac > MARGIN && frac < 1 - MARGIN ? q : Number((t << 32n) / sum);
  }
  return s;
}

const TWO32 = 4294967296;
/** 2^-16: far above the estimate's error (< 2^-19), far below one unit. */
const MARGIN = 1 / 65536;

/**
 * New validator permits (E4): start from `S_i ≠ 0`; if n ≥ K, stable-sort uids by S ascending (ties: lower uid
 * first) and clear the first n − K, so on ties the higher uid wins; then force the owner's permit.
 */
export function yumaTopKPermits(stake: Float64Array, k: number, ownerUid: number | null): boolean[] {
  const n = stake.length;
  const permit: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) permit[i] = stake[i] !== 0;
  let nonzero = 0;
  for (let i = 0; i < n; i++) if (permit[i]) nonzero++;
  // When at most K uids have stake, the n − K smallest are all zero-stake uids: nothing changes.
  if (n >= k && nonzero > k) {
    const order: number[] = new Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => stake[a]! - stake[b]! || a - b);
    for (let r = 0; r < n - k; r++) permit[order[r]!] = false;
  }
  if (ownerUid !== null && ownerUid >= 0 && ownerUid < n) permit[ownerUid] = true;
  return permit;
}

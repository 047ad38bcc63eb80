/**
 * Consensus: the stake-weighted median of each column with threshold κ (spec/yuma.md E7), in the closed form
 * "the smallest score v such that the stake of participants scoring ≤ v is strictly greater than σ − κ".
 * All stakes and scores are raw I32F32 bits in float64; sums are exact (< 2^53), so comparisons are exact.
 */
import { divFx } from './fastMath.js';
import type { FxCsr } from './sparse.js';

/**
 * Weighted select on the segment [lo, hi) of (score, stake), partitioning in place: the smallest score v such that
 * `base + Σ stake(score ≤ v) > minority`, or NaN if there is none. `base` is the stake already known to be below.
 */
function weightedSelect(
  score: Float64Array,
  stake: Float64Array,
  lo: number,
  hi: number,
  base: number,
  minority: number,
): number {
  while (lo < hi) {
    const p = score[lo + ((hi - lo) >> 1)]!;
    // Three-way partition: [lo, lt) < p, [lt, gt) == p, [gt, hi) > p
    let lt = lo;
    let gt = hi;
    let i = lo;
    let ls = 0;
    let es = 0;
    while (i < gt) {
      const v = score[i]!;
      if (v < p) {
        ls += stake[i]!;
        if (i !== lt) {
          score[i] = score[lt]!;
          const t = stake[i]!;
          stake[i] = stake[lt]!;
          score[lt] = v;
          stake[lt] = t;
        }
        lt++;
        i++;
      } else if (v > p) {
        gt--;
        score[i] = score[gt]!;
        const t = stake[i]!;
        stake[i] = stake[gt]!;
        score[gt] = v;
        stake[gt] = t;
      } else {
        es += stake[i]!;
        i++;
      }
    }
    if (base + ls > minority) {
      hi = lt;
    } else if (base + ls + es > minority) {
      return p;
    } else {
      base += ls + es;
      lo = gt;
    }
  }
  return Number.NaN;
}

/** The closed-form weighted median of one list (the chain's `weighted_median`), for non-negative stakes. */
export function yumaWeightedMedian(stake: ArrayLike<number>, score: ArrayLike<number>, minority: number): number {
  const n = stake.length;
  if (n === 0) return 0;
  const sc = Float64Array.from(score);
  const st = Float64Array.from(stake);
  let max = sc[0]!;
  for (let i = 1; i < n; i++) if (sc[i]! > max) max = sc[i]!;
  const v = weightedSelect(sc, st, 0, n, 0, minority);
  return Number.isNaN(v) ? max : v;
}

export interface ConsensusResult {
  readonly consensus: Float64Array;
  /** σ: sum of the participants' renormalized stake. */
  readonly stakeSum: number;
  readonly minority: number;
}

/**
 * `weighted_median_col_sparse(A, W, n, κ)`: participants are the rows with positive stake, their stake is
 * renormalized (`s = normalize(A restricted to participants)`), `minority = σ − κ`, and each column's score of a
 * participant is its W entry or 0.
 */
export function yumaConsensus(activeStake: Float64Array, w: FxCsr, nCols: number, kappa: number): ConsensusResult {
  const rows = w.rows;
  const consensus = new Float64Array(nCols);
  let aSum = 0;
  let m = 0;
  for (let i = 0; i < rows; i++) {
    const a = activeStake[i]!;
    if (a > 0) {
      aSum += a;
      m++;
    }
  }
  if (m === 0) return { consensus, stakeSum: 0, minority: -kappa };
  const s = new Float64Array(rows);
  let sigma = 0;
  for (let i = 0; i < rows; i++) {
    const a = activeStake[i]!;
    if (a > 0) {
      s[i] = divFx(a, aSum);
      sigma += s[i]!;
    }
  }
  const minority = sigma - kappa;

  // Column lists (CSC) of the participants' positive scores.
  const count = new Int32Array(nCols + 1);
  const { rowPtr, cols, vals } = w;
  for (let i = 0; i < rows; i++) {
    if (!(activeStake[i]! > 0)) continue;
    for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) if (vals[k]! > 0) count[cols[k]! + 1]!++;
  }
  for (let j = 0; j < nCols; j++) count[j + 1]! += count[j]!;
  const total = count[nCols]!;
  const cScore = new Float64Array(total);
  const cStake = new Float64Array(total);
  const fill = count.slice(0, nCols);
  const listedStake = new Float64Array(nCols);
  for (let i = 0; i < rows; i++) {
    if (!(activeStake[i]! > 0)) continue;
    const si = s[i]!;
    for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) {
      const v = vals[k]!;
      if (v > 0) {
        const j = cols[k]!;
        const p = fill[j]!++;
        cScore[p] = v;
        cStake[p] = si;
        listedStake[j]! += si;
      }
    }
  }

  for (let j = 0; j < nCols; j++) {
    const lo = count[j]!;
    const hi = count[j + 1]!;
    const listed = hi - lo;
    const zeros = m - listed;
    // Stake of participants scoring 0 (no entry, or an explicit zero); exact since all sums are exact.
    const z = sigma - listedStake[j]!;
    if (zeros > 0 && z > minority) continue; // consensus 0
    const v = weightedSelect(cScore, cStake, lo, hi, zeros > 0 ? z : 0, minority);
    if (!Number.isNaN(v)) {
      consensus[j] = v;
    } else {
      // No value qualifies (only when κ ≤ 0): the largest score.
      let max = 0;
      for (let k = lo; k < hi; k++) if (cScore[k]! > max) max = cScore[k]!;
      consensus[j] = max;
    }
  }
  return { consensus, stakeSum: sigma, minority };
}

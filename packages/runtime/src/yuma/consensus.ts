/**
 * Consensus: the stake-weighted median of each column with threshold κ (spec/yuma.md E7), in the closed form
 * "the smallest score v such that the stake of participants scoring ≤ v is strictly greater than σ − κ".
 * All stakes and scores are raw I32F32 bits in float64; sums are exact (< 2^53), so comparisons are exact.
 */
import { divFx } from './fastMath.js';
import type { YumaScratch } from './scratch.js';
import type { FxCsr } from './sparse.js';

/** Buckets used by `weightedSelect` per round. */
const NB = 32;
const bucketStake = new Float64Array(NB);
const bucketCount = new Int32Array(NB);

/**
 * Weighted select on the segment [lo, hi) of (score, stake), reordering it in place: the smallest score v such that
 * `base + Σ stake(score ≤ v) > minority`, or NaN if there is none. `base` is the stake already known to be below.
 * Each round spreads the segment over NB buckets by a monotone map of the score (so every score of a lower bucket
 * is smaller than every score of a higher one), finds the bucket where the cumulative stake crosses `minority`,
 * and keeps only that bucket; small segments are insertion-sorted and scanned. Comparisons and sums are exact.
 */
function weightedSelect(
  score: Float64Array,
  stake: Float64Array,
  lo: number,
  hi: number,
  base: number,
  minority: number,
): number {
  while (hi - lo > 16) {
    let min = score[lo]!;
    let max = min;
    let total = 0;
    for (let k = lo; k < hi; k++) {
      const v = score[k]!;
      if (v < min) min = v;
      if (v > max) max = v;
      total += stake[k]!;
    }
    if (base + total <= minority) return Number.NaN;
    if (min === max) return min;
    const scale = (NB - 0.5) / (max - min);
    bucketStake.fill(0);
    bucketCount.fill(0);
    for (let k = lo; k < hi; k++) {
      const b = Math.floor((score[k]! - min) * scale);
      bucketStake[b]! += stake[k]!;
      bucketCount[b]!++;
    }
    let b = 0;
    for (; b < NB - 1; b++) {
      const t = base + bucketStake[b]!;
      if (t > minority) break;
      base = t;
    }
    // Move bucket b's entries to the front of the segment.
    let o = lo;
    for (let k = lo; k < hi; k++) {
      const v = score[k]!;
      if (Math.floor((v - min) * scale) === b) {
        const t = stake[k]!;
        score[k] = score[o]!;
        stake[k] = stake[o]!;
        score[o] = v;
        stake[o] = t;
        o++;
      }
    }
    hi = lo + bucketCount[b]!;
  }
  // Small segment: insertion sort by score, then accumulate stake in score order.
  for (let i = lo + 1; i < hi; i++) {
    const v = score[i]!;
    const t = stake[i]!;
    let k = i - 1;
    while (k >= lo && score[k]! > v) {
      score[k + 1] = score[k]!;
      stake[k + 1] = stake[k]!;
      k--;
    }
    score[k + 1] = v;
    stake[k + 1] = t;
  }
  let acc = base;
  let i = lo;
  while (i < hi) {
    const v = score[i]!;
    while (i < hi && score[i] === v) acc += stake[i++]!;
    if (acc > minority) return v;
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

/** Zeroed scratch for the per-column counts (`counts[j + 1]`) that `yumaMaskedWeights` can fill. */
export function yumaConsensusCountBuffer(nCols: number, ws: YumaScratch): Int32Array {
  const c = ws.i32('c.start', nCols + 1);
  c.fill(0, 0, nCols + 1);
  return c;
}

/** Count, per column, the positive entries of rows with positive active stake (into `counts[j + 1]`). */
export function yumaConsensusCounts(activeStake: Float64Array, w: FxCsr, nCols: number, ws: YumaScratch): Int32Array {
  const c = yumaConsensusCountBuffer(nCols, ws);
  for (let i = 0; i < w.rows; i++) {
    if (!(activeStake[i]! > 0)) continue;
    for (let k = w.rowPtr[i]!; k < w.rowPtr[i + 1]!; k++) if (w.vals[k]! > 0) c[w.cols[k]! + 1]!++;
  }
  return c;
}

/**
 * `weighted_median_col_sparse(A, W, n, κ)`: participants are the rows with positive stake, their stake is
 * renormalized (`s = normalize(A restricted to participants)`), `minority = σ − κ`, and each column's score of a
 * participant is its W entry or 0. Column lists are built in scratch (CSC of the participants' positive scores).
 */
export function yumaConsensus(
  activeStake: Float64Array,
  w: FxCsr,
  nCols: number,
  kappa: number,
  ws: YumaScratch,
  counts: Int32Array = yumaConsensusCounts(activeStake, w, nCols, ws),
): ConsensusResult {
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
  const s = ws.f64('c.s', rows);
  let sigma = 0;
  for (let i = 0; i < rows; i++) {
    const a = activeStake[i]!;
    const v = a > 0 ? divFx(a, aSum) : 0;
    s[i] = v;
    sigma += v;
  }
  const minority = sigma - kappa;

  const { rowPtr, cols, vals } = w;
  // start[j + 1] holds column j's count of positive participant entries (see yumaConsensusCounts).
  const start = counts;
  const listed = ws.f64('c.listed', nCols);
  listed.fill(0, 0, nCols);
  for (let j = 0; j < nCols; j++) start[j + 1]! += start[j]!;
  const total = start[nCols]!;
  const cScore = ws.f64('c.score', total);
  const cStake = ws.f64('c.stake', total);
  const fill = ws.i32('c.fill', nCols);
  fill.set(start.subarray(0, nCols));
  for (let i = 0; i < rows; i++) {
    if (!(activeStake[i]! > 0)) continue;
    const si = s[i]!;
    const ke = rowPtr[i + 1]!;
    for (let k = rowPtr[i]!; k < ke; k++) {
      const v = vals[k]!;
      if (v > 0) {
        const j = cols[k]!;
        const p = fill[j]!++;
        cScore[p] = v;
        cStake[p] = si;
        listed[j]! += si;
      }
    }
  }

  for (let j = 0; j < nCols; j++) {
    const lo = start[j]!;
    const hi = start[j + 1]!;
    const zeros = m - (hi - lo);
    // Stake of participants scoring 0 (no entry, or an explicit zero); exact since all sums are exact.
    const z = sigma - listed[j]!;
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

/**
 * Consensus: the stake-weighted median of each column with threshold κ (spec/yuma.md E7), in the closed form
 * "the smallest score v such that the stake of participants scoring ≤ v is strictly greater than σ − κ".
 * All stakes and scores are raw I32F32 bits in float64; sums are exact (< 2^53), so comparisons are exact.
 */
import { divFx } from './fastMath.js';
import type { YumaScratch } from './scratch.js';
import type { FxCsr } from './sparse.js';

/** Entries per column block of the consensus pass (two Float64Arrays of this size stay in cache). */
const BLOCK = 16384;

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
      const b = ((score[k]! - min) * scale) | 0;
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
      if ((((v - min) * scale) | 0) === b) {
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

/** Per-column statistics of the participants' positive scores, gathered while W is built (see weights.ts). */
export interface ColumnStats {
  /** `count[j + 1]`: number of positive entries of participant rows in column j (length ≥ nCols + 1). */
  readonly count: Int32Array;
  /** Largest such entry of column j (0 if none). */
  readonly max: Float64Array;
}

/** Zeroed scratch column statistics for `nCols` columns. */
export function yumaColumnStatsBuffer(nCols: number, ws: YumaScratch): ColumnStats {
  const count = ws.i32('c.start', nCols + 1);
  count.fill(0, 0, nCols + 1);
  const max = ws.f64('c.max', nCols);
  max.fill(0, 0, nCols);
  return { count, max };
}

/** Column statistics of the rows with positive active stake, computed from W. */
export function yumaColumnStats(activeStake: Float64Array, w: FxCsr, nCols: number, ws: YumaScratch): ColumnStats {
  const st = yumaColumnStatsBuffer(nCols, ws);
  const { count, max } = st;
  for (let i = 0; i < w.rows; i++) {
    if (!(activeStake[i]! > 0)) continue;
    for (let k = w.rowPtr[i]!; k < w.rowPtr[i + 1]!; k++) {
      const v = w.vals[k]!;
      if (v > 0) {
        const j = w.cols[k]!;
        count[j + 1]!++;
        if (v > max[j]!) max[j] = v;
      }
    }
  }
  return st;
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
 *
 * Columns are processed in blocks of about `blockEntries` listed entries, so that each block's column lists (the
 * participants' positive scores with their stake) stay in cache. While a block's lists are filled, each entry's stake
 * is also added to one of NB buckets of its column, by the monotone map `floor(v · (NB − ½) / max_j)`; the bucket
 * where the cumulative stake crosses `minority` then holds the answer, and only its few entries are sorted.
 */
export function yumaConsensus(
  activeStake: Float64Array,
  w: FxCsr,
  nCols: number,
  kappa: number,
  ws: YumaScratch,
  stats: ColumnStats = yumaColumnStats(activeStake, w, nCols, ws),
  blockEntries: number = BLOCK,
): ConsensusResult {
  const rows = w.rows;
  const consensus = ws.f64z('c.out', nCols);
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
  const start = stats.count;
  const colMax = stats.max;
  for (let j = 0; j < nCols; j++) start[j + 1]! += start[j]!;
  const listed = ws.f64('c.listed', nCols);
  listed.fill(0, 0, nCols);
  const scale = ws.f64('c.scale', nCols);
  for (let j = 0; j < nCols; j++) scale[j] = colMax[j]! > 0 ? (NB - 0.5) / colMax[j]! : 0;
  const parts = ws.i32('c.parts', m);
  const cursor = ws.i32('c.cursor', m);
  let np = 0;
  for (let i = 0; i < rows; i++) {
    if (activeStake[i]! > 0) {
      parts[np] = i;
      cursor[np++] = rowPtr[i]!;
    }
  }
  let maxBlock = blockEntries;
  for (let j = 0; j < nCols; j++) maxBlock = Math.max(maxBlock, start[j + 1]! - start[j]!);
  const cScore = ws.f64('c.score', maxBlock);
  const cStake = ws.f64('c.stake', maxBlock);
  const fill = ws.i32('c.fill', nCols);
  let j0 = 0;
  while (j0 < nCols) {
    const base = start[j0]!;
    let j1 = j0 + 1;
    while (j1 < nCols && start[j1 + 1]! - base <= maxBlock) j1++;
    for (let j = j0; j < j1; j++) fill[j] = start[j]! - base;
    const hist = ws.f64('c.hist', (j1 - j0) * NB);
    hist.fill(0, 0, (j1 - j0) * NB);
    for (let p = 0; p < np; p++) {
      const i = parts[p]!;
      const si = s[i]!;
      const ke = rowPtr[i + 1]!;
      let k = cursor[p]!;
      for (; k < ke; k++) {
        const j = cols[k]!;
        if (j >= j1) break;
        const v = vals[k]!;
        if (v > 0) {
          const q = fill[j]!++;
          cScore[q] = v;
          cStake[q] = si;
          hist[(j - j0) * NB + ((v * scale[j]!) | 0)]! += si;
        }
      }
      cursor[p] = k;
    }
    for (let j = j0; j < j1; j++) {
      const lo = start[j]! - base;
      const hi = start[j + 1]! - base;
      const h0 = (j - j0) * NB;
      let lj = 0;
      for (let b = 0; b < NB; b++) lj += hist[h0 + b]!;
      listed[j] = lj;
      const zeros = m - (hi - lo);
      // Stake of participants scoring 0 (no entry, or an explicit zero); exact since all sums are exact.
      const z = sigma - listed[j]!;
      if (zeros > 0 && z > minority) continue; // consensus 0
      let acc = zeros > 0 ? z : 0;
      if (acc + listed[j]! <= minority) {
        // No value qualifies (only when κ ≤ 0): the largest score.
        consensus[j] = colMax[j]!;
        continue;
      }
      if (acc > minority) {
        // minority < 0 (κ > σ) and no zero scores: the smallest score qualifies.
        let min = cScore[lo]!;
        for (let k = lo + 1; k < hi; k++) if (cScore[k]! < min) min = cScore[k]!;
        consensus[j] = min;
        continue;
      }
      // The bucket where the cumulative stake crosses minority (it exists: the total crosses, and since
      // acc ≤ minority that bucket holds positive stake, so it is not empty).
      const h = (j - j0) * NB;
      let b = 0;
      for (; b < NB - 1; b++) {
        const t = acc + hist[h + b]!;
        if (t > minority) break;
        acc = t;
      }
      // Gather that bucket's entries to the front of the column list and select among them.
      const sc = scale[j]!;
      let o = lo;
      for (let k = lo; k < hi; k++) {
        const v = cScore[k]!;
        if (((v * sc) | 0) === b) {
          const t = cStake[k]!;
          cScore[k] = cScore[o]!;
          cStake[k] = cStake[o]!;
          cScore[o] = v;
          cStake[o++] = t;
        }
      }
      consensus[j] = weightedSelect(cScore, cStake, lo, o, acc, minority);
    }
    j0 = j1;
  }
  return { consensus, stakeSum: sigma, minority };
}

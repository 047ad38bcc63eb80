/**
 * Bonds (spec/yuma.md E10, E11): the bond-penalty weights W_b, Yuma3 and classic EMA bonds, and dividends.
 * Magnitudes (raw I32F32 bits): W, W̄, W_b, A, I, B (Yuma3 u16_prop or classic column-normalized), ΔB, B' and B̂
 * are all in [0, 2^32] (B' ≤ 2^33 at most before normalization), so every `mulFx` call has operands ≤ 2^33 and every
 * `divFx` call operands below 2^53, which keeps the float64 arithmetic exact.
 */
import { divFx, mulFx, normalizeInPlace, ONE, propToU16, u16PropTable65536 } from './fastMath.js';
import { type LiquidAlphaParams, liquidAlphaOf } from './liquidAlpha.js';
import { CsrBuilder, type FxCsr, sortRowSegment } from './sparse.js';
import type { SparseU16Matrix } from './types.js';

/**
 * W_b from W and the clipped values (`clip[k]` is W̄ of entry k of W, or −1 when clipping dropped the entry).
 * β = 0: W (explicit zeros kept); β = 1: W̄; otherwise `x = w + floor(β·(w̄ − w))`, kept when x > 0.
 */
export function yumaBondWeights(w: FxCsr, clip: Float64Array, beta: number): FxCsr {
  if (beta === 0) return w;
  const nnz = w.rowPtr[w.rows]!;
  const b = new CsrBuilder(w.rows, nnz);
  for (let i = 0; i < w.rows; i++) {
    for (let k = w.rowPtr[i]!; k < w.rowPtr[i + 1]!; k++) {
      const c = clip[k]!;
      if (beta === ONE) {
        if (c >= 0) b.push(w.cols[k]!, c);
      } else {
        const wv = w.vals[k]!;
        const x = wv + mulFx(beta, (c >= 0 ? c : 0) - wv);
        if (x > 0) b.push(w.cols[k]!, x);
      }
    }
    b.endRow();
  }
  return b.finish();
}

/**
 * Stored bonds as read by the epoch: rows < n, targets < n, masked columns (`colMask[j]`) dropped, rows sorted.
 * Yuma3 reads `u16_prop(u)`; classic reads u as an integer and column-normalizes (`floor(u · 2^32 / Σ_col u)`).
 */
export function yumaLoadBonds(stored: SparseU16Matrix, n: number, colMask: Uint8Array, yuma3: boolean): FxCsr {
  const rows = Math.min(stored.rows, n);
  const b = new CsrBuilder(n, stored.rowPtr[rows] ?? 0);
  const table = u16PropTable65536();
  const colSum = yuma3 ? undefined : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (i < rows) {
      const start = b.nnz;
      for (let k = stored.rowPtr[i]!; k < stored.rowPtr[i + 1]!; k++) {
        const j = stored.cols[k]!;
        if (j >= n || colMask[j] === 1) continue;
        const u = stored.vals[k]!;
        if (colSum) {
          colSum[j]! += u;
          b.push(j, u);
        } else {
          b.push(j, table[u]!);
        }
      }
      sortRowSegment(b.cols, b.vals, start, b.nnz);
    }
    b.endRow();
  }
  const m = b.finish();
  if (colSum) {
    const nnz = m.rowPtr[n]!;
    for (let k = 0; k < nnz; k++) m.vals[k] = divFx(m.vals[k]!, colSum[m.cols[k]!]!);
  }
  return m;
}

/** Column-normalize in place: each entry divided by its column sum (zero columns unchanged). */
export function colNormalizeInPlace(m: FxCsr, nCols: number): void {
  const nnz = m.rowPtr[m.rows]!;
  const sum = new Float64Array(nCols);
  for (let k = 0; k < nnz; k++) sum[m.cols[k]!]! += m.vals[k]!;
  for (let k = 0; k < nnz; k++) {
    const s = sum[m.cols[k]!]!;
    if (s > 0) m.vals[k] = divFx(m.vals[k]!, s);
  }
}

/** Copy of a CSR (values copied, structure shared). */
function cloneVals(m: FxCsr): FxCsr {
  return { rows: m.rows, rowPtr: m.rowPtr, cols: m.cols, vals: m.vals.slice(0, m.rowPtr[m.rows]!) };
}

/** Fixed-α EMA over the union of entries: `floor(α·x) + floor((1−α)·B)`, kept when > 0. */
export function emaUnion(x: FxCsr, bonds: FxCsr, alpha: number): FxCsr {
  const oneMinus = ONE - alpha;
  const rows = x.rows;
  const out = new CsrBuilder(rows, x.rowPtr[rows]! + bonds.rowPtr[rows]!);
  for (let i = 0; i < rows; i++) {
    let p = x.rowPtr[i]!;
    const pe = x.rowPtr[i + 1]!;
    let q = bonds.rowPtr[i]!;
    const qe = bonds.rowPtr[i + 1]!;
    while (p < pe || q < qe) {
      const jp = p < pe ? x.cols[p]! : 0x7fffffff;
      const jq = q < qe ? bonds.cols[q]! : 0x7fffffff;
      let j: number;
      let v = 0;
      if (jp <= jq) {
        j = jp;
        v += mulFx(alpha, x.vals[p]!);
        p++;
        if (jq === jp) {
          v += mulFx(oneMinus, bonds.vals[q]!);
          q++;
        }
      } else {
        j = jq;
        v += mulFx(oneMinus, bonds.vals[q]!);
        q++;
      }
      if (v > 0) out.push(j, v);
    }
    out.endRow();
  }
  return out.finish();
}

/**
 * Liquid-alpha EMA (Yuma3): only entries present in row i of W_b (explicit zeros included); bonds on other columns
 * are dropped. `B' = min(1, floor((1−α)·b) + max(0, floor(α·w)))`, kept when > 0.
 */
export function emaLiquid(wb: FxCsr, bonds: FxCsr, consensus: Float64Array, p: LiquidAlphaParams): FxCsr {
  const rows = wb.rows;
  const out = new CsrBuilder(rows, wb.rowPtr[rows]!);
  const cache = new Map<number, number>();
  for (let i = 0; i < rows; i++) {
    let q = bonds.rowPtr[i]!;
    const qe = bonds.rowPtr[i + 1]!;
    for (let k = wb.rowPtr[i]!; k < wb.rowPtr[i + 1]!; k++) {
      const j = wb.cols[k]!;
      while (q < qe && bonds.cols[q]! < j) q++;
      const b = q < qe && bonds.cols[q] === j ? bonds.vals[q]! : 0;
      const w = wb.vals[k]!;
      let d = w >= b ? w - consensus[j]! : b - w;
      if (d < 0) d = 0;
      else if (d > ONE) d = ONE;
      let alpha = cache.get(d);
      if (alpha === undefined) {
        alpha = liquidAlphaOf(d, p);
        if (cache.size < 65536) cache.set(d, alpha);
      }
      const aw = mulFx(alpha, w);
      let v = mulFx(ONE - alpha, b) + (aw > 0 ? aw : 0);
      if (v > ONE) v = ONE;
      if (v > 0) out.push(j, v);
    }
    out.endRow();
  }
  return out.finish();
}

export interface DividendsResult {
  readonly ema: FxCsr;
  readonly normalized: FxCsr;
  readonly delta?: FxCsr;
  readonly bondTotals?: Float64Array;
  readonly dividends: Float64Array;
}

/** Yuma3 (E11-Y3 steps 2–5): EMA, column-normalize, `tb_i = Σ floor(B̂·I)`, `D = normalize(floor(tb·A))`. */
export function yumaBondsYuma3(
  wb: FxCsr,
  bonds: FxCsr,
  consensus: Float64Array,
  incentive: Float64Array,
  activeStake: Float64Array,
  n: number,
  alpha: number,
  liquid: LiquidAlphaParams | null,
): DividendsResult {
  const ema = liquid ? emaLiquid(wb, bonds, consensus, liquid) : emaUnion(wb, bonds, alpha);
  const normalized = cloneVals(ema);
  colNormalizeInPlace(normalized, n);
  const bondTotals = new Float64Array(n);
  const dividends = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let tb = 0;
    for (let k = normalized.rowPtr[i]!; k < normalized.rowPtr[i + 1]!; k++) {
      tb += mulFx(normalized.vals[k]!, incentive[normalized.cols[k]!]!);
    }
    bondTotals[i] = tb;
    dividends[i] = mulFx(tb, activeStake[i]!);
  }
  normalizeInPlace(dividends);
  return { ema, normalized, bondTotals, dividends };
}

/**
 * Classic Yuma (E11-C): ΔB = floor(W_b·A_i) column-normalized; B' = fixed-α EMA; column-normalize B';
 * `D_i = Σ_j floor(I_j · B'_ij)`, normalized.
 */
export function yumaBondsClassic(
  wb: FxCsr,
  bonds: FxCsr,
  incentive: Float64Array,
  activeStake: Float64Array,
  n: number,
  alpha: number,
): DividendsResult {
  const nnz = wb.rowPtr[wb.rows]!;
  const dvals = new Float64Array(nnz);
  for (let i = 0; i < wb.rows; i++) {
    const a = activeStake[i]!;
    for (let k = wb.rowPtr[i]!; k < wb.rowPtr[i + 1]!; k++) dvals[k] = mulFx(wb.vals[k]!, a);
  }
  const delta: FxCsr = { rows: wb.rows, rowPtr: wb.rowPtr, cols: wb.cols, vals: dvals };
  colNormalizeInPlace(delta, n);
  const ema = emaUnion(delta, bonds, alpha);
  colNormalizeInPlace(ema, n);
  const dividends = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let k = ema.rowPtr[i]!; k < ema.rowPtr[i + 1]!; k++) d += mulFx(incentive[ema.cols[k]!]!, ema.vals[k]!);
    dividends[i] = d;
  }
  normalizeInPlace(dividends);
  return { ema, normalized: ema, delta, dividends };
}

/**
 * Bonds to store: rows of uids with a new permit get the converted row (Yuma3: prop_to_u16(B'); classic: column
 * max-upscale then prop_to_u16), zero values left out; other rows are empty.
 */
export function yumaStoredBonds(
  ema: FxCsr,
  n: number,
  newPermit: ReadonlyArray<boolean>,
  yuma3: boolean,
): SparseU16Matrix {
  const nnz = ema.rowPtr[n]!;
  let colMax: Float64Array | undefined;
  if (!yuma3) {
    colMax = new Float64Array(n);
    for (let k = 0; k < nnz; k++) {
      const j = ema.cols[k]!;
      if (ema.vals[k]! > colMax[j]!) colMax[j] = ema.vals[k]!;
    }
  }
  const rowPtr = new Uint32Array(n + 1);
  const cols = new Uint32Array(nnz);
  const vals = new Uint16Array(nnz);
  let o = 0;
  for (let i = 0; i < n; i++) {
    if (newPermit[i]) {
      for (let k = ema.rowPtr[i]!; k < ema.rowPtr[i + 1]!; k++) {
        const j = ema.cols[k]!;
        const x = colMax ? divFx(ema.vals[k]!, colMax[j]!) : ema.vals[k]!;
        const u = propToU16(x);
        if (u !== 0) {
          cols[o] = j;
          vals[o] = u;
          o++;
        }
      }
    }
    rowPtr[i + 1] = o;
  }
  return { rows: n, rowPtr, cols: cols.slice(0, o), vals: vals.slice(0, o) };
}

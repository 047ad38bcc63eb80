/**
 * Bonds (spec/yuma.md E11): loading stored bonds, Yuma3 and classic EMA bonds, dividends, stored rows.
 * Magnitudes (raw I32F32 bits): W_b, A, I, B (Yuma3 u16_prop or classic column-normalized), ΔB, B' and B̂ are all
 * in [0, 2^32], so every `mulFx` has operands ≤ 2^33; every division has a dividend ≤ its divisor (an entry over its
 * column sum or maximum), as `divFxInv` requires. Intermediates live in scratch; returned arrays are fresh.
 */
import { divFxInv, mulFx, normalizeInPlace, ONE, propToU16, u16Prop } from './fastMath.js';
import { type LiquidAlphaParams, liquidAlphaOf } from './liquidAlpha.js';
import type { YumaScratch } from './scratch.js';
import { type FxCsr, packU16Matrix, sortRowSegment } from './sparse.js';
import type { SparseU16Matrix } from './types.js';

const TWO16 = 65536;

/**
 * Stored bonds as the epoch reads them (into scratch): rows < n, targets < n, masked columns (`colMask[j]`)
 * dropped, rows sorted. Yuma3 reads `u16_prop(u)`; classic reads u as an integer and column-normalizes
 * (`floor(u · 2^32 / Σ_col u)`).
 */
export function yumaLoadBonds(
  stored: SparseU16Matrix,
  n: number,
  colMask: Uint8Array,
  yuma3: boolean,
  ws: YumaScratch,
): FxCsr {
  const rows = Math.min(stored.rows, n);
  const cap = stored.rowPtr[rows] ?? 0;
  const rowPtr = ws.i32('b.rowPtr', n + 1);
  const oc = ws.i32('b.cols', cap);
  const ov = ws.f64('b.vals', cap);
  const { rowPtr: sp, cols: sc, vals: sv } = stored;
  let o = 0;
  rowPtr[0] = 0;
  for (let i = 0; i < n; i++) {
    if (i < rows) {
      const start = o;
      let prev = -1;
      let sorted = true;
      const ke = sp[i + 1]!;
      for (let k = sp[i]!; k < ke; k++) {
        const j = sc[k]!;
        if (j >= n || colMask[j] === 1) continue;
        if (j < prev) sorted = false;
        prev = j;
        oc[o] = j;
        ov[o] = yuma3 ? u16Prop(sv[k]!) : sv[k]!;
        o++;
      }
      if (!sorted) sortRowSegment(oc, ov, start, o);
    }
    rowPtr[i + 1] = o;
  }
  const m: FxCsr = { rows: n, rowPtr, cols: oc, vals: ov };
  if (!yuma3) colNormalizeInPlace(m, n, ws);
  return m;
}

/** Column-normalize in place: each entry divided by its column sum (zero columns unchanged). */
export function colNormalizeInPlace(m: FxCsr, nCols: number, ws: YumaScratch): void {
  const nnz = m.rowPtr[m.rows]!;
  const sum = ws.f64('colsum', nCols);
  sum.fill(0, 0, nCols);
  const { cols, vals } = m;
  for (let k = 0; k < nnz; k++) sum[cols[k]!]! += vals[k]!;
  const inv = ws.f64('colinv', nCols);
  for (let j = 0; j < nCols; j++) inv[j] = 1 / sum[j]!;
  for (let k = 0; k < nnz; k++) {
    const j = cols[k]!;
    const s = sum[j]!;
    if (s > 0) vals[k] = divFxInv(vals[k]!, s, inv[j]!);
  }
}

/**
 * Fixed-α EMA over the union of entries, `floor(α·x) + floor((1−α)·B)` kept when > 0, into scratch `key`.
 * `x` shares W's structure with `xv` values, where a negative value marks an absent entry.
 */
export function emaUnion(x: FxCsr, xv: Float64Array, bonds: FxCsr, alpha: number, ws: YumaScratch, key: string): FxCsr {
  const rows = x.rows;
  const cap = x.rowPtr[rows]! + bonds.rowPtr[rows]!;
  const rowPtr = ws.i32(`${key}.rowPtr`, rows + 1);
  const oc = ws.i32(`${key}.cols`, cap);
  const ov = ws.f64(`${key}.vals`, cap);
  // floor(c·v / 2^32) with the constant c split once: c = ch·2^16 + cl
  const ah = Math.floor(alpha / TWO16);
  const al = alpha - ah * TWO16;
  const oneMinus = ONE - alpha;
  const bh = Math.floor(oneMinus / TWO16);
  const bl = oneMinus - bh * TWO16;
  const xc = x.cols;
  const bc = bonds.cols;
  const bv = bonds.vals;
  let o = 0;
  rowPtr[0] = 0;
  for (let i = 0; i < rows; i++) {
    let p = x.rowPtr[i]!;
    const pe = x.rowPtr[i + 1]!;
    let q = bonds.rowPtr[i]!;
    const qe = bonds.rowPtr[i + 1]!;
    for (;;) {
      while (p < pe && xv[p]! < 0) p++;
      const jp = p < pe ? xc[p]! : 0x7fffffff;
      const jq = q < qe ? bc[q]! : 0x7fffffff;
      if (jp === 0x7fffffff && jq === 0x7fffffff) break;
      let j: number;
      let v = 0;
      if (jp <= jq) {
        j = jp;
        const w = xv[p++]!;
        v = Math.floor((ah * w + Math.floor((al * w) / TWO16)) / TWO16);
        if (jq === jp) {
          const b = bv[q++]!;
          v += Math.floor((bh * b + Math.floor((bl * b) / TWO16)) / TWO16);
        }
      } else {
        j = jq;
        const b = bv[q++]!;
        v = Math.floor((bh * b + Math.floor((bl * b) / TWO16)) / TWO16);
      }
      if (v > 0) {
        oc[o] = j;
        ov[o++] = v;
      }
    }
    rowPtr[i + 1] = o;
  }
  return { rows, rowPtr, cols: oc, vals: ov };
}

/**
 * Liquid-alpha EMA (Yuma3): only entries present in row i of W_b (explicit zeros included); bonds on other columns
 * are dropped. `B' = min(1, floor((1−α)·b) + max(0, floor(α·w)))`, kept when > 0.
 */
export function emaLiquid(
  w: FxCsr,
  wb: Float64Array,
  bonds: FxCsr,
  consensus: Float64Array,
  p: LiquidAlphaParams,
  ws: YumaScratch,
): FxCsr {
  const rows = w.rows;
  const cap = w.rowPtr[rows]!;
  const rowPtr = ws.i32('ema.rowPtr', rows + 1);
  const oc = ws.i32('ema.cols', cap);
  const ov = ws.f64('ema.vals', cap);
  const cache = new Map<number, number>();
  let o = 0;
  rowPtr[0] = 0;
  for (let i = 0; i < rows; i++) {
    let q = bonds.rowPtr[i]!;
    const qe = bonds.rowPtr[i + 1]!;
    for (let k = w.rowPtr[i]!; k < w.rowPtr[i + 1]!; k++) {
      const wv = wb[k]!;
      if (wv < 0) continue;
      const j = w.cols[k]!;
      while (q < qe && bonds.cols[q]! < j) q++;
      const b = q < qe && bonds.cols[q] === j ? bonds.vals[q]! : 0;
      let d = wv >= b ? wv - consensus[j]! : b - wv;
      if (d < 0) d = 0;
      else if (d > ONE) d = ONE;
      let alpha = cache.get(d);
      if (alpha === undefined) {
        alpha = liquidAlphaOf(d, p);
        if (cache.size < 65536) cache.set(d, alpha);
      }
      const aw = mulFx(alpha, wv);
      let v = mulFx(ONE - alpha, b) + (aw > 0 ? aw : 0);
      if (v > ONE) v = ONE;
      if (v > 0) {
        oc[o] = j;
        ov[o++] = v;
      }
    }
    rowPtr[i + 1] = o;
  }
  return { rows, rowPtr, cols: oc, vals: ov };
}

/**
 * Yuma3 dividends (E11-Y3 steps 3–5): `tb_i = Σ_j floor(B̂_ij · I_j)` with `B̂ = column-normalize(B')`, then
 * `D = normalize(floor(tb · A))`. With `explain`, also returns B̂ (fresh) and tb.
 */
export function yumaDividendsYuma3(
  ema: FxCsr,
  incentive: Float64Array,
  activeStake: Float64Array,
  n: number,
  explain: boolean,
  ws: YumaScratch,
  colSum?: Float64Array,
): { dividends: Float64Array; bondTotals: Float64Array; normalized?: Float64Array } {
  const nnz = ema.rowPtr[n]!;
  const { cols, vals } = ema;
  let sum = colSum;
  if (!sum) {
    sum = ws.f64('colsum', n);
    sum.fill(0, 0, n);
    for (let k = 0; k < nnz; k++) sum[cols[k]!]! += vals[k]!;
  }
  const inv = ws.f64('colinv', n);
  const ratio = ws.f64('colratio', n);
  for (let j = 0; j < n; j++) {
    inv[j] = 1 / sum[j]!;
    ratio[j] = ONE / sum[j]!;
  }
  const normalized = explain ? new Float64Array(nnz) : undefined;
  const bondTotals = ws.f64z('tb', n);
  const dividends = ws.f64z('div', n);
  for (let i = 0; i < n; i++) {
    const a = activeStake[i]!;
    if (a === 0 && !explain) continue; // D_i = floor(tb_i · 0) = 0
    let tb = 0;
    const ke = ema.rowPtr[i + 1]!;
    for (let k = ema.rowPtr[i]!; k < ke; k++) {
      const j = cols[k]!;
      const ij = incentive[j]!;
      if (normalized) {
        const bn = divFxInv(vals[k]!, sum[j]!, inv[j]!);
        normalized[k] = bn;
        tb += mulFx(bn, ij);
        continue;
      }
      if (ij === 0) continue;
      // B̂ = floor(b·2^32/g) is q or q ± 1 (b·(2^32/g) is within 2^-20 of the quotient, which is ≤ 2^32).
      // floor(B̂·I/2^32) is the same for all three unless the low 32 bits of q·I lie within I of a boundary;
      // only then compute B̂ exactly. q·I = x·2^16 + (y mod 2^16) with partials below 2^50.
      const q = Math.floor(vals[k]! * ratio[j]!);
      const qh = Math.floor(q / TWO16);
      const ql = q - qh * TWO16;
      const y = ql * ij;
      const yh = Math.floor(y / TWO16);
      const x = qh * ij + yh;
      const hi = Math.floor(x / TWO16);
      const lo = (x - hi * TWO16) * TWO16 + (y - yh * TWO16);
      if (lo >= ij && lo < ONE - ij) tb += hi;
      else tb += mulFx(divFxInv(vals[k]!, sum[j]!, inv[j]!), ij);
    }
    bondTotals[i] = tb;
    dividends[i] = mulFx(tb, a);
  }
  normalizeInPlace(dividends);
  return normalized ? { dividends, bondTotals, normalized } : { dividends, bondTotals };
}

/**
 * Classic Yuma (E11-C): ΔB = floor(W_b·A_i) column-normalized; B' = fixed-α EMA with the column-normalized B;
 * column-normalize B'; `D_i = Σ_j floor(I_j · B'_ij)`, normalized. Returns B' (scratch) and ΔB values (scratch,
 * parallel to W, negative = absent).
 */
export function yumaBondsClassic(
  w: FxCsr,
  wb: Float64Array,
  bonds: FxCsr,
  incentive: Float64Array,
  activeStake: Float64Array,
  n: number,
  alpha: number,
  ws: YumaScratch,
): { ema: FxCsr; delta: Float64Array; dividends: Float64Array } {
  const nnz = w.rowPtr[n]!;
  const delta = ws.f64('delta', nnz);
  const sum = ws.f64('colsum', n);
  sum.fill(0, 0, n);
  for (let i = 0; i < n; i++) {
    const a = activeStake[i]!;
    for (let k = w.rowPtr[i]!; k < w.rowPtr[i + 1]!; k++) {
      const x = wb[k]!;
      if (x < 0) {
        delta[k] = -1;
      } else {
        const d = mulFx(x, a);
        delta[k] = d;
        sum[w.cols[k]!]! += d;
      }
    }
  }
  for (let k = 0; k < nnz; k++) {
    const d = delta[k]!;
    const s = sum[w.cols[k]!]!;
    if (d > 0 && s > 0) delta[k] = divFxInv(d, s, 1 / s);
  }
  const ema = emaUnion(w, delta, bonds, alpha, ws, 'ema');
  colNormalizeInPlace(ema, n, ws);
  const dividends = ws.f64z('div', n);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let k = ema.rowPtr[i]!; k < ema.rowPtr[i + 1]!; k++) d += mulFx(incentive[ema.cols[k]!]!, ema.vals[k]!);
    dividends[i] = d;
  }
  normalizeInPlace(dividends);
  return { ema, delta, dividends };
}

/**
 * Bonds to store: rows of uids with a new permit get the converted row (Yuma3: prop_to_u16(B'); classic: column
 * max-upscale then prop_to_u16), zero values left out; other rows are empty. Fresh arrays.
 */
export function yumaStoredBonds(
  ema: FxCsr,
  n: number,
  newPermit: ReadonlyArray<boolean>,
  yuma3: boolean,
  ws: YumaScratch,
): SparseU16Matrix {
  const nnz = ema.rowPtr[n]!;
  const { cols: ec, vals: ev } = ema;
  let colMax: Float64Array | undefined;
  if (!yuma3) {
    colMax = ws.f64('colmax', n);
    colMax.fill(0, 0, n);
    for (let k = 0; k < nnz; k++) {
      const j = ec[k]!;
      if (ev[k]! > colMax[j]!) colMax[j] = ev[k]!;
    }
  }
  const rowPtr = ws.i32('stored.rowPtr', n + 1);
  rowPtr[0] = 0;
  const tc = ws.i32('stored.cols', nnz);
  const tv = ws.i32('stored.vals', nnz);
  let o = 0;
  for (let i = 0; i < n; i++) {
    if (newPermit[i]) {
      const ke = ema.rowPtr[i + 1]!;
      for (let k = ema.rowPtr[i]!; k < ke; k++) {
        const j = ec[k]!;
        let x = ev[k]!;
        if (colMax) {
          const mx = colMax[j]!;
          x = mx > 0 ? divFxInv(x, mx, 1 / mx) : 0; // safe_div
        }
        const u = propToU16(x);
        if (u !== 0) {
          tc[o] = j;
          tv[o++] = u;
        }
      }
    }
    rowPtr[i + 1] = o;
  }
  return packU16Matrix(n, rowPtr, tc, tv);
}

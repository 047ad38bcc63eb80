/**
 * The Yuma3 fixed-α path fused into one pass over W (spec/yuma.md E8–E11-Y3 step 2 and the bond storage): for each
 * row, merging the row of W with the stored bond row, it computes the clipped weight W̄, validator trust, ranks, the
 * bond weights W_b, the EMA bond B' (with its column sums) and the u16 value stored for the row. Every arithmetic
 * step is the one of `yumaClipAndRank` and `emaUnion`; the fusion only saves passes over memory.
 */
import { ONE, propToU16, u16Prop } from './fastMath.js';
import type { YumaScratch } from './scratch.js';
import { type FxCsr, packU16Matrix, sortRowSegment } from './sparse.js';
import type { SparseU16Matrix } from './types.js';

const TWO16 = 65536;
const END = 0x7fffffff;

export interface Yuma3PassResult {
  readonly trust: Float64Array;
  readonly ranks: Float64Array;
  /** B' (scratch) and its column sums (scratch). */
  readonly ema: FxCsr;
  readonly colSum: Float64Array;
  /** Bond rows to store (fresh arrays). */
  readonly stored: SparseU16Matrix;
  /** With `explain`: W̄ and W_b parallel to W's entries (negative = absent), fresh arrays. */
  readonly clip?: Float64Array;
  readonly wb?: Float64Array;
}

/** floor(c·v / 2^32) with c = ch·2^16 + cl split once (|c| ≤ 2^33, |v| ≤ 2^33: partials below 2^50). */
function mulSplit(ch: number, cl: number, v: number): number {
  return Math.floor((ch * v + Math.floor((cl * v) / TWO16)) / TWO16);
}

export function yuma3FusedPass(
  w: FxCsr,
  consensus: Float64Array,
  activeStake: Float64Array,
  beta: number,
  storedBonds: SparseU16Matrix,
  colMask: Uint8Array,
  alpha: number,
  newPermit: ReadonlyArray<boolean>,
  explain: boolean,
  ws: YumaScratch,
): Yuma3PassResult {
  const n = w.rows;
  const nnzW = w.rowPtr[n]!;
  const sRows = Math.min(storedBonds.rows, n);
  const cap = nnzW + (storedBonds.rowPtr[sRows] ?? 0);
  const rowPtr = ws.i32('ema.rowPtr', n + 1);
  const ec = ws.i32('ema.cols', cap);
  const ev = ws.f64('ema.vals', cap);
  const tc = ws.i32('stored.cols', cap);
  const tv = ws.i32('stored.vals', cap);
  const colSum = ws.f64('ema.colsum', n);
  colSum.fill(0, 0, n);
  const trust = ws.f64z('trust', n);
  const ranks = ws.f64z('ranks', n);
  const storedPtr = ws.i32('stored.rowPtr', n + 1);
  storedPtr[0] = 0;
  const clipOut = explain ? new Float64Array(nnzW) : undefined;
  const wbOut = explain ? new Float64Array(nnzW) : undefined;
  const bh = Math.floor(beta / TWO16);
  const bl = beta - bh * TWO16;
  const mixed = beta !== 0 && beta !== ONE;
  const xh = Math.floor(alpha / TWO16);
  const xl = alpha - xh * TWO16;
  const oneMinus = ONE - alpha;
  const yh = Math.floor(oneMinus / TWO16);
  const yl = oneMinus - yh * TWO16;
  const { cols: wc, vals: wv } = w;
  let sortBuf: { cols: Int32Array; vals: Float64Array } | undefined;
  let o = 0;
  let so = 0;
  rowPtr[0] = 0;
  for (let i = 0; i < n; i++) {
    const a = activeStake[i]!;
    const ah = Math.floor(a / TWO16);
    const al = a - ah * TWO16;
    const keep = newPermit[i] === true;
    let t = 0;
    let p = w.rowPtr[i]!;
    const pe = w.rowPtr[i + 1]!;
    // The stored bond row: read in place when sorted, else through a sorted copy.
    let bc: ArrayLike<number> = storedBonds.cols;
    let bv: ArrayLike<number> = storedBonds.vals;
    let q = 0;
    let qe = 0;
    if (i < sRows) {
      q = storedBonds.rowPtr[i]!;
      qe = storedBonds.rowPtr[i + 1]!;
      for (let k = q + 1; k < qe; k++) {
        if (bc[k]! < bc[k - 1]!) {
          const len = qe - q;
          if (!sortBuf || sortBuf.cols.length < len)
            sortBuf = { cols: new Int32Array(len), vals: new Float64Array(len) };
          for (let r = 0; r < len; r++) {
            sortBuf.cols[r] = bc[q + r]!;
            sortBuf.vals[r] = bv[q + r]!;
          }
          sortRowSegment(sortBuf.cols, sortBuf.vals, 0, len);
          bc = sortBuf.cols;
          bv = sortBuf.vals;
          q = 0;
          qe = len;
          break;
        }
      }
    }
    for (;;) {
      let jq = END;
      while (q < qe) {
        const j = bc[q]!;
        if (j < n && colMask[j] === 0) {
          jq = j;
          break;
        }
        q++;
      }
      const jp = p < pe ? wc[p]! : END;
      if (jp === END && jq === END) break;
      let j: number;
      let v: number;
      if (jq < jp) {
        // bond without a weight entry: it decays
        j = jq;
        v = mulSplit(yh, yl, u16Prop(bv[q++]!));
      } else {
        j = jp;
        const wij = wv[p]!;
        const c = consensus[j]!;
        // Branch-free clipping (the comparison is unpredictable): m = min(c, w); the entry is dropped (x = −1)
        // exactly when c = 0 < w, and then m = 0. Exact: every operand is an integer below 2^34.
        const d = c - wij;
        const mn = wij + (d - Math.abs(d)) * 0.5;
        const x = mn - +(c === 0) * +(wij > 0);
        t += mn;
        ranks[j]! += Math.floor((ah * mn + Math.floor((al * mn) / TWO16)) / TWO16);
        // W_b (negative = absent); an absent entry contributes floor(α·0) = 0 below.
        let b: number;
        if (mixed) {
          const y = wij + mulSplit(bh, bl, mn - wij);
          b = y - +(y === 0);
        } else b = beta === 0 ? wij : x;
        if (clipOut && wbOut) {
          clipOut[p] = x;
          wbOut[p] = b;
        }
        p++;
        v = mulSplit(xh, xl, b + +(b < 0));
        if (jq === jp) v += mulSplit(yh, yl, u16Prop(bv[q++]!));
      }
      if (v > 0) {
        ec[o] = j;
        ev[o++] = v;
        colSum[j]! += v;
        if (keep) {
          const u = propToU16(v);
          if (u !== 0) {
            tc[so] = j;
            tv[so++] = u;
          }
        }
      }
    }
    trust[i] = t;
    rowPtr[i + 1] = o;
    storedPtr[i + 1] = so;
  }
  return {
    trust,
    ranks,
    ema: { rows: n, rowPtr, cols: ec, vals: ev },
    colSum,
    stored: packU16Matrix(n, storedPtr, tc, tv),
    ...(clipOut && wbOut ? { clip: clipOut, wb: wbOut } : {}),
  };
}

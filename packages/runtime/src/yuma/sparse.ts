/** Sparse matrix plumbing for the epoch: u16 input/output matrices and the internal I32F32 CSR form. */
import type { SparseFixedMatrix, SparseU16Matrix, U16Matrix, U16Row } from './types.js';

/** Internal CSR with raw I32F32 bits in float64 (exact integers). Rows are sorted by column. */
export interface FxCsr {
  readonly rows: number;
  readonly rowPtr: Int32Array;
  readonly cols: Int32Array;
  readonly vals: Float64Array;
}

export function isPackedU16(m: U16Matrix): m is SparseU16Matrix {
  return !Array.isArray(m) && (m as SparseU16Matrix).rowPtr instanceof Uint32Array;
}

/** Pack rows of `[target, u16]` pairs (row i = uid i) into a `SparseU16Matrix` with `rows` rows. */
export function yumaPackRows(rows: ReadonlyArray<U16Row | undefined>, nRows: number = rows.length): SparseU16Matrix {
  let total = 0;
  for (let i = 0; i < nRows; i++) total += rows[i]?.length ?? 0;
  const rowPtr = new Uint32Array(nRows + 1);
  const cols = new Uint32Array(total);
  const vals = new Uint16Array(total);
  let k = 0;
  for (let i = 0; i < nRows; i++) {
    const r = rows[i];
    if (r) {
      for (let e = 0; e < r.length; e++) {
        const p = r[e]!;
        cols[k] = p[0];
        vals[k] = p[1];
        k++;
      }
    }
    rowPtr[i + 1] = k;
  }
  return { rows: nRows, rowPtr, cols, vals };
}

/** Any `U16Matrix` as a packed matrix (packed input is returned as is). */
export function yumaToPacked(m: U16Matrix, nRows: number): SparseU16Matrix {
  return isPackedU16(m) ? m : yumaPackRows(m, Math.min(nRows, m.length));
}

/**
 * A fresh `SparseU16Matrix` from scratch arrays (row pointers, columns, u16 values as Int32), in one ArrayBuffer:
 * one allocation instead of three (typed-array allocation is costly).
 */
export function packU16Matrix(rows: number, rowPtr: Int32Array, cols: Int32Array, vals: Int32Array): SparseU16Matrix {
  const nnz = rowPtr[rows]!;
  const buf = new ArrayBuffer(4 * (rows + 1) + 4 * nnz + 2 * nnz);
  const p = new Uint32Array(buf, 0, rows + 1);
  const c = new Uint32Array(buf, 4 * (rows + 1), nnz);
  const v = new Uint16Array(buf, 4 * (rows + 1) + 4 * nnz, nnz);
  p.set(rowPtr.subarray(0, rows + 1));
  c.set(cols.subarray(0, nnz));
  v.set(vals.subarray(0, nnz));
  return { rows, rowPtr: p, cols: c, vals: v };
}

/** Row i of a packed matrix as `[target, u16]` pairs (empty when i is out of range). */
export function yumaRow(m: SparseU16Matrix, i: number): Array<[number, number]> {
  if (i < 0 || i >= m.rows) return [];
  const out: Array<[number, number]> = [];
  for (let k = m.rowPtr[i]!; k < m.rowPtr[i + 1]!; k++) out.push([m.cols[k]!, m.vals[k]!]);
  return out;
}

/** A packed matrix as rows of pairs (row i = uid i). */
export function yumaUnpackRows(m: SparseU16Matrix): Array<Array<[number, number]>> {
  const out: Array<Array<[number, number]>> = [];
  for (let i = 0; i < m.rows; i++) out.push(yumaRow(m, i));
  return out;
}

/** Sort the entries of row segment [start, end) by column (stable), in place, if they are not sorted already. */
export function sortRowSegment(cols: Int32Array, vals: Float64Array, start: number, end: number): void {
  let sorted = true;
  for (let k = start + 1; k < end; k++) {
    if (cols[k]! < cols[k - 1]!) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  const idx: number[] = [];
  for (let k = start; k < end; k++) idx.push(k);
  idx.sort((a, b) => cols[a]! - cols[b]! || a - b);
  const c = idx.map((k) => cols[k]!);
  const v = idx.map((k) => vals[k]!);
  for (let k = start; k < end; k++) {
    cols[k] = c[k - start]!;
    vals[k] = v[k - start]!;
  }
}

/** Copy an internal CSR into the trace form. */
export function toTraceMatrix(m: FxCsr): SparseFixedMatrix {
  const nnz = m.rowPtr[m.rows]!;
  return {
    rows: m.rows,
    rowPtr: Uint32Array.from(m.rowPtr),
    cols: Uint32Array.from(m.cols.subarray(0, nnz)),
    bits: m.vals.slice(0, nnz),
  };
}

/** Growable CSR builder over preallocated typed arrays. */
export class CsrBuilder {
  readonly rowPtr: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
  nnz = 0;
  private row = 0;

  constructor(
    readonly rows: number,
    capacity: number,
  ) {
    this.rowPtr = new Int32Array(rows + 1);
    this.cols = new Int32Array(Math.max(capacity, 16));
    this.vals = new Float64Array(Math.max(capacity, 16));
  }

  push(col: number, val: number): void {
    if (this.nnz === this.cols.length) {
      const c = new Int32Array(this.cols.length * 2);
      c.set(this.cols);
      this.cols = c;
      const v = new Float64Array(this.vals.length * 2);
      v.set(this.vals);
      this.vals = v;
    }
    this.cols[this.nnz] = col;
    this.vals[this.nnz] = val;
    this.nnz++;
  }

  /** Close the current row (rows are closed in order 0..rows-1). */
  endRow(): void {
    this.rowPtr[++this.row] = this.nnz;
  }

  /** Close any remaining rows and return the matrix. */
  finish(): FxCsr {
    while (this.row < this.rows) this.rowPtr[++this.row] = this.nnz;
    return { rows: this.rows, rowPtr: this.rowPtr, cols: this.cols, vals: this.vals };
  }
}

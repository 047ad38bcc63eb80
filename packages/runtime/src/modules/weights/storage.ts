/**
 * Weight storage (spec/economics.md §7, spec/yuma.md §2).
 *
 *   weights/w/<nn>/<uid>           bytes: the weights a uid set, in the order given (max-upscaled), as little-endian
 *                                  (u16 uid, u16 weight) pairs (rows written as [uid, u16][] arrays are read too).
 *                                  Bytes, not arrays of pairs: a subnet's rows are tens of thousands of pairs, which as
 *                                  decoded objects made up a large part of the heap the garbage collector traverses
 *   weights/bonds/<nn>             bytes: bond rows per uid, written by each epoch, packed little-endian as
 *                                  u16 row count, then per row u16 length and (u16 uid, u16 bond) pairs
 *   weights/commits/<nn>/<hotkey>  Commit[]: unrevealed hash commits, oldest first
 */
import type { Value } from '@tensorium/primitives';
import { keysByNumber } from '../../state/keys.js';
import type { State } from '../../state/state.js';
import { yumaPackRows } from '../../yuma/sparse.js';
import type { SparseU16Matrix } from '../../yuma/types.js';
import { nn } from '../subnets/storage.js';

export type WeightRow = ReadonlyArray<readonly [number, number]>;

export interface Commit {
  /** BLAKE2b-256 of the SCALE-encoded reveal (32 bytes). */
  readonly hash: Uint8Array;
  /** Commit epoch (`SubnetEpochIndex` with look-ahead). */
  readonly epoch: number;
  readonly block: number;
}

const uidKey = (uid: number): string => String(uid).padStart(5, '0');

const K = {
  w: (n: number, uid: number) => `weights/w/${nn(n)}/${uidKey(uid)}`,
  wPrefix: keysByNumber((n) => `weights/w/${nn(n)}/`),
  bonds: keysByNumber((n) => `weights/bonds/${nn(n)}`),
  commits: (n: number, hk: string) => `weights/commits/${nn(n)}/${hk}`,
  commitsPrefix: (n: number) => `weights/commits/${nn(n)}/`,
};
export const WEIGHT_KEYS = K;

const EMPTY_ROW: WeightRow = Object.freeze([]) as WeightRow;

/** A weight row as stored: (u16 uid, u16 weight) pairs, little-endian. */
function packWeightRow(row: WeightRow): Uint8Array {
  const out = new Uint8Array(4 * row.length);
  for (let i = 0, o = 0; i < row.length; i++, o += 4) {
    const [j, w] = row[i]!;
    if (!(Number.isInteger(j) && j >= 0 && j <= 0xffff && Number.isInteger(w) && w >= 0 && w <= 0xffff))
      throw new Error(`weight row entry [${j}, ${w}] is not a pair of u16`);
    out[o] = j & 0xff;
    out[o + 1] = j >>> 8;
    out[o + 2] = w & 0xff;
    out[o + 3] = w >>> 8;
  }
  return out;
}

/** A stored weight row as pairs (also accepts a row stored as an array of pairs). */
function weightRowOf(v: Value | undefined): WeightRow {
  if (v === undefined) return EMPTY_ROW;
  if (!(v instanceof Uint8Array)) return v as unknown as WeightRow;
  const row: [number, number][] = new Array(v.length >>> 2);
  for (let i = 0, o = 0; i < row.length; i++, o += 4) row[i] = [v[o]! | (v[o + 1]! << 8), v[o + 2]! | (v[o + 3]! << 8)];
  return row;
}

export function getWeightRow(state: State, netuid: number, uid: number): WeightRow {
  return weightRowOf(state.get<Value>(K.w(netuid, uid)));
}

export function setWeightRow(state: State, netuid: number, uid: number, row: WeightRow): void {
  state.set(K.w(netuid, uid), packWeightRow(row));
}

/** The stored rows of a subnet (bytes or arrays of pairs) by uid, `n` of them (missing rows undefined). */
function storedWeightRows(state: State, netuid: number, n: number): (Value | undefined)[] {
  const rows: (Value | undefined)[] = new Array(n).fill(undefined);
  for (const [k, v] of state.scan<Value>(K.wPrefix(netuid))) {
    const uid = Number(k.slice(k.lastIndexOf('/') + 1));
    if (uid < n) rows[uid] = v;
  }
  return rows;
}

/** Every stored weight row of a subnet, indexed by uid (`n` rows; missing rows are empty). */
export function getWeightRows(state: State, netuid: number, n: number): WeightRow[] {
  return storedWeightRows(state, netuid, n).map(weightRowOf);
}

/**
 * The weight rows packed for the epoch (`yumaPackRows(getWeightRows(…), n)`), built from the stored bytes and kept per
 * subnet while every row is the same stored value: weights change only when validators set them, an epoch reads them
 * every tempo.
 */
const PACKED_WEIGHTS = new Map<number, { rows: (Value | undefined)[]; packed: SparseU16Matrix }>();

export function getWeightMatrix(state: State, netuid: number, n: number): SparseU16Matrix {
  const rows = storedWeightRows(state, netuid, n);
  const hit = PACKED_WEIGHTS.get(netuid);
  if (hit !== undefined && hit.rows.length === n && rows.every((r, i) => r === hit.rows[i])) return hit.packed;
  let total = 0;
  for (const r of rows)
    total += r === undefined ? 0 : r instanceof Uint8Array ? r.length >>> 2 : (r as unknown as WeightRow).length;
  const rowPtr = new Uint32Array(n + 1);
  const cols = new Uint32Array(total);
  const vals = new Uint16Array(total);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r instanceof Uint8Array)
      for (let o = 0; o + 3 < r.length; o += 4, k++) {
        cols[k] = r[o]! | (r[o + 1]! << 8);
        vals[k] = r[o + 2]! | (r[o + 3]! << 8);
      }
    else if (r !== undefined)
      for (const [j, w] of r as unknown as WeightRow) {
        cols[k] = j;
        vals[k] = w;
        k++;
      }
    rowPtr[i + 1] = k;
  }
  const packed: SparseU16Matrix = { rows: n, rowPtr, cols, vals };
  if (PACKED_WEIGHTS.size >= 4096) PACKED_WEIGHTS.clear();
  PACKED_WEIGHTS.set(netuid, { rows, packed });
  return packed;
}

/** Packs bond rows (see the storage table). */
export function packRows(rows: readonly WeightRow[]): Uint8Array {
  let len = 2;
  for (const r of rows) len += 2 + 4 * r.length;
  const out = new Uint8Array(len);
  let o = 0;
  const u16 = (v: number) => {
    out[o++] = v & 0xff;
    out[o++] = (v >>> 8) & 0xff;
  };
  u16(rows.length);
  for (const r of rows) {
    u16(r.length);
    for (const [j, v] of r) {
      u16(j);
      u16(v);
    }
  }
  return out;
}

/** Unpacks bond rows. */
export function unpackRows(b: Uint8Array): WeightRow[] {
  let o = 0;
  const u16 = () => {
    const v = b[o]! | (b[o + 1]! << 8);
    o += 2;
    return v;
  };
  const n = u16();
  const rows: WeightRow[] = [];
  for (let i = 0; i < n; i++) {
    const len = u16();
    const row: [number, number][] = new Array(len);
    for (let k = 0; k < len; k++) row[k] = [u16(), u16()];
    rows.push(row);
  }
  return rows;
}

const UNPACKED = new WeakMap<Uint8Array, WeightRow[]>();

export function getBondRows(state: State, netuid: number): WeightRow[] {
  const b = state.get<Uint8Array>(K.bonds(netuid));
  if (!b) return [];
  let rows = UNPACKED.get(b);
  if (!rows) UNPACKED.set(b, (rows = unpackRows(b)));
  return rows;
}

export function setBondRows(state: State, netuid: number, rows: WeightRow[]): void {
  const b = packRows(rows);
  UNPACKED.set(b, rows);
  state.set(K.bonds(netuid), b);
}

/** Stored bonds as the epoch's packed matrix, by the stored bytes (which are immutable). */
const BOND_MATRICES = new WeakMap<Uint8Array, SparseU16Matrix>();

/** Stored bond bytes as a packed matrix of their first `maxRows` rows (`yumaPackRows(getBondRows(…), maxRows)`). */
function bondMatrixOf(b: Uint8Array, maxRows: number): SparseU16Matrix {
  const count = b[0]! | (b[1]! << 8);
  const rows = Math.min(count, maxRows);
  let total = 0;
  for (let i = 0, o = 2; i < rows; i++) {
    const len = b[o]! | (b[o + 1]! << 8);
    total += len;
    o += 2 + 4 * len;
  }
  const rowPtr = new Uint32Array(rows + 1);
  const cols = new Uint32Array(total);
  const vals = new Uint16Array(total);
  for (let i = 0, o = 2, k = 0; i < rows; i++) {
    const len = b[o]! | (b[o + 1]! << 8);
    o += 2;
    for (let e = 0; e < len; e++, k++, o += 4) {
      cols[k] = b[o]! | (b[o + 1]! << 8);
      vals[k] = b[o + 2]! | (b[o + 3]! << 8);
    }
    rowPtr[i + 1] = k;
  }
  return { rows, rowPtr, cols, vals };
}

/** The stored bonds of a subnet as the epoch reads them (at most `n` rows), without unpacking them into rows. */
export function getBondMatrix(state: State, netuid: number, n: number): SparseU16Matrix {
  const b = state.get<Uint8Array>(K.bonds(netuid));
  if (!b) return yumaPackRows([], 0);
  let m = BOND_MATRICES.get(b);
  if (m === undefined) BOND_MATRICES.set(b, (m = bondMatrixOf(b, 65_535)));
  return m.rows <= n ? m : bondMatrixOf(b, n);
}

/** Writes an epoch's bond matrix in the stored layout (the bytes `setBondRows` writes for the same rows). */
export function setBondMatrix(state: State, netuid: number, m: SparseU16Matrix): void {
  const out = new Uint8Array(2 + 2 * m.rows + 4 * m.rowPtr[m.rows]!);
  out[0] = m.rows & 0xff;
  out[1] = (m.rows >>> 8) & 0xff;
  let o = 2;
  for (let i = 0; i < m.rows; i++) {
    const start = m.rowPtr[i]!;
    const end = m.rowPtr[i + 1]!;
    out[o++] = (end - start) & 0xff;
    out[o++] = ((end - start) >>> 8) & 0xff;
    for (let k = start; k < end; k++) {
      const j = m.cols[k]!;
      const v = m.vals[k]!;
      out[o++] = j & 0xff;
      out[o++] = (j >>> 8) & 0xff;
      out[o++] = v & 0xff;
      out[o++] = (v >>> 8) & 0xff;
    }
  }
  // A copy for the next epoch's read: the caller keeps its matrix.
  BOND_MATRICES.set(out, { rows: m.rows, rowPtr: m.rowPtr.slice(), cols: m.cols.slice(), vals: m.vals.slice() });
  state.set(K.bonds(netuid), out);
}

export function getCommits(state: State, netuid: number, hotkey: string): readonly Commit[] {
  return (state.get<Value>(K.commits(netuid, hotkey)) as Commit[] | undefined) ?? [];
}

export function setCommits(state: State, netuid: number, hotkey: string, commits: readonly Commit[]): void {
  if (commits.length === 0) state.delete(K.commits(netuid, hotkey));
  else state.set(K.commits(netuid, hotkey), commits as unknown as Value);
}

/** All hotkeys with pending commits on a subnet and their commits. */
export function allCommits(state: State, netuid: number): [string, readonly Commit[]][] {
  return state
    .scan<Value>(K.commitsPrefix(netuid))
    .map(([k, v]) => [k.slice(k.lastIndexOf('/') + 1), v as unknown as Commit[]]);
}

/**
 * `clear_neuron` for weights: drops the uid's own weights and bonds and zeroes every weight set on it (explicit zeros
 * stay, as on the chain).
 */
export function clearUidWeights(state: State, netuid: number, uid: number): void {
  state.delete(K.w(netuid, uid));
  for (const [k, v] of state.scan<Value>(K.wPrefix(netuid))) {
    const row = weightRowOf(v);
    if (row.some(([j]) => j === uid)) state.set(k, packWeightRow(row.map(([j, w]) => [j, j === uid ? 0 : w])));
  }
  const bonds = getBondRows(state, netuid);
  if (bonds[uid] !== undefined && bonds[uid]!.length > 0) {
    const next = bonds.slice();
    next[uid] = [];
    setBondRows(state, netuid, next);
  }
}

/** Deletes every weight entry of a subnet (dissolution). */
export function clearWeights(state: State, netuid: number): void {
  for (const [k] of state.scan(K.wPrefix(netuid))) state.delete(k);
  for (const [k] of state.scan(K.commitsPrefix(netuid))) state.delete(k);
  state.delete(K.bonds(netuid));
}

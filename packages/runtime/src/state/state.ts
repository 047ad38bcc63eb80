/**
 * The runtime's synchronous view of state for one block: an overlay of decoded values over a `StateBackend`,
 * with nested checkpoints (each extrinsic runs in one; failure reverts it).
 *
 * Values returned by `get`/`scan` are shared with the overlay's cache: treat them as immutable and `set` a new
 * value instead of mutating one. At the end of a block `finish()` encodes what changed, updates the state-root
 * accumulator and returns the change set for the backend to commit atomically.
 */
import { bytesEqual, decode, encode, type Value } from '@tensorium/primitives';
import { type ChangeSet, parentPrefixes, type StateBackend } from './backend.js';
import { LtAccumulator } from './stateRoot.js';

const ABSENT = Symbol('absent');
type Slot = Value | null; // null = deleted in this block
type Undo = Map<string, Slot | typeof ABSENT>;

/**
 * Decoded values by their stored bytes. A backend hands out the same bytes object for an entry until the entry is
 * rewritten, so values that did not change are decoded once, not once per block. Safe because decoded values are
 * immutable (see above). The value is kept on the bytes object itself, under a private symbol: it lives exactly as
 * long as the bytes, and reading or setting it costs a property access (a weak map keyed by the bytes cost about
 * 2 µs per new entry once it held the whole state).
 */
const DECODED: unique symbol = Symbol('tensorium.decoded');
type Tagged = Uint8Array & { [DECODED]?: Value };

function decodeCached(raw: Uint8Array): Value {
  const hit = (raw as Tagged)[DECODED];
  if (hit !== undefined) return hit;
  const v = decode(raw);
  (raw as Tagged)[DECODED] = v;
  return v;
}

/**
 * A value indistinguishable from `decode(encode(v))`, sharing every part of `v` that already is one: maps get their
 * keys in the canonical (ascending) order and lose `undefined` values, -0 becomes 0. `undefined` for what it does not
 * handle (maps with non-ASCII or `__proto__` keys): those are decoded when read. Only such a value may stand for its
 * encoding in `DECODED`: a node that restarts decodes the bytes, and iteration over a map's keys must not depend on
 * which node ran. `v` must be encodable.
 */
function decodedForm(v: Value): Value | undefined {
  if (v === null || typeof v !== 'object') return Object.is(v, -0) ? 0 : v;
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) {
    let out: Value[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i] as Value;
      const y = x !== null && typeof x === 'object' ? decodedForm(x) : Object.is(x, -0) ? 0 : x;
      if (y === undefined) return undefined;
      if (!Object.is(y, x)) (out ??= v.slice())[i] = y;
    }
    return out ?? v;
  }
  const o = v as Record<string, Value | undefined>;
  const keys = Object.keys(o);
  let same = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    // UTF-16 order equals the encoding's UTF-8 byte order for ASCII keys (all the runtime's).
    if (k === '__proto__' || !isAscii(k)) return undefined;
    if (o[k] === undefined || (i > 0 && !(keys[i - 1]! < k))) same = false;
  }
  for (const k of keys) {
    const x = o[k];
    if (x === undefined) continue;
    const y = decodedForm(x);
    if (y === undefined) return undefined;
    if (!Object.is(y, x)) same = false;
  }
  if (same) return v;
  // Rebuilt in canonical order (rare: a writer listed its fields in another order).
  const out: Record<string, Value> = {};
  for (const k of keys.filter((k) => o[k] !== undefined).sort()) out[k] = decodedForm(o[k]!)!;
  return out;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Metadata key under which the state-root accumulator is stored (outside the hashed state). */
export const META_ACCUMULATOR = 'lt-accumulator';

/** Cached in the overlay: the backend has no entry for the key. */
const MISSING = Symbol('missing');

export class State {
  /** Values read from the backend this block (decoded), or MISSING. */
  private readonly cache = new Map<string, Value | typeof MISSING>();
  private readonly writes = new Map<string, Slot>();
  /**
   * Written keys by parent prefix, for `scan`. Kept up to date only when a block scans: `fresh` lists the keys first
   * written since the last scan, indexed then (most writes of a block come after its last scan). The index may hold
   * keys more than once or keys no longer written (after a revert): scan checks each against `writes`.
   */
  private readonly writeIndex = new Map<string, string[]>();
  private readonly fresh: string[] = [];
  private readonly undo: Undo[] = [];

  constructor(readonly backend: StateBackend) {}

  get<T extends Value>(key: string): T | undefined {
    const w = this.writes.get(key);
    if (w !== undefined) return w === null ? undefined : (w as T);
    let v = this.cache.get(key);
    if (v === undefined) {
      const raw = this.backend.get(key);
      v = raw === undefined ? MISSING : decodeCached(raw);
      this.cache.set(key, v);
    }
    return v === MISSING ? undefined : (v as T);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: Value): void {
    this.record(key);
    if (!this.writes.has(key)) this.fresh.push(key);
    this.writes.set(key, value);
  }

  delete(key: string): void {
    this.record(key);
    if (!this.writes.has(key)) this.fresh.push(key);
    this.writes.set(key, null);
  }

  /** Entries under a `/`-terminated prefix, ascending by key, with this block's writes applied. */
  scan<T extends Value>(prefix: string): [string, T][] {
    for (const k of this.fresh) this.indexKey(k);
    this.fresh.length = 0;
    const wk = this.writeIndex.get(prefix);
    const stored = this.backend.scan(prefix);
    if (wk === undefined) {
      // Nothing written under the prefix: the backend's entries, already in order.
      const out: [string, T][] = new Array(stored.length);
      for (let i = 0; i < stored.length; i++) out[i] = [stored[i]![0], this.cached(stored[i]![0], stored[i]![1]) as T];
      return out;
    }
    const merged = new Map<string, Value>();
    for (const [k, raw] of stored) if (!this.writes.has(k)) merged.set(k, this.cached(k, raw));
    for (const k of wk) {
      const w = this.writes.get(k);
      if (w !== null && w !== undefined) merged.set(k, w);
    }
    return [...merged.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) as [string, T][];
  }

  /** The decoded value of a stored entry, through the block's cache. */
  private cached(key: string, raw: Uint8Array): Value {
    let v = this.cache.get(key);
    if (v === undefined || v === MISSING) {
      v = decodeCached(raw);
      this.cache.set(key, v);
    }
    return v;
  }

  /** Starts a nested checkpoint. */
  checkpoint(): void {
    this.undo.push(new Map());
  }

  /** Keeps the changes of the innermost checkpoint. */
  commitCheckpoint(): void {
    const top = this.undo.pop();
    if (!top) throw new Error('no checkpoint to commit');
    const parent = this.undo[this.undo.length - 1];
    if (parent) for (const [k, v] of top) if (!parent.has(k)) parent.set(k, v);
  }

  /** Discards every change since the innermost checkpoint. */
  revertCheckpoint(): void {
    const top = this.undo.pop();
    if (!top) throw new Error('no checkpoint to revert');
    for (const [k, prev] of top) {
      if (prev === ABSENT) this.writes.delete(k);
      else this.writes.set(k, prev);
    }
  }

  get depth(): number {
    return this.undo.length;
  }

  private record(key: string): void {
    const top = this.undo[this.undo.length - 1];
    if (top && !top.has(key)) top.set(key, this.writes.has(key) ? this.writes.get(key)! : ABSENT);
  }

  private indexKey(key: string): void {
    for (const p of parentPrefixes(key)) {
      const a = this.writeIndex.get(p);
      if (a === undefined) this.writeIndex.set(p, [key]);
      else a.push(key);
    }
  }

  /**
   * Ends the block: encodes the changed entries (skipping writes that restore the stored bytes), updates the
   * state-root accumulator and returns both. The State must not be used afterwards.
   */
  finish(): { changes: ChangeSet; accumulator: LtAccumulator; stateRoot: Uint8Array } {
    if (this.undo.length) throw new Error('finish() inside an open checkpoint');
    const acc = new LtAccumulator(this.backend.getMeta(META_ACCUMULATOR));
    const changes: ChangeSet = new Map();
    const keys = [...this.writes.keys()].sort();
    for (const k of keys) {
      const w = this.writes.get(k)!;
      const old = this.backend.get(k);
      const next = w === null ? null : encode(w);
      if (next === null ? old === undefined : old !== undefined && bytesEqual(old, next)) continue;
      if (old !== undefined) acc.remove(k, old);
      if (next !== null) {
        acc.add(k, next);
        // The next block reads these bytes back from the backend: hand it the value they encode (no decode).
        const form = decodedForm(w);
        if (form !== undefined) (next as Tagged)[DECODED] = form;
      }
      changes.set(k, next);
    }
    return { changes, accumulator: acc, stateRoot: acc.root() };
  }
}

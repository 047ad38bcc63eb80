/**
 * The state root: a lattice (homomorphic multiset) hash of every (key, value) entry of the state.
 *
 * Each entry maps to a 2048-bit vector h(k, v) = 64 lanes of u32 (little-endian): four keyed blake2b-512 digests of
 * (u32le(len(key)) ‖ key ‖ value) with the keys "tensorium/lt/0".."3", concatenated. (Keyed rather than salted so
 * that the WebAssembly blake2b computes them: the state root was the largest cost of a block import after the
 * signature checks.) The accumulator is the lane-wise sum mod 2^32 of
 * h over all entries; the root is blake2b-256 of the accumulator. Changing an entry subtracts its old vector and
 * adds its new one, so computing a block's root costs work in proportion to the entries the block changed, not to
 * the size of the state, and the root depends only on the state's content (not on its history). This is the
 * LtHash construction (Bellare–Micciancio; Lewi et al.), sized for this chain: the best known attack (a
 * generalized-birthday search) needs about 2^90 work at this width.
 */
import { blake2b256, blake2b512KeyedInto, bytesEqual, utf8Encode } from '@tensorium/primitives';

export const LANES = 64;
const KEYS = [0, 1, 2, 3].map((i) => utf8Encode(`tensorium/lt/${i}`));

/** Message buffer reused from entry to entry (grown as needed): hashing allocates only the lanes it returns. */
let message = new Uint8Array(1024);
const digests = new Uint8Array(64 * KEYS.length);

/** u32le(len(key)) ‖ key ‖ value in `message`; returns its length. ASCII keys (all the runtime's) skip the TextEncoder. */
function elementMessage(key: string, value: Uint8Array): number {
  const n = key.length;
  let ascii = true;
  for (let i = 0; i < n; i++)
    if (key.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  const kb = ascii ? undefined : utf8Encode(key);
  const klen = kb ? kb.length : n;
  const len = 4 + klen + value.length;
  if (message.length < len) message = new Uint8Array(Math.max(len, 2 * message.length));
  const msg = message;
  msg[0] = klen & 0xff;
  msg[1] = (klen >>> 8) & 0xff;
  msg[2] = (klen >>> 16) & 0xff;
  msg[3] = (klen >>> 24) & 0xff;
  if (kb) msg.set(kb, 4);
  else for (let i = 0; i < n; i++) msg[4 + i] = key.charCodeAt(i);
  msg.set(value, 4 + klen);
  return len;
}

/** Whether typed arrays are little-endian here (then the digests are read as lanes in place). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** The lanes of the last element hash: a view of the digests on little-endian hosts, a copy otherwise. */
const hashLanes = LITTLE_ENDIAN ? new Int32Array(digests.buffer) : new Int32Array(LANES);

/**
 * The element vector h(k, v) as 64 lanes, kept as int32 (sums mod 2^32 in int32 arithmetic). The result is scratch
 * space: valid until the next call.
 */
function elementHash(key: string, value: Uint8Array): Int32Array {
  const len = elementMessage(key, value);
  blake2b512KeyedInto(message, KEYS, digests, len);
  if (message.length > 1 << 20) message = new Uint8Array(1024);
  if (!LITTLE_ENDIAN) {
    const x = digests;
    for (let i = 0, j = 0; i < LANES; i++, j += 4)
      hashLanes[i] = x[j]! | (x[j + 1]! << 8) | (x[j + 2]! << 16) | (x[j + 3]! << 24);
  }
  return hashLanes;
}

/**
 * Vectors of recently added entries, by key. A block that changes an entry removes the vector of the value a
 * previous block added; keeping it here (checked against the value bytes) halves the hashing of keys that change
 * often. A pure, bounded cache: it never changes a result.
 *
 * A key keeps one slot, overwritten when the key's value changes, so that keys rewritten every block do not push
 * others out. Two generations of up to `GENERATION` keys instead of a least-recently-used order: when the young one
 * is full it becomes the old one and the previous old one is cleared and reused. (Evicting the oldest entry of one
 * big `Map` through `keys().next()` walks over every deleted slot at the front of V8's table: tens of microseconds
 * per insertion once the cache is full.) Vectors live in one growing array per generation: remembering one
 * allocates nothing but, for a new key, its map entry.
 */
const GENERATION = 65_536;

class Generation {
  readonly slots = new Map<string, number>();
  readonly values: Uint8Array[] = [];
  lanes = new Int32Array(1024 * LANES);
  size = 0;

  clear(): void {
    this.slots.clear();
    this.values.length = 0;
    this.size = 0;
  }

  /** A slot for `key`: its own if it has one, else a new one (`undefined` when the generation is full). */
  slotFor(key: string): number | undefined {
    let slot = this.slots.get(key);
    if (slot !== undefined) return slot;
    if (this.size >= GENERATION) return undefined;
    slot = this.size++;
    if (slot * LANES >= this.lanes.length) {
      const grown = new Int32Array(Math.min(2 * this.lanes.length, GENERATION * LANES));
      grown.set(this.lanes);
      this.lanes = grown;
    }
    this.slots.set(key, slot);
    return slot;
  }
}

let young: Generation | undefined;
let old: Generation | undefined;

function remember(key: string, value: Uint8Array, h: Int32Array): void {
  if (young === undefined) young = new Generation();
  let slot = young.slotFor(key);
  if (slot === undefined) {
    const reused = old ?? new Generation();
    reused.clear();
    old = young;
    young = reused;
    slot = young.slotFor(key)!;
  }
  young.lanes.set(h, slot * LANES);
  young.values[slot] = value;
}

/** The generation of the last slot `recall` found. */
let recalled: Generation | undefined;

/** The slot (in `recalled`) holding the vector of (key, value), or −1 if it is not remembered. */
function recall(key: string, value: Uint8Array): number {
  let g = young;
  let slot = g?.slots.get(key);
  if (slot === undefined) {
    g = old;
    slot = g?.slots.get(key);
  }
  if (slot === undefined || g === undefined) return -1;
  const v = g.values[slot]!;
  // Usually the very bytes a previous block added (a backend keeps them): no comparison needed.
  if (v !== value && !bytesEqual(v, value)) return -1;
  recalled = g;
  return slot;
}

export class LtAccumulator {
  /** The 64 lanes; int32 arithmetic wraps exactly like u32 arithmetic mod 2^32. */
  private readonly sums = new Int32Array(LANES);

  constructor(lanes?: Uint8Array) {
    if (lanes) {
      const dv = new DataView(lanes.buffer, lanes.byteOffset, lanes.byteLength);
      for (let i = 0; i < LANES; i++) this.sums[i] = dv.getInt32(i * 4, true);
    }
  }

  /** The lanes as u32 values. */
  get lanes(): Uint32Array {
    return new Uint32Array(this.sums);
  }

  add(key: string, value: Uint8Array): void {
    const h = elementHash(key, value);
    remember(key, value, h);
    const s = this.sums;
    for (let i = 0; i < LANES; i++) s[i] = (s[i]! + h[i]!) | 0;
  }

  remove(key: string, value: Uint8Array): void {
    const slot = recall(key, value);
    const h = slot >= 0 ? recalled!.lanes : elementHash(key, value);
    const o = slot >= 0 ? slot * LANES : 0;
    const s = this.sums;
    for (let i = 0; i < LANES; i++) s[i] = (s[i]! - h[o + i]!) | 0;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(LANES * 4);
    const dv = new DataView(out.buffer);
    for (let i = 0; i < LANES; i++) dv.setInt32(i * 4, this.sums[i]!, true);
    return out;
  }

  root(): Uint8Array {
    return blake2b256(this.bytes());
  }

  clone(): LtAccumulator {
    return new LtAccumulator(this.bytes());
  }
}

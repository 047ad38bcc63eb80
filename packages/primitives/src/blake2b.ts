/**
 * blake2b (RFC 7693) with its compression function in a small WebAssembly module that this file assembles at load
 * time (about 5 KB, compiled synchronously in well under a millisecond). 64-bit additions and rotations are native
 * in WebAssembly, so this runs several times faster than a JavaScript blake2b, which must emulate them with 32-bit
 * halves; it matters because transaction hashes and the state root (four keyed blake2b-512 per changed entry) sit
 * on the block-import path. Where WebAssembly is unavailable (e.g. `node --jitless`) `@noble/hashes` computes the
 * same bytes.
 */
import { blake2b as blake2bJs } from '@noble/hashes/blake2.js';
import { InvalidInputError } from './errors.js';

const IV = [
  0x6a09e667f3bcc908n,
  0xbb67ae8584caa73bn,
  0x3c6ef372fe94f82bn,
  0xa54ff53a5f1d36f1n,
  0x510e527fade682d1n,
  0x9b05688c2b3e6c1fn,
  0x1f83d9abfb41bd6bn,
  0x5be0cd19137e2179n,
];

/** The message word schedule of the 12 rounds (rounds 10 and 11 repeat rows 0 and 1). */
const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
] as const;

// Linear memory (one 64 KiB page): the chaining value h at [0, 64), message blocks from BUF.
const BUF = 128;
const CHUNK = 32_768;

// WebAssembly opcodes used by the compression function.
const OP = {
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  i32Const: 0x41,
  i64Const: 0x42,
  i64Load: 0x29,
  i64Store: 0x37,
  i64Add: 0x7c,
  i64Sub: 0x7d,
  i64Or: 0x84,
  i64Xor: 0x85,
  i64Shl: 0x86,
  i64Rotr: 0x8a,
  i64ExtendI32U: 0xad,
} as const;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb64(x: bigint): number[] {
  let v = BigInt.asIntN(64, x);
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];

/**
 * The body of `compress(ptr, tLo, tHi, last)`: h ← F(h, block at ptr, t = tHi·2^32 + tLo, last ≠ 0).
 * Locals: 0–3 the parameters, 4–19 the working vector v, 20–35 the message words m.
 */
function compressBody(): number[] {
  const V = (i: number) => 4 + i;
  const M = (i: number) => 20 + i;
  const c: number[] = [];
  const get = (l: number) => c.push(OP.localGet, l);
  const set = (l: number) => c.push(OP.localSet, l);
  const load = (offset: number) => c.push(OP.i64Load, 3, ...uleb(offset));
  for (let i = 0; i < 16; i++) {
    get(0);
    load(8 * i);
    set(M(i));
  }
  for (let i = 0; i < 8; i++) {
    c.push(OP.i32Const, 0);
    load(8 * i);
    set(V(i));
    c.push(OP.i64Const, ...sleb64(IV[i]!));
    set(V(8 + i));
  }
  // v12 ^= t (the high 64 bits of the 128-bit counter stay 0); v14 = ~v14 on the last block.
  get(V(12));
  get(1);
  c.push(OP.i64ExtendI32U);
  get(2);
  c.push(OP.i64ExtendI32U, OP.i64Const, 32, OP.i64Shl, OP.i64Or, OP.i64Xor);
  set(V(12));
  get(V(14));
  c.push(OP.i64Const, 0);
  get(3);
  c.push(OP.i64ExtendI32U, OP.i64Sub, OP.i64Xor);
  set(V(14));
  const rotr = (target: number, a: number, b: number, bits: number) => {
    get(a);
    get(b);
    c.push(OP.i64Xor, OP.i64Const, bits, OP.i64Rotr);
    set(target);
  };
  const g = (a: number, b: number, cc: number, d: number, x: number, y: number) => {
    get(V(a));
    get(V(b));
    c.push(OP.i64Add);
    get(M(x));
    c.push(OP.i64Add);
    set(V(a));
    rotr(V(d), V(d), V(a), 32);
    get(V(cc));
    get(V(d));
    c.push(OP.i64Add);
    set(V(cc));
    rotr(V(b), V(b), V(cc), 24);
    get(V(a));
    get(V(b));
    c.push(OP.i64Add);
    get(M(y));
    c.push(OP.i64Add);
    set(V(a));
    rotr(V(d), V(d), V(a), 16);
    get(V(cc));
    get(V(d));
    c.push(OP.i64Add);
    set(V(cc));
    rotr(V(b), V(b), V(cc), 63);
  };
  for (let r = 0; r < 12; r++) {
    const s = SIGMA[r % 10]!;
    g(0, 4, 8, 12, s[0], s[1]);
    g(1, 5, 9, 13, s[2], s[3]);
    g(2, 6, 10, 14, s[4], s[5]);
    g(3, 7, 11, 15, s[6], s[7]);
    g(0, 5, 10, 15, s[8], s[9]);
    g(1, 6, 11, 12, s[10], s[11]);
    g(2, 7, 8, 13, s[12], s[13]);
    g(3, 4, 9, 14, s[14], s[15]);
  }
  for (let i = 0; i < 8; i++) {
    c.push(OP.i32Const, 0, OP.i32Const, 0);
    load(8 * i);
    get(V(i));
    c.push(OP.i64Xor);
    get(V(8 + i));
    c.push(OP.i64Xor, OP.i64Store, 3, ...uleb(8 * i));
  }
  c.push(OP.end);
  return [1, ...uleb(32), 0x7e, ...c]; // one local declaration: 32 × i64
}

function moduleBytes(): Uint8Array {
  const I32 = 0x7f;
  const body = compressBody();
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 4, I32, I32, I32, I32, 0]), // type 0: (i32, i32, i32, i32) -> ()
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(5, [1, 0x00, 1]), // one memory, 1 page, no maximum
    ...section(7, [2, ...name('c'), 0x00, 0, ...name('m'), 0x02, 0]), // exports: c = function 0, m = memory 0
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

type Compress = (ptr: number, tLo: number, tHi: number, last: number) => void;

function instantiate(): { compress: Compress; mem: Uint8Array; h: Uint8Array } | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm) return undefined;
  try {
    const { exports } = new wasm.Instance(new wasm.Module(moduleBytes()), {});
    const mem = new Uint8Array((exports.m as { buffer: ArrayBuffer }).buffer);
    // The memory never grows, so one view of the chaining value serves every digest.
    return { compress: exports.c as Compress, mem, h: mem.subarray(0, 64) };
  } catch {
    return undefined;
  }
}

const engine = instantiate();

const IV_BYTES = new Uint8Array(64);
for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) IV_BYTES[8 * i + j] = Number((IV[i]! >> BigInt(8 * j)) & 0xffn);

/** Whether the WebAssembly compression function is in use (false: the `@noble/hashes` fallback). */
export const blake2bUsesWasm = engine !== undefined;

/**
 * The chaining value after the key block of keyed blake2b (a function of the key and the digest length only), kept
 * per key array so that hashing many messages under one key (the state root's four keys) skips that compression. The
 * key's bytes are compared on every use, so a caller that mutates its key array gets a fresh state.
 */
const KEYED = new WeakMap<Uint8Array, { bytes: Uint8Array; states: (Uint8Array | undefined)[] }>();

function keyedState(key: Uint8Array, outLen: number): Uint8Array {
  let c = KEYED.get(key);
  if (c !== undefined && c.bytes.length === key.length) {
    const b = c.bytes;
    for (let i = 0; i < b.length; i++)
      if (b[i] !== key[i]) {
        c = undefined;
        break;
      }
  } else c = undefined;
  if (c === undefined) {
    c = { bytes: key.slice(), states: [] };
    KEYED.set(key, c);
  }
  let h = c.states[outLen];
  if (!h) {
    const { compress, mem } = engine!;
    mem.set(IV_BYTES, 0);
    mem[0]! ^= outLen;
    mem[1]! ^= key.length;
    mem[2]! ^= 1;
    mem[3]! ^= 1;
    mem.fill(0, BUF, BUF + 128);
    mem.set(key, BUF);
    compress(BUF, 128, 0, 0);
    c.states[outLen] = h = mem.slice(0, 64);
  }
  return h;
}

/**
 * blake2b of `data` with an `outLen`-byte digest (1–64) and an optional key (up to 64 bytes; keyed mode of
 * RFC 7693 §2.5). Returns a fresh array.
 */
export function blake2b(data: Uint8Array, outLen: number, key?: Uint8Array): Uint8Array {
  const keyLen = key ? key.length : 0;
  if (!Number.isInteger(outLen) || outLen < 1 || outLen > 64 || keyLen > 64)
    throw new InvalidInputError(
      'TNS_CODEC_INVALID',
      `blake2b: digest 1–64 bytes, key ≤ 64 bytes (got ${outLen}, ${keyLen})`,
    );
  if (!engine) return blake2bJs(data, keyLen ? { dkLen: outLen, key: key! } : { dkLen: outLen });
  const { compress, mem } = engine;
  mem.set(IV_BYTES, 0);
  mem[0]! ^= outLen;
  mem[1]! ^= keyLen;
  mem[2]! ^= 1; // fanout 1
  mem[3]! ^= 1; // depth 1
  const n = data.length;
  let t0 = 0;
  if (keyLen && n > 0) {
    mem.set(keyedState(key!, outLen), 0);
    t0 = 128;
  } else if (keyLen) {
    mem.fill(0, BUF, BUF + 128);
    mem.set(key!, BUF);
    compress(BUF, 128, 0, 1);
    return mem.slice(0, outLen);
  } else if (n === 0) {
    mem.fill(0, BUF, BUF + 128);
    compress(BUF, 0, 0, 1);
    return mem.slice(0, outLen);
  }
  for (let off = 0; off < n; off += CHUNK) {
    const len = Math.min(CHUNK, n - off);
    mem.set(len === n ? data : data.subarray(off, off + len), BUF);
    const blocks = Math.ceil(len / 128);
    if (blocks * 128 > len) mem.fill(0, BUF + len, BUF + blocks * 128);
    for (let j = 0; j < blocks; j++) {
      const end = off + Math.min((j + 1) * 128, len); // bytes of data consumed after this block
      const t = t0 + end;
      compress(BUF + 128 * j, t >>> 0, Math.floor(t / 4_294_967_296), end === n ? 1 : 0);
    }
  }
  return mem.slice(0, outLen);
}

/**
 * Keyed blake2b-512 of one message under each of `keys` (non-empty keys of up to 64 bytes), the digests written one
 * after another into `out` (64 bytes each): the same bytes as `blake2b(data, 64, key)` per key, with the message
 * copied into the WebAssembly memory once and each key block compressed only once per key array (the state root
 * hashes every changed entry under its four keys).
 */
export function blake2b512KeyedInto(
  data: Uint8Array,
  keys: readonly Uint8Array[],
  out: Uint8Array,
  length: number = data.length,
): void {
  if (out.length < 64 * keys.length) throw new InvalidInputError('TNS_CODEC_INVALID', 'blake2b: output too short');
  if (!Number.isInteger(length) || length < 0 || length > data.length)
    throw new InvalidInputError('TNS_CODEC_INVALID', `blake2b: length ${length} outside the data`);
  const n = length;
  if (!engine || n === 0 || n > CHUNK) {
    const message = n === data.length ? data : data.subarray(0, n);
    for (let i = 0; i < keys.length; i++) out.set(blake2b(message, 64, keys[i]), 64 * i);
    return;
  }
  const { compress, mem } = engine;
  // keyedState may use the block buffer: every key state is looked up before the message goes in.
  const states = keyStates;
  states.length = 0;
  for (const key of keys) {
    if (key.length === 0 || key.length > 64)
      throw new InvalidInputError('TNS_CODEC_INVALID', `blake2b: key of 1–64 bytes (got ${key.length})`);
    states.push(keyedState(key, 64));
  }
  const blocks = Math.ceil(n / 128);
  if (n === data.length) mem.set(data, BUF);
  else for (let i = 0; i < n; i++) mem[BUF + i] = data[i]!;
  if (blocks * 128 > n) mem.fill(0, BUF + n, BUF + blocks * 128);
  for (let i = 0; i < states.length; i++) {
    mem.set(states[i]!, 0);
    for (let j = 0; j < blocks - 1; j++) compress(BUF + 128 * j, 128 * (j + 2), 0, 0);
    compress(BUF + 128 * (blocks - 1), 128 + n, 0, 1);
    out.set(engine.h, 64 * i);
  }
  states.length = 0;
}

/** Scratch list of key states for `blake2b512KeyedInto`. */
const keyStates: Uint8Array[] = [];

/**
 * Tensorium canonical encoding, version 1 (see docs/encoding.md).
 *
 * A self-describing, canonical byte encoding of plain values. Every value has exactly one encoding, so
 * that the same transaction, header or state entry always hashes the same. Decoding is strict: it refuses
 * non-minimal integers, unsorted or duplicate map keys, invalid UTF-8 and trailing bytes.
 *
 *   tag 0x00 null | 0x01 false | 0x02 true
 *   tag 0x03 int    (a JS number that is a safe integer): zigzag LEB128
 *   tag 0x04 bigint (any size): zigzag LEB128
 *   tag 0x05 string: LEB128 byte length, UTF-8 bytes
 *   tag 0x06 bytes:  LEB128 length, raw bytes
 *   tag 0x07 array:  LEB128 count, items
 *   tag 0x08 map:    LEB128 count, (string key without tag, value) pairs, keys in ascending UTF-8 byte order
 *
 * Numbers that are not safe integers, `undefined` values and other object kinds cannot be encoded.
 * Map entries whose value is `undefined` are skipped (they mean "absent").
 */
import { InvalidInputError } from './errors.js';
import { utf8Decode, utf8Encode } from './hex.js';

export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | readonly Value[]
  | { readonly [k: string]: Value | undefined };

const T_NULL = 0x00;
const T_FALSE = 0x01;
const T_TRUE = 0x02;
const T_INT = 0x03;
const T_BIG = 0x04;
const T_STR = 0x05;
const T_BYTES = 0x06;
const T_ARR = 0x07;
const T_MAP = 0x08;

class Writer {
  buf = new Uint8Array(256);
  len = 0;
  ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.len));
    this.buf = nb;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  uvarint(n: number): void {
    // n is a non-negative safe integer: at most 8 bytes; 32-bit operations once it fits in 31 bits
    this.ensure(8);
    const buf = this.buf;
    let len = this.len;
    while (n > 0x7fffffff) {
      buf[len++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    while (n >= 0x80) {
      buf[len++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[len++] = n;
    this.len = len;
  }
  ubig(n: bigint): void {
    // Seven LEB128 groups (49 bits) at a time through a number: one bigint shift per 7 bytes, not per byte.
    while (n > 0x1ffffffffffffn) {
      const c = Number(BigInt.asUintN(49, n));
      // 28 + 21 bits, each small enough for 32-bit operations.
      let lo = c % 0x10000000;
      let hi = (c - lo) / 0x10000000;
      this.ensure(7);
      const buf = this.buf;
      let len = this.len;
      for (let i = 0; i < 4; i++, lo >>>= 7) buf[len++] = (lo & 0x7f) | 0x80;
      for (let i = 0; i < 3; i++, hi >>>= 7) buf[len++] = (hi & 0x7f) | 0x80;
      this.len = len;
      n >>= 49n;
    }
    this.uvarint(Number(n));
  }
}

/**
 * Writes a bigint below 2^50 in magnitude through numbers (no bigint comparison or arithmetic) and returns true;
 * false for larger ones. `Number(v)` is exact below 2^53, and any larger bigint converts to at least 2^53.
 */
function writeSmallBig(w: Writer, v: bigint): boolean {
  const x = Number(v);
  if (!(x < 0x4000000000000 && x > -0x4000000000000)) return false;
  w.byte(T_BIG);
  w.uvarint(x >= 0 ? x * 2 : -x * 2 - 1);
  return true;
}

function fail(msg: string): never {
  throw new InvalidInputError('TNS_CODEC_INVALID', msg);
}

const keyCache = new Map<string, Uint8Array>();
function keyBytes(k: string): Uint8Array {
  let b = keyCache.get(k);
  if (!b) {
    b = utf8Encode(k);
    if (keyCache.size < 4096) keyCache.set(k, b);
  }
  return b;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Where the encoder is (map keys and array indexes), joined into a path only for an error message. Kept only while
 * `tracking`: `encode` runs without it and, when a value cannot be encoded, encodes it again with it for the message.
 */
const pathStack: (string | number)[] = [];
let tracking = false;
function where(): string {
  let p = '';
  for (const s of pathStack) p = typeof s === 'number' ? `${p}[${s}]` : p ? `${p}.${s}` : s;
  return p || '<root>';
}

function write(w: Writer, v: Value | undefined): void {
  if (v === null) {
    w.byte(T_NULL);
    return;
  }
  switch (typeof v) {
    case 'boolean':
      w.byte(v ? T_TRUE : T_FALSE);
      return;
    case 'number': {
      if (!Number.isSafeInteger(v)) fail(`cannot encode ${v} at ${where()}: only safe integers (use bigint)`);
      w.byte(T_INT);
      // Zigzag doubles the magnitude: past 2^52 it is exact only in bigint.
      if (v > 0xfffffffffffff || v < -0xfffffffffffff) {
        w.ubig(v >= 0 ? BigInt(v) * 2n : -BigInt(v) * 2n - 1n);
        return;
      }
      w.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
      return;
    }
    case 'bigint': {
      if (writeSmallBig(w, v)) return;
      w.byte(T_BIG);
      w.ubig(v >= 0n ? v * 2n : -v * 2n - 1n);
      return;
    }
    case 'string': {
      if (v.length <= 128 && isAscii(v)) {
        // ASCII (addresses, names, hex): the bytes are the char codes, no TextEncoder call.
        w.byte(T_STR);
        w.uvarint(v.length);
        w.ensure(v.length);
        for (let i = 0; i < v.length; i++) w.buf[w.len++] = v.charCodeAt(i);
        return;
      }
      const b = utf8Encode(v);
      w.byte(T_STR);
      w.uvarint(b.length);
      w.bytes(b);
      return;
    }
    case 'object': {
      if (v instanceof Uint8Array) {
        w.byte(T_BYTES);
        w.uvarint(v.length);
        w.bytes(v);
        return;
      }
      if (Array.isArray(v)) {
        w.byte(T_ARR);
        w.uvarint(v.length);
        if (!tracking) {
          for (let i = 0; i < v.length; i++) {
            const x = v[i];
            // Small integers (most array items: per-uid vectors, counters) without a recursive call.
            if (typeof x === 'number' && x <= 0x3fffffff && x >= -0x3fffffff && Number.isInteger(x)) {
              w.ensure(6);
              const buf = w.buf;
              let len = w.len;
              buf[len++] = T_INT;
              let z = x >= 0 ? x * 2 : -x * 2 - 1;
              while (z >= 0x80) {
                buf[len++] = (z & 0x7f) | 0x80;
                z >>>= 7;
              }
              buf[len++] = z;
              w.len = len;
            } else if (typeof x === 'bigint' && writeSmallBig(w, x)) {
              // written
            } else write(w, x);
          }
          return;
        }
        pathStack.push(0);
        for (let i = 0; i < v.length; i++) {
          pathStack[pathStack.length - 1] = i;
          write(w, v[i]);
        }
        pathStack.pop();
        return;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null)
        fail(`cannot encode object of kind ${proto?.constructor?.name} at ${where()}`);
      const m = v as Record<string, Value | undefined>;
      const keys = Object.keys(m);
      if (!tracking && inCanonicalOrder(m, keys)) {
        // Keys already ascending (values decoded or built in order): no sort.
        w.byte(T_MAP);
        w.uvarint(keys.length);
        for (const k of keys) {
          w.uvarint(k.length);
          w.ensure(k.length);
          for (let i = 0; i < k.length; i++) w.buf[w.len++] = k.charCodeAt(i);
          write(w, m[k]);
        }
        return;
      }
      const entries: [Uint8Array, string][] = [];
      for (const k of keys) if (m[k] !== undefined) entries.push([keyBytes(k), k]);
      entries.sort((a, b) => compareBytes(a[0], b[0]));
      w.byte(T_MAP);
      w.uvarint(entries.length);
      if (tracking) pathStack.push('');
      for (const [kb, k] of entries) {
        w.uvarint(kb.length);
        w.bytes(kb);
        if (tracking) pathStack[pathStack.length - 1] = k;
        write(w, m[k]);
      }
      if (tracking) pathStack.pop();
      return;
    }
    default:
      fail(`cannot encode a value of type ${typeof v} at ${where()}`);
  }
}

/**
 * One writer for every call (encoding never re-enters `encode`): its buffer is allocated once and reused, so that
 * an encoding costs one allocation, its result. A buffer grown past 1 MiB for a large value is dropped afterwards.
 */
const scratch = new Writer();

/** Encodes a value canonically. */
export function encode(v: Value): Uint8Array {
  const w = scratch;
  w.len = 0;
  try {
    write(w, v);
    return w.buf.slice(0, w.len);
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    // Again with the path kept, for the message.
    w.len = 0;
    pathStack.length = 0;
    tracking = true;
    try {
      write(w, v);
    } finally {
      tracking = false;
    }
    throw e;
  } finally {
    if (w.buf.length > 1 << 20) w.buf = new Uint8Array(256);
  }
}

/**
 * Whether a map's keys are short ASCII strings, strictly ascending (for ASCII, string order is the canonical byte
 * order) and all defined: then it is encoded in key order without sorting.
 */
function inCanonicalOrder(m: Record<string, Value | undefined>, keys: readonly string[]): boolean {
  let prev = '';
  for (let j = 0; j < keys.length; j++) {
    const k = keys[j]!;
    if ((j > 0 && !(prev < k)) || m[k] === undefined || !isAscii(k)) return false;
    prev = k;
  }
  return true;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** UTF-8 bytes to a string; short ASCII without a TextDecoder call (ASCII is always valid UTF-8). */
function decodeText(b: Uint8Array): string {
  if (b.length <= 128) {
    let ascii = true;
    for (let i = 0; i < b.length; i++)
      if (b[i]! > 0x7f) {
        ascii = false;
        break;
      }
    if (ascii) return String.fromCharCode.apply(null, b as unknown as number[]);
  }
  return utf8Decode(b);
}

/** Maximum nesting depth accepted by `decode` (guards against stack exhaustion on hostile input). */
export const MAX_DEPTH = 64;

class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.buf.length) fail('unexpected end of input');
    return this.buf[this.pos++]!;
  }
  uvarint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; ; i++) {
      const b = this.byte();
      if (i > 0 && b === 0) fail('non-minimal integer encoding');
      result += (b & 0x7f) * mul;
      if (!Number.isSafeInteger(result)) fail('integer too large');
      if ((b & 0x80) === 0) return result;
      mul *= 0x80;
    }
  }
  ubig(): bigint {
    // Groups are gathered seven at a time (49 bits) in a number, then joined as bigints.
    let result = 0n;
    let shift = 0n;
    let chunk = 0;
    let mul = 1;
    for (let i = 0; ; i++) {
      const b = this.byte();
      if (i > 0 && b === 0) fail('non-minimal integer encoding');
      chunk += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return shift === 0n ? BigInt(chunk) : result | (BigInt(chunk) << shift);
      if (i % 7 === 6) {
        result |= BigInt(chunk) << shift;
        shift += 49n;
        chunk = 0;
        mul = 1;
      } else mul *= 0x80;
      if (i >= 1024) fail('integer too large');
    }
  }
  take(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) fail('unexpected end of input');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

function read(r: Reader, depth: number): Value {
  if (depth > MAX_DEPTH) fail('nesting too deep');
  const t = r.byte();
  switch (t) {
    case T_NULL:
      return null;
    case T_FALSE:
      return false;
    case T_TRUE:
      return true;
    case T_INT: {
      // Zigzag values of safe integers reach 2^54 − 3: beyond 7 LEB128 bytes (49 bits) decode them exactly as bigint.
      const start = r.pos;
      const last = Math.min(r.buf.length, start + 7);
      let i = start;
      while (i < last && (r.buf[i]! & 0x80) !== 0) i++;
      if (i < last) {
        const z = r.uvarint();
        return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      }
      const zb = r.ubig();
      const v = zb % 2n === 0n ? zb / 2n : -(zb + 1n) / 2n;
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) fail('integer too large');
      return Number(v);
    }
    case T_BIG: {
      // Up to 7 LEB128 bytes (49 bits) the zigzag value is decoded as a number (see T_INT).
      const start = r.pos;
      const last = Math.min(r.buf.length, start + 7);
      let i = start;
      while (i < last && (r.buf[i]! & 0x80) !== 0) i++;
      if (i < last) {
        const z = r.uvarint();
        return BigInt(z % 2 === 0 ? z / 2 : -(z + 1) / 2);
      }
      const z = r.ubig();
      // Zigzag: even z → z/2, odd z → −(z+1)/2 = ~(z >> 1).
      return (z & 1n) === 0n ? z >> 1n : ~(z >> 1n);
    }
    case T_STR: {
      const n = r.uvarint();
      try {
        return decodeText(r.take(n));
      } catch {
        return fail('invalid UTF-8');
      }
    }
    case T_BYTES:
      return r.take(r.uvarint()).slice();
    case T_ARR: {
      const n = r.uvarint();
      if (n > r.buf.length - r.pos) fail('array count exceeds input');
      const out: Value[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = read(r, depth + 1);
      return out;
    }
    case T_MAP: {
      const n = r.uvarint();
      if (n > r.buf.length - r.pos) fail('map count exceeds input');
      const out: Record<string, Value> = {};
      let prev: Uint8Array | undefined;
      for (let i = 0; i < n; i++) {
        const kb = r.take(r.uvarint());
        if (prev && compareBytes(prev, kb) >= 0) fail('map keys not in canonical order');
        prev = kb;
        let k: string;
        try {
          k = decodeText(kb);
        } catch {
          fail('invalid UTF-8 in map key');
        }
        const val = read(r, depth + 1);
        // A "__proto__" key is an own property like any other (assigning it would set the prototype instead).
        if (k === '__proto__')
          Object.defineProperty(out, k, { value: val, enumerable: true, writable: true, configurable: true });
        else out[k] = val;
      }
      return out;
    }
    default:
      fail(`unknown tag 0x${t.toString(16)} at byte ${r.pos - 1}`);
  }
}

/** Decodes canonical bytes; throws `TNS_CODEC_INVALID` on anything non-canonical. */
export function decode(bytes: Uint8Array): Value {
  const r = new Reader(bytes);
  const v = read(r, 0);
  if (r.pos !== bytes.length) fail(`${bytes.length - r.pos} trailing bytes`);
  return v;
}

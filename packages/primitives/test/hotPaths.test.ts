// The fast paths of the codec's bigint varints and of keyed blake2b (a cached key-block state) give the same bytes as
// the straightforward definitions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blake2b as nobleBlake2b } from '@noble/hashes/blake2.js';
import { blake2b512KeyedInto, decode, encode, toHex } from '@tensorium/primitives';
import { blake2b } from '../src/blake2b.js';

/** LEB128 of a zigzag value, one 7-bit group at a time (the definition in docs/encoding.md). */
function referenceBig(v: bigint): number[] {
  let z = v >= 0n ? v * 2n : -v * 2n - 1n;
  const out = [0x04];
  while (z >= 0x80n) {
    out.push(Number(z & 0x7fn) | 0x80);
    z >>= 7n;
  }
  out.push(Number(z));
  return out;
}

function referenceUvarint(n: number): number[] {
  let z = BigInt(n);
  const out: number[] = [];
  while (z >= 0x80n) {
    out.push(Number(z & 0x7fn) | 0x80);
    z >>= 7n;
  }
  out.push(Number(z));
  return out;
}

let x = 0x1234_5679;
const next = () => {
  x ^= x << 13;
  x >>>= 0;
  x ^= x >>> 17;
  x ^= x << 5;
  return (x >>>= 0);
};

describe('codec bigint fast paths', () => {
  it('encodes and decodes bigints around every 7-bit group boundary like the one-group-at-a-time definition', () => {
    const values: bigint[] = [];
    for (let b = 0n; b < 400n; b++) for (const d of [-1n, 0n, 1n]) values.push((1n << b) + d, -((1n << b) + d));
    for (let i = 0; i < 2000; i++) {
      let v = 0n;
      for (let j = next() % 6; j >= 0; j--) v = (v << 32n) | BigInt(next());
      values.push(i % 2 ? v : -v);
    }
    for (const v of values) {
      const e = encode(v);
      assert.equal(toHex(e), toHex(Uint8Array.from(referenceBig(v))), String(v));
      assert.equal(decode(e), v, String(v));
    }
  });

  it('encodes arrays of integers (the small-integer fast path) like the one-group-at-a-time definition', () => {
    const items = [0, -0, 1, -1, 63, 64, -64, -65, 127, 128, 0x3fffffff, -0x3fffffff, 0x40000000, -0x40000000, 2 ** 52];
    for (let i = 0; i < 3000; i++)
      items.push((next() % 5 === 0 ? next() * 4096 : next() >>> (next() % 32)) * (i % 2 ? -1 : 1));
    const expected = [0x07, ...referenceUvarint(items.length)];
    for (const v of items) expected.push(0x03, ...referenceUvarint(v >= 0 ? v * 2 : -v * 2 - 1));
    const e = encode(items);
    assert.equal(toHex(e), toHex(Uint8Array.from(expected)));
    assert.deepEqual(
      decode(e),
      items.map((v) => (Object.is(v, -0) ? 0 : v)),
    );
  });

  it('still refuses non-minimal and oversized bigint varints', () => {
    assert.throws(() => decode(Uint8Array.from([0x04, 0x80, 0x00])), /non-minimal/);
    assert.throws(
      () => decode(Uint8Array.from([0x04, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])),
      /non-minimal/,
    );
    assert.throws(() => decode(Uint8Array.from([0x04, ...new Array(1025).fill(0xff), 0x01])), /too large/);
    assert.equal(typeof decode(Uint8Array.from([0x04, ...new Array(1024).fill(0xff), 0x01])), 'bigint');
  });
});

describe('keyed blake2b with a cached key state', () => {
  it('agrees with @noble/hashes when one key array hashes many messages, and after the key is changed in place', () => {
    const key = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
    for (let round = 0; round < 3; round++) {
      for (const len of [0, 1, 64, 127, 128, 129, 300]) {
        const data = Uint8Array.from({ length: len }, () => next() & 0xff);
        for (const outLen of [32, 64]) {
          const expected = toHex(nobleBlake2b(data, { dkLen: outLen, key }));
          assert.equal(toHex(blake2b(data, outLen, key)), expected, `${round} ${len} ${outLen}`);
        }
      }
      key[round] ^= 0xff; // the cache must notice
    }
  });

  it('hashes one message under several keys at once as one keyed hash per key', () => {
    const keys = [1, 16, 64].map((n) => Uint8Array.from({ length: n }, () => next() & 0xff));
    const out = new Uint8Array(64 * keys.length);
    for (const len of [0, 1, 127, 128, 129, 1000, 32_768, 40_000]) {
      const data = Uint8Array.from({ length: len }, () => next() & 0xff);
      blake2b512KeyedInto(data, keys, out);
      const padded = new Uint8Array(len + 7);
      padded.set(data);
      const out2 = new Uint8Array(out.length);
      blake2b512KeyedInto(padded, keys, out2, len);
      assert.equal(toHex(out2), toHex(out), `length ${len}`);
      for (const [i, key] of keys.entries())
        assert.equal(
          toHex(out.subarray(64 * i, 64 * i + 64)),
          toHex(nobleBlake2b(data, { dkLen: 64, key })),
          `${len} ${i}`,
        );
    }
  });
});

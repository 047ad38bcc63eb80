import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blake2b as nobleBlake2b } from '@noble/hashes/blake2.js';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { blake2b256, blake2b256Hex, blake2b512Keyed, toHex, utf8Encode } from '@tensorium/primitives';
import { blake2b, blake2bUsesWasm } from '../src/blake2b.js';

/** xorshift32: deterministic test input. */
let x = 0x2b1a_0001;
const next = () => {
  x ^= x << 13;
  x >>>= 0;
  x ^= x >>> 17;
  x ^= x << 5;
  return (x >>>= 0);
};
const bytes = (n: number) => Uint8Array.from({ length: n }, () => next() & 0xff);

describe('blake2b (WebAssembly compression function)', () => {
  it('runs in WebAssembly here', () => assert.equal(blake2bUsesWasm, true));

  it('RFC 7693 appendix A and the empty-input digests', () => {
    assert.equal(
      toHex(blake2b(utf8Encode('abc'), 64)),
      '0xba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923',
    );
    assert.equal(blake2b256Hex(''), '0x0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8');
  });

  it('agrees with @noble/hashes on every block boundary, digest size and key size', () => {
    for (const len of [0, 1, 111, 127, 128, 129, 255, 256, 257, 1023, 32_767, 32_768, 32_769, 65_536, 70_001]) {
      const data = bytes(len);
      const big = len > 1024;
      for (const outLen of big ? [32, 64] : [1, 20, 31, 32, 33, 48, 64])
        for (const keyLen of big ? [0, 64] : [0, 1, 16, 32, 63, 64]) {
          const key = bytes(keyLen);
          const expected = nobleBlake2b(data, keyLen ? { dkLen: outLen, key } : { dkLen: outLen });
          assert.equal(
            toHex(blake2b(data, outLen, keyLen ? key : undefined)),
            toHex(expected),
            `${len} ${outLen} ${keyLen}`,
          );
        }
    }
  });

  it('agrees with util-crypto blake2AsU8a (what hash.ts used before) on random inputs', async () => {
    await cryptoWaitReady();
    for (let i = 0; i < 300; i++) {
      const data = bytes(next() % 600);
      const key = bytes(next() % 65);
      assert.equal(toHex(blake2b256(data)), toHex(blake2AsU8a(data, 256)));
      assert.equal(toHex(blake2b512Keyed(data, key)), toHex(blake2AsU8a(data, 512, key)));
    }
  });

  it('returns a fresh array each time and leaves its input alone', () => {
    const data = bytes(200);
    const copy = data.slice();
    const a = blake2b256(data);
    const b = blake2b256(data);
    assert.notEqual(a, b);
    a[0] = a[0]! ^ 1;
    assert.notEqual(toHex(a), toHex(b));
    assert.deepEqual(data, copy);
  });

  it('rejects digest and key sizes outside RFC 7693', () => {
    for (const [outLen, keyLen] of [
      [0, 0],
      [65, 0],
      [32, 65],
      [1.5, 0],
    ] as const)
      assert.throws(() => blake2b(new Uint8Array(1), outLen, new Uint8Array(keyLen)), { code: 'TNS_CODEC_INVALID' });
  });
});

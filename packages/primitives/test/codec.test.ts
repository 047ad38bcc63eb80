import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decode, encode, fromHex, toHex, type Value } from '@tensorium/primitives';

describe('canonical codec', () => {
  it('round-trips every kind of value, including safe-integer extremes', () => {
    const values: Value[] = [
      null,
      true,
      false,
      0,
      -1,
      127,
      128,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      2 ** 52,
      0n,
      -(2n ** 200n),
      2n ** 64n - 1n,
      '',
      'τ ünïcode',
      new Uint8Array([0, 1, 255]),
      [1, [2, ['x']]],
      { b: 1, a: { z: null, y: [1n] } },
    ];
    for (const v of values) assert.deepEqual(decode(encode(v)), v, String(v));
  });

  it('is canonical: map keys sorted, number and bigint distinct', () => {
    assert.equal(toHex(encode({ b: 1, a: 2 })), toHex(encode({ a: 2, b: 1 })));
    assert.notEqual(toHex(encode(5)), toHex(encode(5n)));
    assert.equal(toHex(encode(-1)), '0x0301');
    assert.equal(toHex(encode({ a: 1 })), '0x0801016103' + '02');
  });

  it('refuses non-canonical and malformed input', () => {
    const bad = [
      '0x038000', // non-minimal varint
      '0x0802016203010161030', // odd hex is refused by fromHex below, so use valid cases only
    ];
    assert.throws(() => decode(fromHex(bad[0]!)), /non-minimal/);
    assert.throws(() => decode(fromHex('0x08020162030201610302')), /canonical order/);
    assert.throws(() => decode(fromHex('0x0300ff')), /trailing/);
    assert.throws(() => decode(fromHex('0x09')), /unknown tag/);
    assert.throws(() => decode(fromHex('0x0505ffffffffff')), /UTF-8/);
    assert.throws(() => decode(fromHex('0x03ffffffffffffffff7f')), /too large/);
    assert.throws(() => encode(1.5 as Value), /safe integers/);
    let deep: Value = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    assert.throws(() => decode(encode(deep)), /too deep/);
  });
});

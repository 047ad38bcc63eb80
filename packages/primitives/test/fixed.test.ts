import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type FixedPointType,
  fxConvert,
  fxExpSafe,
  fxPropToU16,
  fxPropToU16Number,
  fxU16Prop,
  fxU16PropNumber,
  I32F32,
  I64F64,
  I96F32,
  U64F64,
  U96F32,
} from '@tensorium/primitives';

/** Deterministic 64-bit xorshift generator for property tests. */
function rng(seed: bigint): (bits: number) => bigint {
  let s = seed || 1n;
  const M = (1n << 64n) - 1n;
  return (bits: number) => {
    let out = 0n;
    for (let k = 0; k < bits; k += 64) {
      s ^= (s << 13n) & M;
      s ^= s >> 7n;
      s ^= (s << 17n) & M;
      out = (out << 64n) | s;
    }
    return out & ((1n << BigInt(bits)) - 1n);
  };
}

/** Exact rational floor and truncation. */
const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};

const TYPES: FixedPointType[] = [I32F32, I64F64, I96F32, U96F32, U64F64];

describe('fixed-point types', () => {
  it('have the documented shapes', () => {
    assert.equal(I32F32.ONE, 1n << 32n);
    assert.equal(I32F32.MAX, (1n << 63n) - 1n);
    assert.equal(I32F32.MIN, -(1n << 63n));
    assert.equal(I64F64.ONE, 1n << 64n);
    assert.equal(I64F64.MAX, (1n << 127n) - 1n);
    assert.equal(I96F32.ONE, 1n << 32n);
    assert.equal(I96F32.MAX, (1n << 127n) - 1n);
    assert.equal(U96F32.MIN, 0n);
    assert.equal(U96F32.MAX, (1n << 128n) - 1n);
    assert.equal(U64F64.ONE, 1n << 64n);
    assert.equal(U64F64.MAX, (1n << 128n) - 1n);
  });

  it('mul floors toward minus infinity', () => {
    // 0.5 * (-2^-32) = -2^-33 → floor → -2^-32
    assert.equal(I32F32.mul(I32F32.ONE / 2n, -1n), -1n);
    assert.equal(I32F32.mul(I32F32.ONE / 2n, 1n), 0n);
    assert.equal(I32F32.mul(I32F32.fromInt(3), I32F32.ratio(1, 2)), I32F32.fromDecimal('1.5'));
  });

  it('div truncates toward zero, safe_div gives 0 on zero divisor and overflow', () => {
    // -1 / 3 in I32F32: -(2^32/3) truncated = -1431655765
    assert.equal(I32F32.div(-I32F32.ONE, I32F32.fromInt(3)), -1431655765n);
    assert.equal(I32F32.div(I32F32.ONE, I32F32.fromInt(3)), 1431655765n);
    assert.equal(I32F32.div(I32F32.ONE, 0n), 0n);
    assert.equal(I32F32.div(I32F32.fromInt(1 << 30), 1n), 0n); // quotient overflows → 0
    assert.equal(I32F32.checkedDiv(I32F32.ONE, 0n), null);
    assert.equal(I32F32.saturatingDiv(I32F32.fromInt(1 << 30), 1n), I32F32.MAX);
    assert.equal(I32F32.saturatingDiv(-I32F32.ONE, 0n), I32F32.MIN);
    assert.equal(I32F32.saturatingDiv(0n, 0n), 0n);
    // steepness 1000 / -100 = -10 exactly; 1234 / -100 truncates toward zero
    assert.equal(I32F32.saturatingDiv(I32F32.fromInt(1000), I32F32.fromInt(-100)), I32F32.fromInt(-10));
    assert.equal(I32F32.saturatingDiv(I32F32.fromInt(1234), I32F32.fromInt(-100)), -((1234n << 32n) / 100n));
  });

  it('saturates add, sub and mul; checked variants return null', () => {
    assert.equal(I32F32.add(I32F32.MAX, 1n), I32F32.MAX);
    assert.equal(I32F32.sub(I32F32.MIN, 1n), I32F32.MIN);
    assert.equal(U96F32.sub(0n, 1n), 0n);
    assert.equal(U64F64.sub(U64F64.ONE, U64F64.fromInt(2)), 0n);
    assert.equal(I32F32.checkedAdd(I32F32.MAX, 1n), null);
    assert.equal(I32F32.mul(I32F32.fromInt(1 << 20), I32F32.fromInt(1 << 20)), I32F32.MAX);
    assert.equal(I32F32.checkedMul(I32F32.fromInt(1 << 20), I32F32.fromInt(1 << 20)), null);
    assert.equal(I32F32.mul(I32F32.fromInt(1 << 20), I32F32.fromInt(-(1 << 20))), I32F32.MIN);
  });

  it('converts to and from integers and decimals', () => {
    assert.equal(I32F32.toIntFloor(I32F32.fromDecimal('-0.5')), -1n);
    assert.equal(I32F32.toIntFloor(I32F32.fromDecimal('2.75')), 2n);
    assert.equal(U96F32.toIntSaturating(U96F32.fromInt(1n << 70n), 0n, (1n << 64n) - 1n), (1n << 64n) - 1n);
    assert.equal(I32F32.toDecimal(1431655765n), '0.3333333333');
    assert.equal(I32F32.toDecimal(I32F32.ONE / 2n), '0.5');
    assert.equal(I32F32.toDecimal(-I32F32.fromInt(3)), '-3');
    assert.equal(I32F32.toDecimal(I32F32.fromDecimal('0.1')), '0.1');
    assert.equal(I32F32.fromNumber(0.51), I32F32.fromDecimal('0.51'));
    assert.equal(I32F32.fromNumber(Math.fround(0.51)), BigInt(Math.fround(0.51) * 2 ** 32));
    assert.equal(I32F32.round(I32F32.fromDecimal('2.5')), I32F32.fromInt(3));
    assert.equal(I32F32.round(I32F32.fromDecimal('-2.5')), I32F32.fromInt(-3));
    assert.equal(I32F32.round(I32F32.fromDecimal('-2.4')), I32F32.fromInt(-2));
    assert.equal(I32F32.floor(I32F32.fromDecimal('-2.4')), I32F32.fromInt(-3));
  });

  it('toDecimal reads back to the same bits (random)', () => {
    const r = rng(7n);
    for (const T of TYPES) {
      for (let k = 0; k < 200; k++) {
        let b = r(T.fracBits + 8);
        if (T.signed && (k & 1) === 1) b = -b;
        assert.equal(T.fromDecimal(T.toDecimal(b)), b, `${T.name} ${b}`);
      }
    }
  });

  it('fxConvert floors extra fraction bits and widens exactly', () => {
    const x = I64F64.fromDecimal('-0.3');
    assert.equal(fxConvert(x, I64F64, I32F32), x >> 32n);
    assert.equal(fxConvert(I32F32.ONE, I32F32, I64F64), I64F64.ONE);
    assert.equal(fxConvert(U96F32.fromInt(1n << 100n), U96F32, I32F32), I32F32.MAX);
  });

  it('mul and div match exact rational arithmetic on random operands', () => {
    const r = rng(12345n);
    for (const T of TYPES) {
      const F = BigInt(T.fracBits);
      const half = T.totalBits / 2 + 4;
      for (let k = 0; k < 500; k++) {
        let a = r(half);
        let b = r(half - (k % 7) * 3) + 1n;
        if (T.signed) {
          if (k & 1) a = -a;
          if (k & 2) b = -b;
        }
        // mul: floor(a*b / 2^F)
        const m = floorDiv(a * b, 1n << F);
        assert.equal(T.mul(a, b), T.saturate(m), `${T.name} mul`);
        // div: trunc(a * 2^F / b), 0 on overflow
        const q = (a * (1n << F)) / b;
        assert.equal(T.div(a, b), T.inRange(q) ? q : 0n, `${T.name} div`);
        // add/sub exact when in range
        const s = a + b;
        assert.equal(T.add(a, b), T.saturate(s));
      }
    }
  });

  it('u16 proportion conversions', () => {
    assert.equal(fxU16Prop(65535), 1n << 32n);
    assert.equal(fxU16Prop(0), 0n);
    assert.equal(fxU16Prop(32767), 0x7fff7fffn); // kappa default
    assert.equal(I32F32.div(I32F32.fromInt(65535), I32F32.fromInt(65535)), I32F32.ONE);
    assert.equal(fxPropToU16(1n << 32n), 65535);
    assert.equal(fxPropToU16(1n << 33n), 65535);
    assert.equal(fxPropToU16(-5n), 0);
    assert.equal(fxPropToU16((1n << 32n) / 2n), 32767);
    for (let u = 0; u <= 65535; u += 97) {
      assert.equal(fxU16PropNumber(u), Number(fxU16Prop(u)));
      const back = fxPropToU16(fxU16Prop(u));
      assert.ok(back === u || back === u - 1, `u16 round trip ${u} -> ${back}`);
    }
    const r = rng(99n);
    for (let k = 0; k < 2000; k++) {
      const b = r(34) - (1n << 32n);
      assert.equal(fxPropToU16Number(Number(b)), fxPropToU16(b));
    }
  });

  it('exp_safe: special values and agreement with the true exponential', () => {
    const ONE = 1n << 32n;
    assert.equal(fxExpSafe(0n), ONE);
    assert.equal(fxExpSafe(ONE), 22802600n << 9n);
    // clamps at ±20
    assert.equal(fxExpSafe(I32F32.fromInt(25)), fxExpSafe(I32F32.fromInt(20)));
    assert.equal(fxExpSafe(I32F32.fromInt(-25)), fxExpSafe(I32F32.fromInt(-20)));
    for (const x of [-5, -2.5, -0.5, 0.25, 2, 5, 10]) {
      const v = I32F32.toNumber(fxExpSafe(I32F32.fromNumber(x)));
      assert.ok(Math.abs(v - Math.exp(x)) <= Math.exp(x) * 1e-6 + 1e-8, `exp(${x}) = ${v}`);
    }
    // 1/r for negative arguments is exactly the fixed division of 1 by exp(|x|)
    const x = I32F32.fromDecimal('1.75');
    assert.equal(fxExpSafe(-x), I32F32.div(ONE, fxExpSafe(x)));
  });
});

// SafeFloat's table-driven normalisation against the definition: normalising one digit at a time with bigint exponents
// (the straightforward transcription of the chain's arithmetic, kept here as the reference).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type SafeFloat,
  safeFloatAdd,
  safeFloatDiv,
  safeFloatMulDiv,
  safeFloatNew,
  safeFloatSub,
  safeFloatToU64,
} from '../src/economy/safeFloat.js';

const MAX = 10n ** 21n;
const MIN = MAX / 10n;
const U64 = (1n << 64n) - 1n;
const I64_MAX = 2n ** 63n - 1n;
const I64_MIN = -(2n ** 63n);

const ref = {
  pow(e: bigint): bigint {
    return e > 22n ? MAX * 10n : 10n ** e;
  },
  norm(m: bigint, e: bigint): SafeFloat | undefined {
    if (m === 0n) return { mantissa: 0n, exponent: 0 };
    while (m > MAX) {
      m /= 10n;
      e += 1n;
    }
    while (m <= MIN) {
      m *= 10n;
      e -= 1n;
    }
    if (e > I64_MAX || e < I64_MIN) return undefined;
    return { mantissa: m, exponent: Number(e) };
  },
  create(m: bigint, e: number): SafeFloat | undefined {
    return m < 0n || m > MAX ? undefined : ref.norm(m, BigInt(e));
  },
  toU64(v: SafeFloat): bigint {
    if (v.exponent === 0) return v.mantissa > U64 ? U64 : v.mantissa;
    const e = BigInt(v.exponent);
    const q = e > 0n ? v.mantissa * ref.pow(e) : v.mantissa / ref.pow(-e);
    return q > U64 ? U64 : q;
  },
  mulDiv(s: SafeFloat, a: SafeFloat, b: SafeFloat): SafeFloat | undefined {
    if (b.mantissa === 0n) return undefined;
    return ref.norm(
      (s.mantissa * a.mantissa) / b.mantissa,
      BigInt(s.exponent) + BigInt(a.exponent) - BigInt(b.exponent),
    );
  },
  div(s: SafeFloat, a: SafeFloat): SafeFloat | undefined {
    if (a.mantissa === 0n) return undefined;
    return ref.norm((s.mantissa * MAX) / a.mantissa, BigInt(s.exponent) - BigInt(a.exponent) - 21n);
  },
  align(x: SafeFloat, y: SafeFloat): [bigint, bigint, bigint] {
    if (x.exponent >= y.exponent)
      return [x.mantissa, y.mantissa / ref.pow(BigInt(x.exponent) - BigInt(y.exponent)), BigInt(x.exponent)];
    return [x.mantissa / ref.pow(BigInt(y.exponent) - BigInt(x.exponent)), y.mantissa, BigInt(y.exponent)];
  },
  add(s: SafeFloat, a: SafeFloat): SafeFloat | undefined {
    if (s.mantissa === 0n) return a;
    if (a.mantissa === 0n) return s;
    const [m1, m2, e] = ref.align(s, a);
    return ref.norm(m1 + m2, e);
  },
  sub(s: SafeFloat, a: SafeFloat): SafeFloat | undefined {
    if (s.mantissa === 0n && a.mantissa === 0n) return { mantissa: 0n, exponent: 0 };
    if (s.mantissa === 0n) return undefined;
    if (a.mantissa === 0n) return s;
    const [m1, m2, e] = ref.align(s, a);
    return ref.norm(m1 > m2 ? m1 - m2 : 0n, e);
  },
};

let x = 0x9e37_79b9;
const next = (): number => {
  x ^= x << 13;
  x >>>= 0;
  x ^= x >>> 17;
  x ^= x << 5;
  return (x >>>= 0);
};
/** A random mantissa of 0 to 22 digits, biased to the edges of the normalised range. */
function mantissa(): bigint {
  const r = next() % 8;
  if (r === 0) return [0n, 1n, MIN, MIN + 1n, MAX, MAX - 1n, U64][next() % 7]!;
  let m = 0n;
  for (let d = next() % 23; d > 0; d--) m = m * 10n + BigInt(next() % 10);
  return m;
}
function exponent(): number {
  const r = next() % 10;
  if (r === 0) return [2 ** 50, -(2 ** 50), 2 ** 53 - 1, -(2 ** 53 - 1), 9e18, -9e18][next() % 6]!;
  return (next() % 61) - 30;
}
const show = (v: SafeFloat | undefined) => (v === undefined ? 'undefined' : `${v.mantissa}e${v.exponent}`);

describe('SafeFloat', () => {
  it('agrees with the digit-at-a-time definition on random operands, large exponents included', () => {
    for (let i = 0; i < 20_000; i++) {
      const [m1, e1, m2, e2, m3, e3] = [mantissa(), exponent(), mantissa(), exponent(), mantissa(), exponent()];
      const ctx = `${m1}e${e1} ${m2}e${e2} ${m3}e${e3}`;
      assert.equal(show(safeFloatNew(m1, e1)), show(ref.create(m1, e1)), `new ${ctx}`);
      const a = ref.create(m1, e1);
      const b = ref.create(m2, e2);
      const c = ref.create(m3, e3);
      if (!a || !b || !c) continue;
      assert.equal(safeFloatToU64(a), ref.toU64(a), `toU64 ${ctx}`);
      assert.equal(show(safeFloatMulDiv(a, b, c)), show(ref.mulDiv(a, b, c)), `mulDiv ${ctx}`);
      assert.equal(show(safeFloatDiv(a, b)), show(ref.div(a, b)), `div ${ctx}`);
      assert.equal(show(safeFloatAdd(a, b)), show(ref.add(a, b)), `add ${ctx}`);
      assert.equal(show(safeFloatSub(a, b)), show(ref.sub(a, b)), `sub ${ctx}`);
    }
  });

  it('normalises u64 amounts of every length', () => {
    for (let m = 1n; m <= U64; m = m * 10n + 7n)
      for (const e of [0, -5, 17]) assert.equal(show(safeFloatNew(m, e)), show(ref.create(m, e)), `${m}e${e}`);
  });
});

// SafeFloat: the decimal floating-point number of the chain's stake share pools (spec/economics.md §6.1).
//
// A value is `mantissa · 10^exponent`, with the mantissa kept in (10^20, 10^21] (or 0). Every operation works on the
// exact integers and truncates like the reference's U256 arithmetic, so results agree to the unit.
import { U64_MAX } from './constants.js';

/** A SafeFloat value; `mantissa = 0` means zero (then `exponent = 0`). */
export interface SafeFloat {
  readonly mantissa: bigint;
  readonly exponent: number;
}

/** Largest mantissa, 10^21. */
export const SAFE_FLOAT_MAX = 10n ** 21n;
const SAFE_FLOAT_MAX_EXP = 21;
const MIN_MANTISSA = SAFE_FLOAT_MAX / 10n;
const I64_MAX = 2n ** 63n - 1n;
const I64_MIN = -(2n ** 63n);

/** Zero. */
export const SAFE_FLOAT_ZERO: SafeFloat = { mantissa: 0n, exponent: 0 };

/** `10^e` capped at `10^(MAX_EXP+1)` like the chain's `cappow10` (larger powers are never needed). */
function cappow10(e: bigint): bigint {
  if (e > BigInt(SAFE_FLOAT_MAX_EXP + 1)) return SAFE_FLOAT_MAX * 10n;
  return 10n ** e;
}

/** Normalises a (non-negative) mantissa into (10^20, 10^21]; `undefined` if the exponent leaves the i64 range. */
function normalize(mantissa: bigint, exponent: bigint): SafeFloat | undefined {
  if (mantissa === 0n) return SAFE_FLOAT_ZERO;
  let m = mantissa;
  let e = exponent;
  while (m > SAFE_FLOAT_MAX) {
    m /= 10n;
    e += 1n;
  }
  while (m <= MIN_MANTISSA) {
    m *= 10n;
    e -= 1n;
  }
  if (e > I64_MAX || e < I64_MIN) return undefined;
  return { mantissa: m, exponent: Number(e) };
}

/** `SafeFloat::new(mantissa, exponent)`; `undefined` when the mantissa exceeds 10^21. */
export function safeFloatNew(mantissa: bigint, exponent = 0): SafeFloat | undefined {
  if (mantissa < 0n || mantissa > SAFE_FLOAT_MAX) return undefined;
  return normalize(mantissa, BigInt(exponent));
}

/** `SafeFloat::from(u64)` (zero on failure, as the chain's `unwrap_or_default`). */
export function safeFloatFromU64(v: bigint): SafeFloat {
  return safeFloatNew(v, 0) ?? SAFE_FLOAT_ZERO;
}

/** `u64::from(&SafeFloat)`: `mantissa · 10^exponent` truncated, saturating at `u64::MAX`. */
export function safeFloatToU64(v: SafeFloat): bigint {
  if (v.exponent === 0) return v.mantissa > U64_MAX ? U64_MAX : v.mantissa;
  const e = BigInt(v.exponent);
  const scale = cappow10(e < 0n ? -e : e);
  const q = e > 0n ? v.mantissa * scale : v.mantissa / scale;
  return q > U64_MAX ? U64_MAX : q;
}

/** `self · a / b` without intermediate rounding (truncating once); `undefined` when `b` is zero. */
export function safeFloatMulDiv(self: SafeFloat, a: SafeFloat, b: SafeFloat): SafeFloat | undefined {
  if (b.mantissa === 0n) return undefined;
  const m = (self.mantissa * a.mantissa) / b.mantissa;
  return normalize(m, BigInt(self.exponent) + BigInt(a.exponent) - BigInt(b.exponent));
}

/** `self / a` keeping 21 digits: `(m1 · 10^21 / m2) · 10^(e1 − e2 − 21)`; `undefined` on a zero divisor. */
export function safeFloatDiv(self: SafeFloat, a: SafeFloat): SafeFloat | undefined {
  if (a.mantissa === 0n) return undefined;
  return normalize((self.mantissa * SAFE_FLOAT_MAX) / a.mantissa, BigInt(self.exponent) - BigInt(a.exponent) - BigInt(SAFE_FLOAT_MAX_EXP));
}

function align(x: SafeFloat, y: SafeFloat): { m1: bigint; m2: bigint; e: bigint } {
  if (x.exponent >= y.exponent) {
    const diff = BigInt(x.exponent) - BigInt(y.exponent);
    return { m1: x.mantissa, m2: y.mantissa / cappow10(diff), e: BigInt(x.exponent) };
  }
  const diff = BigInt(y.exponent) - BigInt(x.exponent);
  return { m1: x.mantissa / cappow10(diff), m2: y.mantissa, e: BigInt(y.exponent) };
}

/** `self + a`: the smaller operand is truncated to the larger one's exponent first. */
export function safeFloatAdd(self: SafeFloat, a: SafeFloat): SafeFloat | undefined {
  if (self.mantissa === 0n) return a;
  if (a.mantissa === 0n) return self;
  const { m1, m2, e } = align(self, a);
  return normalize(m1 + m2, e);
}

/** `self − a`, saturating at zero; `undefined` when subtracting a non-zero value from zero (as on the chain). */
export function safeFloatSub(self: SafeFloat, a: SafeFloat): SafeFloat | undefined {
  if (self.mantissa === 0n && a.mantissa === 0n) return SAFE_FLOAT_ZERO;
  if (self.mantissa === 0n) return undefined;
  if (a.mantissa === 0n) return self;
  const { m1, m2, e } = align(self, a);
  return normalize(m1 > m2 ? m1 - m2 : 0n, e);
}

/** `self > a` for normalised values. */
export function safeFloatGt(self: SafeFloat, a: SafeFloat): boolean {
  if (self.exponent === a.exponent) return self.mantissa > a.mantissa;
  if (self.exponent > a.exponent) return self.exponent - a.exponent > 1 ? true : 10n * self.mantissa > a.mantissa;
  return a.exponent - self.exponent > 1 ? false : self.mantissa > 10n * a.mantissa;
}

/** Whether the value is zero. */
export function safeFloatIsZero(v: SafeFloat): boolean {
  return v.mantissa === 0n;
}

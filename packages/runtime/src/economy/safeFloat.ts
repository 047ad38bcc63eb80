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
function cappow10Big(e: bigint): bigint {
  if (e > BigInt(SAFE_FLOAT_MAX_EXP + 1)) return SAFE_FLOAT_MAX * 10n;
  return 10n ** e;
}

/** Normalises a (non-negative) mantissa into (10^20, 10^21]; `undefined` if the exponent leaves the i64 range. */
function normalizeBig(mantissa: bigint, exponent: bigint): SafeFloat | undefined {
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

// The same arithmetic with the exponents as numbers, for exponents below 2^50 (every value the chain produces): the
// normalisation then finds its power of ten in a table (dividing k times by 10, truncating, is dividing once by 10^k;
// multiplying k times by 10 is multiplying once by 10^k) and the exponent cannot leave the i64 range. `normalizeBig`
// above is the definition and serves the other exponents.

/** `POW10[k] = 10^k`, and `DOWN[k] = (10^21 + 1) · 10^k`: `floor(m / 10^k) ≤ 10^21` exactly when `m < DOWN[k]`. */
const POW10: bigint[] = [];
const DOWN: bigint[] = [];
for (let k = 0, p = 1n; k <= 64; k++, p *= 10n) {
  POW10.push(p);
  DOWN.push((SAFE_FLOAT_MAX + 1n) * p);
}
const SMALL_EXP = 2 ** 50;
const small = (e: number): boolean => e < SMALL_EXP && e > -SMALL_EXP;

function cappow10(e: number): bigint {
  return e > SAFE_FLOAT_MAX_EXP + 1 ? POW10[SAFE_FLOAT_MAX_EXP + 1]! : POW10[e]!;
}

/** `normalizeBig` for an exponent below 2^50 in magnitude (given as a number). */
function normalize(mantissa: bigint, exponent: number): SafeFloat | undefined {
  if (mantissa === 0n) return SAFE_FLOAT_ZERO;
  let m = mantissa;
  let e = exponent;
  if (m > SAFE_FLOAT_MAX) {
    if (m >= DOWN[DOWN.length - 1]!) return normalizeBig(m, BigInt(e));
    let k = 1;
    while (m >= DOWN[k]!) k++;
    m /= POW10[k]!;
    e += k;
    // Truncating 10^21 + r (r < 10) gives 10^20: the definition then multiplies back, as below.
  }
  if (m <= MIN_MANTISSA) {
    // The smallest k with m · 10^k > 10^20, i.e. m > 10^(20−k); k = 21 always works for m ≥ 1.
    let k = 1;
    while (k < 21 && m <= POW10[20 - k]!) k++;
    m *= POW10[k]!;
    e -= k;
  }
  return { mantissa: m, exponent: e };
}

/** `SafeFloat::new(mantissa, exponent)`; `undefined` when the mantissa exceeds 10^21. */
export function safeFloatNew(mantissa: bigint, exponent = 0): SafeFloat | undefined {
  if (mantissa < 0n || mantissa > SAFE_FLOAT_MAX) return undefined;
  if (Number.isSafeInteger(exponent) && small(exponent)) return normalize(mantissa, exponent);
  return normalizeBig(mantissa, BigInt(exponent));
}

/** `SafeFloat::from(u64)` (zero on failure, as the chain's `unwrap_or_default`). */
export function safeFloatFromU64(v: bigint): SafeFloat {
  return safeFloatNew(v, 0) ?? SAFE_FLOAT_ZERO;
}

/** `u64::from(&SafeFloat)`: `mantissa · 10^exponent` truncated, saturating at `u64::MAX`. */
export function safeFloatToU64(v: SafeFloat): bigint {
  if (v.exponent === 0) return v.mantissa > U64_MAX ? U64_MAX : v.mantissa;
  let q: bigint;
  if (small(v.exponent)) {
    const scale = cappow10(v.exponent < 0 ? -v.exponent : v.exponent);
    q = v.exponent > 0 ? v.mantissa * scale : v.mantissa / scale;
  } else {
    const e = BigInt(v.exponent);
    const scale = cappow10Big(e < 0n ? -e : e);
    q = e > 0n ? v.mantissa * scale : v.mantissa / scale;
  }
  return q > U64_MAX ? U64_MAX : q;
}

/** `self · a / b` without intermediate rounding (truncating once); `undefined` when `b` is zero. */
export function safeFloatMulDiv(self: SafeFloat, a: SafeFloat, b: SafeFloat): SafeFloat | undefined {
  if (b.mantissa === 0n) return undefined;
  const m = (self.mantissa * a.mantissa) / b.mantissa;
  if (small(self.exponent) && small(a.exponent) && small(b.exponent))
    return normalize(m, self.exponent + a.exponent - b.exponent);
  return normalizeBig(m, BigInt(self.exponent) + BigInt(a.exponent) - BigInt(b.exponent));
}

/** `self / a` keeping 21 digits: `(m1 · 10^21 / m2) · 10^(e1 − e2 − 21)`; `undefined` on a zero divisor. */
export function safeFloatDiv(self: SafeFloat, a: SafeFloat): SafeFloat | undefined {
  if (a.mantissa === 0n) return undefined;
  const m = (self.mantissa * SAFE_FLOAT_MAX) / a.mantissa;
  if (small(self.exponent) && small(a.exponent)) return normalize(m, self.exponent - a.exponent - SAFE_FLOAT_MAX_EXP);
  return normalizeBig(m, BigInt(self.exponent) - BigInt(a.exponent) - BigInt(SAFE_FLOAT_MAX_EXP));
}

/**
 * Adds or subtracts (saturating at zero) two non-zero values: the one with the smaller exponent is first truncated to
 * the larger exponent.
 */
function addAligned(x: SafeFloat, y: SafeFloat, subtract: boolean): SafeFloat | undefined {
  let m1 = x.mantissa;
  let m2 = y.mantissa;
  if (small(x.exponent) && small(y.exponent)) {
    const d = x.exponent - y.exponent;
    if (d >= 0) m2 /= cappow10(d);
    else m1 /= cappow10(-d);
    const e = d >= 0 ? x.exponent : y.exponent;
    return normalize(subtract ? (m1 > m2 ? m1 - m2 : 0n) : m1 + m2, e);
  }
  let e: bigint;
  if (x.exponent >= y.exponent) {
    m2 /= cappow10Big(BigInt(x.exponent) - BigInt(y.exponent));
    e = BigInt(x.exponent);
  } else {
    m1 /= cappow10Big(BigInt(y.exponent) - BigInt(x.exponent));
    e = BigInt(y.exponent);
  }
  return normalizeBig(subtract ? (m1 > m2 ? m1 - m2 : 0n) : m1 + m2, e);
}

/** `self + a`: the smaller operand is truncated to the larger one's exponent first. */
export function safeFloatAdd(self: SafeFloat, a: SafeFloat): SafeFloat | undefined {
  if (self.mantissa === 0n) return a;
  if (a.mantissa === 0n) return self;
  return addAligned(self, a, false);
}

/** `self − a`, saturating at zero; `undefined` when subtracting a non-zero value from zero (as on the chain). */
export function safeFloatSub(self: SafeFloat, a: SafeFloat): SafeFloat | undefined {
  if (self.mantissa === 0n && a.mantissa === 0n) return SAFE_FLOAT_ZERO;
  if (self.mantissa === 0n) return undefined;
  if (a.mantissa === 0n) return self;
  return addAligned(self, a, true);
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

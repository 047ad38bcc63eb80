// Raw binary fixed-point helpers for the economy math (spec/economics.md §0).
//
// The shared fixed-point types of `@tensorium/primitives` were not yet available when this layer was written,
// so the economy keeps its own minimal set of operations on raw `bigint` values. A value of format F is the
// integer `raw` with meaning `raw / 2^F.frac`; every operation below saturates to the format's range exactly
// like substrate-fixed's `saturating_*` operations.

/** A binary fixed-point format: `frac` fractional bits and the raw range [min, max]. */
export interface FixedFormat {
  readonly name: string;
  readonly frac: bigint;
  readonly min: bigint;
  readonly max: bigint;
}

const U128_MAX = (1n << 128n) - 1n;
const I128_MAX = (1n << 127n) - 1n;
const I128_MIN = -(1n << 127n);

/** U64F64: unsigned, 64 fractional bits (spot price, emission shares). */
export const U64F64: FixedFormat = { name: 'U64F64', frac: 64n, min: 0n, max: U128_MAX };
/** U96F32: unsigned, 32 fractional bits (coinbase amounts, dividends, root proportion). */
export const U96F32: FixedFormat = { name: 'U96F32', frac: 32n, min: 0n, max: U128_MAX };
/** I96F32: signed, 32 fractional bits (stored moving price, block-emission maths). */
export const I96F32: FixedFormat = { name: 'I96F32', frac: 32n, min: I128_MIN, max: I128_MAX };
/** I64F64: signed, 64 fractional bits (lock-cost interval, flow EMAs). */
export const I64F64: FixedFormat = { name: 'I64F64', frac: 64n, min: I128_MIN, max: I128_MAX };
/** I32F32: signed 64-bit, 32 fractional bits (weight vectors). */
export const I32F32: FixedFormat = { name: 'I32F32', frac: 32n, min: -(1n << 63n), max: (1n << 63n) - 1n };
/** U110F18: unsigned, 18 fractional bits (legacy burn adjustment). */
export const U110F18: FixedFormat = { name: 'U110F18', frac: 18n, min: 0n, max: U128_MAX };

/** Clamps a raw value into the format's range (substrate-fixed saturation). */
export function fxSaturate(f: FixedFormat, raw: bigint): bigint {
  return raw > f.max ? f.max : raw < f.min ? f.min : raw;
}

/** `saturating_from_num(n)` for an integer `n`: exact `n << frac`, saturated. */
export function fxFromInt(f: FixedFormat, n: bigint): bigint {
  return fxSaturate(f, n << f.frac);
}

/** The value `num / den` rounded to the nearest representable raw value, ties away from zero (like `from_num` of a float
 *  whose exact value is the ratio). Used for literal constants such as 0.5 or 1.0. */
export function fxFromRatioNearest(f: FixedFormat, num: bigint, den: bigint): bigint {
  const scaled = num << f.frac;
  const q = scaled / den;
  const r = scaled % den;
  const twice = (r < 0n ? -r : r) * 2n;
  const adj = twice >= (den < 0n ? -den : den) ? (scaled < 0n !== den < 0n ? -1n : 1n) : 0n;
  return fxSaturate(f, q + adj);
}

/** Floor division by a power of two (arithmetic shift), exact for negative values too. */
function shiftFloor(v: bigint, bits: bigint): bigint {
  return v >> bits;
}

/** `saturating_mul`: `floor(a·b / 2^frac)`, saturated. */
export function fxMul(f: FixedFormat, a: bigint, b: bigint): bigint {
  return fxSaturate(f, shiftFloor(a * b, f.frac));
}

/** Division truncating toward zero (Rust integer semantics); `undefined` on a zero divisor (`checked_div`). */
export function fxCheckedDiv(f: FixedFormat, a: bigint, b: bigint): bigint | undefined {
  if (b === 0n) return undefined;
  return fxSaturate(f, (a << f.frac) / b);
}

/** `safe_div`: like `checked_div` but 0 on a zero divisor. */
export function fxSafeDiv(f: FixedFormat, a: bigint, b: bigint): bigint {
  return fxCheckedDiv(f, a, b) ?? 0n;
}

/** `saturating_add`. */
export function fxAdd(f: FixedFormat, a: bigint, b: bigint): bigint {
  return fxSaturate(f, a + b);
}

/** `saturating_sub`. */
export function fxSub(f: FixedFormat, a: bigint, b: bigint): bigint {
  return fxSaturate(f, a - b);
}

/** `saturating_to_num::<u64>()`: drops the fractional bits (floor) and clamps to [0, 2^64 − 1]. */
export function fxToU64(f: FixedFormat, raw: bigint): bigint {
  const v = shiftFloor(raw, f.frac);
  const max = (1n << 64n) - 1n;
  return v < 0n ? 0n : v > max ? max : v;
}

/** `saturating_to_num::<u16>()`. */
export function fxToU16(f: FixedFormat, raw: bigint): number {
  const v = shiftFloor(raw, f.frac);
  return v < 0n ? 0 : v > 65535n ? 65535 : Number(v);
}

/** Integer part (floor) of a raw value, unclamped. */
export function fxFloorInt(f: FixedFormat, raw: bigint): bigint {
  return shiftFloor(raw, f.frac);
}

/** `round()`: nearest integer with ties away from zero, returned as a raw value of the same format. */
export function fxRound(f: FixedFormat, raw: bigint): bigint {
  const one = 1n << f.frac;
  const half = one >> 1n;
  if (raw >= 0n) return fxSaturate(f, ((raw + half) >> f.frac) << f.frac);
  return fxSaturate(f, -(((-raw + half) >> f.frac) << f.frac));
}

/** Converts between formats the way substrate-fixed's `saturating_from_num(other_fixed)` does: extra fractional bits
 *  are dropped (floor), missing ones filled with zeros, and the result saturates. */
export function fxConvert(from: FixedFormat, to: FixedFormat, raw: bigint): bigint {
  if (to.frac >= from.frac) return fxSaturate(to, raw << (to.frac - from.frac));
  return fxSaturate(to, raw >> (from.frac - to.frac));
}

/** Renders a raw value as a decimal string with `digits` decimals (truncated). Display only, never consensus. */
export function fxToDecimalString(f: FixedFormat, raw: bigint, digits = 9): string {
  const neg = raw < 0n;
  const a = neg ? -raw : raw;
  const int = a >> f.frac;
  const fracPart = a - (int << f.frac);
  const scaled = (fracPart * 10n ** BigInt(digits)) >> f.frac;
  const s = digits > 0 ? `${int}.${scaled.toString().padStart(digits, '0')}` : `${int}`;
  return neg ? `-${s}` : s;
}

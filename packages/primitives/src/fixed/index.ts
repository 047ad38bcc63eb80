/**
 * Fixed-point arithmetic with the reference chain's rounding rules (spec/yuma.md §1), on raw `bigint` bits.
 *
 * Types (each a `FixedPointType` object; a value is `bits / 2^frac`):
 *   I32F32 (signed 64, frac 32)  I64F64 (signed 128, frac 64)  I96F32 (signed 128, frac 32)
 *   U96F32 (unsigned 128, frac 32)  U64F64 (unsigned 128, frac 64)
 * Every type offers, on raw bits:
 *   ONE, MIN, MAX, fromInt(n), fromNumber(x) (nearest, ties even; tests/constants only), fromDecimal('0.25'),
 *   toIntFloor(b), toIntSaturating(b, min, max), toDecimal(b) (shortest round-trip), toNumber(b) (display only),
 *   add/sub (saturating), checkedAdd/checkedSub (null on overflow),
 *   mul(a, b) = (a*b) >> frac, floor toward −∞ (saturating); checkedMul; mulInt(a, n) (exact, saturating),
 *   div(a, b) = safe_div: (a << frac) / b truncated toward zero, 0 when b == 0 or on overflow;
 *   checkedDiv (null), saturatingDiv (clamp; x/0 → MAX/MIN); ratio(a, b) = div(fromInt(a), fromInt(b)),
 *   round(b) (ties away from zero), floor(b), inRange(b), saturate(b).
 *   Example: `I32F32.mul(I32F32.fromInt(3), I32F32.ratio(1, 2))` → bits of 1.5.
 * Conversions: fxConvert(bits, from, to) (drops extra fraction bits with floor, saturates).
 * u16 proportions: fxPropToU16(i32f32Bits) → u16 (floor(x·65535), clamped); fxU16Prop(u16) → I32F32 bits of u/65535;
 *   and number versions fxPropToU16Number / fxU16PropNumber (exact for the magnitudes documented there).
 * fxExpSafe(i32f32Bits): the chain's 31-term exp used by liquid alpha.
 */

export { fxExpSafe } from './expSafe.js';
export { type FixedPointType, fxConvert, makeFixedPointType } from './fixedType.js';
export { I32F32, I64F64, I96F32, U64F64, U96F32 } from './formats.js';
export { fxPropToU16, fxPropToU16Number, fxU16Prop, fxU16PropNumber } from './u16Prop.js';

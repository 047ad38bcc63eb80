// Fixed-point pieces the economy needs beyond `@tensorium/primitives`' fixed-point module (spec/economics.md §0):
// the U110F18 format of the legacy burn adjustment, and `saturating_to_num` into u64 / u16.
import { type FixedPointType, makeFixedPointType, fxConvert as primitivesConvert } from '@tensorium/primitives';

/** U110F18: unsigned 128-bit, 18 fractional bits (legacy burn/difficulty adjustment and constant-product swap). */
export const U110F18: FixedPointType = makeFixedPointType('U110F18', 128, 18, false);

const U64_MAX = (1n << 64n) - 1n;

/** `saturating_to_num::<u64>()`: floor of the value, clamped to [0, 2^64 − 1]. */
export function fxToU64(type: FixedPointType, bits: bigint): bigint {
  return type.toIntSaturating(bits, 0n, U64_MAX);
}

/** `saturating_to_num::<u16>()`: floor of the value, clamped to [0, 65535]. */
export function fxToU16(type: FixedPointType, bits: bigint): number {
  return Number(type.toIntSaturating(bits, 0n, 65_535n));
}

// ---------------------------------------------------------------------------------------------------------------
// Compatibility helpers (type first, as this module offered before it moved to `@tensorium/primitives`' fixed-point
// types). Runtime modules import some of these directly; new code should call the type's own methods
// (`U64F64.mul(a, b)`, `fxConvert(bits, from, to)` from `@tensorium/primitives`). Not re-exported from the economy index.
export { I32F32, I64F64, I96F32, U64F64, U96F32 } from '@tensorium/primitives';

/** `type.fromInt(n)`. @deprecated use the type's method. */
export function fxFromInt(type: FixedPointType, n: bigint): bigint {
  return type.fromInt(n);
}
/** `type.mul(a, b)`. @deprecated use the type's method. */
export function fxMul(type: FixedPointType, a: bigint, b: bigint): bigint {
  return type.mul(a, b);
}
/** `type.div(a, b)` (safe_div). @deprecated use the type's method. */
export function fxSafeDiv(type: FixedPointType, a: bigint, b: bigint): bigint {
  return type.div(a, b);
}
/** `type.checkedDiv(a, b)` with `undefined` for failure. @deprecated use the type's method. */
export function fxCheckedDiv(type: FixedPointType, a: bigint, b: bigint): bigint | undefined {
  return type.checkedDiv(a, b) ?? undefined;
}
/** `type.add(a, b)`. @deprecated use the type's method. */
export function fxAdd(type: FixedPointType, a: bigint, b: bigint): bigint {
  return type.add(a, b);
}
/** `type.sub(a, b)`. @deprecated use the type's method. */
export function fxSub(type: FixedPointType, a: bigint, b: bigint): bigint {
  return type.sub(a, b);
}
/** Conversion with the arguments in the order (from, to, bits). @deprecated use `fxConvert(bits, from, to)` of primitives. */
export function fxConvert(from: FixedPointType, to: FixedPointType, bits: bigint): bigint {
  return primitivesConvert(bits, from, to);
}

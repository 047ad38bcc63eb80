/** Conversions between I32F32 proportions and the u16 values the chain stores (proportion × 65535). */

const U16_MAX = 65535n;

/**
 * `prop_to_u16`: `clamp(floor(x_bits * 65535 / 2^32), 0, 65535)` — the I32F32 product `x · 65535`, floored and
 * truncated to u16. Every stored u16 vector (consensus, incentive, dividends, trust, stake weight, bonds) uses it.
 */
export function fxPropToU16(bits: bigint): number {
  const v = (bits * U16_MAX) >> 32n;
  return v < 0n ? 0 : v > U16_MAX ? 65535 : Number(v);
}

/** `u16_prop`: I32F32 raw bits of `u / 65535`, i.e. `floor(u · 2^32 / 65535)`. */
export function fxU16Prop(u: number): bigint {
  return (BigInt(u) << 32n) / U16_MAX;
}

/** `u16_prop` on JS numbers (exact: every intermediate is an integer below 2^53). */
export function fxU16PropNumber(u: number): number {
  return Math.floor((u * 4294967296) / 65535);
}

/** `prop_to_u16` on JS numbers for raw I32F32 bits with |x| < 2^37 (exact). */
export function fxPropToU16Number(bits: number): number {
  const v = Math.floor((bits * 65535) / 4294967296);
  return v < 0 ? 0 : v > 65535 ? 65535 : v;
}

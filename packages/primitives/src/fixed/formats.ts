/** The five fixed-point formats the reference chain uses (spec/yuma.md §1). Values are raw `bigint` bits. */
import { type FixedPointType, makeFixedPointType } from './fixedType.js';

/** Signed 64-bit, 32 fractional bits: every epoch vector and matrix, kappa, bonds penalty, alphas. */
export const I32F32: FixedPointType = makeFixedPointType('I32F32', 64, 32, true);
/** Signed 128-bit, 64 fractional bits: raw stake, stake normalization, `bonds_moving_average / 1e6`. */
export const I64F64: FixedPointType = makeFixedPointType('I64F64', 128, 64, true);
/** Signed 128-bit, 32 fractional bits: turning proportions into rao emission. */
export const I96F32: FixedPointType = makeFixedPointType('I96F32', 128, 32, true);
/** Unsigned 128-bit, 32 fractional bits: tao_weight, child-key proportions, coinbase. */
export const U96F32: FixedPointType = makeFixedPointType('U96F32', 128, 32, false);
/** Unsigned 128-bit, 64 fractional bits: mechanism aggregation weights. */
export const U64F64: FixedPointType = makeFixedPointType('U64F64', 128, 64, false);

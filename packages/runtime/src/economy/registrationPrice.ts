// Neuron registration price: per-block decay, bump after a registration, legacy interval adjustment
// (spec/economics.md §3.1–§3.3).

import { U64F64 } from '@tensorium/primitives';
import { U64_MAX } from './constants.js';
import { fxToU64, U110F18 } from './fixedExtra.js';

const Q32_ONE = 1n << 32n;

/** `BurnIncreaseMult` default: `U64F64::from_num(1.26)`, the exact value of the IEEE double 1.26 (raw U64F64). */
export const DEFAULT_BURN_INCREASE_MULT_RAW = 23_242_897_532_874_035_200n;
/** `BurnHalfLife` default, blocks (§2.7). */
export const DEFAULT_BURN_HALF_LIFE = 360;

/** `mul_by_q32`: `min((value · factor) >> 32, u64::MAX)` (spec §3.2). */
export function mulByQ32(value: bigint, factorQ32: bigint): bigint {
  const r = (value * factorQ32) >> 32n;
  return r > U64_MAX ? U64_MAX : r;
}

/** `pow_q32`: `base^exp` in Q32 by square-and-multiply, each product through {@link mulByQ32} (spec §3.2). */
export function powQ32(baseQ32: bigint, exp: number): bigint {
  let result = Q32_ONE;
  let factor = baseQ32;
  let power = exp;
  while (power > 0) {
    if (power & 1) result = mulByQ32(result, factor);
    power >>= 1;
    if (power > 0) factor = mulByQ32(factor, factor);
  }
  return result;
}

const decayCache = new Map<number, bigint>();

/**
 * Per-block burn decay factor in Q32: the largest `f` in [0, 2^32) with `pow_q32(f, h) ≤ 2^31`, found by the chain's
 * binary search; 1.0 (2^32) when `h = 0` (spec §3.2, `decay_factor_q32`). h=1 → 2^31, h=2 → 3,037,000,500,
 * h=360 → 4,286,705,684. Results are memoised (the function is pure and costs ~32 powers).
 */
export function decayFactorQ32(halfLife: number): bigint {
  if (halfLife === 0) return Q32_ONE;
  const cached = decayCache.get(halfLife);
  if (cached !== undefined) return cached;
  const half = 1n << 31n;
  let lo = 0n;
  let hi = Q32_ONE;
  while (lo + 1n < hi) {
    const mid = lo + ((hi - lo) >> 1n);
    if (powQ32(mid, halfLife) > half) hi = mid;
    else lo = mid;
  }
  decayCache.set(halfLife, lo);
  return lo;
}

function clamp(v: bigint, min: bigint, max: bigint): bigint {
  // The chain applies the min bound first, then the max bound.
  if (v < min) v = min;
  if (v > max) v = max;
  return v;
}

/** Burn bounds and decay parameters of one subnet. */
export interface BurnParams {
  readonly minBurn: bigint;
  readonly maxBurn: bigint;
  /** `BurnHalfLife` in blocks (u16); 0 disables the decay. */
  readonly halfLife: number;
  /** `BurnIncreaseMult` as a raw U64F64 value. */
  readonly increaseMultRaw: bigint;
}

/**
 * The per-block registration price update run before the coinbase (spec §3.2, `update_registration_prices_for_networks`):
 * if `halfLife > 0` and `now > 1`, `Burn = floor(Burn · f / 2^32)`; then clamp to [MinBurn, MaxBurn]. The caller also
 * resets `RegistrationsThisBlock` to 0.
 */
export function decayBurn(burn: bigint, p: Pick<BurnParams, 'minBurn' | 'maxBurn' | 'halfLife'>, now: bigint): bigint {
  let next = burn;
  if (p.halfLife > 0 && now > 1n) next = mulByQ32(burn, decayFactorQ32(p.halfLife));
  return clamp(next, p.minBurn, p.maxBurn);
}

/**
 * The price bump right after a registration (spec §3.1, `bump_registration_price_after_registration`):
 * `clamp(floor(Burn · max(BurnIncreaseMult, 1)), MinBurn, MaxBurn)` in U64F64. Root does not use it.
 */
export function bumpBurn(burn: bigint, p: Pick<BurnParams, 'minBurn' | 'maxBurn' | 'increaseMultRaw'>): bigint {
  const one = U64F64.fromInt(1n);
  const mult = p.increaseMultRaw > one ? p.increaseMultRaw : one;
  const next = fxToU64(U64F64, U64F64.mul(U64F64.fromInt(burn), mult));
  return clamp(next, p.minBurn, p.maxBurn);
}

/** One event of a registration-price timeline for {@link simulateBurn}. */
export type BurnStep = { readonly kind: 'block'; readonly count: number } | { readonly kind: 'register' };

/**
 * Replays blocks and registrations on a burn price and returns the price after each step (spec §3.1–§3.2). Blocks
 * are numbered from `startBlock` (the first stepped block is `startBlock + 1`). Useful for previews and tests.
 */
export function simulateBurn(burn: bigint, p: BurnParams, steps: readonly BurnStep[], startBlock = 1n): bigint[] {
  const out: bigint[] = [];
  let block = startBlock;
  let b = burn;
  for (const s of steps) {
    if (s.kind === 'register') b = bumpBurn(b, p);
    else {
      for (let i = 0; i < s.count; i++) {
        block += 1n;
        b = decayBurn(b, p, block);
      }
    }
    out.push(b);
  }
  return out;
}

/**
 * LEGACY interval adjustment (replaced 2026-01-23, spec §3.3, `upgraded_burn`) in U110F18:
 * `next = α·cur + (1−α)·cur·(R+T)/(2T)` with `α = AdjustmentAlpha / u64::MAX`; `≥ max → max`, `≤ min → min`, else floor.
 * The same formula adjusted the PoW difficulty (`upgradedDifficulty` is this function with difficulty bounds).
 */
export function legacyUpgradedBurn(
  current: bigint,
  registrationsThisInterval: number,
  targetRegistrationsPerInterval: number,
  adjustmentAlpha: bigint,
  minBurn: bigint,
  maxBurn: bigint,
): bigint {
  const f = U110F18;
  const sum = BigInt(Math.min(65535, registrationsThisInterval + targetRegistrationsPerInterval));
  const twoT = BigInt(Math.min(65535, 2 * targetRegistrationsPerInterval));
  const updated = f.div(f.mul(f.fromInt(current), f.fromInt(sum)), f.fromInt(twoT));
  const alpha = f.div(f.fromInt(adjustmentAlpha), f.fromInt(U64_MAX));
  const next = f.add(f.mul(alpha, f.fromInt(current)), f.mul(f.sub(f.fromInt(1n), alpha), updated));
  if (next >= f.fromInt(maxBurn)) return maxBurn;
  if (next <= f.fromInt(minBurn)) return minBurn;
  return fxToU64(f, next);
}

/**
 * LEGACY: which of burn and PoW difficulty the interval adjustment moved (spec §3.3). With `R` registrations against
 * target `T`: if `R > T`, raise burn when burn-registrations ≥ PoW-registrations, raise difficulty when PoW ≥ burn;
 * if `R ≤ T`, lower burn when PoW ≥ burn, lower difficulty when burn ≥ PoW (both may move on ties).
 */
export function legacyAdjustmentTargets(
  registrations: number,
  target: number,
  powRegistrations: number,
  burnRegistrations: number,
): { readonly burn: boolean; readonly difficulty: boolean } {
  if (registrations > target) {
    return { burn: burnRegistrations >= powRegistrations, difficulty: powRegistrations >= burnRegistrations };
  }
  return { burn: powRegistrations >= burnRegistrations, difficulty: burnRegistrations >= powRegistrations };
}

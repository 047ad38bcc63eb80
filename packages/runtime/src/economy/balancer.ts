// The weighted ("Balancer") pool of each subnet (spec/economics.md §4.2–§4.5). Reserves: x = alpha (base),
// y = TAO (quote). Only the quote weight w2 is stored, as Perquintill parts (w2 / 10^18); w1 = 1 − w2.
// Prices are raw U64F64 values (TAO per alpha).

import { U64F64 } from '@tensorium/primitives';
import { MIN_BALANCER_WEIGHT, PERQUINTILL, U64_MAX } from './constants.js';
import { fxToU64 } from './fixedExtra.js';
import { powRatioScaled } from './powRatio.js';

const U128_MAX = (1n << 128n) - 1n;
const ONE_U64F64 = 1n << 64n;

/** Quote weight 0.5, the default of a fresh pool. */
export const HALF_WEIGHT = PERQUINTILL / 2n;

/** Whether a quote weight keeps both weights ≥ 0.01 (`check_constraints`, spec §4.2). */
export function isValidQuoteWeight(quote: bigint): boolean {
  if (quote < 0n || quote > PERQUINTILL) return false;
  return PERQUINTILL - quote >= MIN_BALANCER_WEIGHT && quote >= MIN_BALANCER_WEIGHT;
}

/** Base weight w1 = 1 − w2 (Perquintill parts). */
export function baseWeight(quote: bigint): bigint {
  return quote >= PERQUINTILL ? 0n : PERQUINTILL - quote;
}

/**
 * `Perquintill::from_rational(p, q)`: `p/q` in parts per 10^18, rounded to the nearest part with ties rounded down;
 * 1.0 when `q = 0` or `p > q` (spec §4.5).
 */
export function perquintillFromRational(p: bigint, q: bigint): bigint {
  if (q === 0n || p > q) return PERQUINTILL;
  const n = p * PERQUINTILL;
  const r = n / q;
  const rem = n % q;
  return rem * 2n > q ? r + 1n : r;
}

/**
 * `value · p` for a Perquintill `p`, rounded half up (`mul_perquintill_round`, spec §4.5): `(value·p + 5·10^17) / 10^18`,
 * capped at u128.
 */
export function mulPerquintillRound(p: bigint, value: bigint): bigint {
  const r = (value * p + PERQUINTILL / 2n) / PERQUINTILL;
  return r > U128_MAX ? U128_MAX : r;
}

/**
 * Spot price `p = (w1/w2) · (y/x)` in U64F64 (`calculate_price`, spec §4.2): two floored divisions then one
 * saturating multiplication; each division is 0 when its divisor is 0.
 */
export function balancerPrice(quote: bigint, alphaReserve: bigint, taoReserve: bigint): bigint {
  const a = U64F64.div(U64F64.fromInt(baseWeight(quote)), U64F64.fromInt(quote));
  const b = U64F64.div(U64F64.fromInt(taoReserve), U64F64.fromInt(alphaReserve));
  return U64F64.mul(a, b);
}

/**
 * `(r / (r + Δ))^(w_base/w_quote)` if `baseQuote`, else `^(w_quote/w_base)`, as a U64F64 (`exp_scaled`, spec §4.3).
 * Computed as `floor(10^18 · ratio^e)` with 256-bit precision, then divided by 10^18 in U64F64; capped at 1.0 when
 * `Δ ≥ 0`. A negative `Δ` is used to invert a swap. Returns 0 when `r + Δ = 0` or the scaled power exceeds u64.
 */
export function balancerExpScaled(quote: bigint, reserve: bigint, delta: bigint, baseQuote: boolean): bigint {
  let rPlus = delta >= 0n ? reserve + delta : reserve + delta;
  if (rPlus > U64_MAX) rPlus = U64_MAX;
  if (rPlus < 0n) rPlus = 0n;
  if (rPlus === 0n) return 0n;
  const w1 = baseWeight(quote);
  const w2 = quote;
  const res = baseQuote
    ? powRatioScaled(reserve, rPlus, w1, w2, 256, PERQUINTILL)
    : powRatioScaled(reserve, rPlus, w2, w1, 256, PERQUINTILL);
  if (res === undefined || res > U64_MAX || res < 0n) return 0n;
  const v = U64F64.div(U64F64.fromInt(res), U64F64.fromInt(PERQUINTILL));
  if (delta >= 0n) return v < ONE_U64F64 ? v : ONE_U64F64;
  return v;
}

/**
 * Alpha paid out for `Δy` TAO paid in (fee already removed): `floor(x · (1 − (y/(y+Δy))^(w2/w1)))` in U64F64
 * (buy, spec §4.3, `convert_deltas` TAO→alpha).
 */
export function alphaOutForTaoIn(quote: bigint, taoReserve: bigint, alphaReserve: bigint, taoIn: bigint): bigint {
  const e = balancerExpScaled(quote, taoReserve, taoIn, false);
  return fxToU64(U64F64, U64F64.mul(U64F64.fromInt(alphaReserve), U64F64.sub(ONE_U64F64, e)));
}

/**
 * TAO paid out for `Δx` alpha paid in (fee already removed): `floor(y · (1 − (x/(x+Δx))^(w1/w2)))` in U64F64
 * (sell, spec §4.3, `convert_deltas` alpha→TAO).
 */
export function taoOutForAlphaIn(quote: bigint, taoReserve: bigint, alphaReserve: bigint, alphaIn: bigint): bigint {
  const e = balancerExpScaled(quote, alphaReserve, alphaIn, true);
  return fxToU64(U64F64, U64F64.mul(U64F64.fromInt(taoReserve), U64F64.sub(ONE_U64F64, e)));
}

/**
 * Alpha that must be sold to receive `Δy` TAO: `floor(x · ((y/(y−Δy))^(w2/w1) − 1))` (`get_base_needed_for_quote`,
 * spec §4.3).
 */
export function alphaNeededForTao(quote: bigint, taoReserve: bigint, alphaReserve: bigint, taoDelta: bigint): bigint {
  const e = balancerExpScaled(quote, taoReserve, -taoDelta, false);
  return fxToU64(U64F64, U64F64.mul(U64F64.fromInt(alphaReserve), U64F64.sub(e, ONE_U64F64)));
}

function limitDelta(numBits: bigint, denBits: bigint, weight: bigint, reserve: bigint): bigint {
  const r = powRatioScaled(numBits, denBits, weight, PERQUINTILL, 1024, PERQUINTILL);
  if (r === undefined) return 0n;
  const e = U64F64.fromInt(r > U64_MAX ? U64_MAX : r);
  const ratio = U64F64.sub(U64F64.div(e, U64F64.fromInt(PERQUINTILL)), ONE_U64F64);
  return fxToU64(U64F64, U64F64.mul(U64F64.fromInt(reserve), ratio));
}

/**
 * TAO needed to move the price up from `current` to `target` (buy up to a limit): `floor(y · ((p'/p)^w1 − 1))`, the
 * ratio taken of the raw U64F64 bit patterns and the power at 1024-bit precision (`calculate_quote_delta_in`,
 * spec §4.4). 0 when the target is not above the current price.
 */
export function taoDeltaToPrice(quote: bigint, currentPrice: bigint, targetPrice: bigint, taoReserve: bigint): bigint {
  return limitDelta(targetPrice, currentPrice, baseWeight(quote), taoReserve);
}

/**
 * Alpha needed to move the price down from `current` to `target` (sell down to a limit): `floor(x · ((p/p')^w2 − 1))`
 * (`calculate_base_delta_in`, spec §4.4). 0 when the target is not below the current price.
 */
export function alphaDeltaToPrice(
  quote: bigint,
  currentPrice: bigint,
  targetPrice: bigint,
  alphaReserve: bigint,
): bigint {
  return limitDelta(currentPrice, targetPrice, quote, alphaReserve);
}

/**
 * New quote weight after protocol liquidity `(Δy, Δx)` is added at an arbitrary ratio, keeping the price
 * (`update_weights_for_added_liquidity`, spec §4.5): `q1 = round(w1 · y · (x+Δx))`, `q2 = round(w2 · x · (y+Δy))`,
 * `w2' = from_rational(q2, q1 + q2)` (0.5 if both are 0). Returns `undefined` when `w2'` or `1 − w2'` would fall
 * below 0.01: the chain then rejects the injection.
 */
export function quoteWeightAfterLiquidity(
  quote: bigint,
  taoReserve: bigint,
  alphaReserve: bigint,
  taoDelta: bigint,
  alphaDelta: bigint,
): bigint | undefined {
  const sat = (v: bigint): bigint => (v > U128_MAX ? U128_MAX : v);
  const newTao = sat(taoReserve + taoDelta);
  const newAlpha = sat(alphaReserve + alphaDelta);
  const q1 = mulPerquintillRound(baseWeight(quote), sat(taoReserve * newAlpha));
  const q2 = mulPerquintillRound(quote, sat(alphaReserve * newTao));
  const sum = sat(q1 + q2);
  const w = sum !== 0n ? perquintillFromRational(q2, sum) : HALF_WEIGHT;
  return isValidQuoteWeight(w) ? w : undefined;
}

/**
 * Quote weight for initialising a pool at a given price (`maybe_initialize_palswap`, spec §4.2):
 * `w2 = y / (p·x + y)` where `p·x` is computed as `floor(p)·x + floor(x · frac(p))`; 0.5 without a price.
 * Returns `undefined` when `p·x + y = 0` or the weight is out of range (`ReservesOutOfBalance`).
 */
export function initialQuoteWeight(taoReserve: bigint, alphaReserve: bigint, priceRaw?: bigint): bigint | undefined {
  if (priceRaw === undefined) return HALF_WEIGHT;
  const intPart = priceRaw >> 64n;
  const frac = priceRaw & (ONE_U64F64 - 1n);
  const pxHigh = intPart * alphaReserve;
  const pxLow = U64F64.mul(U64F64.fromInt(alphaReserve), frac) >> 64n;
  const total = pxHigh + pxLow + taoReserve;
  if (total === 0n) return undefined;
  const w = perquintillFromRational(taoReserve, total);
  return isValidQuoteWeight(w) ? w : undefined;
}

// Swaps against a subnet pool: fees, limit prices and partial fills, simulations and quotes (spec/economics.md §4.3–§4.4).

import { U64F64 } from '@tensorium/primitives';
import { alphaDeltaToPrice, alphaOutForTaoIn, balancerPrice, taoDeltaToPrice, taoOutForAlphaIn } from './balancer.js';
import {
  DEFAULT_FEE_RATE,
  DEFAULT_MINIMUM_RESERVE,
  MAX_PRICE_RAO,
  MAX_SWAP_INPUT_RESERVE_MULTIPLIER,
  MIN_PRICE_RAO,
  ONE_TAO,
  U16_MAX,
  U64_MAX,
} from './constants.js';
import { fxToU64 } from './fixedExtra.js';

/** A subnet pool as the swap sees it. Mechanism 0 is the stable 1:1 pool of root; 1 is the dynamic Balancer pool. */
export interface PoolState {
  /** `SubnetTAO`, the TAO reserve y. */
  readonly taoReserve: bigint;
  /** `SubnetAlphaIn`, the alpha reserve x. */
  readonly alphaReserve: bigint;
  /** Quote (TAO) weight w2 in Perquintill parts; 0.5 = 5·10^17. */
  readonly quoteWeight: bigint;
  /** `SubnetMechanism`: 0 stable, 1 dynamic. */
  readonly mechanism: number;
}

/** Swap parameters that live in chain state or config. */
export interface SwapParams {
  /** `FeeRate[netuid]`, u16 ratio of 65,535 (default 33). */
  readonly feeRate?: number;
  /** `MinimumReserve` of the output side (runtime 1,000,000). */
  readonly minimumReserve?: bigint;
  /** Fee-free swap (chain buys, fee conversion). */
  readonly dropFees?: boolean;
}

/** `'stake'` buys alpha with TAO; `'unstake'` sells alpha for TAO. */
export type SwapDirection = 'stake' | 'unstake';

/** Errors a swap can fail with, named as on the reference chain. */
export type SwapError = 'SwapInputTooLarge' | 'ReservesTooLow' | 'PriceLimitExceeded' | 'InsufficientLiquidity';

/** A successful swap step (`SwapResult`). */
export interface SwapResult {
  /** Input that entered the pool, fee excluded. */
  readonly amountPaidIn: bigint;
  /** Output paid by the pool. */
  readonly amountPaidOut: bigint;
  /** Fee charged on the input token. */
  readonly feePaid: bigint;
  /** Fee paid to the block author (the fee, when any input was swapped). */
  readonly feeToBlockAuthor: bigint;
  /** Unused input returned to the caller: `amount − amountPaidIn − feePaid`. */
  readonly refund: bigint;
  /** Pool after the swap (reserves only; weights never change in a swap). */
  readonly pool: PoolState;
}

/** Either a result or a chain error name. */
export type SwapOutcome =
  | { readonly ok: true; readonly value: SwapResult }
  | { readonly ok: false; readonly error: SwapError };

const ONE = 1n << 64n;

/** Converts a limit price given in RAO per alpha to U64F64 TAO per alpha: `L / 1e9` (spec §4.4). */
export function limitPriceFromRao(limitRao: bigint): bigint {
  return U64F64.div(U64F64.fromInt(limitRao), U64F64.fromInt(ONE_TAO));
}

/** A U64F64 price expressed in RAO per alpha, floored: `floor(p · 1e9)`. */
export function priceToRao(priceRaw: bigint): bigint {
  return (priceRaw * ONE_TAO) >> 64n;
}

/** Default limit price of a direction in RAO per alpha: buy 1e15 (max price), sell 1000 (min price) (spec §4.4). */
export function defaultLimitRao(direction: SwapDirection): bigint {
  return direction === 'stake' ? MAX_PRICE_RAO : MIN_PRICE_RAO;
}

/**
 * Current price of a pool (U64F64): the Balancer spot price for dynamic pools (0 when the alpha reserve is 0) and 1.0
 * for stable pools (spec §4.2, `current_price`).
 */
export function poolPrice(pool: PoolState): bigint {
  if (pool.mechanism !== 1) return ONE;
  if (pool.alphaReserve === 0n) return 0n;
  return balancerPrice(pool.quoteWeight, pool.alphaReserve, pool.taoReserve);
}

/**
 * Swap fee on an input amount: `floor(amount · rate/65535)` in U64F64 for dynamic pools, 0 for stable pools or fee-free
 * swaps (spec §4.4, `calculate_fee_amount`).
 */
export function swapFee(
  amount: bigint,
  mechanism: number,
  feeRate: number = DEFAULT_FEE_RATE,
  dropFees = false,
): bigint {
  if (dropFees || mechanism !== 1) return 0n;
  const rate = U64F64.div(U64F64.fromInt(BigInt(feeRate)), U64F64.fromInt(U16_MAX));
  return fxToU64(U64F64, U64F64.mul(U64F64.fromInt(amount), rate));
}

/** Fee recomputed on a partial (limit-hit) amount: `floor(Δ · r)`, `r = rate/(65535 − rate)` floored first (spec §4.4). */
export function partialFillFee(delta: bigint, feeRate: number, dropFees: boolean): bigint {
  const rate = dropFees ? 0n : U64F64.fromInt(BigInt(feeRate));
  const r = U64F64.div(rate, U64F64.sub(U64F64.fromInt(U16_MAX), rate));
  return fxToU64(U64F64, U64F64.mul(U64F64.fromInt(delta), r));
}

function convert(pool: PoolState, direction: SwapDirection, deltaIn: bigint): bigint {
  return direction === 'stake'
    ? alphaOutForTaoIn(pool.quoteWeight, pool.taoReserve, pool.alphaReserve, deltaIn)
    : taoOutForAlphaIn(pool.quoteWeight, pool.taoReserve, pool.alphaReserve, deltaIn);
}

function sat(v: bigint): bigint {
  return v < 0n ? 0n : v > U64_MAX ? U64_MAX : v;
}

/**
 * One swap against a pool, exactly as the chain's `do_swap` (spec §4.3–§4.4): input cap (net input ≤ 1000 × input
 * reserve), minimum output reserve, the limit-price precondition (buy needs `p < L`, sell needs `p > L`), then either
 * the full net input or, if the post-trade price would cross `L`, only the amount that moves the price to `L` with the
 * fee recomputed on it. `limitPriceRaw` is a U64F64 TAO-per-alpha price (see {@link limitPriceFromRao}).
 * With `simulate = false` a payout larger than the output reserve fails with `InsufficientLiquidity`.
 * Stable pools (mechanism 0) swap 1:1 with no fee and ignore the limit.
 */
export function executeSwap(
  pool: PoolState,
  direction: SwapDirection,
  amount: bigint,
  limitPriceRaw: bigint,
  params: SwapParams = {},
  simulate = false,
): SwapOutcome {
  if (pool.mechanism !== 1) {
    const next: PoolState =
      direction === 'stake'
        ? { ...pool, taoReserve: sat(pool.taoReserve + amount), alphaReserve: sat(pool.alphaReserve - amount) }
        : { ...pool, taoReserve: sat(pool.taoReserve - amount), alphaReserve: sat(pool.alphaReserve + amount) };
    return {
      ok: true,
      value: { amountPaidIn: amount, amountPaidOut: amount, feePaid: 0n, feeToBlockAuthor: 0n, refund: 0n, pool: next },
    };
  }
  const feeRate = params.feeRate ?? DEFAULT_FEE_RATE;
  const dropFees = params.dropFees ?? false;
  const minimumReserve = params.minimumReserve ?? DEFAULT_MINIMUM_RESERVE;
  const inReserve = direction === 'stake' ? pool.taoReserve : pool.alphaReserve;
  const outReserve = direction === 'stake' ? pool.alphaReserve : pool.taoReserve;

  const fee0 = swapFee(amount, 1, feeRate, dropFees);
  const requested = amount - fee0;
  if (requested > sat(inReserve * MAX_SWAP_INPUT_RESERVE_MULTIPLIER)) return { ok: false, error: 'SwapInputTooLarge' };
  if (outReserve < minimumReserve) return { ok: false, error: 'ReservesTooLow' };

  const current = poolPrice(pool);
  const beyond = direction === 'stake' ? current < limitPriceRaw : current > limitPriceRaw;
  if (!beyond) return { ok: false, error: 'PriceLimitExceeded' };

  // Price after the full requested input.
  const outFull = convert(pool, direction, requested);
  const target =
    direction === 'stake'
      ? balancerPrice(pool.quoteWeight, sat(pool.alphaReserve - outFull), sat(pool.taoReserve + requested))
      : balancerPrice(pool.quoteWeight, sat(pool.alphaReserve + requested), sat(pool.taoReserve - outFull));
  const closer = direction === 'stake' ? target <= limitPriceRaw : target >= limitPriceRaw;

  let deltaIn: bigint;
  let fee: bigint;
  let out: bigint;
  if (closer) {
    deltaIn = requested;
    fee = fee0;
    out = outFull;
  } else {
    deltaIn =
      direction === 'stake'
        ? taoDeltaToPrice(pool.quoteWeight, current, limitPriceRaw, pool.taoReserve)
        : alphaDeltaToPrice(pool.quoteWeight, current, limitPriceRaw, pool.alphaReserve);
    fee = partialFillFee(deltaIn, feeRate, dropFees);
    out = convert(pool, direction, deltaIn);
  }
  let feeToAuthor = 0n;
  if (deltaIn !== 0n) {
    if (out === 0n) return { ok: false, error: 'ReservesTooLow' };
    feeToAuthor = fee;
  }
  if (!simulate && outReserve < out) return { ok: false, error: 'InsufficientLiquidity' };
  const next: PoolState =
    direction === 'stake'
      ? { ...pool, taoReserve: sat(pool.taoReserve + deltaIn), alphaReserve: sat(pool.alphaReserve - out) }
      : { ...pool, taoReserve: sat(pool.taoReserve - out), alphaReserve: sat(pool.alphaReserve + deltaIn) };
  const used = deltaIn + fee;
  return {
    ok: true,
    value: {
      amountPaidIn: deltaIn,
      amountPaidOut: out,
      feePaid: fee,
      feeToBlockAuthor: feeToAuthor,
      refund: amount > used ? amount - used : 0n,
      pool: next,
    },
  };
}

/** The shared preview of a swap: what `swap_quote` answers, the CLI shows and the chain would do. */
export interface SwapQuote {
  /** Input consumed, fee included (`amount − refund`). */
  readonly amountIn: bigint;
  /** Output received. */
  readonly amountOut: bigint;
  /** Fee, in the input token. */
  readonly fee: bigint;
  /** Spot price before the swap, RAO per alpha (floored). */
  readonly price: bigint;
  /** Spot price after the swap, RAO per alpha (floored). */
  readonly priceAfter: bigint;
  /**
   * Price impact in parts per 10^9: `(ideal − amountOut) / ideal` where `ideal` is the net input (fee excluded)
   * converted at the spot price without slippage; 0 when the ideal output is 0. The fee is reported separately.
   */
  readonly slippage: bigint;
  /** Unused input (limit price hit). */
  readonly refund: bigint;
  /** Spot price before, raw U64F64. */
  readonly priceRaw: bigint;
  /** Spot price after, raw U64F64. */
  readonly priceAfterRaw: bigint;
  /** Pool after the swap. */
  readonly poolAfter: PoolState;
}

/**
 * Pure quote of a swap (spec §4.3–§4.4): runs {@link executeSwap} without the liquidity check and summarises it for
 * tools. `limitRao` is the limit in RAO per alpha (default: no limit). The same code runs on chain, so a preview never
 * drifts from the executed swap.
 */
export function quoteSwap(
  pool: PoolState,
  direction: SwapDirection,
  amount: bigint,
  params: SwapParams & { readonly limitRao?: bigint } = {},
): { readonly ok: true; readonly value: SwapQuote } | { readonly ok: false; readonly error: SwapError } {
  const limit = limitPriceFromRao(params.limitRao ?? defaultLimitRao(direction));
  const r = executeSwap(pool, direction, amount, limit, params, true);
  if (!r.ok) return r;
  const v = r.value;
  const priceRaw = poolPrice(pool);
  const priceAfterRaw = poolPrice(v.pool);
  let ideal: bigint;
  if (priceRaw === 0n) ideal = 0n;
  else if (direction === 'stake') ideal = fxToU64(U64F64, U64F64.div(U64F64.fromInt(v.amountPaidIn), priceRaw));
  else ideal = fxToU64(U64F64, U64F64.mul(U64F64.fromInt(v.amountPaidIn), priceRaw));
  const slippage = ideal > v.amountPaidOut ? ((ideal - v.amountPaidOut) * ONE_TAO) / ideal : 0n;
  return {
    ok: true,
    value: {
      amountIn: v.amountPaidIn + v.feePaid,
      amountOut: v.amountPaidOut,
      fee: v.feePaid,
      price: priceToRao(priceRaw),
      priceAfter: priceToRao(priceAfterRaw),
      slippage,
      refund: v.refund,
      priceRaw,
      priceAfterRaw,
      poolAfter: v.pool,
    },
  };
}

/**
 * Largest TAO amount (fee included) that can be staked before the price reaches `limitRao` (`get_max_amount_add`,
 * spec §4.4): a simulated buy of `1000 × SubnetTAO` with that limit; stable pools: `u64::MAX` if `L ≥ 1e9`, else 0.
 */
export function maxAmountAdd(
  pool: PoolState,
  limitRao: bigint,
  params: SwapParams = {},
): { ok: true; value: bigint } | { ok: false; error: SwapError } {
  if (pool.mechanism !== 1) return { ok: true, value: limitRao >= ONE_TAO ? U64_MAX : 0n };
  const r = executeSwap(
    pool,
    'stake',
    sat(pool.taoReserve * MAX_SWAP_INPUT_RESERVE_MULTIPLIER),
    limitPriceFromRao(limitRao),
    params,
    true,
  );
  return r.ok ? { ok: true, value: sat(r.value.amountPaidIn + r.value.feePaid) } : r;
}

/**
 * Largest alpha amount (fee included) that can be unstaked before the price falls to `limitRao`
 * (`get_max_amount_remove`, spec §4.4): a simulated sell of `1000 × SubnetAlphaIn`; stable pools: `u64::MAX` if
 * `L ≤ 1e9`, else 0.
 */
export function maxAmountRemove(
  pool: PoolState,
  limitRao: bigint,
  params: SwapParams = {},
): { ok: true; value: bigint } | { ok: false; error: SwapError } {
  if (pool.mechanism !== 1) return { ok: true, value: limitRao <= ONE_TAO ? U64_MAX : 0n };
  const r = executeSwap(
    pool,
    'unstake',
    sat(pool.alphaReserve * MAX_SWAP_INPUT_RESERVE_MULTIPLIER),
    limitPriceFromRao(limitRao),
    params,
    true,
  );
  return r.ok ? { ok: true, value: sat(r.value.amountPaidIn + r.value.feePaid) } : r;
}

/**
 * Largest origin alpha for a cross-subnet move with limit `L` = origin price in destination units × 1e9
 * (`get_max_amount_move`, spec §4.4). Stable→stable: 0 if `L > 1e9` else `u64::MAX`; stable→dynamic: `u64::MAX` if
 * `L = 0`, else {@link maxAmountAdd} on the destination with limit `floor((1e9 / L) · 1e9)`; dynamic→stable:
 * {@link maxAmountRemove} on the origin. Dynamic→dynamic uses the constant-product approximation
 * `floor(αin_d · t_o/(t_o+t_d) / (L/1e9) − αin_o · t_d/(t_o+t_d))` (0 if a reserve is 0 or `L/1e9 > p_o/p_d`).
 */
export function maxAmountMove(
  origin: PoolState,
  destination: PoolState,
  limitRao: bigint,
  params: SwapParams = {},
): { ok: true; value: bigint } | { ok: false; error: SwapError } {
  const tao = U64F64.fromInt(ONE_TAO);
  const oStable = origin.mechanism !== 1;
  const dStable = destination.mechanism !== 1;
  if (oStable && dStable) return { ok: true, value: limitRao > ONE_TAO ? 0n : U64_MAX };
  if (oStable) {
    if (limitRao === 0n) return { ok: true, value: U64_MAX };
    const destLimit = fxToU64(U64F64, U64F64.mul(U64F64.div(tao, U64F64.fromInt(limitRao)), tao));
    return maxAmountAdd(destination, destLimit, params);
  }
  if (dStable) return maxAmountRemove(origin, limitRao, params);
  const t1 = origin.taoReserve;
  const t2 = destination.taoReserve;
  if (t1 === 0n || t2 === 0n) return { ok: true, value: 0n };
  const a1 = origin.alphaReserve;
  const a2 = destination.alphaReserve;
  if (a1 === 0n || a2 === 0n) return { ok: true, value: 0n };
  const limit = limitPriceFromRao(limitRao);
  const current = U64F64.div(poolPrice(origin), poolPrice(destination));
  if (limit > current) return { ok: true, value: 0n };
  if (limitRao === 0n) return { ok: true, value: U64_MAX };
  const sum = U64F64.fromInt(t1 + t2);
  const t1Over = U64F64.div(U64F64.fromInt(t1), sum);
  const t2Over = U64F64.div(U64F64.fromInt(t2), sum);
  const lhs = U64F64.div(U64F64.mul(U64F64.fromInt(a2), t1Over), limit);
  const rhs = U64F64.mul(U64F64.fromInt(a1), t2Over);
  return { ok: true, value: fxToU64(U64F64, U64F64.sub(lhs, rhs)) };
}

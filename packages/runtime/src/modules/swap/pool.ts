/**
 * Subnet pools and swaps (spec/economics.md §4): the reserves and Balancer weight of each subnet, and the swap
 * primitives the staking, registration and coinbase code use. The pool math itself is the economy layer's
 * (`economy/swap.ts`, `economy/balancer.ts`); this file reads and writes the pool state around it.
 *
 * The pool (SubnetTAO, SubnetAlphaIn, SubnetAlphaOut, SubnetProtocolAlpha, quote weight) is part of the subnet's
 * per-block entry `subnets/state/<nn>` (see subnets/storage.ts).
 */
import { quoteWeightAfterLiquidity } from '../../economy/balancer.js';
import {
  defaultLimitRao,
  executeSwap,
  limitPriceFromRao,
  type PoolState,
  poolPrice,
  quoteSwap,
  type SwapDirection,
  type SwapQuote,
  type SwapResult,
} from '../../economy/swap.js';
import { fail } from '../../framework/errors.js';
import { getParam } from '../../framework/params.js';
import type { State } from '../../state/state.js';
import { getInfo, getPoolRecord, hpNum, type PoolRecord, putPoolRecord, subnetExists } from '../subnets/storage.js';

export const SWAP = 'swap';

export type { PoolRecord } from '../subnets/storage.js';
export { EMPTY_POOL } from '../subnets/storage.js';

export function getPool(state: State, netuid: number): PoolRecord {
  return getPoolRecord(state, netuid);
}

export function putPool(state: State, netuid: number, pool: PoolRecord): void {
  putPoolRecord(state, netuid, pool);
}

/** Alpha issuance of a subnet: SubnetAlphaIn + SubnetAlphaOut. */
export function alphaIssuanceOf(pool: PoolRecord): bigint {
  return pool.alphaIn + pool.alphaOut;
}

export function mechanismOf(state: State, netuid: number): number {
  return getInfo(state, netuid)?.mechanism ?? 0;
}

/** The pool as the economy's swap functions see it. */
export function poolState(state: State, netuid: number, pool: PoolRecord = getPool(state, netuid)): PoolState {
  return {
    taoReserve: pool.tao,
    alphaReserve: pool.alphaIn,
    quoteWeight: pool.quoteWeight,
    mechanism: mechanismOf(state, netuid),
  };
}

/** Spot price, raw U64F64 (1.0 for root and stable subnets, 0 with an empty alpha reserve). */
export function currentPrice(state: State, netuid: number): bigint {
  return poolPrice(poolState(state, netuid));
}

function swapParams(state: State, netuid: number, dropFees: boolean) {
  return {
    feeRate: hpNum(state, netuid, 'fee_rate'),
    minimumReserve: BigInt(getParam<bigint>(state, 'minimum_reserve')),
    dropFees,
  };
}

/** Simulates a swap with the default limit of its direction (`sim_swap`); stable pools swap 1:1 without fee. */
export function simSwap(
  state: State,
  netuid: number,
  direction: SwapDirection,
  amount: bigint,
): { ok: true; value: SwapResult } | { ok: false; error: string } {
  if (mechanismOf(state, netuid) !== 1) {
    const a = subnetExists(state, netuid) ? amount : 0n;
    return {
      ok: true,
      value: {
        amountPaidIn: a,
        amountPaidOut: a,
        feePaid: 0n,
        feeToBlockAuthor: 0n,
        refund: 0n,
        pool: poolState(state, netuid),
      },
    };
  }
  return executeSwap(
    poolState(state, netuid),
    direction,
    amount,
    limitPriceFromRao(defaultLimitRao(direction)),
    swapParams(state, netuid, false),
    true,
  );
}

/** Simulated swap with an explicit limit (RAO per alpha), as `get_max_amount_*` use. */
export function simSwapLimit(state: State, netuid: number, direction: SwapDirection, amount: bigint, limitRao: bigint) {
  return executeSwap(
    poolState(state, netuid),
    direction,
    amount,
    limitPriceFromRao(limitRao),
    swapParams(state, netuid, false),
    true,
  );
}

/**
 * Runs one swap against a subnet's pool (stable mechanisms swap 1:1, fee-free) without touching the reserves; fails
 * with the swap's error name.
 */
function runSwap(
  state: State,
  netuid: number,
  dir: 'stake' | 'unstake',
  amount: bigint,
  limitRao: bigint,
  dropFees: boolean,
): { pool: ReturnType<typeof getPool>; r: SwapResult } {
  const pool = getPool(state, netuid);
  if (mechanismOf(state, netuid) !== 1) {
    const r = {
      amountPaidIn: amount,
      amountPaidOut: amount,
      feePaid: 0n,
      feeToBlockAuthor: 0n,
      refund: 0n,
      pool: poolState(state, netuid, pool),
    };
    return { pool, r };
  }
  const out = executeSwap(
    poolState(state, netuid, pool),
    dir,
    amount,
    limitPriceFromRao(limitRao),
    swapParams(state, netuid, dropFees),
    false,
  );
  if (!out.ok) fail(SWAP, out.error);
  return { pool, r: out.value };
}

/**
 * `swap_tao_for_alpha`: buys alpha with `tao` (fee included) up to `limitRao`, updating the reserves (SubnetTAO grows by
 * the net input, SubnetAlphaIn shrinks and SubnetAlphaOut grows by the output). Fails with the swap's error name.
 * The fee stays with the caller to route (author or burn).
 */
export function swapTaoForAlpha(
  state: State,
  netuid: number,
  tao: bigint,
  limitRao: bigint,
  dropFees: boolean,
): SwapResult {
  const { pool, r } = runSwap(state, netuid, 'stake', tao, limitRao, dropFees);
  putPool(state, netuid, {
    ...pool,
    tao: pool.tao + r.amountPaidIn,
    alphaIn: pool.alphaIn > r.amountPaidOut ? pool.alphaIn - r.amountPaidOut : 0n,
    alphaOut: pool.alphaOut + r.amountPaidOut,
  });
  return r;
}

/** `swap_alpha_for_tao`: sells `alpha` (fee included) down to `limitRao`; the reverse reserve updates. */
export function swapAlphaForTao(
  state: State,
  netuid: number,
  alpha: bigint,
  limitRao: bigint,
  dropFees: boolean,
): SwapResult {
  const { pool, r } = runSwap(state, netuid, 'unstake', alpha, limitRao, dropFees);
  putPool(state, netuid, {
    ...pool,
    alphaIn: pool.alphaIn + r.amountPaidIn,
    alphaOut: pool.alphaOut > r.amountPaidIn ? pool.alphaOut - r.amountPaidIn : 0n,
    tao: pool.tao > r.amountPaidOut ? pool.tao - r.amountPaidOut : 0n,
  });
  return r;
}

/**
 * `adjust_protocol_liquidity` (spec §4.5): re-weights the pool so that adding `(taoDelta, alphaDelta)` keeps the price.
 * Only the weight changes here; the caller adds the reserves. Returns the accepted deltas, (0, 0) when the new weight
 * would leave [0.01, 0.99].
 */
export function adjustProtocolLiquidity(
  state: State,
  netuid: number,
  taoDelta: bigint,
  alphaDelta: bigint,
): [bigint, bigint] {
  const pool = getPool(state, netuid);
  const w = quoteWeightAfterLiquidity(pool.quoteWeight, pool.tao, pool.alphaIn, taoDelta, alphaDelta);
  if (w === undefined) return [0n, 0n];
  if (w !== pool.quoteWeight) putPool(state, netuid, { ...pool, quoteWeight: w });
  return [taoDelta, alphaDelta];
}

/** The shared swap preview (`swap_quote`); the same code as the chain's swap. */
export function quote(
  state: State,
  netuid: number,
  direction: SwapDirection,
  amount: bigint,
  limitRao?: bigint,
): { ok: true; value: SwapQuote } | { ok: false; error: string } {
  const params = { ...swapParams(state, netuid, false), ...(limitRao !== undefined ? { limitRao } : {}) };
  return quoteSwap(poolState(state, netuid), direction, amount, params);
}

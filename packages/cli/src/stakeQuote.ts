/**
 * Previews of stake-moving calls: the quote of each swap (the `swap_quote` RPC, i.e. the chain's own code), and what a
 * slippage guard (`--limit-price` / `--tolerance`) will do — fill everything, fill part (`--partial`), or be rejected —
 * computed with the economy's pure `maxAmountAdd/Remove/Move` and `quoteSwap` on the pool the node reports, exactly as
 * the chain's `*_limit` calls decide. Nothing here re-implements pool math.
 */
import type { SubnetInfoJson, SwapQuoteJson } from '@tensorium/rpc';
import {
  maxAmountAdd,
  maxAmountMove,
  maxAmountRemove,
  type PoolState,
  quoteSwap,
  type SwapDirection,
  type SwapQuote,
  transitionFeeLegs,
} from '@tensorium/runtime';
import type { ChainReader } from './chainReader.js';
import { usageError } from './economyArgs.js';
import { scaleByPpb } from './economyFormat.js';

const ONE_TAO = 1_000_000_000n;
const ROOT = 0;

/** A slippage guard as given on the command line. */
export interface Guard {
  /** `--limit-price`, RAO per alpha (for moves: origin price in destination units × 1e9). */
  readonly limitRao?: bigint;
  /** `--tolerance`, parts per 10^9 of the current price. */
  readonly tolerancePpb?: bigint;
  /** `--partial`: fill what fits within the limit instead of failing. */
  readonly partial: boolean;
}

export function guardFrom(
  limitRao: bigint | undefined,
  tolerancePpb: bigint | undefined,
  partial: boolean | undefined,
): Guard | undefined {
  if (limitRao !== undefined && tolerancePpb !== undefined)
    throw usageError('give either --limit-price or --tolerance, not both');
  if (limitRao === undefined && tolerancePpb === undefined) {
    if (partial) throw usageError('--partial needs --limit-price or --tolerance');
    return undefined;
  }
  return {
    ...(limitRao !== undefined ? { limitRao } : {}),
    ...(tolerancePpb !== undefined ? { tolerancePpb } : {}),
    partial: partial === true,
  };
}

/** What a guard does to this amount now. */
export interface GuardPreview {
  /** The limit the chain call gets (RAO per alpha, or the move ratio). */
  readonly limitRao: bigint;
  readonly tolerancePpb?: bigint;
  /** Largest input that fits within the limit now (0 when the price is already past it). */
  readonly maxFill: bigint;
  readonly outcome: 'full' | 'partial' | 'reject';
  /** The chain error this would fail with now (`staking.SlippageTooHigh`, `swap.PriceLimitExceeded` …). */
  readonly chainError?: string;
  /** The input that will be swapped. */
  readonly fills: bigint;
}

export interface SwapPreview {
  readonly netuid: number;
  readonly direction: SwapDirection;
  readonly requested: bigint;
  /** Quote of the amount that will be swapped; when the guard rejects it, of the whole amount without the guard. */
  readonly quote?: SwapQuoteJson;
  /** The quote is of the unguarded swap (the guard rejects it now). */
  readonly quoteWithoutGuard?: boolean;
  readonly guard?: GuardPreview;
  /** Spot price now, RAO per alpha. */
  readonly priceRao: bigint;
}

/** The pool of a subnet as the economy's swap functions see it; root is the stable 1:1 pool. */
export function poolOf(info: SubnetInfoJson | null): PoolState {
  if (!info) return { taoReserve: 0n, alphaReserve: 0n, quoteWeight: 0n, mechanism: 0 };
  return {
    taoReserve: BigInt(info.taoIn),
    alphaReserve: BigInt(info.alphaIn),
    quoteWeight: BigInt(info.quoteWeight),
    mechanism: 1,
  };
}

async function swapParams(chain: ChainReader, info: SubnetInfoJson | null, dropFees = false) {
  return {
    feeRate: Number(info?.hyperparameters.fee_rate ?? 0),
    minimumReserve: await chain.param('minimum_reserve'),
    dropFees,
  };
}

/** The subnet's info (null for root), or a clear error for a missing subnet. */
async function poolInfo(chain: ChainReader, netuid: number): Promise<SubnetInfoJson | null> {
  return netuid === ROOT ? null : chain.subnet(netuid);
}

const priceOf = (info: SubnetInfoJson | null): bigint => (info ? BigInt(info.price) : ONE_TAO);

/** A local quote in the RPC's JSON shape. */
export function quoteJson(q: SwapQuote): SwapQuoteJson {
  const s = q.slippage;
  return {
    amountIn: q.amountIn.toString(),
    amountOut: q.amountOut.toString(),
    fee: q.fee.toString(),
    price: q.price.toString(),
    priceAfter: q.priceAfter.toString(),
    slippage: `${s / ONE_TAO}.${(s % ONE_TAO).toString().padStart(9, '0')}`,
  };
}

function decide(
  requested: bigint,
  limitRao: bigint,
  tolerancePpb: bigint | undefined,
  max: { ok: true; value: bigint } | { ok: false; error: string },
  partial: boolean,
): GuardPreview {
  const base = { limitRao, ...(tolerancePpb !== undefined ? { tolerancePpb } : {}) };
  if (!max.ok) return { ...base, maxFill: 0n, outcome: 'reject', chainError: `swap.${max.error}`, fills: 0n };
  if (requested <= max.value) return { ...base, maxFill: max.value, outcome: 'full', fills: requested };
  if (partial && max.value > 0n) return { ...base, maxFill: max.value, outcome: 'partial', fills: max.value };
  return { ...base, maxFill: max.value, outcome: 'reject', chainError: 'staking.SlippageTooHigh', fills: 0n };
}

/**
 * Preview of staking (`stake`: TAO in) or unstaking (`unstake`: alpha in) `amount` on a subnet, with an optional guard.
 * A tolerance becomes the limit `price × (1 ± tolerance)` (up when staking, down when unstaking).
 */
export async function previewSwap(
  chain: ChainReader,
  netuid: number,
  direction: SwapDirection,
  amount: bigint,
  guard?: Guard,
): Promise<SwapPreview> {
  const info = await poolInfo(chain, netuid);
  const priceRao = priceOf(info);
  let g: GuardPreview | undefined;
  let quote: SwapQuoteJson | undefined;
  if (guard) {
    const limitRao = guard.limitRao ?? scaleByPpb(priceRao, guard.tolerancePpb!, direction === 'stake');
    const pool = poolOf(info);
    const params = await swapParams(chain, info);
    const max = direction === 'stake' ? maxAmountAdd(pool, limitRao, params) : maxAmountRemove(pool, limitRao, params);
    g = decide(amount, limitRao, guard.tolerancePpb, max, guard.partial);
    if (g.outcome === 'partial') {
      const q = quoteSwap(pool, direction, g.fills, { ...params, limitRao });
      if (q.ok) quote = quoteJson(q.value);
    }
  }
  let unguarded = false;
  if (!quote && (!g || g.fills > 0n))
    quote = await chain.client.request('swap_quote', netuid, direction, (g?.fills ?? amount).toString());
  else if (!quote) {
    // Rejected by the guard: the quote of the whole amount without it, to show what the guard prevents.
    try {
      quote = await chain.client.request('swap_quote', netuid, direction, amount.toString());
      unguarded = true;
    } catch {}
  }
  return {
    netuid,
    direction,
    requested: amount,
    priceRao,
    ...(quote ? { quote } : {}),
    ...(unguarded ? { quoteWithoutGuard: true } : {}),
    ...(g ? { guard: g } : {}),
  };
}

export interface MovePreview {
  readonly originNetuid: number;
  readonly destinationNetuid: number;
  readonly requested: bigint;
  /** Same subnet: the alpha changes owner or hotkey as is, without a swap or a fee. */
  readonly withinSubnet: boolean;
  /** Origin leg: alpha → TAO (the `swap_quote` RPC). */
  readonly unstake?: SwapQuoteJson;
  /** Destination leg: TAO → alpha (one fee per move: this leg is fee-free unless the origin is root). */
  readonly stake?: SwapQuoteJson;
  readonly guard?: GuardPreview;
  /** Origin price in destination units × 1e9 (what a move's limit price is compared with). */
  readonly ratioRao: bigint;
}

/** Preview of moving `alpha` from one subnet to another (or within one subnet). */
export async function previewMove(
  chain: ChainReader,
  originNetuid: number,
  destinationNetuid: number,
  alpha: bigint,
  guard?: Guard,
): Promise<MovePreview> {
  const o = await poolInfo(chain, originNetuid);
  const d = await poolInfo(chain, destinationNetuid);
  const po = priceOf(o);
  const pd = priceOf(d);
  const ratioRao = pd === 0n ? 0n : (po * ONE_TAO) / pd;
  const base = { originNetuid, destinationNetuid, requested: alpha, ratioRao };
  if (originNetuid === destinationNetuid) {
    if (guard)
      throw usageError(
        '--limit-price/--tolerance only apply to moves between subnets (within a subnet nothing is swapped)',
      );
    return { ...base, withinSubnet: true };
  }
  let g: GuardPreview | undefined;
  if (guard) {
    const limitRao = guard.limitRao ?? scaleByPpb(ratioRao, guard.tolerancePpb!, false);
    g = decide(
      alpha,
      limitRao,
      guard.tolerancePpb,
      maxAmountMove(poolOf(o), poolOf(d), limitRao, await swapParams(chain, o)),
      guard.partial,
    );
  }
  const fills = g?.fills ?? alpha;
  if (fills === 0n) return { ...base, withinSubnet: false, ...(g ? { guard: g } : {}) };
  const unstake = await chain.client.request('swap_quote', originNetuid, 'unstake', fills.toString());
  const legs = transitionFeeLegs(originNetuid);
  const q = quoteSwap(
    poolOf(d),
    'stake',
    BigInt(unstake.amountOut),
    await swapParams(chain, d, legs.destinationDropFees),
  );
  return {
    ...base,
    withinSubnet: false,
    unstake,
    ...(q.ok ? { stake: quoteJson(q.value) } : {}),
    ...(g ? { guard: g } : {}),
  };
}

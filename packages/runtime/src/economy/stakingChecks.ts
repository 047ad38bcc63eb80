// Staking validations and minimums as pure predicates (spec/economics.md §6.3–§6.4). Each check runs in the
// reference chain's order and returns the first failing error name, so a call rejected here is rejected on chain
// with the same error.

import { I64F64, U64F64 } from '@tensorium/primitives';
import {
  DEFAULT_DELEGATE_TAKE,
  DEFAULT_MIN_STAKE,
  MAX_SWAP_INPUT_RESERVE_MULTIPLIER,
  TX_DELEGATE_TAKE_RATE_LIMIT,
  U64_MAX,
} from './constants.js';
import { fxToU64 } from './fixedExtra.js';
import { type SharePoolTotals, sharePoolWouldChange } from './sharePool.js';
import { stakeWeightRaw } from './stakeWeight.js';
import {
  defaultLimitRao,
  executeSwap,
  limitPriceFromRao,
  type PoolState,
  type SwapDirection,
  type SwapParams,
  type SwapResult,
  swapFee,
} from './swap.js';

/** Outcome of a validation: ok (with the possibly capped amount), or the reference chain's error name. */
export type StakeCheck =
  | { readonly ok: true; readonly amount: bigint }
  | { readonly ok: false; readonly error: string };

const fail = (error: string): StakeCheck => ({ ok: false, error });

/**
 * `sim_swap` (spec §6.4): the swap the chain simulates to validate a staking call, with the default limit of the
 * direction and fees; stable pools swap 1:1 (0 if the subnet does not exist). `undefined` when the swap fails.
 */
export function simulateStakeSwap(
  pool: PoolState,
  direction: SwapDirection,
  amount: bigint,
  params: SwapParams = {},
): SwapResult | undefined {
  const r = executeSwap(
    pool,
    direction,
    amount,
    limitPriceFromRao(defaultLimitRao(direction)),
    { ...params, dropFees: false },
    true,
  );
  return r.ok ? r.value : undefined;
}

/** Minimum TAO for `add_stake`: `DefaultMinStake + fee(DefaultMinStake)` (the simulated fee, else the approximate fee). */
export function minAddStakeAmount(
  pool: PoolState,
  params: SwapParams = {},
  minStake: bigint = DEFAULT_MIN_STAKE,
): bigint {
  const sim = simulateStakeSwap(pool, 'stake', minStake, params);
  const fee = sim ? sim.feePaid : swapFee(minStake, pool.mechanism, params.feeRate);
  return minStake + fee;
}

/** Inputs of {@link validateAddStake}. */
export interface AddStakeInput {
  readonly subnetExists: boolean;
  readonly subtokenEnabled: boolean;
  /** TAO the caller wants to stake (fee included). */
  readonly amount: bigint;
  /** `max_amount_add(limit)` for limit orders; `u64::MAX` for plain add_stake. */
  readonly maxAmount: bigint;
  readonly allowPartial: boolean;
  /** The coldkey's free balance (`reducible_balance`, expendable). */
  readonly coldkeyBalance: bigint;
  readonly hotkeyExists: boolean;
  readonly pool: PoolState;
  /** The (hotkey, netuid) share pool, for the precision check; omit to skip it. */
  readonly hotkeyPool?: SharePoolTotals;
  readonly params?: SwapParams;
  readonly minStake?: bigint;
}

/**
 * `validate_add_stake` (spec §6.4): subnet exists (`SubnetNotExists`), subtoken enabled (`SubtokenDisabled`),
 * amount ≥ MinStake + fee (`AmountTooLow`), within the limit unless partial (`SlippageTooHigh`; partial caps the
 * amount), balance (`NotEnoughBalanceToStake`), hotkey exists (`HotKeyAccountNotExists`), the simulated swap succeeds
 * (`InsufficientLiquidity`), pays in ≥ MinStake (`AmountTooLow`), pays out > 0 and changes the share pool
 * (`InsufficientLiquidity`). Returns the amount to stake.
 */
export function validateAddStake(i: AddStakeInput): StakeCheck {
  const minStake = i.minStake ?? DEFAULT_MIN_STAKE;
  if (!i.subnetExists) return fail('SubnetNotExists');
  if (!i.subtokenEnabled) return fail('SubtokenDisabled');
  if (i.amount < minAddStakeAmount(i.pool, i.params, minStake)) return fail('AmountTooLow');
  let amount = i.amount;
  if (!i.allowPartial) {
    if (amount > i.maxAmount) return fail('SlippageTooHigh');
  } else if (i.maxAmount < amount) amount = i.maxAmount;
  if (amount > i.coldkeyBalance) return fail('NotEnoughBalanceToStake');
  if (!i.hotkeyExists) return fail('HotKeyAccountNotExists');
  const sim = simulateStakeSwap(i.pool, 'stake', amount, i.params);
  if (!sim) return fail('InsufficientLiquidity');
  if (sim.amountPaidIn < minStake) return fail('AmountTooLow');
  if (sim.amountPaidOut === 0n) return fail('InsufficientLiquidity');
  if (i.hotkeyPool && !sharePoolWouldChange(i.hotkeyPool, sim.amountPaidOut)) return fail('InsufficientLiquidity');
  return { ok: true, amount };
}

/** Up-front swap-size guard of add/remove (spec §6.4): dynamic pools only, amount ≤ 1000 × input reserve (`InsufficientLiquidity`). */
export function withinSwapInputLimit(pool: PoolState, direction: SwapDirection, amount: bigint): boolean {
  if (pool.mechanism !== 1) return true;
  const reserve = direction === 'stake' ? pool.taoReserve : pool.alphaReserve;
  return amount <= reserve * MAX_SWAP_INPUT_RESERVE_MULTIPLIER;
}

/** Inputs of {@link validateRemoveStake}. */
export interface RemoveStakeInput {
  readonly subnetExists: boolean;
  /** Alpha to unstake. */
  readonly alpha: bigint;
  /** The (hotkey, coldkey) position's current alpha value. */
  readonly holdings: bigint;
  readonly maxAmount: bigint;
  readonly allowPartial: boolean;
  readonly hotkeyExists: boolean;
  /** Alpha not locked (§6.6); default: all of it. */
  readonly availableToUnstake?: bigint;
  readonly pool: PoolState;
  readonly params?: SwapParams;
  readonly minStake?: bigint;
}

/**
 * `validate_remove_stake` (spec §6.4): subnet exists, α > 0 (`AmountTooLow`), α ≤ holdings
 * (`NotEnoughStakeToWithdraw`), the simulated swap succeeds (`InsufficientLiquidity`) and pays ≥ MinStake unless
 * everything is removed (`AmountTooLow`), within the limit unless partial (`SlippageTooHigh`), hotkey exists
 * (`HotKeyAccountNotExists`), not locked (`StakeUnavailable`, §6.6).
 */
export function validateRemoveStake(i: RemoveStakeInput): StakeCheck {
  const minStake = i.minStake ?? DEFAULT_MIN_STAKE;
  if (!i.subnetExists) return fail('SubnetNotExists');
  if (i.alpha === 0n) return fail('AmountTooLow');
  if (i.alpha > i.holdings) return fail('NotEnoughStakeToWithdraw');
  const remaining = i.holdings - i.alpha;
  const sim = simulateStakeSwap(i.pool, 'unstake', i.alpha, i.params);
  if (!sim) return fail('InsufficientLiquidity');
  if (remaining !== 0n && sim.amountPaidOut < minStake) return fail('AmountTooLow');
  if (!i.allowPartial && i.alpha > i.maxAmount) return fail('SlippageTooHigh');
  if (!i.hotkeyExists) return fail('HotKeyAccountNotExists');
  if (i.availableToUnstake !== undefined && i.alpha > i.availableToUnstake) return fail('StakeUnavailable');
  return { ok: true, amount: i.alpha };
}

/** Inputs of {@link validateStakeTransition} (move, transfer, swap stake). */
export interface StakeTransitionInput {
  readonly sameColdkey: boolean;
  readonly sameHotkey: boolean;
  readonly originNetuid: number;
  readonly destinationNetuid: number;
  readonly originExists: boolean;
  readonly destinationExists: boolean;
  readonly originSubtokenEnabled: boolean;
  readonly destinationSubtokenEnabled: boolean;
  readonly originHotkeyExists: boolean;
  readonly destinationHotkeyExists: boolean;
  readonly alpha: bigint;
  /** Origin position's alpha value. */
  readonly holdings: bigint;
  readonly maxAmount: bigint;
  /** `undefined` for calls without a limit. */
  readonly allowPartial?: boolean;
  /** Whether `TransferToggle` gates this call (transfer_stake), and its values. */
  readonly checkTransferToggle?: boolean;
  readonly originTransferToggle?: boolean;
  readonly destinationTransferToggle?: boolean;
  readonly originPool: PoolState;
  readonly params?: SwapParams;
  readonly minStake?: bigint;
}

/**
 * `validate_stake_transition` (spec §6.3–§6.4): something must change (`SameNetuid`), both subnets exist
 * (`SubnetNotExists`) and are subtoken-enabled (`SubtokenDisabled`), both hotkeys exist (`HotKeyAccountNotExists`),
 * α ≤ holdings (`NotEnoughStakeToWithdraw`); across subnets the simulated unstake must succeed
 * (`InsufficientLiquidity`) and yield > MinStake (`AmountTooLow`), and a non-partial limit order must fit
 * (`SlippageTooHigh`); transfers need `TransferToggle` on both subnets (`TransferDisallowed`).
 */
export function validateStakeTransition(i: StakeTransitionInput): StakeCheck {
  const minStake = i.minStake ?? DEFAULT_MIN_STAKE;
  const cross = i.originNetuid !== i.destinationNetuid;
  if (i.sameColdkey && i.sameHotkey && !cross) return fail('SameNetuid');
  if (!i.originExists) return fail('SubnetNotExists');
  if (cross && !i.destinationExists) return fail('SubnetNotExists');
  if (!i.originSubtokenEnabled || !i.destinationSubtokenEnabled) return fail('SubtokenDisabled');
  if (!i.originHotkeyExists || !i.destinationHotkeyExists) return fail('HotKeyAccountNotExists');
  if (i.alpha > i.holdings) return fail('NotEnoughStakeToWithdraw');
  if (cross) {
    const sim = simulateStakeSwap(i.originPool, 'unstake', i.alpha, i.params);
    if (!sim) return fail('InsufficientLiquidity');
    if (sim.amountPaidOut <= minStake) return fail('AmountTooLow');
    if (i.allowPartial === false && i.alpha > i.maxAmount) return fail('SlippageTooHigh');
  }
  if (i.checkTransferToggle) {
    if (!(i.originTransferToggle ?? true)) return fail('TransferDisallowed');
    if (cross && !(i.destinationTransferToggle ?? true)) return fail('TransferDisallowed');
  }
  return { ok: true, amount: i.alpha };
}

/**
 * `NominatorMinRequiredStake` in TAO: `MinStake · factor / 1e6` (factor in parts per million; mainnet 10,000,000 ⇒
 * 0.02 TAO), spec §6.4.
 */
export function nominatorMinRequiredStake(factor: bigint, minStake: bigint = DEFAULT_MIN_STAKE): bigint {
  let v = minStake * factor;
  if (v > U64_MAX) v = U64_MAX;
  return v / 1_000_000n;
}

/**
 * Whether a non-owner position is force-unstaked after a remove (spec §6.4): `0 < alpha < floor(minTao / price)` with
 * the spot price as U64F64 (a zero price gives a zero threshold).
 */
export function isSmallNomination(
  alphaStake: bigint,
  minRequiredTao: bigint,
  spotPriceRaw: bigint,
  coldkeyOwnsHotkey: boolean,
): boolean {
  if (coldkeyOwnsHotkey) return false;
  const minAlpha = fxToU64(U64F64, U64F64.div(U64F64.fromInt(minRequiredTao), spotPriceRaw));
  return alphaStake > 0n && alphaStake < minAlpha;
}

/**
 * Cross-subnet fee rule (spec §6.3): a transition charges the swap fee once — if the origin is root the origin leg is
 * fee-free, otherwise the destination leg is. Returns which legs drop their fee.
 */
export function transitionFeeLegs(originNetuid: number): {
  readonly originDropFees: boolean;
  readonly destinationDropFees: boolean;
} {
  return originNetuid === 0
    ? { originDropFees: true, destinationDropFees: false }
    : { originDropFees: false, destinationDropFees: true };
}

/** A take check result (reference error names). */
export type TakeCheck = { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * `increase_take` rule (spec §5.8 e): the new take must be above the current one (`DelegateTakeTooLow`), at most
 * `MaxDelegateTake` (default 11,796, `DelegateTakeTooHigh`), and more than `TxDelegateTakeRateLimit` blocks must have
 * passed since the last take change in either direction (`DelegateTxRateLimitExceeded`; a limit of 0 or no previous
 * change always passes).
 */
export function checkIncreaseTake(
  current: number,
  next: number,
  now: bigint,
  lastChangeBlock: bigint,
  maxTake: number = DEFAULT_DELEGATE_TAKE,
  rateLimit: bigint = TX_DELEGATE_TAKE_RATE_LIMIT,
): TakeCheck {
  if (next <= current) return { ok: false, error: 'DelegateTakeTooLow' };
  if (next > maxTake) return { ok: false, error: 'DelegateTakeTooHigh' };
  if (rateLimit !== 0n && lastChangeBlock !== 0n && (now > lastChangeBlock ? now - lastChangeBlock : 0n) <= rateLimit) {
    return { ok: false, error: 'DelegateTxRateLimitExceeded' };
  }
  return { ok: true };
}

/** `decrease_take` rule (spec §5.8 e): always allowed if strictly below the current take and ≥ `MinDelegateTake` (default 0). */
export function checkDecreaseTake(current: number, next: number, minTake = 0): TakeCheck {
  if (next >= current) return { ok: false, error: 'DelegateTakeTooLow' };
  if (next < minTake) return { ok: false, error: 'DelegateTakeTooLow' };
  return { ok: true };
}

/**
 * Weighted stake `alpha + tao_weight · root` floored to an integer (spec §6.4–§6.5), from already inherited stakes; see
 * `stakeWeightRaw` for the exact I64F64 value the chain compares with `StakeThreshold`.
 */
export function weightedStake(alpha: bigint, root: bigint, taoWeight: bigint): bigint {
  const v = I64F64.toIntFloor(stakeWeightRaw(alpha, root, taoWeight));
  return v < 0n ? 0n : v > U64_MAX ? U64_MAX : v;
}

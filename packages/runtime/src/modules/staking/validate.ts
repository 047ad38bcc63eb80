/**
 * The checks of every stake-moving call, in the reference chain's order (spec/economics.md §6.4), and the limit-price
 * helpers `max_amount_add/remove/move` (§4.4).
 */
import { maxAmountAdd, maxAmountMove, maxAmountRemove } from '../../economy/swap.js';
import { fail } from '../../framework/errors.js';
import { getParam, paramBig } from '../../framework/params.js';
import type { State } from '../../state/state.js';
import { hotkeyExists } from '../neurons/storage.js';
import { getInfo, hpBool, hpNum, subnetExists } from '../subnets/storage.js';
import { coldkeyBalance } from '../subnets/tao.js';
import { getPool, poolState, simSwap } from '../swap/pool.js';
import { STAKING } from './ops.js';
import { stakeOf, stakeWouldRegister } from './storage.js';

const swapParams = (state: State, netuid: number) => ({
  feeRate: hpNum(state, netuid, 'fee_rate'),
  minimumReserve: BigInt(getParam<bigint>(state, 'minimum_reserve')),
});

function unwrap(r: { ok: true; value: bigint } | { ok: false; error: string }): bigint {
  if (!r.ok) fail('swap', r.error);
  return r.value;
}

/** `get_max_amount_add`: TAO (fee included) that can be staked before the price reaches `limitRao`. */
export function maxAdd(state: State, netuid: number, limitRao: bigint): bigint {
  return unwrap(maxAmountAdd(poolState(state, netuid), limitRao, swapParams(state, netuid)));
}

/** `get_max_amount_remove`: alpha (fee included) that can be sold before the price falls to `limitRao`. */
export function maxRemove(state: State, netuid: number, limitRao: bigint): bigint {
  return unwrap(maxAmountRemove(poolState(state, netuid), limitRao, swapParams(state, netuid)));
}

/** `get_max_amount_move`: origin alpha movable with origin/destination price limit `limitRao`. */
export function maxMove(state: State, origin: number, destination: number, limitRao: bigint): bigint {
  return unwrap(
    maxAmountMove(poolState(state, origin), poolState(state, destination), limitRao, swapParams(state, origin)),
  );
}

export function ensureSubtokenEnabled(state: State, netuid: number): void {
  if (!getInfo(state, netuid)?.subtokenEnabled) fail(STAKING, 'SubtokenDisabled');
}

/** `ensure_add_stake_input_within_swap_limit`: at most 1000 × SubnetTAO on dynamic subnets. */
export function ensureAddWithinSwapLimit(state: State, netuid: number, amount: bigint): void {
  if (getInfo(state, netuid)?.mechanism === 1 && amount > getPool(state, netuid).tao * 1000n)
    fail(STAKING, 'InsufficientLiquidity');
}

/** `ensure_remove_stake_input_within_swap_limit`: at most 1000 × SubnetAlphaIn on dynamic subnets. */
export function ensureRemoveWithinSwapLimit(state: State, netuid: number, amount: bigint): void {
  if (getInfo(state, netuid)?.mechanism === 1 && amount > getPool(state, netuid).alphaIn * 1000n)
    fail(STAKING, 'InsufficientLiquidity');
}

/** `validate_add_stake`. Returns the amount to stake (capped at `maxAmount` when partial fills are allowed). */
export function validateAddStake(
  state: State,
  coldkey: string,
  hotkey: string,
  netuid: number,
  amount: bigint,
  maxAmount: bigint,
  allowPartial: boolean,
): bigint {
  if (!subnetExists(state, netuid)) fail(STAKING, 'SubnetNotExists');
  ensureSubtokenEnabled(state, netuid);
  const minStake = paramBig(state, 'min_stake');
  const feeSim = simSwap(state, netuid, 'stake', minStake);
  const minFee = feeSim.ok ? feeSim.value.feePaid : 0n;
  if (amount < minStake + minFee) fail(STAKING, 'AmountTooLow');
  let stake = amount;
  if (!allowPartial) {
    if (amount > maxAmount) fail(STAKING, 'SlippageTooHigh');
  } else if (maxAmount < stake) stake = maxAmount;
  if (coldkeyBalance(state, coldkey) < stake) fail(STAKING, 'NotEnoughBalanceToStake');
  if (!hotkeyExists(state, hotkey)) fail(STAKING, 'HotKeyAccountNotExists');
  const sim = simSwap(state, netuid, 'stake', stake);
  if (!sim.ok) fail(STAKING, 'InsufficientLiquidity');
  if (sim.value.amountPaidIn < minStake) fail(STAKING, 'AmountTooLow');
  if (sim.value.amountPaidOut === 0n) fail(STAKING, 'InsufficientLiquidity');
  if (!stakeWouldRegister(state, hotkey, netuid, sim.value.amountPaidOut)) fail(STAKING, 'InsufficientLiquidity');
  return stake;
}

/** `validate_remove_stake`. */
export function validateRemoveStake(
  state: State,
  coldkey: string,
  hotkey: string,
  netuid: number,
  alpha: bigint,
  maxAmount: bigint,
  allowPartial: boolean,
): void {
  if (!subnetExists(state, netuid)) fail(STAKING, 'SubnetNotExists');
  if (alpha === 0n) fail(STAKING, 'AmountTooLow');
  const held = stakeOf(state, hotkey, coldkey, netuid);
  if (alpha > held) fail(STAKING, 'NotEnoughStakeToWithdraw');
  const sim = simSwap(state, netuid, 'unstake', alpha);
  if (!sim.ok) fail(STAKING, 'InsufficientLiquidity');
  if (held - alpha > 0n && sim.value.amountPaidOut < paramBig(state, 'min_stake')) fail(STAKING, 'AmountTooLow');
  if (!allowPartial && alpha > maxAmount) fail(STAKING, 'SlippageTooHigh');
  if (!hotkeyExists(state, hotkey)) fail(STAKING, 'HotKeyAccountNotExists');
}

export interface Transition {
  readonly originColdkey: string;
  readonly destinationColdkey: string;
  readonly originHotkey: string;
  readonly destinationHotkey: string;
  readonly originNetuid: number;
  readonly destinationNetuid: number;
}

/** `validate_stake_transition` (move_stake, transfer_stake, swap_stake). */
export function validateTransition(
  state: State,
  t: Transition,
  alpha: bigint,
  maxAmount: bigint,
  allowPartial: boolean | undefined,
  checkTransferToggle: boolean,
): void {
  const cross = t.originNetuid !== t.destinationNetuid;
  if (t.originColdkey === t.destinationColdkey && t.originHotkey === t.destinationHotkey && !cross)
    fail(STAKING, 'SameNetuid');
  if (!subnetExists(state, t.originNetuid)) fail(STAKING, 'SubnetNotExists');
  if (cross && !subnetExists(state, t.destinationNetuid)) fail(STAKING, 'SubnetNotExists');
  ensureSubtokenEnabled(state, t.originNetuid);
  ensureSubtokenEnabled(state, t.destinationNetuid);
  if (!hotkeyExists(state, t.originHotkey)) fail(STAKING, 'HotKeyAccountNotExists');
  if (!hotkeyExists(state, t.destinationHotkey)) fail(STAKING, 'HotKeyAccountNotExists');
  if (alpha > stakeOf(state, t.originHotkey, t.originColdkey, t.originNetuid))
    fail(STAKING, 'NotEnoughStakeToWithdraw');
  if (cross) {
    const sim = simSwap(state, t.originNetuid, 'unstake', alpha);
    if (!sim.ok) fail(STAKING, 'InsufficientLiquidity');
    if (sim.value.amountPaidOut <= paramBig(state, 'min_stake')) fail(STAKING, 'AmountTooLow');
    if (allowPartial === false && alpha > maxAmount) fail(STAKING, 'SlippageTooHigh');
  }
  if (checkTransferToggle) {
    if (!hpBool(state, t.originNetuid, 'transfer_toggle')) fail(STAKING, 'TransferDisallowed');
    if (cross && !hpBool(state, t.destinationNetuid, 'transfer_toggle')) fail(STAKING, 'TransferDisallowed');
  }
}

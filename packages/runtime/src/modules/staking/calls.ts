/**
 * The staking extrinsics (spec/economics.md §6.3): add/remove with and without limit prices, unstake_all, the stake
 * transitions (move, transfer, swap), alpha recycling/burning and delegate takes.
 */
import { MAX_PRICE_RAO, MIN_PRICE_RAO } from '../../economy/constants.js';
import { DispatchError, fail } from '../../framework/errors.js';
import type { Ctx } from '../../framework/module.js';
import { paramBig, paramNum } from '../../framework/params.js';
import { transfer } from '../balances/index.js';
import { hotkeyExists, ownerOf } from '../neurons/storage.js';
import { allNetuids, getInfo, ROOT_NETUID, subnetExists } from '../subnets/storage.js';
import { getPool } from '../swap/pool.js';
import {
  clearSmallNomination,
  destroyAlpha,
  maybeBecomeDelegate,
  STAKING,
  stakeIntoSubnet,
  transferStakeWithinSubnet,
  unstakeFromSubnet,
} from './ops.js';
import { delegateTake, lastTakeBlock, setDelegateTake, stakeOf } from './storage.js';
import {
  ensureAddWithinSwapLimit,
  ensureRemoveWithinSwapLimit,
  ensureSubtokenEnabled,
  maxAdd,
  maxMove,
  maxRemove,
  type Transition,
  validateAddStake,
  validateRemoveStake,
  validateTransition,
} from './validate.js';

export function addStake(ctx: Ctx, coldkey: string, hotkey: string, netuid: number, amount: bigint): bigint {
  ensureAddWithinSwapLimit(ctx.state, netuid, amount);
  validateAddStake(ctx.state, coldkey, hotkey, netuid, amount, amount, false);
  return stakeIntoSubnet(ctx, hotkey, coldkey, netuid, amount, MAX_PRICE_RAO, false);
}

export function addStakeLimit(
  ctx: Ctx,
  coldkey: string,
  hotkey: string,
  netuid: number,
  amount: bigint,
  limitRao: bigint,
  allowPartial: boolean,
): bigint {
  ensureAddWithinSwapLimit(ctx.state, netuid, amount);
  const max = maxAdd(ctx.state, netuid, limitRao);
  const stake = amount < max ? amount : max;
  validateAddStake(ctx.state, coldkey, hotkey, netuid, amount, max, allowPartial);
  if (ownerOf(ctx.state, hotkey) !== coldkey) maybeBecomeDelegate(ctx, hotkey);
  return stakeIntoSubnet(ctx, hotkey, coldkey, netuid, stake, limitRao, false);
}

export function removeStake(ctx: Ctx, coldkey: string, hotkey: string, netuid: number, amount: bigint): bigint {
  ensureSubtokenEnabled(ctx.state, netuid);
  const held = stakeOf(ctx.state, hotkey, coldkey, netuid);
  const alpha = amount < held ? amount : held;
  ensureRemoveWithinSwapLimit(ctx.state, netuid, alpha);
  validateRemoveStake(ctx.state, coldkey, hotkey, netuid, alpha, alpha, false);
  const tao = unstakeFromSubnet(ctx, hotkey, coldkey, coldkey, netuid, alpha, MIN_PRICE_RAO, false);
  clearSmallNomination(ctx, hotkey, coldkey, netuid);
  return tao;
}

/** `remove_stake_limit`: the amount is first capped at the holdings, then at `max_amount_remove(limit)`. */
export function removeStakeLimit(
  ctx: Ctx,
  coldkey: string,
  hotkey: string,
  netuid: number,
  amount: bigint,
  limitRao: bigint,
  allowPartial: boolean,
): bigint {
  ensureSubtokenEnabled(ctx.state, netuid);
  const held = stakeOf(ctx.state, hotkey, coldkey, netuid);
  const alpha = amount < held ? amount : held;
  ensureRemoveWithinSwapLimit(ctx.state, netuid, alpha);
  const max = maxRemove(ctx.state, netuid, limitRao);
  let possible = alpha;
  if (max < possible) possible = max;
  validateRemoveStake(ctx.state, coldkey, hotkey, netuid, alpha, max, allowPartial);
  const tao = unstakeFromSubnet(ctx, hotkey, coldkey, coldkey, netuid, possible, limitRao, false);
  clearSmallNomination(ctx, hotkey, coldkey, netuid);
  return tao;
}

export function removeStakeFullLimit(
  ctx: Ctx,
  coldkey: string,
  hotkey: string,
  netuid: number,
  limitRao: bigint | undefined,
): bigint {
  const all = stakeOf(ctx.state, hotkey, coldkey, netuid);
  return limitRao === undefined
    ? removeStake(ctx, coldkey, hotkey, netuid, all)
    : removeStakeLimit(ctx, coldkey, hotkey, netuid, all, limitRao, false);
}

/** `unstake_all` / `unstake_all_alpha`: every subnet where the removal validates; alpha-only restakes the TAO on root. */
export function unstakeAll(ctx: Ctx, coldkey: string, hotkey: string, onlyAlpha: boolean): void {
  const st = ctx.state;
  if (!hotkeyExists(st, hotkey)) fail(STAKING, 'HotKeyAccountNotExists');
  let total = 0n;
  for (const netuid of allNetuids(st)) {
    if (!getInfo(st, netuid)?.subtokenEnabled) continue;
    if (onlyAlpha && netuid === ROOT_NETUID) continue;
    const alpha = stakeOf(st, hotkey, coldkey, netuid);
    try {
      validateRemoveStake(st, coldkey, hotkey, netuid, alpha, alpha, false);
    } catch (e) {
      if (e instanceof DispatchError) continue;
      throw e;
    }
    if (alpha === 0n) continue;
    total += unstakeFromSubnet(ctx, hotkey, coldkey, coldkey, netuid, alpha, MIN_PRICE_RAO, false);
    clearSmallNomination(ctx, hotkey, coldkey, netuid);
  }
  if (onlyAlpha) stakeIntoSubnet(ctx, hotkey, coldkey, ROOT_NETUID, total, MAX_PRICE_RAO, false);
}

/**
 * `transition_stake_internal`: same-subnet moves transfer alpha without a swap; cross-subnet moves unstake and restake
 * with one fee (none on a root leg) and leave the TAO as free balance when below `min_stake`. Returns the TAO moved.
 */
export function transitionStake(
  ctx: Ctx,
  t: Transition,
  amount: bigint,
  limitRao: bigint | undefined,
  allowPartial: boolean | undefined,
  checkTransferToggle: boolean,
): bigint {
  const st = ctx.state;
  const held = stakeOf(st, t.originHotkey, t.originColdkey, t.originNetuid);
  const alpha = amount < held ? amount : held;
  const cross = t.originNetuid !== t.destinationNetuid;
  const max = cross && limitRao !== undefined ? maxMove(st, t.originNetuid, t.destinationNetuid, limitRao) : alpha;
  validateTransition(st, t, alpha, max, allowPartial, checkTransferToggle);
  let move = alpha;
  if (max < move) move = max;
  if (!cross)
    return transferStakeWithinSubnet(
      ctx,
      t.originColdkey,
      t.originHotkey,
      t.destinationColdkey,
      t.destinationHotkey,
      t.originNetuid,
      move,
    );
  const dropOrigin = t.originNetuid === ROOT_NETUID;
  const tao = unstakeFromSubnet(
    ctx,
    t.originHotkey,
    t.originColdkey,
    t.originColdkey,
    t.originNetuid,
    move,
    MIN_PRICE_RAO,
    dropOrigin,
  );
  // The unstaked TAO moves to the destination coldkey (the origin may be reaped, as on the reference chain).
  if (t.originColdkey !== t.destinationColdkey) transfer(ctx, t.originColdkey, t.destinationColdkey, tao, false);
  if (tao >= paramBig(st, 'min_stake')) {
    if (ownerOf(st, t.destinationHotkey) !== t.destinationColdkey) maybeBecomeDelegate(ctx, t.destinationHotkey);
    stakeIntoSubnet(
      ctx,
      t.destinationHotkey,
      t.destinationColdkey,
      t.destinationNetuid,
      tao,
      MAX_PRICE_RAO,
      !dropOrigin,
    );
  }
  return tao;
}

/** `recycle_alpha` / `burn_alpha`: destroy own alpha (recycling lowers the subnet's alpha issuance). */
export function destroyOwnAlpha(
  ctx: Ctx,
  coldkey: string,
  hotkey: string,
  netuid: number,
  amount: bigint,
  recycle: boolean,
): bigint {
  const st = ctx.state;
  if (!subnetExists(st, netuid)) fail(STAKING, 'SubnetNotExists');
  if (netuid === ROOT_NETUID) fail(STAKING, 'CannotBurnOrRecycleOnRootSubnet');
  ensureSubtokenEnabled(st, netuid);
  if (!hotkeyExists(st, hotkey)) fail(STAKING, 'HotKeyAccountNotExists');
  const held = stakeOf(st, hotkey, coldkey, netuid);
  const a = amount < held ? amount : held;
  if (getPool(st, netuid).alphaOut < a) fail(STAKING, 'InsufficientLiquidity');
  destroyAlpha(ctx, hotkey, coldkey, netuid, a, recycle);
  ctx.emit(STAKING, recycle ? 'AlphaRecycled' : 'AlphaBurned', { coldkey, hotkey, netuid, alpha: a });
  return a;
}

/** `decrease_take` / `increase_take`: the hotkey's owner changes its delegate take. */
export function changeTake(ctx: Ctx, coldkey: string, hotkey: string, take: number, increase: boolean): void {
  const st = ctx.state;
  if (!hotkeyExists(st, hotkey)) fail(STAKING, 'HotKeyAccountNotExists');
  if (ownerOf(st, hotkey) !== coldkey) fail(STAKING, 'NonAssociatedColdKey');
  const current = delegateTake(st, hotkey);
  if (increase) {
    if (take <= current) fail(STAKING, 'DelegateTakeTooLow');
    if (take > paramNum(st, 'max_delegate_take')) fail(STAKING, 'DelegateTakeTooHigh');
    const last = lastTakeBlock(st, hotkey);
    if (last !== 0 && BigInt(ctx.block.number - last) < paramBig(st, 'tx_delegate_take_rate_limit'))
      fail(STAKING, 'DelegateTxRateLimitExceeded');
  } else if (take >= current) fail(STAKING, 'DelegateTakeTooHigh');
  setDelegateTake(st, hotkey, take, ctx.block.number);
  ctx.emit(STAKING, increase ? 'TakeIncreased' : 'TakeDecreased', { coldkey, hotkey, take });
}

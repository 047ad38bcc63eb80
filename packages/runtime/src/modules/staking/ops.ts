/**
 * Stake in / stake out primitives (spec/economics.md §6.2): TAO into a pool for alpha credited to (hotkey, coldkey),
 * alpha out of a pool for TAO paid to the coldkey, and same-subnet moves without a swap. Swap fees go to the block
 * author; without an author (state-transition replays) the TAO fee is burned and the alpha fee is burned alpha.
 */
import { MIN_PRICE_RAO } from '../../economy/constants.js';
import { fxFromInt, fxMul, fxToU64, U64F64 } from '../../economy/fixedExtra.js';
import { DispatchError, fail } from '../../framework/errors.js';
import type { Ctx } from '../../framework/module.js';
import { paramBig } from '../../framework/params.js';
import { ownerOf } from '../neurons/storage.js';
import { addBurnedTao, ROOT_NETUID, updateLedger } from '../subnets/storage.js';
import { payToAccount, takeFromColdkey } from '../subnets/tao.js';
import { currentPrice, getPool, putPool, swapAlphaForTao, swapTaoForAlpha } from '../swap/pool.js';
import { getAccount } from '../system/index.js';
import { adjustRootClaimedOnAdd, adjustRootClaimedOnRemove } from './rootClaims.js';
import {
  decreaseStake,
  delegateTake,
  increaseStake,
  isDelegate,
  setDelegateTake,
  stakeOf,
  stakeWouldRegister,
} from './storage.js';

export const STAKING = 'staking';

/** The block author, or undefined when blocks have none (replays). */
export function blockAuthor(ctx: Ctx): string | undefined {
  return ctx.block.author === '' ? undefined : ctx.block.author;
}

/**
 * Pays a TAO swap fee held by the subnet to the block author; burns it when there is no author or when it would
 * create the author's account below the existential deposit.
 */
function payTaoFee(ctx: Ctx, fee: bigint): void {
  if (fee === 0n) return;
  const author = blockAuthor(ctx);
  if (author && (getAccount(ctx.state, author).free > 0n || fee >= paramBig(ctx.state, 'existential_deposit')))
    payToAccount(ctx, author, fee);
  else addBurnedTao(ctx.state, fee);
}

/**
 * `stake_into_subnet`: takes `tao` from the coldkey (never reaping it), buys alpha up to `limitRao` and credits it to
 * (hotkey, coldkey). Returns the alpha bought.
 */
export function stakeIntoSubnet(
  ctx: Ctx,
  hotkey: string,
  coldkey: string,
  netuid: number,
  tao: bigint,
  limitRao: bigint,
  dropFees: boolean,
): bigint {
  const st = ctx.state;
  const taken = takeFromColdkey(ctx, STAKING, coldkey, tao);
  const r = swapTaoForAlpha(st, netuid, taken, limitRao, dropFees);
  if (r.amountPaidOut === 0n) fail(STAKING, 'AmountTooLow');
  if (!stakeWouldRegister(st, hotkey, netuid, r.amountPaidOut)) fail(STAKING, 'InsufficientLiquidity');
  increaseStake(st, hotkey, coldkey, netuid, r.amountPaidOut);
  payTaoFee(ctx, r.feeToBlockAuthor);
  const left = taken - r.amountPaidIn - r.feeToBlockAuthor;
  if (left > 0n) updateLedger(st, netuid, { heldTao: left });
  if (netuid === ROOT_NETUID) adjustRootClaimedOnAdd(st, hotkey, coldkey, r.amountPaidOut);
  ctx.emit(STAKING, 'StakeAdded', { coldkey, hotkey, tao: taken, alpha: r.amountPaidOut, netuid, fee: r.feePaid });
  return r.amountPaidOut;
}

/**
 * `unstake_from_subnet`: debits `alpha` from (hotkey, coldkey), sells it down to `limitRao` (unused alpha is credited
 * back), pays the TAO to `beneficiary`. Returns the TAO paid.
 */
export function unstakeFromSubnet(
  ctx: Ctx,
  hotkey: string,
  coldkey: string,
  beneficiary: string,
  netuid: number,
  alpha: bigint,
  limitRao: bigint,
  dropFees: boolean,
): bigint {
  const st = ctx.state;
  decreaseStake(st, hotkey, coldkey, netuid, alpha);
  const r = swapAlphaForTao(st, netuid, alpha, limitRao, dropFees);
  const refund = alpha - r.amountPaidIn - r.feePaid;
  if (refund > 0n) increaseStake(st, hotkey, coldkey, netuid, refund);
  payToAccount(ctx, beneficiary, r.amountPaidOut);
  const fee = r.feeToBlockAuthor;
  if (fee > 0n) {
    const author = blockAuthor(ctx);
    if (author) {
      const f = swapAlphaForTao(st, netuid, fee, MIN_PRICE_RAO, true);
      payTaoFee(ctx, f.amountPaidOut);
    } else updateLedger(st, netuid, { burnedAlpha: fee });
  }
  if (netuid === ROOT_NETUID) adjustRootClaimedOnRemove(st, hotkey, coldkey, alpha);
  ctx.emit(STAKING, 'StakeRemoved', {
    coldkey,
    hotkey,
    tao: r.amountPaidOut,
    alpha: r.amountPaidIn,
    netuid,
    fee: r.feePaid,
  });
  return r.amountPaidOut;
}

/**
 * `transfer_stake_within_subnet`: moves alpha between (hotkey, coldkey) pairs on one subnet without a swap or fee; the
 * amount must be worth at least `min_stake` at the spot price. Returns that TAO value.
 */
export function transferStakeWithinSubnet(
  ctx: Ctx,
  oc: string,
  oh: string,
  dc: string,
  dh: string,
  netuid: number,
  alpha: bigint,
): bigint {
  const st = ctx.state;
  decreaseStake(st, oh, oc, netuid, alpha);
  if (netuid === ROOT_NETUID) adjustRootClaimedOnRemove(st, oh, oc, alpha);
  increaseStake(st, dh, dc, netuid, alpha);
  if (netuid === ROOT_NETUID) adjustRootClaimedOnAdd(st, dh, dc, alpha);
  const tao = fxToU64(U64F64, fxMul(U64F64, currentPrice(st, netuid), fxFromInt(U64F64, alpha)));
  if (tao < paramBig(st, 'min_stake')) fail(STAKING, 'AmountTooLow');
  ctx.emit(STAKING, 'StakeMoved', { from: oh, to: dh, fromColdkey: oc, toColdkey: dc, netuid, alpha });
  return tao;
}

/** `maybe_become_delegate`: records the default take for a hotkey staked by someone else. */
export function maybeBecomeDelegate(ctx: Ctx, hotkey: string): void {
  if (!isDelegate(ctx.state, hotkey))
    setDelegateTake(ctx.state, hotkey, delegateTake(ctx.state, hotkey), ctx.block.number);
}

/**
 * `clear_small_nomination_if_required`: after a removal, a nominator (not the hotkey's owner) left with less than
 * `nominator_min_required_stake` (converted to alpha at the spot price) is unstaked entirely.
 */
export function clearSmallNomination(ctx: Ctx, hotkey: string, coldkey: string, netuid: number): void {
  const st = ctx.state;
  if (ownerOf(st, hotkey) === coldkey) return;
  const alpha = stakeOf(st, hotkey, coldkey, netuid);
  const minTao = (paramBig(st, 'min_stake') * paramBig(st, 'nominator_min_required_stake')) / 1_000_000n;
  const price = currentPrice(st, netuid);
  const q = price === 0n ? 0n : ((minTao << 64n) << 64n) / price;
  const minAlpha = q >> 128n !== 0n ? 0n : q >> 64n;
  if (!(alpha > 0n && alpha < minAlpha)) return;
  st.checkpoint();
  try {
    unstakeFromSubnet(ctx, hotkey, coldkey, coldkey, netuid, alpha, MIN_PRICE_RAO, false);
    st.commitCheckpoint();
  } catch (e) {
    if (!(e instanceof DispatchError)) throw e;
    st.revertCheckpoint();
    decreaseStake(st, hotkey, coldkey, netuid, stakeOf(st, hotkey, coldkey, netuid));
    // The alpha leaves the stakes but stays counted in SubnetAlphaOut.
    updateLedger(st, netuid, { burnedAlpha: alpha });
  }
}

/** Destroys alpha from a stake: `recycle` lowers SubnetAlphaOut (issuance), otherwise it is burned (still counted). */
export function destroyAlpha(
  ctx: Ctx,
  hotkey: string,
  coldkey: string,
  netuid: number,
  amount: bigint,
  recycle: boolean,
): void {
  const st = ctx.state;
  decreaseStake(st, hotkey, coldkey, netuid, amount);
  if (recycle) {
    const pool = getPool(st, netuid);
    putPool(st, netuid, { ...pool, alphaOut: pool.alphaOut - amount });
  } else updateLedger(st, netuid, { burnedAlpha: amount });
}

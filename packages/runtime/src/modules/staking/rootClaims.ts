/**
 * Root dividends as claims (spec/economics.md §5.9). A validator's root dividend on a subnet raises a per-root-stake
 * rate `RootClaimable[hotkey][netuid]` (I96F32); a root staker is owed `rate · root stake − RootClaimed`. Staking or
 * unstaking on root shifts `RootClaimed` by `rate · Δstake` so only later dividends accrue. `claim_root` pays what is
 * owed above `root_claimable_threshold`: sold for TAO staked on root (`swap`, the default) or kept as alpha (`keep`).
 *
 *   staking/root_claimable/<hotkey>/<nn>             bigint: rate, raw I96F32 bits
 *   staking/root_claimed/<nn>/<hotkey>/<coldkey>     bigint: alpha already claimed (or pre-accounted)
 *   staking/root_claim_type/<coldkey>                'swap' | 'keep'
 */
import { MIN_PRICE_RAO } from '../../economy/constants.js';
import { fail } from '../../framework/errors.js';
import type { Ctx } from '../../framework/module.js';
import { paramBig } from '../../framework/params.js';
import { keysByStringNumber } from '../../state/keys.js';
import type { State } from '../../state/state.js';
import { ownerOf } from '../neurons/storage.js';
import { nn, ROOT_NETUID, updateLedger } from '../subnets/storage.js';
import { getPool, putPool, swapAlphaForTao } from '../swap/pool.js';
import { increaseStake, stakeOf, stakingHotkeys, totalHotkeyAlpha } from './storage.js';

const F = 32n;
const claimableKey = keysByStringNumber((hk, n) => `staking/root_claimable/${hk}/${nn(n)}`);
const claimedKey = (n: number, hk: string, ck: string): string => `staking/root_claimed/${nn(n)}/${hk}/${ck}`;
const typeKey = (ck: string): string => `staking/root_claim_type/${ck}`;

/** Claimable rates of a hotkey per subnet. */
export function rootClaimableRates(state: State, hotkey: string): [number, bigint][] {
  const prefix = `staking/root_claimable/${hotkey}/`;
  return state.scan<bigint>(prefix).map(([k, v]) => [Number(k.slice(prefix.length)), v]);
}

function claimed(state: State, netuid: number, hotkey: string, coldkey: string): bigint {
  return state.get<bigint>(claimedKey(netuid, hotkey, coldkey)) ?? 0n;
}

function setClaimed(state: State, netuid: number, hotkey: string, coldkey: string, v: bigint): void {
  if (v === 0n) state.delete(claimedKey(netuid, hotkey, coldkey));
  else state.set(claimedKey(netuid, hotkey, coldkey), v);
}

/**
 * `increase_root_claimable_for_hotkey_and_subnet`: adds `amount / root stake` to the rate; when the amount exceeds
 * the hotkey's root stake it is staked to the hotkey's owner instead. Returns whether it became claimable.
 */
export function increaseRootClaimable(state: State, hotkey: string, netuid: number, amount: bigint): void {
  const total = totalHotkeyAlpha(state, hotkey, ROOT_NETUID);
  if (amount > total) {
    const owner = ownerOf(state, hotkey);
    if (owner) increaseStake(state, hotkey, owner, netuid, amount);
    return;
  }
  const inc = total === 0n ? 0n : ((amount << F) << F) / (total << F);
  if (inc === 0n) {
    if (amount > 0n) updateLedger(state, netuid, { undistributedAlpha: amount });
    return;
  }
  state.set(claimableKey(hotkey, netuid), (state.get<bigint>(claimableKey(hotkey, netuid)) ?? 0n) + inc);
  updateLedger(state, netuid, { rootClaimableAlpha: amount });
}

/** Alpha owed to a root staker on a subnet (floored, ≥ 0). */
export function rootOwed(state: State, hotkey: string, coldkey: string, netuid: number): bigint {
  const rate = state.get<bigint>(claimableKey(hotkey, netuid)) ?? 0n;
  const claimable = (rate * stakeOf(state, hotkey, coldkey, ROOT_NETUID)) >> 0n; // rate (2^-32) × integer stake
  const owed = claimable - (claimed(state, netuid, hotkey, coldkey) << F);
  return owed <= 0n ? 0n : owed >> F;
}

export function adjustRootClaimedOnAdd(state: State, hotkey: string, coldkey: string, amount: bigint): void {
  for (const [netuid, rate] of rootClaimableRates(state, hotkey)) {
    setClaimed(state, netuid, hotkey, coldkey, claimed(state, netuid, hotkey, coldkey) + ((rate * amount) >> F));
  }
}

export function adjustRootClaimedOnRemove(state: State, hotkey: string, coldkey: string, amount: bigint): void {
  for (const [netuid, rate] of rootClaimableRates(state, hotkey)) {
    if (netuid === ROOT_NETUID) continue;
    const c = claimed(state, netuid, hotkey, coldkey) - ((rate * amount) >> F);
    setClaimed(state, netuid, hotkey, coldkey, c < 0n ? 0n : c);
  }
}

export type RootClaimType = 'swap' | 'keep';

export function rootClaimType(state: State, coldkey: string): RootClaimType {
  return state.get<RootClaimType>(typeKey(coldkey)) ?? 'swap';
}

export function setRootClaimType(state: State, coldkey: string, t: RootClaimType): void {
  state.set(typeKey(coldkey), t);
}

/** Claims what one (hotkey, coldkey) is owed on one subnet, if at least the threshold. */
function claimOnSubnet(ctx: Ctx, hotkey: string, coldkey: string, netuid: number, type: RootClaimType): void {
  const st = ctx.state;
  const owed = rootOwed(st, hotkey, coldkey, netuid);
  if (owed === 0n || owed < paramBig(st, 'root_claimable_threshold')) return;
  updateLedger(st, netuid, { rootClaimableAlpha: -owed });
  if (type === 'swap') {
    // The owed alpha is outside the pool (counted in SubnetAlphaOut): sell it fee-free and stake the TAO on root.
    const r = swapAlphaForTao(st, netuid, owed, MIN_PRICE_RAO, true);
    const root = getPool(st, ROOT_NETUID);
    putPool(st, ROOT_NETUID, { ...root, tao: root.tao + r.amountPaidOut, alphaOut: root.alphaOut + r.amountPaidOut });
    increaseStake(st, hotkey, coldkey, ROOT_NETUID, r.amountPaidOut);
    adjustRootClaimedOnAdd(st, hotkey, coldkey, r.amountPaidOut);
  } else increaseStake(st, hotkey, coldkey, netuid, owed);
  setClaimed(st, netuid, hotkey, coldkey, claimed(st, netuid, hotkey, coldkey) + owed);
  ctx.emit('staking', 'RootClaimed', { coldkey, hotkey, netuid, alpha: owed, type });
}

/** `claim_root`: every root dividend a coldkey is owed (optionally only on `subnets`). */
export function claimRoot(ctx: Ctx, coldkey: string, subnets?: readonly number[]): void {
  const type = rootClaimType(ctx.state, coldkey);
  const hotkeys = stakingHotkeys(ctx.state, coldkey);
  if (hotkeys.length === 0) fail('staking', 'NotEnoughStake');
  for (const hotkey of hotkeys) {
    for (const [netuid] of rootClaimableRates(ctx.state, hotkey)) {
      if (subnets && !subnets.includes(netuid)) continue;
      claimOnSubnet(ctx, hotkey, coldkey, netuid, type);
    }
  }
}

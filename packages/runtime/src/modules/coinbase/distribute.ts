/**
 * From a drained epoch to stake (spec/economics.md §5.7–§5.8, `distribute_emission`): run the epoch on
 * server + validator + root alpha, pay the owner cut, route miner incentives (withheld from owner hotkeys), split
 * dividends by each validator's alpha and root stake, pay delegate takes and the nominators' share, and make the root
 * part claimable. The arithmetic is the economy layer's (`economy/distribution.ts`).
 */

import {
  dividendDistribution,
  epochEmissionInput,
  ownerHotkeys,
  type PendingEmission,
  parentChildDividends,
  routeIncentives,
  splitDelegateTake,
  validatorPool,
} from '../../economy/distribution.js';
import { fxFromInt, U96F32 } from '../../economy/fixedExtra.js';
import type { Ctx } from '../../framework/module.js';
import { paramBig } from '../../framework/params.js';
import { getKeys, getMeta, ownedHotkeys, ownerOf, uidOf } from '../neurons/storage.js';
import { increaseRootClaimable } from '../staking/rootClaims.js';
import { delegateTake, increaseStake, increaseStakeForAll, totalHotkeyAlpha } from '../staking/storage.js';
import { getInfo, hp, ROOT_NETUID, updateLedger, updateSubnetState } from '../subnets/storage.js';
import { getPool, putPool } from '../swap/pool.js';
import { runSubnetEpoch } from './epoch.js';

function recycleAlpha(ctx: Ctx, netuid: number, amount: bigint): void {
  if (amount === 0n) return;
  const pool = getPool(ctx.state, netuid);
  putPool(ctx.state, netuid, { ...pool, alphaOut: pool.alphaOut > amount ? pool.alphaOut - amount : 0n });
}

/** Distributes one subnet's drained pending emission at its epoch. */
export function distributeEmission(ctx: Ctx, netuid: number, pending: PendingEmission): void {
  const st = ctx.state;
  const now = ctx.block.number;
  const taoWeight = paramBig(st, 'tao_weight');
  const drained = pending.server + pending.validator + pending.root + pending.ownerCut;
  let paid = 0n;

  const earned = runSubnetEpoch(st, netuid, now, epochEmissionInput(pending));
  let incentiveSum = 0n;
  for (const e of earned) incentiveSum += e.incentive;
  const valPool = validatorPool(pending, incentiveSum);

  // Incentives per hotkey, and dividends per hotkey after the parent/child split (no childkeys are set here). The
  // stakes are those the epoch read: nothing changes them between the epoch and this point.
  const incentives = new Map<string, bigint>();
  const dividends = new Map<string, bigint>();
  const stakeOf = new Map<string, readonly [bigint, bigint]>();
  let ckBurn: bigint | undefined;
  for (const e of earned) {
    incentives.set(e.hotkey, (incentives.get(e.hotkey) ?? 0n) + e.incentive);
    if (!stakeOf.has(e.hotkey)) stakeOf.set(e.hotkey, [e.alphaStake, e.rootStake]);
    const split = parentChildDividends({
      hotkey: e.hotkey,
      dividend: e.dividend,
      alphaStake: e.alphaStake,
      rootStake: e.rootStake,
      childProportions: [],
      parents: [],
      childkeyTake: 0,
      ckBurn: (ckBurn ??= paramBig(st, 'ck_burn')),
      taoWeight,
    });
    for (const s of split.shares)
      dividends.set(s.hotkey, (dividends.get(s.hotkey) ?? 0n) + fxFromInt(U96F32, s.amount));
  }
  const stakes = new Map<string, readonly [bigint, bigint]>();
  for (const hk of dividends.keys())
    stakes.set(hk, stakeOf.get(hk) ?? [totalHotkeyAlpha(st, hk, netuid), totalHotkeyAlpha(st, hk, ROOT_NETUID)]);
  const dist = dividendDistribution(valPool, pending.root, taoWeight, stakes, dividends);

  // Owners of the paid hotkeys, read once (nothing here changes them).
  const owners = new Map<string, string>();
  const ownerCold = (hk: string): string => {
    let o = owners.get(hk);
    if (o === undefined) owners.set(hk, (o = ownerOf(st, hk) ?? hk));
    return o;
  };

  // (a) Owner cut.
  const info = getInfo(st, netuid)!;
  increaseStake(st, info.ownerHotkey, info.owner, netuid, pending.ownerCut);
  paid += pending.ownerCut;

  // (b) Incentives: withheld from the owner's hotkeys (burned or recycled), else staked to the hotkey by its owner.
  const regAt = getMeta(st, netuid).regAt;
  const owned = ownedHotkeys(st, info.owner).flatMap((hotkey) => {
    const uid = uidOf(st, netuid, hotkey);
    return uid === undefined ? [] : [{ hotkey, uid, registeredAt: BigInt(regAt[uid] ?? 0) }];
  });
  const ownerSet = new Set(
    ownerHotkeys(owned, { hotkey: info.ownerHotkey, hasUid: uidOf(st, netuid, info.ownerHotkey) !== undefined }),
  );
  const routed = routeIncentives(incentives, ownerSet, hp<string>(st, netuid, 'recycle_or_burn') === 'recycle');
  for (const f of routed.fates) {
    if (f.amount === 0n && f.kind === 'stake') continue;
    paid += f.amount;
    if (f.kind === 'stake') increaseStake(st, f.destination, ownerCold(f.hotkey), netuid, f.amount);
    else if (f.kind === 'burn') updateLedger(st, netuid, { burnedAlpha: f.amount });
    else recycleAlpha(ctx, netuid, f.amount);
  }

  // (e) Alpha dividends: the delegate take to the hotkey's owner, the rest to every nominator pro rata. A zero dividend
  // splits into zeros whatever the take (and still gives the owner a share entry, as adding 0 stake does).
  for (const [hk, d] of dist.alpha) {
    const { take, rest } = splitDelegateTake(d, d === 0n ? 0 : delegateTake(st, hk));
    increaseStake(st, hk, ownerCold(hk), netuid, take);
    increaseStakeForAll(st, hk, netuid, rest);
    paid += take + rest;
  }
  // (f) Root dividends: the take as alpha stake to the owner, the rest claimable by the hotkey's root stakers.
  for (const [hk, r] of dist.root) {
    const { take, rest } = splitDelegateTake(r, r === 0n ? 0 : delegateTake(st, hk));
    increaseStake(st, hk, ownerCold(hk), netuid, take);
    if (rest > 0n) increaseRootClaimable(st, hk, netuid, rest);
    paid += take + rest;
  }
  // Whatever nobody received stays counted in SubnetAlphaOut.
  const lost = drained - paid;
  if (lost !== 0n) updateLedger(st, netuid, { undistributedAlpha: lost });

  updateSubnetState(st, netuid, { minerBurned: routed.minerBurnedRaw, lastStepBlock: now });
  ctx.emit('coinbase', 'EpochDistributed', {
    netuid,
    emission: drained,
    incentive: incentiveSum,
    n: getKeys(st, netuid).length,
  });
}

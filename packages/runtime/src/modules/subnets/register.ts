/**
 * Creating and starting subnets (spec/economics.md §2.2–§2.3): `register_network` with the lock cost, netuid
 * allocation and pruning at the subnet limit, pool seeding at the median price, and `start_call`.
 */
import { HALF_WEIGHT } from '../../economy/balancer.js';
import { initialLastEpochBlock } from '../../economy/epochSchedule.js';
import { blockEmissionForIssuance } from '../../economy/issuance.js';
import { networkLockCost } from '../../economy/lockCost.js';
import { lowestFreeNetuid, medianSubnetPrice, seedSubnetPool } from '../../economy/subnetLifecycle.js';
import { fail } from '../../framework/errors.js';
import type { Ctx } from '../../framework/module.js';
import { getParam, paramBig, paramNum } from '../../framework/params.js';
import type { State } from '../../state/state.js';
import { totalIssuance } from '../balances/index.js';
import { createHotkeyIfNew, hotkeyExists, ownerOf } from '../neurons/storage.js';
import { appendNeuron } from '../neurons/uids.js';
import { currentPrice, putPool } from '../swap/pool.js';
import { dissolveNetwork, networkToPrune } from './dissolve.js';
import {
  allNetuids,
  defaultHyperparams,
  EMPTY_EMISSION,
  getInfo,
  getLastLock,
  nonRootNetuids,
  putEm,
  putHp,
  putInfo,
  ROOT_NETUID,
  setBurn,
  setLastLock,
  subnetExists,
} from './storage.js';
import { coldkeyBalance, mintHeld, takeFromColdkey } from './tao.js';

export const SUBNETS = 'subnets';

/** The current price of a new subnet (spec §2.3, `get_network_lock_cost`). */
export function lockCost(state: State, now: number): bigint {
  const last = getLastLock(state);
  return networkLockCost({
    lastLock: last.cost,
    minLock: paramBig(state, 'network_min_lock_cost'),
    lastLockBlock: BigInt(last.block),
    now: BigInt(now),
    reductionInterval: paramBig(state, 'network_lock_reduction_interval'),
    blockEmission: blockEmissionForIssuance(totalIssuance(state)),
  });
}

/** Median spot price of the existing non-root subnets (U64F64 raw; 1.0 when none), `get_median_subnet_alpha_price`. */
export function subnetMedianPrice(state: State): bigint {
  return medianSubnetPrice(nonRootNetuids(state).map((n) => currentPrice(state, n)));
}

/** `init_new_network`: hyperparameters from the current defaults, the staggered epoch schedule, the burn price. */
export function initNewNetwork(state: State, netuid: number, now: number): void {
  const hp = defaultHyperparams(state);
  putHp(state, netuid, hp);
  const tempo = Number(hp.tempo);
  putEm(state, netuid, {
    ...EMPTY_EMISSION,
    lastEpochBlock: Number(initialLastEpochBlock(BigInt(now), netuid, tempo)),
  });
  setBurn(state, netuid, BigInt(hp.burn as bigint));
}

/** `do_register_network`: returns the new netuid. */
export function registerNetwork(ctx: Ctx, coldkey: string, hotkey: string): number {
  const st = ctx.state;
  const now = ctx.block.number;
  if (hotkeyExists(st, hotkey) && ownerOf(st, hotkey) !== coldkey) fail(SUBNETS, 'NonAssociatedColdKey');
  if (BigInt(now) < paramBig(st, 'network_registration_start_block')) fail(SUBNETS, 'SubNetRegistrationDisabled');
  const last = getLastLock(st);
  if (!(last.block === 0 || BigInt(now - last.block) >= paramBig(st, 'network_rate_limit')))
    fail(SUBNETS, 'NetworkTxRateLimitExceeded');

  let prune: number | undefined;
  if (nonRootNetuids(st).length >= paramNum(st, 'subnet_limit')) {
    prune = networkToPrune(st, now);
    if (prune === undefined) fail(SUBNETS, 'SubnetLimitReached');
  }
  const cost = lockCost(st, now);
  if (coldkeyBalance(st, coldkey) < cost) fail(SUBNETS, 'CannotAffordLockCost');
  if (prune !== undefined) dissolveNetwork(ctx, prune);
  const netuid = prune ?? lowestFreeNetuid(allNetuids(st));

  const median = subnetMedianPrice(st);
  initNewNetwork(st, netuid, now);
  const paid = takeFromColdkey(ctx, SUBNETS, coldkey, cost);
  setLastLock(st, paid, now);

  createHotkeyIfNew(st, coldkey, hotkey);
  putInfo(st, netuid, {
    owner: coldkey,
    ownerHotkey: hotkey,
    registeredAt: now,
    mechanism: 1,
    locked: paid,
    firstEmissionBlock: 0,
    subtokenEnabled: false,
  });
  appendNeuron(st, netuid, hotkey, now);

  // Pool seeding: the whole lock becomes the TAO reserve (at least the minimum lock), priced at the median.
  const seed = seedSubnetPool(paid, paramBig(st, 'network_min_lock_cost'), median);
  if (seed.taoReserve > paid) mintHeld(st, seed.taoReserve - paid); // the pool is never seeded below the minimum lock
  putPool(st, netuid, {
    tao: seed.taoReserve,
    alphaIn: seed.alphaIn,
    alphaOut: seed.alphaOut,
    protocolAlpha: 0n,
    quoteWeight: HALF_WEIGHT,
  });
  ctx.emit(SUBNETS, 'NetworkAdded', { netuid, owner: coldkey, hotkey, lock: paid });
  if (getParam<boolean>(st, 'subnet_auto_start')) {
    putInfo(st, netuid, { ...getInfo(st, netuid)!, firstEmissionBlock: now + 1, subtokenEnabled: true });
    ctx.emit(SUBNETS, 'FirstEmissionBlockNumberSet', { netuid, block: now + 1 });
  }
  return netuid;
}

/** `do_start_call`: the owner switches on emission and staking from the next block. */
export function startCall(ctx: Ctx, who: string, netuid: number): void {
  const st = ctx.state;
  const info = getInfo(st, netuid);
  if (!info) fail(SUBNETS, 'SubnetNotExists');
  if (info.owner !== who) fail(SUBNETS, 'BadOrigin');
  // With subnet_auto_start (dev networks) the subnet started at creation: starting it again is a no-op.
  if (info.firstEmissionBlock !== 0 && getParam<boolean>(st, 'subnet_auto_start')) return;
  if (info.firstEmissionBlock !== 0) fail(SUBNETS, 'FirstEmissionBlockNumberAlreadySet');
  const now = ctx.block.number;
  if (BigInt(now) < BigInt(info.registeredAt) + paramBig(st, 'start_call_delay'))
    fail(SUBNETS, 'NeedWaitingMoreBlocksToStarCall');
  putInfo(st, netuid, { ...info, firstEmissionBlock: now + 1, subtokenEnabled: true });
  ctx.emit(SUBNETS, 'FirstEmissionBlockNumberSet', { netuid, block: now + 1 });
}

/** Genesis: the root subnet (netuid 0, stable mechanism, owned by nobody). */
export function createRootSubnet(state: State): void {
  if (subnetExists(state, ROOT_NETUID)) return;
  initNewNetwork(state, ROOT_NETUID, 0);
  putInfo(state, ROOT_NETUID, {
    owner: '',
    ownerHotkey: '',
    registeredAt: 0,
    mechanism: 0,
    locked: 0n,
    firstEmissionBlock: 0,
    subtokenEnabled: true,
  });
  putPool(state, ROOT_NETUID, { tao: 0n, alphaIn: 0n, alphaOut: 0n, protocolAlpha: 0n, quoteWeight: HALF_WEIGHT });
}

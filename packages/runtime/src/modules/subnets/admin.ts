/**
 * Changing parameters (spec/economics.md §2.7): `sudo_set` for the sudo key (any parameter, global or per subnet, no
 * window or rate limit), and the owner calls `set_hyperparameter`, `set_tempo` and `trigger_epoch`, which respect the
 * admin freeze window (no change in the last `admin_freeze_window` blocks before an epoch) and a per-parameter rate
 * limit of `owner_hyperparam_rate_limit` tempos.
 */
import { blocksUntilNextAutoEpoch } from '../../economy/epochSchedule.js';
import { fail } from '../../framework/errors.js';
import type { Ctx } from '../../framework/module.js';
import { paramBig, paramNum, setParam } from '../../framework/params.js';
import type { State } from '../../state/state.js';
import { getKeys } from '../neurons/storage.js';
import { coerceParam, ECONOMY_PARAM_MAP, type EconomyParam, ParamValueError } from './params.js';
import { SUBNETS } from './register.js';
import {
  getEm,
  getInfo,
  getLastLock,
  hpBig,
  hpBool,
  hpNum,
  lastRateLimited,
  putEm,
  putInfo,
  ROOT_NETUID,
  setBurn,
  setHp,
  setLastLock,
  setRateLimited,
  subnetExists,
} from './storage.js';

/** Parameters only genesis may set. */
const GENESIS_ONLY = new Set(['total_issuance']);

function coerce(def: EconomyParam, value: unknown) {
  try {
    return coerceParam(def, value);
  } catch (e) {
    if (e instanceof ParamValueError) fail(SUBNETS, 'InvalidValue', e.message);
    throw e;
  }
}

/** Applies a subnet hyperparameter, with the side effects some of them have. */
function applySubnetParam(ctx: Ctx, netuid: number, name: string, value: ReturnType<typeof coerceParam>): void {
  const st = ctx.state;
  setHp(st, netuid, name, value);
  if (name === 'tempo') putEm(st, netuid, { ...getEm(st, netuid), lastEpochBlock: ctx.block.number });
  if (name === 'burn') setBurn(st, netuid, value as bigint);
  ctx.emit(SUBNETS, 'HyperparameterSet', { netuid, name, value });
}

/** `sudo_set(netuid?, name, value)`: root changes any economy parameter. */
export function sudoSet(ctx: Ctx, netuid: number | undefined, name: string, value: unknown): void {
  const def = ECONOMY_PARAM_MAP.get(name);
  if (!def || GENESIS_ONLY.has(name)) fail(SUBNETS, 'InvalidParameter', name);
  const v = coerce(def, value);
  if (netuid !== undefined) {
    if (def.scope !== 'subnet') fail(SUBNETS, 'InvalidParameter', `${name} is not a subnet parameter`);
    if (!subnetExists(ctx.state, netuid)) fail(SUBNETS, 'SubnetNotExists');
    applySubnetParam(ctx, netuid, name, v);
    return;
  }
  setParam(ctx.state, name, v);
  if (name === 'network_last_lock_cost') setLastLock(ctx.state, v as bigint, getLastLock(ctx.state).block);
  ctx.emit(SUBNETS, 'ParameterSet', { name, value: v });
}

/** Whether the owner may not act now: within `admin_freeze_window` blocks of the next epoch, or an epoch is pending. */
export function inAdminFreezeWindow(state: State, netuid: number, now: number): boolean {
  const tempo = hpNum(state, netuid, 'tempo');
  if (tempo === 0) return false;
  const em = getEm(state, netuid);
  if (em.pendingEpochAt > 0 && em.pendingEpochAt > now) return true;
  const remaining = blocksUntilNextAutoEpoch(BigInt(em.lastEpochBlock), tempo, BigInt(now));
  return remaining < BigInt(paramNum(state, 'admin_freeze_window'));
}

function ensureOwner(state: State, who: string, netuid: number): void {
  const info = getInfo(state, netuid);
  if (!info || netuid === ROOT_NETUID) fail(SUBNETS, 'SubnetNotExists');
  if (info.owner !== who) fail(SUBNETS, 'NotSubnetOwner');
}

function ownerRateLimit(ctx: Ctx, netuid: number, key: string, limitBlocks: bigint): void {
  const last = lastRateLimited(ctx.state, netuid, key);
  if (!(last === 0 || BigInt(ctx.block.number - last) >= limitBlocks)) fail(SUBNETS, 'TxRateLimitExceeded');
  setRateLimited(ctx.state, netuid, key, ctx.block.number);
}

/** Extra consistency rules of some owner-settable parameters. */
function checkOwnerValue(state: State, netuid: number, name: string, v: bigint): void {
  if (name === 'min_burn' && v >= hpBig(state, netuid, 'max_burn'))
    fail(SUBNETS, 'InvalidValue', 'min_burn must stay below max_burn');
  if (name === 'max_burn' && v <= hpBig(state, netuid, 'min_burn'))
    fail(SUBNETS, 'InvalidValue', 'max_burn must stay above min_burn');
  if (name === 'max_allowed_uids') {
    if (v < BigInt(paramNum(state, 'min_allowed_uids')) || v < BigInt(getKeys(state, netuid).length))
      fail(SUBNETS, 'InvalidValue', 'max_allowed_uids too low');
  }
  if (name === 'alpha_low' && v > hpBig(state, netuid, 'alpha_high')) fail(SUBNETS, 'AlphaLowOutOfRange');
  if (name === 'alpha_high' && v < hpBig(state, netuid, 'alpha_low')) fail(SUBNETS, 'AlphaHighTooLow');
}

/** `set_hyperparameter(netuid, name, value)`: the owner changes an owner-settable hyperparameter. */
export function ownerSet(ctx: Ctx, who: string, netuid: number, name: string, value: unknown): void {
  const st = ctx.state;
  ensureOwner(st, who, netuid);
  const def = ECONOMY_PARAM_MAP.get(name);
  if (def?.scope !== 'subnet') fail(SUBNETS, 'InvalidParameter', name);
  if (!def.owner) fail(SUBNETS, 'NotOwnerSettable', name);
  const v = coerce(def, value);
  if (typeof v === 'bigint' || typeof v === 'number') {
    const b = BigInt(v);
    if ((def.owner.min !== undefined && b < def.owner.min) || (def.owner.max !== undefined && b > def.owner.max))
      fail(SUBNETS, 'InvalidValue', name);
    checkOwnerValue(st, netuid, name, b);
  }
  if (inAdminFreezeWindow(st, netuid, ctx.block.number)) fail(SUBNETS, 'AdminActionProhibitedDuringWeightsWindow');
  const tempo = BigInt(hpNum(st, netuid, 'tempo'));
  const tempos =
    name === 'weights_version_key'
      ? paramBig(st, 'weights_version_key_rate_limit')
      : BigInt(paramNum(st, 'owner_hyperparam_rate_limit'));
  ownerRateLimit(ctx, netuid, `hp:${name}`, tempo * tempos);
  applySubnetParam(ctx, netuid, name, v);
}

/** `set_tempo(netuid, tempo)`: the owner changes the tempo within [owner_min_tempo, owner_max_tempo]; the cycle restarts now. */
export function ownerSetTempo(ctx: Ctx, who: string, netuid: number, tempo: number): void {
  const st = ctx.state;
  ensureOwner(st, who, netuid);
  if (tempo < paramNum(st, 'owner_min_tempo') || tempo > paramNum(st, 'owner_max_tempo'))
    fail(SUBNETS, 'TempoOutOfBounds');
  if (inAdminFreezeWindow(st, netuid, ctx.block.number)) fail(SUBNETS, 'AdminActionProhibitedDuringWeightsWindow');
  ownerRateLimit(ctx, netuid, 'tempo', BigInt(paramNum(st, 'owner_min_tempo')));
  applySubnetParam(ctx, netuid, 'tempo', tempo);
}

/**
 * `set_sn_owner_hotkey(netuid, hotkey)`: the owner (or sudo) names the subnet's owner hotkey, at most once per
 * `sn_owner_hotkey_rate_limit` blocks. The owner cut is paid to it and its miner incentive is withheld.
 */
export function setOwnerHotkey(ctx: Ctx, who: string | undefined, netuid: number, hotkey: string): void {
  const st = ctx.state;
  const info = getInfo(st, netuid);
  if (!info || netuid === ROOT_NETUID) fail(SUBNETS, 'SubnetNotExists');
  if (who !== undefined && info.owner !== who) fail(SUBNETS, 'NotSubnetOwner');
  ownerRateLimit(ctx, netuid, 'owner_hotkey', paramBig(st, 'sn_owner_hotkey_rate_limit'));
  putInfo(st, netuid, { ...info, ownerHotkey: hotkey });
  ctx.emit(SUBNETS, 'SubnetOwnerHotkeySet', { netuid, hotkey });
}

/** `trigger_epoch(netuid)`: the owner schedules an epoch `admin_freeze_window` blocks from now (commit-reveal off only). */
export function triggerEpoch(ctx: Ctx, who: string, netuid: number): void {
  const st = ctx.state;
  ensureOwner(st, who, netuid);
  if (hpBool(st, netuid, 'commit_reveal_weights_enabled')) fail(SUBNETS, 'DynamicTempoBlockedByCommitReveal');
  const em = getEm(st, netuid);
  if (em.pendingEpochAt !== 0) fail(SUBNETS, 'EpochTriggerAlreadyPending');
  const now = ctx.block.number;
  const window = paramNum(st, 'admin_freeze_window');
  const remaining = blocksUntilNextAutoEpoch(BigInt(em.lastEpochBlock), hpNum(st, netuid, 'tempo'), BigInt(now));
  if (remaining < BigInt(window)) fail(SUBNETS, 'AutoEpochAlreadyImminent');
  ownerRateLimit(
    ctx,
    netuid,
    'hp:trigger_epoch',
    BigInt(hpNum(st, netuid, 'tempo')) * BigInt(paramNum(st, 'owner_hyperparam_rate_limit')),
  );
  putEm(st, netuid, { ...getEm(st, netuid), pendingEpochAt: now + window });
  ctx.emit(SUBNETS, 'EpochTriggered', { netuid, firesAt: now + window });
}

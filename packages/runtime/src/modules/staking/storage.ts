/**
 * Stake share pools, one per (hotkey, netuid) (spec/economics.md §6.1), over the economy layer's SafeFloat pool math.
 *
 *   staking/alpha/<hotkey>/<nn>            [TotalHotkeyAlpha, denominator mantissa, denominator exponent,
 *                                           [[coldkey, share mantissa, share exponent], …] by coldkey]: the pool, its
 *                                          share denominator (TotalHotkeySharesV2, SafeFloat) and every coldkey's
 *                                          shares (AlphaV2), in one tuple entry: an epoch that pays a hotkey rewrites
 *                                          one entry
 *   staking/by_coldkey/<coldkey>/<hotkey>  true: the coldkey has (or had) stake on the hotkey (StakingHotkeys)
 *   staking/take/<hotkey>                  number: delegate take (u16 ratio; absent = default_take)
 *   staking/take_block/<hotkey>            number: block of the last take change
 */
import type { Value } from '@tensorium/primitives';
import { U64_MAX } from '../../economy/constants.js';
import { SAFE_FLOAT_ZERO, type SafeFloat } from '../../economy/safeFloat.js';
import {
  type SharePoolTotals,
  sharePoolUpdateAll,
  sharePoolUpdateOne,
  sharePoolValue,
  sharePoolWouldChange,
} from '../../economy/sharePool.js';
import { getParam } from '../../framework/params.js';
import { keysByString, keysByStringNumber, keysByTwoStrings } from '../../state/keys.js';
import type { State } from '../../state/state.js';
import { nn } from '../subnets/storage.js';

/** One coldkey's shares as stored: [coldkey, mantissa, exponent] (a SafeFloat). */
type ShareEntry = readonly [string, bigint, number];

/** A pool as stored: [TotalHotkeyAlpha, denominator mantissa, denominator exponent, shares ascending by coldkey]. */
type StoredPool = readonly [bigint, bigint, number, readonly ShareEntry[]];

/** A pool as the share-pool math reads it; `shares` is the stored list itself (no copy, no per-coldkey object). */
interface HotkeyPoolRecord {
  readonly total: bigint;
  readonly denom: SafeFloat;
  readonly shares: readonly ShareEntry[];
}

const EMPTY_RECORD: HotkeyPoolRecord = { total: 0n, denom: SAFE_FLOAT_ZERO, shares: [] };

const K = {
  pool: keysByStringNumber((hk, n) => `staking/alpha/${hk}/${nn(n)}`),
  byCold: keysByTwoStrings((ck, hk) => `staking/by_coldkey/${ck}/${hk}`),
  take: keysByString((hk) => `staking/take/${hk}`),
  takeBlock: (hk: string) => `staking/take_block/${hk}`,
};
export const STAKING_KEYS = K;

function fromStored(t: StoredPool): HotkeyPoolRecord {
  return { total: t[0], denom: { mantissa: t[1], exponent: t[2] }, shares: t[3] };
}

function getRecord(state: State, hotkey: string, netuid: number): HotkeyPoolRecord {
  const t = state.get<Value>(K.pool(hotkey, netuid)) as StoredPool | undefined;
  return t ? fromStored(t) : EMPTY_RECORD;
}

function putRecord(state: State, hotkey: string, netuid: number, r: HotkeyPoolRecord): void {
  if (r.total === 0n && r.denom.mantissa === 0n && r.shares.length === 0) state.delete(K.pool(hotkey, netuid));
  else {
    const t: StoredPool = [r.total, r.denom.mantissa, r.denom.exponent, r.shares];
    state.set(K.pool(hotkey, netuid), t as unknown as Value);
  }
}

const totalsOf = (r: HotkeyPoolRecord): SharePoolTotals => ({ sharedValue: r.total, denominator: r.denom });

/**
 * Where `coldkey` is in a share list, or where it would go (`-(position + 1)`): lists are in ascending coldkey order
 * (string order, which for SS58 addresses is byte order).
 */
function shareIndex(shares: readonly ShareEntry[], coldkey: string): number {
  let lo = 0;
  let hi = shares.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const ck = shares[mid]![0];
    if (ck === coldkey) return mid;
    if (ck < coldkey) lo = mid + 1;
    else hi = mid;
  }
  return -(lo + 1);
}

function shareAt(shares: readonly ShareEntry[], i: number): SafeFloat | undefined {
  if (i < 0) return undefined;
  const e = shares[i]!;
  return { mantissa: e[1], exponent: e[2] };
}

/** The list with `coldkey`'s entry (at `i` from `shareIndex`) set to `share`, or removed when `share` is undefined. */
function withShare(
  shares: readonly ShareEntry[],
  i: number,
  coldkey: string,
  share: SafeFloat | undefined,
): ShareEntry[] {
  const out = shares.slice();
  if (share === undefined) {
    if (i >= 0) out.splice(i, 1);
  } else if (i >= 0) out[i] = [coldkey, share.mantissa, share.exponent];
  else out.splice(-i - 1, 0, [coldkey, share.mantissa, share.exponent]);
  return out;
}

/** TotalHotkeyAlpha: all alpha staked to a hotkey on a subnet. */
export function totalHotkeyAlpha(state: State, hotkey: string, netuid: number): bigint {
  const t = state.get<Value>(K.pool(hotkey, netuid)) as StoredPool | undefined;
  return t ? t[0] : 0n;
}

/** A coldkey's stake on a hotkey on a subnet: `floor(total · share / denominator)`. */
export function stakeOf(state: State, hotkey: string, coldkey: string, netuid: number): bigint {
  const r = getRecord(state, hotkey, netuid);
  const s = shareAt(r.shares, shareIndex(r.shares, coldkey));
  return s ? sharePoolValue(totalsOf(r), s) : 0n;
}

/** Whether the coldkey holds a share entry (`try_get_value` succeeds). */
export function hasShare(state: State, hotkey: string, coldkey: string, netuid: number): boolean {
  return shareIndex(getRecord(state, hotkey, netuid).shares, coldkey) >= 0;
}

/**
 * Whether adding 0 for a coldkey that already holds a share leaves the record as it is (`sharePoolUpdateOne` with a
 * zero update): always, except that an empty denominator resets the share and the denominator to an exact zero. An
 * epoch pays every hotkey's dividend this way, zero for most of them.
 */
function zeroUpdateKeeps(rec: HotkeyPoolRecord, share: SafeFloat | undefined): boolean {
  if (share === undefined || rec.total > U64_MAX) return false;
  if (rec.denom.mantissa !== 0n) return true;
  return rec.denom.exponent === 0 && share.mantissa === 0n && share.exponent === 0;
}

/** `increase_stake_for_hotkey_and_coldkey_on_subnet`: adds value for one coldkey (buys shares). */
export function increaseStake(state: State, hotkey: string, coldkey: string, netuid: number, amount: bigint): void {
  if (amount > 0n && !state.has(K.byCold(coldkey, hotkey))) state.set(K.byCold(coldkey, hotkey), true);
  const rec = getRecord(state, hotkey, netuid);
  const i = shareIndex(rec.shares, coldkey);
  const share = shareAt(rec.shares, i);
  if (amount === 0n && zeroUpdateKeeps(rec, share)) return;
  const r = sharePoolUpdateOne(totalsOf(rec), share ?? SAFE_FLOAT_ZERO, amount);
  putRecord(state, hotkey, netuid, {
    total: r.pool.sharedValue,
    denom: r.pool.denominator,
    shares: withShare(rec.shares, i, coldkey, r.share),
  });
}

/**
 * `decrease_stake_for_hotkey_and_coldkey_on_subnet`: removes value for one coldkey (sells shares), only if it holds at
 * least `amount`; a share that reaches zero is deleted.
 */
export function decreaseStake(state: State, hotkey: string, coldkey: string, netuid: number, amount: bigint): void {
  const rec = getRecord(state, hotkey, netuid);
  const i = shareIndex(rec.shares, coldkey);
  const share = shareAt(rec.shares, i);
  if (!share) return;
  if (sharePoolValue(totalsOf(rec), share) < amount) return;
  const r = sharePoolUpdateOne(totalsOf(rec), share, -amount);
  const shares = withShare(rec.shares, i, coldkey, r.share.mantissa === 0n ? undefined : r.share);
  putRecord(state, hotkey, netuid, { total: r.pool.sharedValue, denom: r.pool.denominator, shares });
}

/** `increase_stake_for_hotkey_on_subnet`: adds value for every holder pro rata (emission to nominators). */
export function increaseStakeForAll(state: State, hotkey: string, netuid: number, amount: bigint): void {
  if (amount === 0n) return;
  const rec = getRecord(state, hotkey, netuid);
  putRecord(state, hotkey, netuid, {
    total: sharePoolUpdateAll(totalsOf(rec), amount).sharedValue,
    denom: rec.denom,
    shares: rec.shares,
  });
}

/** `try_increase_stake_for_hotkey_and_coldkey_on_subnet`: whether adding `amount` would register any shares. */
export function stakeWouldRegister(state: State, hotkey: string, netuid: number, amount: bigint): boolean {
  return sharePoolWouldChange(totalsOf(getRecord(state, hotkey, netuid)), amount);
}

/** Every coldkey holding shares of a hotkey on a subnet, with its stake, in coldkey order. */
export function stakersOf(state: State, hotkey: string, netuid: number): [string, bigint][] {
  const r = getRecord(state, hotkey, netuid);
  return r.shares.map((e) => [e[0], sharePoolValue(totalsOf(r), { mantissa: e[1], exponent: e[2] })]);
}

/** Every (hotkey, netuid, coldkey, stake) in the chain, in key order (for snapshots and invariants). */
export function allStakes(state: State): { hotkey: string; netuid: number; coldkey: string; stake: bigint }[] {
  const out: { hotkey: string; netuid: number; coldkey: string; stake: bigint }[] = [];
  for (const [k, v] of state.scan<Value>('staking/alpha/')) {
    const [, , hotkey, n] = k.split('/') as [string, string, string, string];
    const r = fromStored(v as unknown as StoredPool);
    for (const e of r.shares)
      out.push({
        hotkey,
        netuid: Number(n),
        coldkey: e[0],
        stake: sharePoolValue(totalsOf(r), { mantissa: e[1], exponent: e[2] }),
      });
  }
  return out;
}

/** Every hotkey pool total: (hotkey, netuid, TotalHotkeyAlpha). */
export function allHotkeyTotals(state: State): { hotkey: string; netuid: number; total: bigint }[] {
  return state.scan<Value>('staking/alpha/').map(([k, v]) => {
    const [, , hotkey, n] = k.split('/') as [string, string, string, string];
    return { hotkey, netuid: Number(n), total: (v as unknown as StoredPool)[0] };
  });
}

/** Hotkeys a coldkey has staked to (StakingHotkeys). */
export function stakingHotkeys(state: State, coldkey: string): string[] {
  const prefix = `staking/by_coldkey/${coldkey}/`;
  return state.scan(prefix).map(([k]) => k.slice(prefix.length));
}

/** Delegate take of a hotkey (u16 ratio); `default_take` unless set. */
export function delegateTake(state: State, hotkey: string): number {
  return state.get<number>(K.take(hotkey)) ?? Number(getParam<number>(state, 'default_take'));
}

export function isDelegate(state: State, hotkey: string): boolean {
  return state.has(K.take(hotkey));
}

export function setDelegateTake(state: State, hotkey: string, take: number, block: number): void {
  state.set(K.take(hotkey), take);
  state.set(K.takeBlock(hotkey), block);
}

export function lastTakeBlock(state: State, hotkey: string): number {
  return state.get<number>(K.takeBlock(hotkey)) ?? 0;
}

/** Deletes every share pool of a subnet (dissolution). */
export function clearSubnetStakes(state: State, netuid: number): void {
  const suffix = `/${nn(netuid)}`;
  for (const [k] of state.scan('staking/alpha/')) if (k.endsWith(suffix)) state.delete(k);
}

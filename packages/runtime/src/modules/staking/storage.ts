/**
 * Stake share pools, one per (hotkey, netuid) (spec/economics.md §6.1), over the economy layer's SafeFloat pool math.
 *
 *   staking/alpha/<hotkey>/<nn>            HotkeyPool: TotalHotkeyAlpha and the share denominator TotalHotkeySharesV2
 *   staking/share/<hotkey>/<nn>/<coldkey>  SafeFloat: a coldkey's shares (AlphaV2)
 *   staking/by_coldkey/<coldkey>/<hotkey>  true: the coldkey has (or had) stake on the hotkey (StakingHotkeys)
 *   staking/take/<hotkey>                  number: delegate take (u16 ratio; absent = default_take)
 *   staking/take_block/<hotkey>            number: block of the last take change
 */
import type { Value } from '@tensorium/primitives';
import { SAFE_FLOAT_ZERO, type SafeFloat } from '../../economy/safeFloat.js';
import { type SharePoolTotals, sharePoolUpdateAll, sharePoolUpdateOne, sharePoolValue, sharePoolWouldChange } from '../../economy/sharePool.js';
import { getParam } from '../../framework/params.js';
import type { State } from '../../state/state.js';
import { nn } from '../subnets/storage.js';

interface HotkeyPoolRecord {
  readonly total: bigint;
  readonly denom: SafeFloat;
}

const K = {
  pool: (hk: string, n: number) => `staking/alpha/${hk}/${nn(n)}`,
  share: (hk: string, n: number, ck: string) => `staking/share/${hk}/${nn(n)}/${ck}`,
  sharePrefix: (hk: string, n: number) => `staking/share/${hk}/${nn(n)}/`,
  byCold: (ck: string, hk: string) => `staking/by_coldkey/${ck}/${hk}`,
  take: (hk: string) => `staking/take/${hk}`,
  takeBlock: (hk: string) => `staking/take_block/${hk}`,
};
export const STAKING_KEYS = K;

function getPoolTotals(state: State, hotkey: string, netuid: number): SharePoolTotals {
  const r = state.get<Value>(K.pool(hotkey, netuid)) as HotkeyPoolRecord | undefined;
  return r ? { sharedValue: r.total, denominator: r.denom } : { sharedValue: 0n, denominator: SAFE_FLOAT_ZERO };
}

function putPoolTotals(state: State, hotkey: string, netuid: number, t: SharePoolTotals): void {
  if (t.sharedValue === 0n && t.denominator.mantissa === 0n) state.delete(K.pool(hotkey, netuid));
  else state.set(K.pool(hotkey, netuid), { total: t.sharedValue, denom: t.denominator } as unknown as Value);
}

function getShare(state: State, hotkey: string, netuid: number, coldkey: string): SafeFloat | undefined {
  return state.get<Value>(K.share(hotkey, netuid, coldkey)) as SafeFloat | undefined;
}

/** TotalHotkeyAlpha: all alpha staked to a hotkey on a subnet. */
export function totalHotkeyAlpha(state: State, hotkey: string, netuid: number): bigint {
  return getPoolTotals(state, hotkey, netuid).sharedValue;
}

/** A coldkey's stake on a hotkey on a subnet: `floor(total · share / denominator)`. */
export function stakeOf(state: State, hotkey: string, coldkey: string, netuid: number): bigint {
  const s = getShare(state, hotkey, netuid, coldkey);
  if (!s) return 0n;
  return sharePoolValue(getPoolTotals(state, hotkey, netuid), s);
}

/** Whether the coldkey holds a share entry (`try_get_value` succeeds). */
export function hasShare(state: State, hotkey: string, coldkey: string, netuid: number): boolean {
  return getShare(state, hotkey, netuid, coldkey) !== undefined;
}

/** `increase_stake_for_hotkey_and_coldkey_on_subnet`: adds value for one coldkey (buys shares). */
export function increaseStake(state: State, hotkey: string, coldkey: string, netuid: number, amount: bigint): void {
  if (amount > 0n) state.set(K.byCold(coldkey, hotkey), true);
  const totals = getPoolTotals(state, hotkey, netuid);
  const share = getShare(state, hotkey, netuid, coldkey) ?? SAFE_FLOAT_ZERO;
  const r = sharePoolUpdateOne(totals, share, amount);
  putPoolTotals(state, hotkey, netuid, r.pool);
  state.set(K.share(hotkey, netuid, coldkey), r.share as unknown as Value);
}

/**
 * `decrease_stake_for_hotkey_and_coldkey_on_subnet`: removes value for one coldkey (sells shares), only if it holds at
 * least `amount`; a share that reaches zero is deleted.
 */
export function decreaseStake(state: State, hotkey: string, coldkey: string, netuid: number, amount: bigint): void {
  const share = getShare(state, hotkey, netuid, coldkey);
  if (!share) return;
  const totals = getPoolTotals(state, hotkey, netuid);
  if (sharePoolValue(totals, share) < amount) return;
  const r = sharePoolUpdateOne(totals, share, -amount);
  putPoolTotals(state, hotkey, netuid, r.pool);
  if (r.share.mantissa === 0n) state.delete(K.share(hotkey, netuid, coldkey));
  else state.set(K.share(hotkey, netuid, coldkey), r.share as unknown as Value);
}

/** `increase_stake_for_hotkey_on_subnet`: adds value for every holder pro rata (emission to nominators). */
export function increaseStakeForAll(state: State, hotkey: string, netuid: number, amount: bigint): void {
  if (amount === 0n) return;
  putPoolTotals(state, hotkey, netuid, sharePoolUpdateAll(getPoolTotals(state, hotkey, netuid), amount));
}

/** `try_increase_stake_for_hotkey_and_coldkey_on_subnet`: whether adding `amount` would register any shares. */
export function stakeWouldRegister(state: State, hotkey: string, netuid: number, amount: bigint): boolean {
  return sharePoolWouldChange(getPoolTotals(state, hotkey, netuid), amount);
}

/** Every coldkey holding shares of a hotkey on a subnet, with its stake, in key order. */
export function stakersOf(state: State, hotkey: string, netuid: number): [string, bigint][] {
  const totals = getPoolTotals(state, hotkey, netuid);
  const prefix = K.sharePrefix(hotkey, netuid);
  return state.scan<Value>(prefix).map(([k, v]) => [k.slice(prefix.length), sharePoolValue(totals, v as unknown as SafeFloat)]);
}

/** Every (hotkey, netuid, coldkey, stake) in the chain, in key order (for snapshots and invariants). */
export function allStakes(state: State): { hotkey: string; netuid: number; coldkey: string; stake: bigint }[] {
  const out: { hotkey: string; netuid: number; coldkey: string; stake: bigint }[] = [];
  const cache = new Map<string, SharePoolTotals>();
  for (const [k, v] of state.scan<Value>('staking/share/')) {
    const [, , hotkey, n, coldkey] = k.split('/') as [string, string, string, string, string];
    const netuid = Number(n);
    const ck = `${hotkey}/${n}`;
    let totals = cache.get(ck);
    if (!totals) cache.set(ck, (totals = getPoolTotals(state, hotkey, netuid)));
    out.push({ hotkey, netuid, coldkey, stake: sharePoolValue(totals, v as unknown as SafeFloat) });
  }
  return out;
}

/** Every hotkey pool total: (hotkey, netuid, TotalHotkeyAlpha). */
export function allHotkeyTotals(state: State): { hotkey: string; netuid: number; total: bigint }[] {
  return state.scan<Value>('staking/alpha/').map(([k, v]) => {
    const [, , hotkey, n] = k.split('/') as [string, string, string, string];
    return { hotkey, netuid: Number(n), total: (v as unknown as HotkeyPoolRecord).total };
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
  for (const [k] of state.scan('staking/share/')) if (k.split('/')[3] === nn(netuid)) state.delete(k);
}

/**
 * Neuron storage (spec/economics.md §3, spec/yuma.md §2): UIDs, hotkey ownership, per-UID epoch outputs, axons.
 *
 *   neurons/keys/<nn>             string[]: hotkey of each uid (SubnetworkN = length)
 *   neurons/uid/<nn>/<hotkey>     number: uid of a registered hotkey (Uids)
 *   neurons/member/<hotkey>/<nn>  true: the hotkey holds a uid on the subnet (IsNetworkMember)
 *   neurons/owner/<hotkey>        string: the coldkey owning a hotkey (Owner)
 *   neurons/owned/<coldkey>       string[]: hotkeys of a coldkey, in creation order (OwnedHotkeys)
 *   neurons/meta/<nn>             Metagraph: per-uid registration block and the last epoch's outputs
 *   neurons/last_update/<nn>      number[]: LastUpdate per uid (registration block until weights are set)
 *   neurons/axon/<nn>/<hotkey>    AxonInfo
 *   neurons/trace/<nn>            the last epoch's explain trace (per-uid vectors)
 */
import type { Value } from '@tensorium/primitives';
import { keysByNumber, keysByString, keysByStringNumber } from '../../state/keys.js';
import type { State } from '../../state/state.js';
import { nn } from '../subnets/storage.js';

export interface Metagraph {
  /** BlockAtRegistration. */
  readonly regAt: readonly number[];
  readonly active: readonly boolean[];
  /** Emission of the last epoch (alpha units). */
  readonly emission: readonly bigint[];
  readonly consensus: readonly number[];
  readonly incentive: readonly number[];
  readonly dividends: readonly number[];
  readonly trust: readonly number[];
  readonly permit: readonly boolean[];
  readonly stakeWeight: readonly number[];
}

export interface AxonInfo {
  readonly block: number;
  readonly version: number;
  /** IP address as a decimal u128 string (IPv4 in the low 32 bits). */
  readonly ip: string;
  readonly port: number;
  readonly ipType: number;
  readonly protocol: number;
}

export const EMPTY_META: Metagraph = {
  regAt: [],
  active: [],
  emission: [],
  consensus: [],
  incentive: [],
  dividends: [],
  trust: [],
  permit: [],
  stakeWeight: [],
};

const uidKey = keysByStringNumber((hk, n) => `neurons/uid/${nn(n)}/${hk}`);

const K = {
  keys: keysByNumber((n) => `neurons/keys/${nn(n)}`),
  uid: (n: number, hk: string) => uidKey(hk, n),
  member: keysByStringNumber((hk, n) => `neurons/member/${hk}/${nn(n)}`),
  owner: keysByString((hk) => `neurons/owner/${hk}`),
  owned: keysByString((ck) => `neurons/owned/${ck}`),
  meta: keysByNumber((n) => `neurons/meta/${nn(n)}`),
  lastUpdate: keysByNumber((n) => `neurons/last_update/${nn(n)}`),
  axon: (n: number, hk: string) => `neurons/axon/${nn(n)}/${hk}`,
  trace: keysByNumber((n) => `neurons/trace/${nn(n)}`),
};
export const NEURON_KEYS = K;

export function getKeys(state: State, netuid: number): readonly string[] {
  return state.get<string[]>(K.keys(netuid)) ?? [];
}

export function subnetN(state: State, netuid: number): number {
  return getKeys(state, netuid).length;
}

export function uidOf(state: State, netuid: number, hotkey: string): number | undefined {
  return state.get<number>(K.uid(netuid, hotkey));
}

export function isRegistered(state: State, netuid: number, hotkey: string): boolean {
  return uidOf(state, netuid, hotkey) !== undefined;
}

/** Subnets on which a hotkey holds a uid, ascending. */
export function subnetsOf(state: State, hotkey: string): number[] {
  return state.scan(`neurons/member/${hotkey}/`).map(([k]) => Number(k.slice(k.lastIndexOf('/') + 1)));
}

export function ownerOf(state: State, hotkey: string): string | undefined {
  return state.get<string>(K.owner(hotkey));
}

/** `hotkey_account_exists`: the hotkey has an owner (it was registered somewhere once). */
export function hotkeyExists(state: State, hotkey: string): boolean {
  return state.has(K.owner(hotkey));
}

export function ownedHotkeys(state: State, coldkey: string): readonly string[] {
  return state.get<string[]>(K.owned(coldkey)) ?? [];
}

/** `create_account_if_non_existent`: binds a new hotkey to the coldkey. */
export function createHotkeyIfNew(state: State, coldkey: string, hotkey: string): void {
  if (hotkeyExists(state, hotkey)) return;
  state.set(K.owner(hotkey), coldkey);
  const owned = ownedHotkeys(state, coldkey);
  if (!owned.includes(hotkey)) state.set(K.owned(coldkey), [...owned, hotkey]);
}

export function getMeta(state: State, netuid: number): Metagraph {
  return (state.get<Value>(K.meta(netuid)) as Metagraph | undefined) ?? EMPTY_META;
}

/** Writes the metagraph, its fields listed in canonical order (the written value is then its own decoded form). */
export function putMeta(state: State, netuid: number, m: Metagraph): void {
  const canonical: Metagraph = {
    active: m.active,
    consensus: m.consensus,
    dividends: m.dividends,
    emission: m.emission,
    incentive: m.incentive,
    permit: m.permit,
    regAt: m.regAt,
    stakeWeight: m.stakeWeight,
    trust: m.trust,
  };
  state.set(K.meta(netuid), canonical as unknown as Value);
}

export function getLastUpdate(state: State, netuid: number): readonly number[] {
  return state.get<number[]>(K.lastUpdate(netuid)) ?? [];
}

export function setLastUpdate(state: State, netuid: number, uid: number, block: number): void {
  const v = getLastUpdate(state, netuid).slice();
  while (v.length <= uid) v.push(0);
  v[uid] = block;
  state.set(K.lastUpdate(netuid), v);
}

export function getAxon(state: State, netuid: number, hotkey: string): AxonInfo | undefined {
  return state.get<Value>(K.axon(netuid, hotkey)) as AxonInfo | undefined;
}

export function putAxon(state: State, netuid: number, hotkey: string, axon: AxonInfo): void {
  state.set(K.axon(netuid, hotkey), axon as unknown as Value);
}

export function isImmune(regAt: number, now: number, immunityPeriod: bigint): boolean {
  return BigInt(now - regAt) < immunityPeriod;
}

/** Writes a new hotkey at a uid (append or replace): keys, uid map, membership. */
export function bindUid(state: State, netuid: number, uid: number, hotkey: string): void {
  const keys = getKeys(state, netuid).slice();
  const old = keys[uid];
  if (old !== undefined) {
    state.delete(K.uid(netuid, old));
    state.delete(K.member(old, netuid));
    state.delete(K.axon(netuid, old));
  }
  keys[uid] = hotkey;
  state.set(K.keys(netuid), keys);
  state.set(K.uid(netuid, hotkey), uid);
  state.set(K.member(hotkey, netuid), true);
}

/** Deletes every neuron entry of a subnet (dissolution). */
export function clearNeurons(state: State, netuid: number): void {
  for (const hk of getKeys(state, netuid)) {
    state.delete(K.uid(netuid, hk));
    state.delete(K.member(hk, netuid));
    state.delete(K.axon(netuid, hk));
  }
  for (const k of [K.keys(netuid), K.meta(netuid), K.lastUpdate(netuid), K.trace(netuid)]) state.delete(k);
}

/**
 * UID slots: appending a neuron, replacing one, and choosing which one to replace (spec/economics.md §3.1, §3.5).
 */

import { immuneOwnerHotkeys, neuronToPrune } from '../../economy/neuronPrune.js';
import type { State } from '../../state/state.js';
import { getInfo, hpBig, hpNum } from '../subnets/storage.js';
import { clearUidWeights } from '../weights/storage.js';
import { bindUid, getKeys, getMeta, type Metagraph, ownedHotkeys, putMeta, setLastUpdate, uidOf } from './storage.js';

function setAt<T>(v: readonly T[], i: number, x: T, fill: T): T[] {
  const out = v.slice();
  while (out.length <= i) out.push(fill);
  out[i] = x;
  return out;
}

/** `append_neuron`: the next uid, with every per-uid vector extended. */
export function appendNeuron(state: State, netuid: number, hotkey: string, block: number): number {
  const uid = getKeys(state, netuid).length;
  bindUid(state, netuid, uid, hotkey);
  const m = getMeta(state, netuid);
  putMeta(state, netuid, {
    regAt: setAt(m.regAt, uid, block, 0),
    active: setAt(m.active, uid, true, false),
    emission: setAt(m.emission, uid, 0n, 0n),
    consensus: setAt(m.consensus, uid, 0, 0),
    incentive: setAt(m.incentive, uid, 0, 0),
    dividends: setAt(m.dividends, uid, 0, 0),
    trust: setAt(m.trust, uid, 0, 0),
    permit: setAt(m.permit, uid, false, false),
    stakeWeight: setAt(m.stakeWeight, uid, 0, 0),
  });
  setLastUpdate(state, netuid, uid, block);
  return uid;
}

/**
 * `replace_neuron`: a new hotkey takes an existing uid; its per-uid values, weights and bonds are cleared and weights
 * set on it are zeroed. The subnet owner's hotkey is never replaced (the call then does nothing).
 */
export function replaceNeuron(state: State, netuid: number, uid: number, hotkey: string, block: number): void {
  const old = getKeys(state, netuid)[uid];
  if (old !== undefined && old === getInfo(state, netuid)?.ownerHotkey) return;
  bindUid(state, netuid, uid, hotkey);
  const m = getMeta(state, netuid);
  const next: Metagraph = {
    regAt: setAt(m.regAt, uid, block, 0),
    active: setAt(m.active, uid, true, false),
    emission: setAt(m.emission, uid, 0n, 0n),
    consensus: setAt(m.consensus, uid, 0, 0),
    incentive: setAt(m.incentive, uid, 0, 0),
    dividends: setAt(m.dividends, uid, 0, 0),
    trust: setAt(m.trust, uid, 0, 0),
    permit: setAt(m.permit, uid, false, false),
    stakeWeight: setAt(m.stakeWeight, uid, 0, 0),
  };
  putMeta(state, netuid, next);
  clearUidWeights(state, netuid, uid);
  setLastUpdate(state, netuid, uid, block);
}

/** The owner's immortal hotkeys (`get_immune_owner_hotkeys`, spec §3.5). */
export function ownerImmortalHotkeys(state: State, netuid: number): string[] {
  const info = getInfo(state, netuid);
  if (!info) return [];
  const regAt = getMeta(state, netuid).regAt;
  const owned = ownedHotkeys(state, info.owner).flatMap((hotkey) => {
    const uid = uidOf(state, netuid, hotkey);
    return uid === undefined ? [] : [{ uid, hotkey, registeredAt: BigInt(regAt[uid] ?? 0) }];
  });
  const ownerUid = uidOf(state, netuid, info.ownerHotkey);
  return immuneOwnerHotkeys(
    owned,
    hpNum(state, netuid, 'immune_owner_uids_limit'),
    ownerUid === undefined ? undefined : { uid: ownerUid, hotkey: info.ownerHotkey },
  );
}

/** The uid a registration on a full subnet replaces (`get_neuron_to_prune`, spec §3.5); `undefined` when none. */
export function pruneCandidate(state: State, netuid: number, now: number): number | undefined {
  const keys = getKeys(state, netuid);
  const m = getMeta(state, netuid);
  const neurons = keys.map((hotkey, uid) => ({
    uid,
    hotkey,
    registeredAt: BigInt(m.regAt[uid] ?? 0),
    emission: m.emission[uid] ?? 0n,
  }));
  return neuronToPrune(
    neurons,
    new Set(ownerImmortalHotkeys(state, netuid)),
    BigInt(now),
    Number(hpBig(state, netuid, 'immunity_period')),
    hpNum(state, netuid, 'min_non_immune_uids'),
  );
}

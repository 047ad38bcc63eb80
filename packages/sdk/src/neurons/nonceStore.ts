/**
 * Replay protection (spec/neurons.md §2.7): the last accepted nonce per (dendrite hotkey, dendrite uuid).
 *
 * Unlike the reference's ever-growing dict, the store is bounded: at most `maxPerHotkey` uuids per
 * hotkey (a hotkey only evicts its own oldest sessions) and `maxEntries` overall, least recently used
 * first. Evicting an entry whose nonce is older than the acceptance window is harmless (a replay of it
 * fails the window check); the `liveEvictions` counter reports evictions of entries still inside it.
 */
import { NS_PER_SECOND, secondsToNs } from './clock.js';

/** `ALLOWED_DELTA` of the reference: 4 s. */
export const ALLOWED_DELTA_NS = 4n * NS_PER_SECOND;
/** Callers at or above 7.2.0 get the time-window rule in the reference (Tensorium applies it to all). */
export const NONCE_WINDOW_MIN_VERSION = 7_002_000;

export interface NonceStoreOptions {
  /** Total (hotkey, uuid) entries kept; default 65,536. */
  maxEntries?: number;
  /** uuids kept per hotkey; default 32. */
  maxPerHotkey?: number;
}

export class NonceStore {
  readonly maxEntries: number;
  readonly maxPerHotkey: number;
  /** hotkey → (uuid → last nonce); both maps in least-recently-used-first order. */
  private readonly byHotkey = new Map<string, Map<string, bigint>>();
  private count = 0;
  evictions = 0;
  liveEvictions = 0;

  constructor(opts: NonceStoreOptions = {}) {
    this.maxEntries = Math.max(1, opts.maxEntries ?? 65_536);
    this.maxPerHotkey = Math.max(1, opts.maxPerHotkey ?? 32);
  }

  get size(): number {
    return this.count;
  }

  get(hotkey: string, uuid: string): bigint | undefined {
    return this.byHotkey.get(hotkey)?.get(uuid);
  }

  /** Records `nonce` as the last accepted one; `windowStartNs` tells which evictions are harmless. */
  set(hotkey: string, uuid: string, nonce: bigint, windowStartNs = 0n): void {
    let uuids = this.byHotkey.get(hotkey);
    if (uuids) this.byHotkey.delete(hotkey);
    else uuids = new Map();
    this.byHotkey.set(hotkey, uuids);
    if (uuids.has(uuid)) uuids.delete(uuid);
    else {
      this.count++;
      if (uuids.size >= this.maxPerHotkey) this.evictFrom(hotkey, uuids, windowStartNs, false);
    }
    uuids.set(uuid, nonce);
    while (this.count > this.maxEntries) {
      const [oldestKey, oldest] = this.byHotkey.entries().next().value as [string, Map<string, bigint>];
      this.evictFrom(oldestKey, oldest, windowStartNs, true);
    }
  }

  private evictFrom(hotkey: string, uuids: Map<string, bigint>, windowStartNs: bigint, dropEmpty: boolean): void {
    const [uuid, nonce] = uuids.entries().next().value as [string, bigint];
    uuids.delete(uuid);
    this.count--;
    this.evictions++;
    if (nonce > windowStartNs) this.liveEvictions++;
    if (dropEmpty && uuids.size === 0) this.byHotkey.delete(hotkey);
  }
}

export interface NonceCheck {
  hotkey: string;
  uuid: string;
  nonce: bigint | null;
  /** Synapse timeout in seconds (from the request), already capped by the axon. */
  timeoutSeconds: number | null;
  nowNs: bigint;
}

/** Start of the acceptance window: `now − ALLOWED_DELTA − timeout`. */
export function nonceWindowStart(nowNs: bigint, timeoutSeconds: number | null): bigint {
  return nowNs - ALLOWED_DELTA_NS - secondsToNs(timeoutSeconds ?? 0);
}

/** Returns the reference's error text when the nonce must be rejected, else `null`. Does not record. */
export function checkNonce(store: NonceStore, c: NonceCheck): string | null {
  if (c.nonce === null) return 'Missing Nonce';
  const last = store.get(c.hotkey, c.uuid);
  if (last === undefined) {
    const start = nonceWindowStart(c.nowNs, c.timeoutSeconds);
    if (c.nonce <= start) {
      const diff = Number(c.nowNs - c.nonce) / 1e9;
      const allowed = Number(ALLOWED_DELTA_NS + secondsToNs(c.timeoutSeconds ?? 0)) / 1e9;
      return `Nonce is too old: acceptable delta is ${allowed.toFixed(2)} seconds but request was ${diff.toFixed(2)} seconds old`;
    }
    return null;
  }
  if (c.nonce <= last) return 'Nonce is too old, a newer one was last processed';
  return null;
}

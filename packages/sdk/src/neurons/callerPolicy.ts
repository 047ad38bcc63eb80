/**
 * Who may call an axon. The caller supplies a lookup into its metagraph; by default unregistered
 * hotkeys and hotkeys without a validator permit are refused (403) — a secure default that differs
 * from the reference axon, which checks nothing (spec/neurons.md §2.8, §4.3, §4.7).
 */
export interface CallerInfo {
  /** The hotkey is registered on the subnet. */
  registered: boolean;
  /** The hotkey holds a validator permit. */
  validatorPermit: boolean;
  /** Stake weight (rao or TAO; only compared), the default request priority. */
  stake: bigint | number;
  uid?: number;
}

/** Metagraph lookup by SS58 hotkey; `undefined` means unknown (not registered). */
export type CallerLookup = (hotkey: string) => CallerInfo | undefined | Promise<CallerInfo | undefined>;

export interface CallerPolicy {
  callers?: CallerLookup;
  /** Serve hotkeys that are not registered (default false). */
  allowNonRegistered?: boolean;
  /** Serve registered hotkeys without a validator permit (default false). */
  allowNonValidators?: boolean;
}

/** The reason to refuse `caller`, or `null` to let it through (reasons as in the subnet template). */
export function callerRefusal(policy: CallerPolicy, caller: CallerInfo | undefined): string | null {
  const registered = caller?.registered === true;
  if (!registered) return policy.allowNonRegistered ? null : 'Unrecognized hotkey';
  if (!caller?.validatorPermit && !policy.allowNonValidators) return 'Non-validator hotkey';
  return null;
}

/** A lookup over fixed data, handy in tests and for static allow-lists. */
export function staticCallers(entries: Iterable<readonly [string, CallerInfo]>): CallerLookup {
  const m = new Map(entries);
  return (hotkey) => m.get(hotkey);
}

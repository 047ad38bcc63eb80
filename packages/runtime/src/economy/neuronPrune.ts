// Which UID a new registration replaces when a subnet is full (spec/economics.md §3.5).

/** One registered neuron as the pruning rule sees it. */
export interface PruneNeuron {
  readonly uid: number;
  readonly hotkey: string;
  /** `BlockAtRegistration`. */
  readonly registeredAt: bigint;
  /** Last epoch's alpha emission of the UID (`Emission`). */
  readonly emission: bigint;
}

/**
 * The owner's "immortal" hotkeys (spec §3.5, `get_immune_owner_hotkeys`): the owner coldkey's UID-holding hotkeys sorted
 * by (registration block ascending, uid ascending), truncated to `ImmuneOwnerUidsLimit`, with `SubnetOwnerHotkey`
 * (if it holds a UID and is not already listed) inserted first and the list truncated again.
 */
export function immuneOwnerHotkeys(
  ownerNeurons: ReadonlyArray<Pick<PruneNeuron, 'uid' | 'hotkey' | 'registeredAt'>>,
  immuneOwnerUidsLimit: number,
  subnetOwnerHotkey?: Pick<PruneNeuron, 'uid' | 'hotkey'>,
): string[] {
  const sorted = ownerNeurons
    .slice()
    .sort((a, b) => (a.registeredAt === b.registeredAt ? a.uid - b.uid : a.registeredAt < b.registeredAt ? -1 : 1))
    .slice(0, immuneOwnerUidsLimit);
  const out = sorted.map((n) => ({ uid: n.uid, hotkey: n.hotkey }));
  if (subnetOwnerHotkey && !out.some((t) => t.uid === subnetOwnerHotkey.uid && t.hotkey === subnetOwnerHotkey.hotkey)) {
    out.unshift({ uid: subnetOwnerHotkey.uid, hotkey: subnetOwnerHotkey.hotkey });
    if (out.length > immuneOwnerUidsLimit) out.length = immuneOwnerUidsLimit;
  }
  return out.map((t) => t.hotkey);
}

/** Whether a neuron is inside its immunity period: `now − BlockAtRegistration < ImmunityPeriod` (saturating). */
export function isNeuronImmune(now: bigint, registeredAt: bigint, immunityPeriod: number): boolean {
  const since = now > registeredAt ? now - registeredAt : 0n;
  return since < BigInt(immunityPeriod);
}

/**
 * The UID replaced by a registration on a full subnet (spec §3.5, `get_neuron_to_prune`): owner-immortal hotkeys are
 * skipped; among the rest the candidate is the lowest `Emission`, then the earlier registration block, then the lower
 * uid, tracked separately for immune and non-immune neurons. The non-immune candidate is taken if the non-immune count
 * is greater than `MinNonImmuneUids`, otherwise the immune candidate; `undefined` if no candidate exists.
 */
export function neuronToPrune(
  neurons: readonly PruneNeuron[],
  immortalHotkeys: ReadonlySet<string>,
  now: bigint,
  immunityPeriod: number,
  minNonImmuneUids: number,
): number | undefined {
  let free = 0;
  let bestFree: PruneNeuron | undefined;
  let bestImmune: PruneNeuron | undefined;
  const better = (a: PruneNeuron, b: PruneNeuron | undefined): boolean => {
    if (b === undefined) return true;
    if (a.emission !== b.emission) return a.emission < b.emission;
    if (a.registeredAt !== b.registeredAt) return a.registeredAt < b.registeredAt;
    return a.uid < b.uid;
  };
  const byUid = neurons.slice().sort((a, b) => a.uid - b.uid);
  for (const n of byUid) {
    if (immortalHotkeys.has(n.hotkey)) continue;
    if (isNeuronImmune(now, n.registeredAt, immunityPeriod)) {
      if (better(n, bestImmune)) bestImmune = n;
    } else {
      free++;
      if (better(n, bestFree)) bestFree = n;
    }
  }
  if (bestFree === undefined && bestImmune === undefined) return undefined;
  if (free > minNonImmuneUids && bestFree !== undefined) return bestFree.uid;
  return bestImmune?.uid;
}

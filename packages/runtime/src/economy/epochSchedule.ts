// Epoch scheduling (spec/economics.md §5.6) and commit-reveal epoch indices (§7.2).
import { DEFAULT_MAX_EPOCHS_PER_BLOCK, MAX_TEMPO, U64_MAX } from './constants.js';

/** Per-subnet scheduling state read by {@link shouldRunEpoch}. */
export interface EpochScheduleState {
  readonly tempo: number;
  /** `LastEpochBlock`. */
  readonly lastEpochBlock: bigint;
  /** `PendingEpochAt` (0 = none). */
  readonly pendingEpochAt: bigint;
  /** `BlocksSinceLastStep` (already incremented for this block, as the chain does before asking). */
  readonly blocksSinceLastStep: bigint;
}

/**
 * Whether a subnet's epoch is due at block `now` (spec §5.6, `should_run_epoch`):
 * `tempo > 0 ∧ ((PendingEpochAt > 0 ∧ now ≥ PendingEpochAt) ∨ BlocksSinceLastStep > 50,400 ∨ now − LastEpochBlock ≥ tempo)`.
 */
export function shouldRunEpoch(s: EpochScheduleState, now: bigint): boolean {
  if (s.tempo === 0) return false;
  if (s.pendingEpochAt > 0n && now >= s.pendingEpochAt) return true;
  if (s.blocksSinceLastStep > BigInt(MAX_TEMPO)) return true;
  const since = now > s.lastEpochBlock ? now - s.lastEpochBlock : 0n;
  return since >= BigInt(s.tempo);
}

/**
 * Blocks until the next automatic epoch: `sat_sub(LastEpochBlock + tempo, now)`, `u64::MAX` when `tempo = 0`
 * (spec §5.6, `blocks_until_next_auto_epoch`; ignores `PendingEpochAt`, the safety net and deferrals).
 */
export function blocksUntilNextAutoEpoch(lastEpochBlock: bigint, tempo: number, now: bigint): bigint {
  if (tempo === 0) return U64_MAX;
  let next = lastEpochBlock + BigInt(tempo);
  if (next > U64_MAX) next = U64_MAX;
  return next > now ? next - now : 0n;
}

/**
 * Block of the next expected epoch: `min(LastEpochBlock + tempo, PendingEpochAt if set)`, or `undefined` when
 * `tempo = 0` (spec §5.6, `get_next_epoch_start_block`). Used by `subnet_info` to show the next epoch block.
 */
export function nextEpochBlock(lastEpochBlock: bigint, tempo: number, pendingEpochAt: bigint): bigint | undefined {
  if (tempo === 0) return undefined;
  let auto = lastEpochBlock + BigInt(tempo);
  if (auto > U64_MAX) auto = U64_MAX;
  return pendingEpochAt > 0n && pendingEpochAt < auto ? pendingEpochAt : auto;
}

/**
 * Initial `LastEpochBlock` of a new subnet: `registration_block − (netuid mod tempo)` (saturating), which staggers
 * subnets' epochs (spec §2.2 `init_new_network`, §5.6).
 */
export function initialLastEpochBlock(registrationBlock: bigint, netuid: number, tempo: number): bigint {
  if (tempo === 0) return registrationBlock;
  const off = BigInt(netuid % tempo);
  return registrationBlock > off ? registrationBlock - off : 0n;
}

/**
 * LEGACY stateless schedule (until 2026-05, spec §5.6): `tempo − ((block + netuid + 1) mod (tempo + 1))`, with the
 * u64 addition wrapping as on the chain; `u64::MAX` when `tempo = 0`. The epoch ran when this was 0.
 */
export function legacyBlocksUntilNextEpoch(netuid: number, tempo: number, block: bigint): bigint {
  if (tempo === 0) return U64_MAX;
  const mod64 = 1n << 64n;
  const sum = (block + BigInt(netuid) + 1n) % mod64;
  return BigInt(tempo) - (sum % BigInt(tempo + 1));
}

/** LEGACY epoch index `(block + netuid + 1) / (tempo + 1)` (wrapping add), spec §5.6. */
export function legacyEpochIndex(netuid: number, tempo: number, block: bigint): bigint {
  const mod64 = 1n << 64n;
  return ((block + BigInt(netuid) + 1n) % mod64) / BigInt(tempo + 1);
}

/** One subnet's input to {@link scheduleEpochs}: its schedule plus whether its epoch inputs are consistent. */
export interface EpochCandidate extends EpochScheduleState {
  readonly netuid: number;
  /** `is_epoch_input_state_consistent`: a due, inconsistent subnet consumes its slot without running. Default true. */
  readonly consistent?: boolean;
}

/** What happens to one subnet at this block, per {@link scheduleEpochs}. */
export type EpochDecision = 'idle' | 'run' | 'skip' | 'defer';

/** Per-subnet scheduling result: the decision and the new scheduling state. */
export interface EpochScheduleResult {
  readonly netuid: number;
  readonly decision: EpochDecision;
  readonly lastEpochBlock: bigint;
  readonly pendingEpochAt: bigint;
  readonly blocksSinceLastStep: bigint;
  /** How much to add to `SubnetEpochIndex` (1 when the slot is consumed, whether run or skipped). */
  readonly epochIndexIncrement: 0 | 1;
}

/**
 * The epoch part of one block (spec §5.6, `drain_pending`): subnets are visited in the given order (ascending netuid on
 * the chain); each gets `BlocksSinceLastStep += 1`; a due subnet runs if fewer than `maxEpochsPerBlock` ran before it
 * this block, else it is deferred (`PendingEpochAt = now + 1`). A consumed slot (run, or skipped for inconsistent
 * inputs) sets `LastEpochBlock = now`, `PendingEpochAt = 0`, `SubnetEpochIndex += 1`; a run also resets
 * `BlocksSinceLastStep` to 0. Skipped subnets do not count toward the cap.
 */
export function scheduleEpochs(
  subnets: readonly EpochCandidate[],
  now: bigint,
  maxEpochsPerBlock: number = DEFAULT_MAX_EPOCHS_PER_BLOCK,
): EpochScheduleResult[] {
  let ran = 0;
  const out: EpochScheduleResult[] = [];
  for (const s of subnets) {
    const bsls = s.blocksSinceLastStep + 1n;
    const state: EpochScheduleState = { ...s, blocksSinceLastStep: bsls };
    if (!shouldRunEpoch(state, now)) {
      out.push({
        netuid: s.netuid,
        decision: 'idle',
        lastEpochBlock: s.lastEpochBlock,
        pendingEpochAt: s.pendingEpochAt,
        blocksSinceLastStep: bsls,
        epochIndexIncrement: 0,
      });
      continue;
    }
    if (ran >= maxEpochsPerBlock) {
      out.push({
        netuid: s.netuid,
        decision: 'defer',
        lastEpochBlock: s.lastEpochBlock,
        pendingEpochAt: now + 1n,
        blocksSinceLastStep: bsls,
        epochIndexIncrement: 0,
      });
      continue;
    }
    const consistent = s.consistent ?? true;
    if (consistent) ran++;
    out.push({
      netuid: s.netuid,
      decision: consistent ? 'run' : 'skip',
      lastEpochBlock: now,
      pendingEpochAt: 0n,
      blocksSinceLastStep: consistent ? 0n : bsls,
      epochIndexIncrement: 1,
    });
  }
  return out;
}

/**
 * Epoch index a commit or reveal at this block belongs to: `SubnetEpochIndex + 1` if the subnet's epoch is due this
 * block, else `SubnetEpochIndex` (spec §7.2, `current_epoch_with_lookahead`).
 */
export function currentEpochWithLookahead(epochIndex: bigint, dueThisBlock: boolean): bigint {
  return dueThisBlock ? epochIndex + 1n : epochIndex;
}

/**
 * weights: validators' weights on a subnet, set directly or through hash commit–reveal (spec/economics.md §7.1–§7.2).
 * The checks and the commit hash are the economy layer's (`economy/weights.ts`); storage is documented in storage.ts.
 *
 * | call             | origin | args                                                                                  |
 * |------------------|--------|---------------------------------------------------------------------------------------|
 * | `set_weights`    | hotkey | `netuid` u16, `dests` u16[] (uids), `weights` u16[], `version_key` u64 (optional, 0)   |
 * | `commit_weights` | hotkey | `netuid` u16, `commit_hash` bytes (32, 0x-hex)                                         |
 * | `reveal_weights` | hotkey | `netuid` u16, `uids` u16[], `values` u16[], `salt` u16[], `version_key` u64 (optional) |
 *
 * The commit hash is BLAKE2b-256 of SCALE(hotkey public key [32], netuid u16 LE, uids Vec<u16>, values Vec<u16>,
 * salt Vec<u16>, version_key u64 LE) — `commitHash` in economy/weights.ts.
 */
import { bytesEqual, ss58Decode } from '@tensorium/primitives';
import { currentEpochWithLookahead, shouldRunEpoch } from '../../economy/epochSchedule.js';
import { weightedStake } from '../../economy/stakingChecks.js';
import { commitHash, isCommitExpired, isRevealEpoch, validateSetWeights } from '../../economy/weights.js';
import { fail } from '../../framework/errors.js';
import type { Ctx, ModuleDef, Origin } from '../../framework/module.js';
import { getParam, paramBig } from '../../framework/params.js';
import type { State } from '../../state/state.js';
import { getKeys, getLastUpdate, getMeta, setLastUpdate, uidOf } from '../neurons/storage.js';
import { totalHotkeyAlpha } from '../staking/storage.js';
import { getEm, getInfo, hpBig, hpBool, hpNum, ROOT_NETUID, subnetExists } from '../subnets/storage.js';
import { type Commit, getCommits, setCommits, setWeightRow } from './storage.js';

export const WEIGHTS = 'weights';
const MAX_UNREVEALED = 10;

function signer(origin: Origin): string {
  if (origin.kind !== 'signed') fail(WEIGHTS, 'BadOrigin');
  return origin.who;
}

function commitRevealOn(state: State, netuid: number): boolean {
  if (subnetExists(state, netuid)) return hpBool(state, netuid, 'commit_reveal_weights_enabled');
  return getParam<boolean>(state, 'commit_reveal_weights_enabled') === true;
}

/** Epoch index with the look-ahead of §7.2: +1 while this block's epoch is still due. */
export function epochWithLookahead(state: State, netuid: number, now: number): number {
  const em = getEm(state, netuid);
  const due = shouldRunEpoch(
    {
      tempo: hpNum(state, netuid, 'tempo'),
      lastEpochBlock: BigInt(em.lastEpochBlock),
      pendingEpochAt: BigInt(em.pendingEpochAt),
      blocksSinceLastStep: BigInt(em.blocksSinceLastStep),
    },
    BigInt(now),
  );
  return Number(currentEpochWithLookahead(BigInt(em.epochIndex), due));
}

/** `set_weights` (and the weight-setting step of a reveal, which skips the commit-reveal gate and the rate limit). */
export function setWeights(
  ctx: Ctx,
  hotkey: string,
  netuid: number,
  uids: number[],
  values: number[],
  versionKey: bigint,
  fromReveal: boolean,
): void {
  const st = ctx.state;
  const exists = subnetExists(st, netuid);
  const uid = exists ? uidOf(st, netuid, hotkey) : undefined;
  const info = getInfo(st, netuid);
  const ownerUid = info ? uidOf(st, netuid, info.ownerHotkey) : undefined;
  const r = validateSetWeights({
    netuid,
    commitRevealEnabled: commitRevealOn(st, netuid),
    mechanismExists: exists,
    uids,
    values,
    versionKey,
    subnetN: exists ? getKeys(st, netuid).length : 0,
    callerUid: uid,
    callerIsOwner: uid !== undefined && uid === ownerUid,
    callerStake: weightedStake(
      totalHotkeyAlpha(st, hotkey, netuid),
      totalHotkeyAlpha(st, hotkey, ROOT_NETUID),
      paramBig(st, 'tao_weight'),
    ),
    stakeThreshold: paramBig(st, 'stake_threshold'),
    weightsVersionKey: exists ? hpBig(st, netuid, 'weights_version_key') : 0n,
    now: BigInt(ctx.block.number),
    lastUpdate: BigInt(uid === undefined ? 0 : (getLastUpdate(st, netuid)[uid] ?? 0)),
    weightsSetRateLimit: exists ? hpBig(st, netuid, 'weights_set_rate_limit') : 0n,
    hasValidatorPermit: uid !== undefined && getMeta(st, netuid).permit[uid] === true,
    minAllowedWeights: exists ? hpNum(st, netuid, 'min_allowed_weights') : 0,
    maxWeightsLimit: exists ? hpNum(st, netuid, 'max_weights_limit') : 65_535,
    fromReveal,
  });
  if (!r.ok) fail(WEIGHTS, r.error);
  setWeightRow(st, netuid, uid!, r.weights);
  if (!commitRevealOn(st, netuid)) setLastUpdate(st, netuid, uid!, ctx.block.number);
  ctx.emit(WEIGHTS, 'WeightsSet', { netuid, uid: uid! });
}

/** `commit_weights`: stores a hash to reveal `reveal_period_epochs` epochs later. */
export function commitWeights(ctx: Ctx, hotkey: string, netuid: number, hash: Uint8Array): void {
  const st = ctx.state;
  if (!subnetExists(st, netuid) || netuid === ROOT_NETUID) fail(WEIGHTS, 'MechanismDoesNotExist');
  if (!commitRevealOn(st, netuid)) fail(WEIGHTS, 'CommitRevealDisabled');
  const uid = uidOf(st, netuid, hotkey);
  if (uid === undefined) fail(WEIGHTS, 'HotKeyNotRegisteredInSubNet');
  if (hash.length !== 32) fail(WEIGHTS, 'InvalidCommitHash');
  const now = ctx.block.number;
  const last = getLastUpdate(st, netuid)[uid] ?? 0;
  if (!(last === 0 || BigInt(now - last) >= hpBig(st, netuid, 'weights_set_rate_limit')))
    fail(WEIGHTS, 'CommittingWeightsTooFast');
  const epoch = epochWithLookahead(st, netuid, now);
  const period = hpBig(st, netuid, 'reveal_period_epochs');
  // Expired commits at the front are dropped (`commits.pop_front()` while the oldest is expired).
  const all = getCommits(st, netuid, hotkey);
  let first = 0;
  while (first < all.length && isCommitExpired(BigInt(epoch), BigInt(all[first]!.epoch), period)) first++;
  const commits = all.slice(first);
  if (commits.length >= MAX_UNREVEALED) fail(WEIGHTS, 'TooManyUnrevealedCommits');
  setCommits(st, netuid, hotkey, [...commits, { hash, epoch, block: now }]);
  setLastUpdate(st, netuid, uid, now);
  ctx.emit(WEIGHTS, 'WeightsCommitted', { netuid, hotkey, hash });
}

export interface RevealArgs {
  readonly netuid: number;
  readonly uids: number[];
  readonly values: number[];
  readonly salt: number[];
  readonly version_key?: bigint;
}

/** `reveal_weights`: the reveal must match a commit made exactly `reveal_period_epochs` epochs earlier. */
export function revealWeights(ctx: Ctx, hotkey: string, a: RevealArgs): void {
  const st = ctx.state;
  const { netuid } = a;
  if (!commitRevealOn(st, netuid)) fail(WEIGHTS, 'CommitRevealDisabled');
  const all = getCommits(st, netuid, hotkey);
  if (all.length === 0) fail(WEIGHTS, 'NoWeightsCommitFound');
  const epoch = BigInt(epochWithLookahead(st, netuid, ctx.block.number));
  const period = hpBig(st, netuid, 'reveal_period_epochs');
  let k = 0;
  while (k < all.length && isCommitExpired(epoch, BigInt(all[k]!.epoch), period)) k++;
  const expired = all.slice(0, k);
  const live = all.slice(k);
  const versionKey = a.version_key ?? 0n;
  const hash = commitHash(ss58Decode(hotkey), netuid, a.uids, a.values, a.salt, versionKey);
  const isExpired = expired.some((c) => bytesEqual(c.hash, hash));
  if (live.length === 0) fail(WEIGHTS, isExpired ? 'ExpiredWeightCommit' : 'NoWeightsCommitFound');
  const pos = live.findIndex((c) => bytesEqual(c.hash, hash));
  if (pos < 0) fail(WEIGHTS, isExpired ? 'ExpiredWeightCommit' : 'InvalidRevealCommitHashNotMatch');
  if (!isRevealEpoch(epoch, BigInt(live[pos]!.epoch), period)) fail(WEIGHTS, 'RevealTooEarly');
  setCommits(st, netuid, hotkey, live.slice(pos + 1) as Commit[]);
  setWeights(ctx, hotkey, netuid, a.uids, a.values, versionKey, true);
  ctx.emit(WEIGHTS, 'WeightsRevealed', { netuid, hotkey, hash });
}

/** Block of each uid's earliest unexpired commit (the epoch's commit-reveal mask, spec/yuma.md E6.5). */
export function commitBlocksByUid(state: State, netuid: number, now: number): (number | null)[] {
  const keys = getKeys(state, netuid);
  const epoch = BigInt(epochWithLookahead(state, netuid, now));
  const period = hpBig(state, netuid, 'reveal_period_epochs');
  return keys.map((hk) => {
    const live = getCommits(state, netuid, hk).filter((c) => !isCommitExpired(epoch, BigInt(c.epoch), period));
    return live.length ? Math.min(...live.map((c) => c.block)) : null;
  });
}

export const weights: ModuleDef = {
  name: WEIGHTS,
  calls: [
    {
      name: 'set_weights',
      args: [
        { name: 'netuid', type: 'u16' },
        { name: 'dests', type: 'u16[]' },
        { name: 'weights', type: 'u16[]' },
        { name: 'version_key', type: 'u64', optional: true },
      ],
      origin: 'signed',
      feeless: true,
      doc: "Sets the calling hotkey's weights on a subnet (commit-reveal must be off).",
      handler: (ctx, origin, a: { netuid: number; dests: number[]; weights: number[]; version_key?: bigint }) =>
        setWeights(ctx, signer(origin), a.netuid, a.dests, a.weights, a.version_key ?? 0n, false),
    },
    {
      name: 'commit_weights',
      args: [
        { name: 'netuid', type: 'u16' },
        { name: 'commit_hash', type: 'bytes' },
      ],
      origin: 'signed',
      feeless: true,
      doc: 'Commits the hash of weights to reveal later (commit-reveal on).',
      handler: (ctx, origin, a: { netuid: number; commit_hash: Uint8Array }) =>
        commitWeights(ctx, signer(origin), a.netuid, a.commit_hash),
    },
    {
      name: 'reveal_weights',
      args: [
        { name: 'netuid', type: 'u16' },
        { name: 'uids', type: 'u16[]' },
        { name: 'values', type: 'u16[]' },
        { name: 'salt', type: 'u16[]' },
        { name: 'version_key', type: 'u64', optional: true },
      ],
      origin: 'signed',
      feeless: true,
      doc: 'Reveals committed weights; they are set if the hash matches a commit due for reveal.',
      handler: (ctx, origin, a: RevealArgs) => revealWeights(ctx, signer(origin), a),
    },
  ],
  errors: {
    BadOrigin: 'The call needs a signed origin.',
    CommitRevealEnabled: 'Commit-reveal is on: use commit_weights and reveal_weights.',
    CommitRevealDisabled: 'Commit-reveal is off: use set_weights.',
    CanNotSetRootNetworkWeights: 'Weights cannot be set on the root subnet.',
    WeightVecNotEqualSize: 'uids and values differ in length.',
    MechanismDoesNotExist: 'No such subnet.',
    UidsLengthExceedUidsInSubNet: 'More weights than neurons.',
    HotKeyNotRegisteredInSubNet: 'The hotkey holds no uid on this subnet.',
    NotEnoughStakeToSetWeights: 'The weighted stake is below stake_threshold.',
    IncorrectWeightVersionKey: 'The version key is below weights_version_key.',
    SettingWeightsTooFast: 'Weights were set less than weights_set_rate_limit blocks ago.',
    NeuronNoValidatorPermit: 'The neuron has no validator permit.',
    DuplicateUids: 'A uid appears twice.',
    UidVecContainInvalidOne: 'A uid does not exist.',
    WeightVecLengthIsLow: 'Fewer weights than min_allowed_weights.',
    MaxWeightExceeded: 'A normalised weight is above max_weights_limit.',
    InvalidCommitHash: 'The commit hash is not 32 bytes.',
    CommittingWeightsTooFast: 'Committed less than weights_set_rate_limit blocks ago.',
    TooManyUnrevealedCommits: 'Ten commits are already waiting.',
    NoWeightsCommitFound: 'No commit to reveal.',
    ExpiredWeightCommit: 'The matching commit expired.',
    InvalidRevealCommitHashNotMatch: 'The reveal does not match any commit.',
    RevealTooEarly: 'The commit is not due for reveal in this epoch.',
  },
  events: {
    WeightsSet: 'A neuron set weights.',
    WeightsCommitted: 'A neuron committed weights.',
    WeightsRevealed: 'A neuron revealed weights.',
  },
};

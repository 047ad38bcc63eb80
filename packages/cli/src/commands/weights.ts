/**
 * tensorium weights set|commit|reveal — a validator hotkey's weights on a subnet (btcli `weights commit|reveal`, and
 * `set` for subnets without commit-reveal). Signed by the hotkey. Previews run the chain's own checks
 * (`validateSetWeights`) on what the node reports and show the u16 values stored and the normalised shares; `commit`
 * computes the chain's commit hash and prints the salt and the reveal command.
 */
import { ss58Decode, toHex } from '@tensorium/primitives';
import type { MetagraphJson, SubnetInfoJson } from '@tensorium/rpc';
import { commitHash, normalizeWeightsU16, validateSetWeights } from '@tensorium/runtime';
import { parse } from '../args.js';
import { type CallPlan, executePlan } from '../callPlan.js';
import { type ChainReader, withChain } from '../chainReader.js';
import { ECONOMY_OPTIONS, subcommand, u16Option, u64Option, usageError } from '../economyArgs.js';
import { u16Percent } from '../economyFormat.js';
import { atBlock, nextEpoch } from '../eta.js';
import type { Io } from '../io.js';
import { hotkeyAddress } from '../keyAddresses.js';
import { loadSigner } from '../signer.js';
import { saltOf, uidsAndWeights } from '../weightValues.js';

const SUBCOMMANDS = ['set', 'commit', 'reveal'] as const;

const HELP = `Usage: tensorium weights <set|commit|reveal> --netuid N --uids 0,1,… --weights w0,w1,… [options]

  set      set weights now (subnets with commit-reveal off)
  commit   commit the hash of weights (commit-reveal on); prints the salt and the reveal command
  reveal   reveal committed weights (same uids, weights, salt and version key as the commit)

Weights are relative: 0.5,0.25 and 2,1 mean the same; the chain max-upscales them to u16 (largest = 65535).

Options:
  --netuid N             the subnet
  --uids LIST            uids to weight, e.g. 1,2,5
  --weights LIST         one weight per uid (decimals or integers)
  --salt LIST            commit/reveal: u16 salt values (commit: 8 random ones by default)
  --version-key K        the subnet's weights version key (default 0)
  --hotkey NAME|//URI    the validator hotkey that signs (of --wallet)
  --explain              show what will happen, what it costs and when it takes effect; submit nothing
  --wallet NAME  --rpc URL  --json  --yes  --wallets-dir DIR`;

const OPTIONS = {
  ...ECONOMY_OPTIONS,
  netuid: { type: 'string' },
  uids: { type: 'string' },
  weights: { type: 'string' },
  salt: { type: 'string' },
  'version-key': { type: 'string' },
} as const;

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const sub = subcommand(positionals, 'weights', SUBCOMMANDS);
  const netuid = u16Option(values, 'netuid');
  const { uids, weights } = uidsAndWeights(values);
  const versionKey = u64Option(values, 'version-key', 0n);
  if (sub === 'set' && values.salt !== undefined) throw usageError('--salt belongs to commit and reveal');
  if (sub === 'reveal' && values.salt === undefined)
    throw usageError('--salt is required to reveal (the one the commit printed)');
  const salt = sub === 'set' ? [] : saltOf(values);
  const hotkey = hotkeyAddress(values, io);
  return withChain(values, io, async (chain) => {
    const w: WeightsInput = {
      chain,
      hotkey,
      netuid,
      uids,
      weights,
      versionKey,
      salt,
      saltDrawn: values.salt === undefined,
    };
    const plan = sub === 'set' ? await planSet(w) : sub === 'commit' ? await planCommit(w) : await planReveal(w);
    return executePlan(plan, {
      io,
      chain,
      values,
      signer: hotkey,
      loadPair: () => loadSigner(values, io, { useHotkey: true }),
    });
  });
}

interface WeightsInput {
  readonly chain: ChainReader;
  readonly hotkey: string;
  readonly netuid: number;
  readonly uids: number[];
  readonly weights: number[];
  readonly versionKey: bigint;
  readonly salt: number[];
  /** The salt was drawn at random (no --salt). */
  readonly saltDrawn: boolean;
}

interface Snapshot {
  readonly s: SubnetInfoJson;
  readonly m: MetagraphJson;
  readonly uid: number | undefined;
  readonly head: number;
}

async function snapshot(w: WeightsInput): Promise<Snapshot> {
  const s = await w.chain.subnet(w.netuid);
  const m = (await w.chain.client.request('subnet_metagraph', w.netuid))!;
  return { s, m, uid: m.neurons.find((n) => n.hotkey === w.hotkey)?.uid, head: await w.chain.head() };
}

const hp = (s: SubnetInfoJson, name: string): string => String(s.hyperparameters[name]);

/** The chain's set_weights checks on the node's state: the stored (uid, u16) pairs, or the error it would fail with. */
async function check(w: WeightsInput, snap: Snapshot, fromReveal: boolean) {
  const { s, m, uid, head } = snap;
  const me = uid === undefined ? undefined : m.neurons[uid];
  return validateSetWeights({
    netuid: w.netuid,
    commitRevealEnabled: s.hyperparameters.commit_reveal_weights_enabled === true,
    mechanismExists: true,
    uids: w.uids,
    values: w.weights,
    versionKey: w.versionKey,
    subnetN: m.n,
    callerUid: uid,
    callerIsOwner: w.hotkey === s.ownerHotkey,
    callerStake: BigInt(me?.stakeWeight ?? '0'),
    stakeThreshold: await w.chain.param('stake_threshold'),
    weightsVersionKey: BigInt(hp(s, 'weights_version_key')),
    now: BigInt(head + 1),
    lastUpdate: BigInt(me?.lastUpdate ?? 0),
    weightsSetRateLimit: BigInt(hp(s, 'weights_set_rate_limit')),
    hasValidatorPermit: me?.validatorPermit === true,
    minAllowedWeights: Number(hp(s, 'min_allowed_weights')),
    maxWeightsLimit: Number(hp(s, 'max_weights_limit')),
    fromReveal,
  });
}

function weightLines(
  w: WeightsInput,
  stored: ReadonlyArray<readonly [number, number]> | undefined,
): Array<[string, string]> {
  const shares = normalizeWeightsU16(w.weights);
  const rows = w.uids.map((u, i) => `uid ${u}: ${w.weights[i]} → ${u16Percent(shares[i]!)}`).join(', ');
  return [
    ['Weights', `${rows} (u16 values sent; shares after normalisation)`],
    ...(stored ? ([['Stored', stored.map(([u, v]) => `${u}:${v}`).join(' ')]] as Array<[string, string]>) : []),
  ];
}

async function planSet(w: WeightsInput): Promise<CallPlan> {
  const snap = await snapshot(w);
  const r = await check(w, snap, false);
  const warnings = r.ok
    ? []
    : [
        `the chain would reject it now: weights.${r.error}${r.error === 'CommitRevealEnabled' ? ' (use `tensorium weights commit`)' : ''}`,
      ];
  return {
    action: `Set the weights of hotkey ${w.hotkey}${snap.uid === undefined ? '' : ` (uid ${snap.uid})`} on subnet ${w.netuid}`,
    call: {
      fn: 'set_weights',
      args: { netuid: w.netuid, dests: w.uids, weights: w.weights, version_key: w.versionKey },
    },
    details: weightLines(w, r.ok ? r.weights : undefined),
    when: `stored in the block that includes it; used by ${await nextEpoch(w.chain, snap.s)}`,
    warnings,
    data: {
      uid: snap.uid ?? null,
      uids: w.uids,
      weights: w.weights,
      ...(r.ok ? {} : { chainError: `weights.${r.error}` }),
    },
    question: `Set ${w.uids.length} weight${w.uids.length === 1 ? '' : 's'} on subnet ${w.netuid}?`,
  };
}

/** Blocks in which a commit included before the next epoch can be revealed. */
/**
 * The blocks in which a commit included in the next block can be revealed: the epoch `reveal_period_epochs` after the
 * commit's (an epoch runs before its block's transactions, so one due in the commit's block comes before it), until
 * the one after. `before`: the commit must be included before this block for the window to hold.
 */
function revealWindow(s: SubnetInfoJson, head: number): { from: number; to: number; before: number } | null {
  if (s.nextEpochBlock === null || s.tempo === 0) return null;
  let first = s.nextEpochBlock;
  while (first <= head + 1) first += s.tempo;
  const from = first + (Number(hp(s, 'reveal_period_epochs')) - 1) * s.tempo;
  return { from, to: from + s.tempo - 1, before: first };
}

function revealCommand(w: WeightsInput): string {
  return `tensorium weights reveal --netuid ${w.netuid} --uids ${w.uids.join(',')} --weights ${w.weights.join(',')} --salt ${w.salt.join(',')}${w.versionKey ? ` --version-key ${w.versionKey}` : ''}`;
}

async function planCommit(w: WeightsInput): Promise<CallPlan> {
  const snap = await snapshot(w);
  const hash = commitHash(ss58Decode(w.hotkey), w.netuid, w.uids, w.weights, w.salt, w.versionKey);
  const warnings: string[] = [];
  if (snap.s.hyperparameters.commit_reveal_weights_enabled !== true)
    warnings.push(
      'commit-reveal is off on this subnet: the chain will reject it (weights.CommitRevealDisabled); use `tensorium weights set`',
    );
  const r = await check(w, snap, true);
  if (!r.ok) warnings.push(`the reveal would be rejected as things stand: weights.${r.error}`);
  const win = revealWindow(snap.s, snap.head);
  const when = win
    ? `the commit is stored in the block that includes it; reveal from ${await atBlock(w.chain, win.from, snap.head)} to block #${win.to} (if included before block #${win.before}); the weights count from the epoch after the reveal`
    : 'never revealable: the subnet has tempo 0';
  return {
    action: `Commit the weights of hotkey ${w.hotkey} on subnet ${w.netuid} (hash ${toHex(hash)})`,
    call: { fn: 'commit_weights', args: { netuid: w.netuid, commit_hash: hash } },
    details: [
      ...weightLines(w, undefined),
      [
        'Salt',
        `${w.salt.join(',')} (keep it: the reveal needs it${w.saltDrawn ? '; drawn at random on each run, --salt fixes it' : ''})`,
      ],
      ['Reveal with', revealCommand(w)],
    ],
    when,
    warnings,
    data: {
      hash: toHex(hash),
      uids: w.uids,
      weights: w.weights,
      salt: w.salt,
      versionKey: w.versionKey.toString(),
      revealWindow: win,
      reveal: revealCommand(w),
    },
    question: `Commit weights on subnet ${w.netuid}?`,
  };
}

async function planReveal(w: WeightsInput): Promise<CallPlan> {
  const snap = await snapshot(w);
  const r = await check(w, snap, true);
  const warnings: string[] = [];
  if (snap.s.hyperparameters.commit_reveal_weights_enabled !== true)
    warnings.push('commit-reveal is off on this subnet: the chain will reject it (weights.CommitRevealDisabled)');
  if (!r.ok) warnings.push(`the chain would reject these weights now: weights.${r.error}`);
  const hash = commitHash(ss58Decode(w.hotkey), w.netuid, w.uids, w.weights, w.salt, w.versionKey);
  return {
    action: `Reveal the weights of hotkey ${w.hotkey} on subnet ${w.netuid} (they must hash to a commit: ${toHex(hash)})`,
    call: {
      fn: 'reveal_weights',
      args: { netuid: w.netuid, uids: w.uids, values: w.weights, salt: w.salt, version_key: w.versionKey },
    },
    details: weightLines(w, r.ok ? r.weights : undefined),
    when: `set in the block that includes it if a commit matches and is due (else weights.InvalidRevealCommitHashNotMatch, RevealTooEarly or ExpiredWeightCommit); used by ${await nextEpoch(w.chain, snap.s)}`,
    warnings,
    data: { hash: toHex(hash), uids: w.uids, weights: w.weights, salt: w.salt },
    question: `Reveal weights on subnet ${w.netuid}?`,
  };
}

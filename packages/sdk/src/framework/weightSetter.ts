/**
 * The validator's weight submission (spec/neurons.md §4.2, §4.4; spec/economics.md §7.1–§7.2): decides at each step
 * whether to set, commit or reveal weights, checks the vector locally with the chain's own `validateSetWeights`,
 * submits with retries, and logs exactly one line per decision that says why (blocks since the last update, the rate
 * limit, the commit-reveal state, and the final (uid, u16) vector).
 */
import { type Keypair, ss58Decode, toHex } from '@tensorium/primitives';
import { RpcError } from '@tensorium/rpc';
import { commitHash, validateSetWeights } from '@tensorium/runtime';
import type { TensoriumClient } from '../client/client.js';
import type { Metagraph } from '../metagraph/metagraph.js';
import type { NeuronLogger } from '../neurons/logger.js';
import {
  type DecisionCore,
  outcomeOf,
  type PendingCommit,
  type Submitted,
  type WeightsDecision,
} from './weightsDecision.js';
import { type ExplainFacts, explainWeightsError } from './weightsExplain.js';
import { planWeights } from './weightsPlan.js';

export interface WeightSetterOptions {
  client: TensoriumClient;
  netuid: number;
  signer: Keypair;
  metagraph: Metagraph;
  logger: NeuronLogger;
  /** Blocks between submissions, counted from the validator's own last_update (template `epoch_length`). */
  epochLength: number;
  versionKey: bigint;
  maxRetries: number;
  retryDelayMs: number;
  disabled: boolean;
  pending?: readonly PendingCommit[];
  /** Random u16 salt for commits (default crypto random, 8 values). */
  salt?: () => number[];
}

/** Refusals about the caller, not the vector. */
const CALLER_ERRORS = new Set([
  'HotKeyNotRegisteredInSubNet',
  'NotEnoughStakeToSetWeights',
  'IncorrectWeightVersionKey',
  'NeuronNoValidatorPermit',
]);

export class WeightSetter {
  private pendingCommits: PendingCommit[];
  private stakeThreshold: bigint | undefined;

  constructor(private readonly o: WeightSetterOptions) {
    this.pendingCommits = [...(o.pending ?? [])];
  }

  get pending(): readonly PendingCommit[] {
    return this.pendingCommits;
  }

  /** Epoch index a transaction included at block `b` belongs to (from the last synced schedule). */
  epochAt(b: number): number {
    const m = this.o.metagraph;
    const next = m.nextEpochBlock;
    if (next === null || m.tempo === 0 || b < next) return m.epochIndex;
    return m.epochIndex + 1 + Math.floor((b - next) / m.tempo);
  }

  /**
   * Decides and acts for the metagraph's current block; returns (and logs) every decision taken. After a refusal by
   * the chain the metagraph is resynced in full, so that changed hyperparameters are seen at the next step.
   */
  async step(scores: readonly number[]): Promise<WeightsDecision[]> {
    const out = await this.decide(scores);
    if (out.some((d) => d.action === 'failed' && d.tx?.success === false)) {
      await this.o.metagraph
        .sync({ force: true })
        .catch((e: unknown) => this.o.logger.warn('metagraph.sync_failed', { error: e }));
    }
    return out;
  }

  private async decide(scores: readonly number[]): Promise<WeightsDecision[]> {
    const { metagraph: m, netuid, signer, epochLength } = this.o;
    const out: WeightsDecision[] = [];
    const block = m.block;
    const uid = m.uidOf(signer.address) ?? null;
    const cr = m.hpBool('commit_reveal_weights_enabled');
    const rateLimit = m.hpNumber('weights_set_rate_limit');
    const lastUpdate = uid === null ? null : (m.lastUpdate[uid] ?? 0);
    const since = lastUpdate === null ? null : block - lastUpdate;
    const base = () => ({
      netuid,
      block,
      uid,
      lastUpdate,
      blocksSinceLastUpdate: since,
      epochLength,
      rateLimit,
      commitReveal: {
        enabled: cr,
        currentEpoch: this.epochAt(block + 1),
        pending: this.pendingCommits.map((p) => ({ commitEpoch: p.commitEpoch, revealEpoch: p.revealEpoch })),
      },
    });
    const decide = (d: Omit<WeightsDecision, keyof ReturnType<typeof base>>): WeightsDecision => {
      const full = { ...base(), ...d } as WeightsDecision;
      const level = d.action === 'failed' ? 'warn' : 'info';
      this.o.logger[level](`weights.${d.action}`, { ...full, vector: full.vector?.map((p) => [...p]) });
      out.push(full);
      return full;
    };
    if (this.o.disabled)
      return [
        decide({ action: 'skipped', code: 'DISABLED', reason: 'weight setting is disabled (disableSetWeights)' }),
      ];
    if (uid === null || lastUpdate === null || since === null) {
      return [
        decide({
          action: 'skipped',
          code: 'NOT_REGISTERED',
          reason: `hotkey ${signer.address} is not registered on subnet ${netuid}`,
        }),
      ];
    }
    if (cr) await this.reveals(uid, decide);
    const crState = cr ? `; commit-reveal on (${this.describePending()})` : '; commit-reveal off';
    if (since <= epochLength) {
      decide({
        action: 'skipped',
        code: 'EPOCH_LENGTH',
        reason: `${since} blocks since last update (block ${lastUpdate}) ≤ epoch_length ${epochLength}: next submission after block ${lastUpdate + epochLength}${crState}`,
      });
      return out;
    }
    const sinceAtInclusion = block + 1 - lastUpdate;
    if (lastUpdate !== 0 && sinceAtInclusion < rateLimit) {
      decide({
        action: 'skipped',
        code: 'RATE_LIMIT',
        reason: `rate limit: ${sinceAtInclusion} blocks since last update < weights_set_rate_limit ${rateLimit}${crState}`,
      });
      return out;
    }
    const plan = planWeights({
      scores,
      n: m.n,
      minAllowedWeights: m.hpNumber('min_allowed_weights'),
      maxWeightsLimit: m.hpNumber('max_weights_limit'),
      selfUid: uid,
    });
    const facts = await this.facts(uid, since, rateLimit, plan.ok ? plan.uids.length : 0);
    // The chain's own checks; without a vector yet, a one-weight placeholder still finds the caller-level refusals
    // (permit, stake, version key), which are the real reason when no miner answered.
    const placeholder = m.uids.find((u) => u !== uid) ?? uid;
    const check = validateSetWeights({
      netuid,
      commitRevealEnabled: cr,
      mechanismExists: true,
      uids: plan.ok ? plan.uids : [placeholder],
      values: plan.ok ? plan.weights : [65_535],
      versionKey: this.o.versionKey,
      subnetN: m.n,
      callerUid: uid,
      callerIsOwner: signer.address === m.ownerHotkey,
      callerStake: facts.stakeWeight,
      stakeThreshold: facts.stakeThreshold,
      weightsVersionKey: facts.weightsVersionKey,
      now: BigInt(block + 1),
      lastUpdate: BigInt(lastUpdate),
      weightsSetRateLimit: BigInt(rateLimit),
      hasValidatorPermit: m.validatorPermit[uid] === true,
      minAllowedWeights: m.hpNumber('min_allowed_weights'),
      maxWeightsLimit: m.hpNumber('max_weights_limit'),
      fromReveal: cr,
    });
    if (!plan.ok) {
      if (!check.ok && CALLER_ERRORS.has(check.error)) {
        const why = `${explainWeightsError(check.error, facts)} (checked locally before submitting; ${plan.reason})`;
        decide({ action: 'skipped', code: check.error, reason: `${why}${crState}` });
      } else decide({ action: 'skipped', code: plan.code, reason: `${plan.reason}${crState}` });
      return out;
    }
    const vector = plan.uids.map((u, k) => [u, plan.weights[k]!] as const);
    const planned = { vector, padded: plan.padded, capped: plan.capped };
    if (!check.ok) {
      decide({
        action: 'skipped',
        code: check.error,
        reason: `${explainWeightsError(check.error, facts)} (checked locally before submitting)${crState}`,
        ...planned,
      });
      return out;
    }
    const why = `${since} blocks since last update (block ${lastUpdate}) > epoch_length ${epochLength}; rate limit ${rateLimit} ok`;
    if (!cr) {
      const r = await this.submit('set_weights', {
        netuid,
        dests: plan.uids,
        weights: plan.weights,
        version_key: this.o.versionKey,
      });
      decide(outcomeOf(r, 'set', 'SET', `${why}; commit-reveal off`, facts, planned));
      return out;
    }
    const salt = this.o.salt?.() ?? randomSalt();
    const hash = commitHash(ss58Decode(signer.address), netuid, plan.uids, plan.weights, salt, this.o.versionKey);
    const r = await this.submit('commit_weights', { netuid, commit_hash: hash });
    const d = outcomeOf(r, 'committed', 'COMMITTED', `${why}; commit-reveal on`, facts, planned);
    if (d.action === 'committed' && r.out?.block !== undefined) {
      const commitEpoch = (await this.storedCommitEpoch(toHex(hash))) ?? this.epochAt(r.out.block);
      const period = Number(m.hpBig('reveal_period_epochs'));
      this.pendingCommits.push({
        hash: toHex(hash),
        uids: plan.uids,
        weights: plan.weights,
        salt,
        versionKey: this.o.versionKey.toString(),
        commitBlock: r.out.block,
        commitEpoch,
        revealEpoch: commitEpoch + period,
      });
      decide({ ...d, reason: `${d.reason}: commit in epoch ${commitEpoch}, reveal in epoch ${commitEpoch + period}` });
    } else decide(d);
    return out;
  }

  private async reveals(uid: number, decide: (d: DecisionCore) => WeightsDecision): Promise<void> {
    const now = this.epochAt(this.o.metagraph.block + 1);
    for (const p of [...this.pendingCommits]) {
      const vector = p.uids.map((u, k) => [u, p.weights[k]!] as const);
      if (now < p.revealEpoch) continue;
      this.pendingCommits = this.pendingCommits.filter((x) => x !== p);
      if (now > p.revealEpoch) {
        decide({
          action: 'failed',
          code: 'REVEAL_EXPIRED',
          reason: `commit of epoch ${p.commitEpoch} expired: its reveal epoch ${p.revealEpoch} passed (now ${now})`,
          vector,
        });
        continue;
      }
      const r = await this.submit('reveal_weights', {
        netuid: this.o.netuid,
        uids: [...p.uids],
        values: [...p.weights],
        salt: [...p.salt],
        version_key: BigInt(p.versionKey),
      });
      const facts = await this.facts(uid, 0, 0, p.uids.length);
      decide(
        outcomeOf(
          r,
          'revealed',
          'REVEALED',
          `reveal epoch ${p.revealEpoch} reached (commit at block ${p.commitBlock}, epoch ${p.commitEpoch})`,
          facts,
          { vector },
        ),
      );
    }
  }

  private describePending(): string {
    if (this.pendingCommits.length === 0) return 'no commit waiting';
    const now = this.epochAt(this.o.metagraph.block + 1);
    return `${this.pendingCommits.length} commit(s) waiting: ${this.pendingCommits.map((p) => `epoch ${p.commitEpoch} → reveal in epoch ${p.revealEpoch}`).join(', ')}; now epoch ${now}`;
  }

  private async submit(fn: string, args: Record<string, unknown>): Promise<Submitted> {
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await this.o.client.send(this.o.signer, { module: 'weights', fn, args: args as any });
        return { out, attempts: attempt };
      } catch (e) {
        // Weight calls are feeless: one that would fail is refused at once with the chain's error (no retry).
        if (e instanceof RpcError && e.data?.reason === 'Call' && typeof e.data.error === 'string')
          return { refused: e.data.error, attempts: attempt };
        const error = e instanceof Error ? e.message : String(e);
        this.o.logger.warn('tx.retry', {
          netuid: this.o.netuid,
          fn,
          attempt,
          maxRetries: this.o.maxRetries,
          error,
        });
        if (attempt >= this.o.maxRetries) return { error, attempts: attempt };
        await new Promise((r) => setTimeout(r, this.o.retryDelayMs * attempt));
      }
    }
  }

  private async facts(uid: number, since: number, rateLimit: number, count: number): Promise<ExplainFacts> {
    const m = this.o.metagraph;
    if (this.stakeThreshold === undefined) {
      const v = await this.o.client.request('state_getStorage', 'params/stake_threshold');
      this.stakeThreshold = BigInt(String(v ?? 0));
    }
    return {
      stakeWeight: m.stakeWeightRao[uid] ?? 0n,
      stakeThreshold: this.stakeThreshold,
      versionKey: this.o.versionKey,
      weightsVersionKey: m.hpBig('weights_version_key'),
      blocksSinceLastUpdate: since,
      rateLimit,
      minAllowedWeights: m.hpNumber('min_allowed_weights'),
      maxWeightsLimit: m.hpNumber('max_weights_limit'),
      count,
      n: m.n,
    };
  }

  /** The epoch the chain recorded for our commit (storage `weights/commits/<netuid>/<hotkey>`, documented in the runtime). */
  private async storedCommitEpoch(hash: string): Promise<number | undefined> {
    const key = `weights/commits/${String(this.o.netuid).padStart(5, '0')}/${this.o.signer.address}`;
    const v = (await this.o.client.request('state_getStorage', key).catch(() => null)) as
      | { hash: string; epoch: number | string }[]
      | null;
    const c = Array.isArray(v) ? v.find((x) => x.hash === hash) : undefined;
    return c === undefined ? undefined : Number(c.epoch);
  }
}

function randomSalt(): number[] {
  return [...crypto.getRandomValues(new Uint16Array(8))];
}

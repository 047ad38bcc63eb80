/**
 * `createValidator`: a subnet validator where the author writes only the round (`forward`: task and queries) and the
 * scoring (`reward`), spec/neurons.md §4.4–§4.7. The framework owns the rest: registration check, metagraph resync
 * (a re-registered uid's score restarts at 0), miner sampling with a seeded RNG (block hash + hotkey + step, logged),
 * the exact integer score moving average, and weight submission through `WeightSetter` (normalisation, u16
 * max-upscaling, min_allowed_weights / max_weights_limit, rate limit, commit-reveal, retries, one log line per
 * decision).
 */
import type { Keypair } from '@tensorium/primitives';
import type { TensoriumClient } from '../client/client.js';
import { createMetagraph, type Metagraph } from '../metagraph/metagraph.js';
import { type CallOptions, createDendrite, type Dendrite, type DendriteOptions } from '../neurons/dendrite.js';
import type { SynapseResult } from '../neurons/dendriteResult.js';
import { type NeuronLogger, silentLogger } from '../neurons/logger.js';
import type { AnySynapse, RequestOf, ResponseOf, SynapseDefinition } from '../neurons/synapse.js';
import { NeuronError } from './errors.js';
import { HeadWaiter } from './headWaiter.js';
import { createRng, type Rng, roundSeed } from './rng.js';
import { alphaToPpm, rewardToPpb, ScoreBook } from './scores.js';
import { WeightSetter } from './weightSetter.js';
import type { PendingCommit, WeightsDecision } from './weightsDecision.js';

const TAO = 1_000_000_000n;

/** Rewards in [0, 1]: one per `ctx.uids` entry (same order), or (uid, reward) pairs. */
export type Rewards = readonly number[] | Iterable<readonly [number, number]> | ReadonlyMap<number, number>;

export type UidResult<S extends SynapseDefinition> = SynapseResult<ResponseOf<S>> & { readonly uid: number };

export interface ForwardContext {
  readonly step: number;
  /** Block and hash of the metagraph sync this round uses, and the seed derived from them. */
  readonly block: number;
  readonly blockHash: string;
  readonly rng: Rng;
  /** The sampled miners: serving, not this validator, not a validator above `vpermitTaoLimit`. */
  readonly uids: readonly number[];
  readonly metagraph: Metagraph;
  readonly dendrite: Dendrite;
  readonly logger: NeuronLogger;
  /** Sends `request` to `opts.uids` (default `uids`) at once; results in that order, each with its uid. */
  query<S extends SynapseDefinition>(
    synapse: S,
    request: RequestOf<S>,
    opts?: CallOptions & { uids?: readonly number[] },
  ): Promise<UidResult<S>[]>;
}

export interface ValidatorOptions<T> {
  client: TensoriumClient;
  netuid: number;
  hotkey: Keypair;
  /** The synapses this validator queries (`ctx.query` refuses others when given). */
  synapses?: readonly AnySynapse[];
  forward: (ctx: ForwardContext) => T | Promise<T>;
  reward: (outcome: T, ctx: ForwardContext) => Rewards | Promise<Rewards>;
  /** Moving-average weight of a new reward (default 0.1). */
  movingAverageAlpha?: number;
  /** Miners sampled per round (default 50). */
  sampleSize?: number;
  /** Blocks between weight submissions, from this validator's last_update (default 100). */
  epochLength?: number;
  /** Validators with a permit and more stake weight than this (RAO) are not sampled (default 4096 TAO). */
  vpermitTaoLimit?: bigint;
  /** `version_key` of the weights (the subnet's spec version; default 0). */
  versionKey?: bigint;
  /** Rounds run concurrently per step (default 1). */
  numConcurrentForwards?: number;
  disableSetWeights?: boolean;
  /** Attempts per submission on transport errors (default 5) and the base delay between them (default 250 ms). */
  maxRetries?: number;
  retryDelayMs?: number;
  dendrite?: Omit<DendriteOptions, 'hotkey' | 'logger'>;
  metagraph?: Metagraph;
  logger?: NeuronLogger;
  /** Resume from `validator.state()`. */
  state?: ValidatorState;
  /** Pause between steps in `start()` (ms); default: until the next block. */
  stepIntervalMs?: number;
}

export interface ValidatorState {
  readonly step: number;
  readonly scores: readonly number[];
  readonly hotkeys: readonly string[];
  readonly pending: readonly PendingCommit[];
}

export interface StepReport {
  readonly step: number;
  readonly block: number;
  readonly blockHash: string;
  readonly seeds: readonly string[];
  readonly uids: readonly number[];
  /** Rewards applied this step, parts per 10^9, by uid. */
  readonly rewards: readonly (readonly [number, number])[];
  /** Uids whose score restarted at 0 (new hotkey). */
  readonly reset: readonly number[];
  readonly weights: readonly WeightsDecision[];
}

export class Validator<T> {
  readonly metagraph: Metagraph;
  readonly dendrite: Dendrite;
  readonly logger: NeuronLogger;
  private readonly book: ScoreBook;
  private readonly weights: WeightSetter;
  private stepNo: number;
  private running: Promise<void> | undefined;
  private stopped = false;
  private heads: HeadWaiter | undefined;

  constructor(private readonly o: ValidatorOptions<T>) {
    this.logger = o.logger ?? silentLogger;
    this.metagraph = o.metagraph ?? createMetagraph(o.client, o.netuid, { logger: this.logger });
    this.dendrite = createDendrite({ ...o.dendrite, hotkey: o.hotkey, logger: this.logger });
    this.book = new ScoreBook(alphaToPpm(o.movingAverageAlpha ?? 0.1), o.state);
    this.stepNo = o.state?.step ?? 0;
    const epochLength = o.epochLength ?? 100;
    if (!Number.isInteger(epochLength) || epochLength < 0)
      throw new NeuronError('TNS_NEURON_CONFIG', `epochLength must be a non-negative integer, got ${epochLength}`);
    this.weights = new WeightSetter({
      client: o.client,
      netuid: o.netuid,
      signer: o.hotkey,
      metagraph: this.metagraph,
      logger: this.logger,
      epochLength,
      versionKey: o.versionKey ?? 0n,
      maxRetries: o.maxRetries ?? 5,
      retryDelayMs: o.retryDelayMs ?? 250,
      disabled: o.disableSetWeights ?? false,
      pending: o.state?.pending,
    });
  }

  get hotkey(): string {
    return this.o.hotkey.address;
  }

  get uid(): number | undefined {
    return this.metagraph.uidOf(this.hotkey);
  }

  /** Scores per uid, parts per 10^9. */
  get scores(): readonly number[] {
    return this.book.scores;
  }

  state(): ValidatorState {
    return { step: this.stepNo, ...this.book.state(), pending: [...this.weights.pending] };
  }

  /** Syncs and fails with `TNS_NEURON_NOT_REGISTERED` unless the hotkey holds a uid on the subnet. */
  async checkRegistration(): Promise<number> {
    await this.metagraph.sync({ force: true });
    const uid = this.uid;
    if (uid === undefined) {
      throw new NeuronError(
        'TNS_NEURON_NOT_REGISTERED',
        `hotkey ${this.hotkey} is not registered on subnet ${this.o.netuid}: register it first (neurons.burned_register)`,
      );
    }
    return uid;
  }

  /** One step: sync, rounds, score update, weights decision. */
  async step(): Promise<StepReport> {
    const m = this.metagraph;
    await m.sync();
    const reset = this.book.align(m.hotkeys);
    if (reset.length)
      this.logger.info('validator.scores_reset', {
        netuid: this.o.netuid,
        block: m.block,
        uids: reset,
        why: 'hotkey changed (re-registration)',
      });
    const step = this.stepNo++;
    const self = this.uid;
    const report = { step, block: m.block, blockHash: m.blockHash, reset };
    if (self === undefined) {
      this.logger.warn('validator.not_registered', { netuid: this.o.netuid, hotkey: this.hotkey, block: m.block });
      return { ...report, seeds: [], uids: [], rewards: [], weights: await this.weights.step(this.book.scores) };
    }
    const limit = this.o.vpermitTaoLimit ?? 4096n * TAO;
    const candidates = m.uids.filter(
      (u) => u !== self && m.axons[u]?.isServing && !(m.validatorPermit[u] && (m.stakeWeightRao[u] ?? 0n) > limit),
    );
    const k = this.o.numConcurrentForwards ?? 1;
    const rounds = Array.from({ length: k }, (_, i) => this.round(step * k + i, candidates));
    const done = await Promise.all(rounds);
    const seeds = done.map((d) => d.seed);
    const rewards: [number, number][] = [];
    const uids = new Set<number>();
    for (const d of done) {
      if (!d.rewards) continue;
      this.book.update(d.rewards);
      for (const u of d.uids) uids.add(u);
      rewards.push(...d.rewards);
    }
    const weights = await this.weights.step(this.book.scores);
    return { ...report, seeds, uids: [...uids].sort((a, b) => a - b), rewards, weights };
  }

  private async round(
    index: number,
    candidates: readonly number[],
  ): Promise<{ seed: string; uids: readonly number[]; rewards?: Map<number, number> }> {
    const m = this.metagraph;
    const rng = createRng(roundSeed(m.blockHash, this.hotkey, index));
    const uids = rng.sample(candidates, this.o.sampleSize ?? 50).sort((a, b) => a - b);
    this.logger.info('validator.round', {
      netuid: this.o.netuid,
      round: index,
      block: m.block,
      blockHash: m.blockHash,
      hotkey: this.hotkey,
      seed: rng.seed,
      uids,
    });
    const ctx: ForwardContext = {
      step: index,
      block: m.block,
      blockHash: m.blockHash,
      rng,
      uids,
      metagraph: m,
      dendrite: this.dendrite,
      logger: this.logger,
      query: async (synapse, request, opts = {}) => {
        if (this.o.synapses && !this.o.synapses.includes(synapse))
          throw new NeuronError('TNS_NEURON_SYNAPSE', `synapse ${synapse.name} is not in this validator's synapses`);
        const targets = opts.uids ?? uids;
        const results = await this.dendrite.forward(
          targets.map((u) => m.axons[u]!),
          synapse,
          request,
          opts,
        );
        return results.map((r, i) => ({ ...r, uid: targets[i]! }));
      },
    };
    try {
      const outcome = await this.o.forward(ctx);
      const rewards = toRewardMap(await this.o.reward(outcome, ctx), uids);
      this.logger.info('validator.rewards', { netuid: this.o.netuid, round: index, rewards: [...rewards] });
      return { seed: rng.seed, uids, rewards };
    } catch (e) {
      this.logger.error('validator.round_failed', { netuid: this.o.netuid, round: index, error: e });
      return { seed: rng.seed, uids };
    }
  }

  /** Checks registration, then runs steps until `stop()`. Resolves once the first step is done. */
  async start(): Promise<this> {
    if (this.running) return this;
    this.stopped = false;
    await this.checkRegistration();
    this.heads = new HeadWaiter(this.o.client);
    await this.heads.start();
    const first = await this.step();
    this.running = this.loop(first.block);
    return this;
  }

  private async loop(block: number): Promise<void> {
    let last = block;
    while (!this.stopped) {
      if (this.o.stepIntervalMs !== undefined) await new Promise((r) => setTimeout(r, this.o.stepIntervalMs));
      else await this.heads!.next(last);
      if (this.stopped) break;
      try {
        last = (await this.step()).block;
      } catch (e) {
        this.logger.error('validator.step_failed', { netuid: this.o.netuid, error: e });
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.heads?.stop();
    await this.running;
    this.running = undefined;
    this.dendrite.close();
  }
}

function toRewardMap(r: Rewards, uids: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  if (Array.isArray(r) && (r.length === 0 || typeof r[0] === 'number')) {
    const list = r as readonly number[];
    if (list.length !== uids.length)
      throw new NeuronError('TNS_NEURON_REWARD', `reward returned ${list.length} values for ${uids.length} uids`);
    for (const [i, v] of list.entries()) out.set(uids[i]!, rewardToPpb(v));
    return out;
  }
  for (const [uid, v] of r as Iterable<readonly [number, number]>) out.set(uid, rewardToPpb(v));
  return out;
}

export function createValidator<T>(opts: ValidatorOptions<T>): Validator<T> {
  return new Validator(opts);
}

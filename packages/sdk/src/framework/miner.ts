/**
 * `createMiner`: a subnet miner where the author writes only `forward` (and optionally `blacklist` / `priority`),
 * spec/neurons.md §4.3, §4.6–§4.7. The framework checks the registration, runs the axon with the metagraph as its
 * caller lookup (unregistered and non-validator callers get 403 by default), publishes the axon on chain with
 * `serve_axon` when it differs from what the chain has (respecting `serving_rate_limit`), and keeps the metagraph
 * fresh after every epoch, re-serving if the hotkey is registered again under a new uid.
 */
import type { Keypair } from '@tensorium/primitives';
import type { TensoriumClient } from '../client/client.js';
import { sameEndpoint } from '../metagraph/axonView.js';
import { createMetagraph, type Metagraph, type MetagraphDiff } from '../metagraph/metagraph.js';
import {
  type AttachHooks,
  type Axon,
  type AxonOptions,
  createAxon,
  type Forward,
  type HandlerContext,
  type StreamPiece,
} from '../neurons/axon.js';
import { type NeuronLogger, silentLogger } from '../neurons/logger.js';
import type { AnySynapse, ParsedRequestOf, ResponseInputOf, StreamingSynapseDefinition } from '../neurons/synapse.js';
import { NeuronError } from './errors.js';

export type MinerForward<S extends AnySynapse> = (
  request: ParsedRequestOf<S>,
  ctx: HandlerContext,
) => S extends StreamingSynapseDefinition
  ? AsyncIterable<StreamPiece> | Promise<AsyncIterable<StreamPiece>>
  : ResponseInputOf<S> | Promise<ResponseInputOf<S>>;

export interface MinerOptions<S extends AnySynapse> {
  client: TensoriumClient;
  netuid: number;
  hotkey: Keypair;
  synapses: readonly S[];
  /** Answers every synapse (`ctx.synapse` tells which). */
  forward: MinerForward<S>;
  /** Extra refusals, after the default policy (unregistered / non-validator callers). */
  blacklist?: AttachHooks['blacklist'];
  /** Queue order when busy; default the caller's stake weight. */
  priority?: AttachHooks['priority'];
  /** Axon options (port, host, externalIp, allowNonRegistered, allowNonValidators, limits…). */
  axon?: Omit<AxonOptions, 'hotkey' | 'callers' | 'logger'>;
  /** Publish the axon with `serve_axon` (default true). */
  serve?: boolean;
  /** Resync the metagraph after every epoch (default) or every block. */
  resync?: 'epoch' | 'block';
  metagraph?: Metagraph;
  logger?: NeuronLogger;
}

export type ServeOutcome = 'served' | 'unchanged' | 'rate_limited' | 'skipped' | 'failed';

export class Miner<S extends AnySynapse> {
  readonly metagraph: Metagraph;
  readonly axon: Axon;
  readonly logger: NeuronLogger;
  private uidNow: number | undefined;
  private unwatch: (() => Promise<void>) | undefined;
  private serveAgainAt: number | undefined;

  constructor(private readonly o: MinerOptions<S>) {
    this.logger = o.logger ?? silentLogger;
    this.metagraph = o.metagraph ?? createMetagraph(o.client, o.netuid, { logger: this.logger });
    this.axon = createAxon({ ...o.axon, hotkey: o.hotkey, callers: this.metagraph.callers, logger: this.logger });
    const hooks: AttachHooks = {};
    if (o.blacklist) hooks.blacklist = o.blacklist;
    if (o.priority) hooks.priority = o.priority;
    for (const s of o.synapses) this.axon.attach(s, o.forward as unknown as Forward<S>, hooks);
  }

  get hotkey(): string {
    return this.o.hotkey.address;
  }

  get uid(): number | undefined {
    return this.uidNow;
  }

  /** Checks registration, starts the axon, publishes it, and follows the metagraph. */
  async start(): Promise<this> {
    await this.metagraph.sync({ force: true });
    this.uidNow = this.metagraph.uidOf(this.hotkey);
    if (this.uidNow === undefined) {
      throw new NeuronError(
        'TNS_NEURON_NOT_REGISTERED',
        `hotkey ${this.hotkey} is not registered on subnet ${this.o.netuid}: register it first (neurons.burned_register)`,
      );
    }
    await this.axon.start();
    this.logger.info('miner.started', {
      netuid: this.o.netuid,
      uid: this.uidNow,
      hotkey: this.hotkey,
      axon: this.axon.info(),
      synapses: this.o.synapses.map((s) => s.name),
    });
    if (this.o.serve ?? true) await this.serve();
    this.unwatch = await this.metagraph.watch((d) => this.onSync(d), { every: this.o.resync ?? 'epoch' });
    return this;
  }

  private async onSync(d: MetagraphDiff): Promise<void> {
    const uid = this.metagraph.uidOf(this.hotkey);
    if (uid !== this.uidNow) {
      if (uid === undefined)
        this.logger.warn('miner.deregistered', {
          netuid: this.o.netuid,
          hotkey: this.hotkey,
          block: d.block,
          previousUid: this.uidNow,
        });
      else
        this.logger.info('miner.registered', {
          netuid: this.o.netuid,
          hotkey: this.hotkey,
          block: d.block,
          uid,
          previousUid: this.uidNow,
        });
      this.uidNow = uid;
      if (uid !== undefined && (this.o.serve ?? true)) await this.serve();
    } else if (this.serveAgainAt !== undefined && d.block >= this.serveAgainAt && (this.o.serve ?? true))
      await this.serve();
  }

  /** Publishes the axon unless the chain already has this endpoint; the outcome is logged. */
  async serve(): Promise<ServeOutcome> {
    const m = this.metagraph;
    const uid = m.uidOf(this.hotkey);
    const info = this.axon.info();
    const log = { netuid: this.o.netuid, uid, ip: info.ip, port: info.port, version: info.version, block: m.block };
    this.serveAgainAt = undefined;
    if (uid === undefined) return 'skipped';
    if (info.ip === '0.0.0.0' || info.ip === '::') {
      this.logger.warn('miner.serve_skipped', {
        ...log,
        reason: 'no external ip: 0.0.0.0 on chain means "not serving"; set axon.externalIp',
      });
      return 'skipped';
    }
    const onChain = m.axons[uid]!;
    if (onChain.isServing && sameEndpoint(onChain, info)) {
      this.logger.info('miner.axon_unchanged', { ...log, servedAt: onChain.block });
      return 'unchanged';
    }
    const limit = m.hpNumber('serving_rate_limit');
    if (onChain.block > 0 && limit > 0 && m.block + 1 - onChain.block < limit) {
      this.serveAgainAt = onChain.block + limit;
      this.logger.warn('miner.serve_rate_limited', {
        ...log,
        reason: `served at block ${onChain.block}; serving_rate_limit ${limit}: next at block ${this.serveAgainAt}`,
      });
      return 'rate_limited';
    }
    try {
      const out = await this.o.client.send(this.o.hotkey, {
        module: 'neurons',
        fn: 'serve_axon',
        args: {
          netuid: this.o.netuid,
          version: info.version,
          ip: info.ip,
          port: info.port,
          ip_type: info.ipType,
          protocol: info.protocol,
          placeholder1: 0,
          placeholder2: 0,
        },
      });
      if (out.success === false) {
        this.logger.error('miner.serve_failed', { ...log, error: out.error, txBlock: out.block });
        return 'failed';
      }
      this.logger.info('miner.axon_served', { ...log, txBlock: out.block });
      await m.sync({ force: true });
      return 'served';
    } catch (e) {
      this.logger.error('miner.serve_failed', { ...log, error: e });
      return 'failed';
    }
  }

  async stop(): Promise<void> {
    await this.unwatch?.();
    this.unwatch = undefined;
    await this.axon.stop();
  }
}

export function createMiner<S extends AnySynapse>(opts: MinerOptions<S>): Miner<S> {
  return new Miner(opts);
}

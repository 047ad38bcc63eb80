/**
 * The metagraph of one subnet (spec/neurons.md §3): per-uid arrays and axons, filled from one `subnet_metagraph` round
 * trip (plus `subnet_info` for the subnet's hyperparameters and epoch schedule, fetched again only when an epoch has
 * passed). `sync()` does nothing when the head has not moved; `watch()` follows new heads (WebSocket or dev chain)
 * and syncs after every epoch. Exact values are kept as integers (`*Rao`, `*U16`); the float views of the reference
 * SDK (`S`, `I`, `D`, … in TAO or of 65535) are derived from them for display and ported code only.
 */
import { TensoriumError } from '@tensorium/primitives';
import type { MetagraphJson, SubnetInfoJson } from '@tensorium/rpc';
import type { TensoriumClient } from '../client/client.js';
import { ClientError } from '../client/transport.js';
import type { CallerInfo, CallerLookup } from '../neurons/callerPolicy.js';
import { type NeuronLogger, silentLogger } from '../neurons/logger.js';
import { type AxonView, axonView, sameEndpoint } from './axonView.js';

const RAO = 1e9;
const U16 = 65_535;

export class MetagraphError extends TensoriumError {
  override readonly name = 'MetagraphError';
}

export interface MetagraphOptions {
  logger?: NeuronLogger;
}

/** What a `sync()` found. */
export interface MetagraphDiff {
  /** Head block the metagraph now reflects. */
  readonly block: number;
  /** False when the head had not moved (nothing was fetched). */
  readonly fetched: boolean;
  /** `subnet_info` was fetched too (first sync, an epoch passed, or forced). */
  readonly subnetInfoFetched: boolean;
  /** An epoch ran since the previous sync (the epoch index moved). */
  readonly epoch: boolean;
  /** Uids that did not exist before (n grew). */
  readonly added: readonly number[];
  /** Uids whose hotkey changed (a new registration replaced the neuron). */
  readonly replaced: readonly number[];
  /** Uids whose published endpoint changed. */
  readonly axonsChanged: readonly number[];
}

export interface WatchOptions {
  /** `epoch` (default): sync once an epoch has passed; `block`: sync at every new head. */
  every?: 'epoch' | 'block';
  /** Poll interval when the client has no subscriptions (HTTP), ms; default 1000. */
  pollMs?: number;
}

export class Metagraph {
  /** Head block of the last sync (-1 before the first). */
  block = -1;
  blockHash = '';
  n = 0;
  uids: number[] = [];
  hotkeys: string[] = [];
  coldkeys: string[] = [];
  axons: AxonView[] = [];
  /** Exact stakes in RAO (alpha units for the subnet stake): alpha on this subnet, root TAO, stake weight. */
  alphaStakeRao: bigint[] = [];
  rootStakeRao: bigint[] = [];
  stakeWeightRao: bigint[] = [];
  /** Epoch outputs as stored on chain (u16 of 65535), and emission of the last epoch in alpha RAO. */
  incentiveU16: number[] = [];
  dividendsU16: number[] = [];
  consensusU16: number[] = [];
  validatorTrustU16: number[] = [];
  emissionRao: bigint[] = [];
  active: boolean[] = [];
  validatorPermit: boolean[] = [];
  lastUpdate: number[] = [];
  registeredAt: number[] = [];
  immune: boolean[] = [];
  /** The subnet's `subnet_info` (hyperparameters, schedule) as of the last fetch. */
  info: SubnetInfoJson | undefined;
  private readonly byHotkey = new Map<string, number>();
  private inflight: Promise<MetagraphDiff> | undefined;
  private readonly logger: NeuronLogger;

  constructor(
    readonly client: TensoriumClient,
    readonly netuid: number,
    opts: MetagraphOptions = {},
  ) {
    this.logger = opts.logger ?? silentLogger;
  }

  // ---- float views, named as in the reference SDK (display and ported code; not for chain math)
  get stake(): number[] {
    return this.stakeWeightRao.map(toTao);
  }
  get totalStake(): number[] {
    return this.stake;
  }
  get alphaStake(): number[] {
    return this.alphaStakeRao.map(toTao);
  }
  /** Root stake × tao_weight (0.18), in TAO: the root part of the stake weight. */
  get taoStake(): number[] {
    return this.stakeWeightRao.map((w, i) => toTao(w - (this.alphaStakeRao[i] ?? 0n)));
  }
  get incentive(): number[] {
    return this.incentiveU16.map((v) => v / U16);
  }
  get dividends(): number[] {
    return this.dividendsU16.map((v) => v / U16);
  }
  get consensus(): number[] {
    return this.consensusU16.map((v) => v / U16);
  }
  get validatorTrust(): number[] {
    return this.validatorTrustU16.map((v) => v / U16);
  }
  get emission(): number[] {
    return this.emissionRao.map(toTao);
  }
  get S(): number[] {
    return this.stake;
  }
  get AS(): number[] {
    return this.alphaStake;
  }
  get TS(): number[] {
    return this.taoStake;
  }
  get I(): number[] {
    return this.incentive;
  }
  get D(): number[] {
    return this.dividends;
  }
  get C(): number[] {
    return this.consensus;
  }
  get Tv(): number[] {
    return this.validatorTrust;
  }
  get E(): number[] {
    return this.emission;
  }
  get total_stake(): number[] {
    return this.stake;
  }
  get alpha_stake(): number[] {
    return this.alphaStake;
  }
  get tao_stake(): number[] {
    return this.taoStake;
  }
  get validator_trust(): number[] {
    return this.validatorTrust;
  }
  get validator_permit(): boolean[] {
    return this.validatorPermit;
  }
  get last_update(): number[] {
    return this.lastUpdate;
  }
  get block_at_registration(): number[] {
    return this.registeredAt;
  }

  // ---- subnet-level values (from subnet_info)
  get tempo(): number {
    return this.info?.tempo ?? 0;
  }
  get epochIndex(): number {
    return this.info?.epochIndex ?? 0;
  }
  get lastEpochBlock(): number {
    return this.info?.lastEpochBlock ?? 0;
  }
  get nextEpochBlock(): number | null {
    return this.info?.nextEpochBlock ?? null;
  }
  get ownerHotkey(): string | undefined {
    return this.info?.ownerHotkey;
  }
  get hyperparameters(): Readonly<Record<string, number | string | boolean>> {
    return this.info?.hyperparameters ?? {};
  }
  /** A hyperparameter as a bigint (u64 values come as decimal strings). */
  hpBig(name: string): bigint {
    const v = this.hyperparameters[name];
    if (v === undefined)
      throw new MetagraphError('TNS_METAGRAPH_NO_INFO', `hyperparameter ${name} unknown (sync first)`);
    return typeof v === 'boolean' ? (v ? 1n : 0n) : BigInt(v);
  }
  hpNumber(name: string): number {
    return Number(this.hpBig(name));
  }
  hpBool(name: string): boolean {
    return this.hyperparameters[name] === true;
  }

  // ---- lookups
  uidOf(hotkey: string): number | undefined {
    return this.byHotkey.get(hotkey);
  }

  isRegistered(hotkey: string): boolean {
    return this.byHotkey.has(hotkey);
  }

  /** The axon `callers` hook: registration, permit and stake weight (RAO) of a hotkey. */
  lookup(hotkey: string): CallerInfo | undefined {
    const uid = this.byHotkey.get(hotkey);
    if (uid === undefined) return undefined;
    return {
      registered: true,
      validatorPermit: this.validatorPermit[uid] === true,
      stake: this.stakeWeightRao[uid] ?? 0n,
      uid,
    };
  }

  /** `lookup` bound to this metagraph, to pass as `createAxon({ callers })`. */
  get callers(): CallerLookup {
    return (hotkey) => this.lookup(hotkey);
  }

  // ---- sync
  /**
   * Brings the metagraph to the head. Without `force`, nothing is fetched when the head has not moved, and
   * `subnet_info` only on the first sync or once the next epoch block is reached.
   */
  sync(opts: { force?: boolean } = {}): Promise<MetagraphDiff> {
    // One sync at a time: a second caller waits for the running one, then syncs again if needed.
    const run = (this.inflight ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.syncNow(opts.force ?? false));
    this.inflight = run;
    return run;
  }

  private async syncNow(force: boolean): Promise<MetagraphDiff> {
    const head = await this.client.getHeader();
    const headNumber = head?.number ?? 0;
    if (!force && this.block === headNumber && this.info) {
      return {
        block: this.block,
        fetched: false,
        subnetInfoFetched: false,
        epoch: false,
        added: [],
        replaced: [],
        axonsChanged: [],
      };
    }
    const next = this.info?.nextEpochBlock;
    const needInfo = force || !this.info || (next !== null && next !== undefined && headNumber >= next);
    const [mg, info] = await Promise.all([
      this.client.request('subnet_metagraph', this.netuid),
      needInfo ? this.client.request('subnet_info', this.netuid) : Promise.resolve(undefined),
    ]);
    if (!mg || (needInfo && !info))
      throw new MetagraphError('TNS_METAGRAPH_NO_SUBNET', `subnet ${this.netuid} does not exist`);
    let hash = head?.hash ?? '';
    if (mg.block !== headNumber) hash = (await this.client.request('chain_getBlockHash', mg.block)) ?? '';
    const prevEpoch = this.info?.epochIndex;
    if (info) this.info = info;
    const diff = this.apply(mg, hash);
    const out: MetagraphDiff = {
      ...diff,
      block: mg.block,
      fetched: true,
      subnetInfoFetched: info != null,
      epoch: info != null && prevEpoch !== undefined && info.epochIndex !== prevEpoch,
    };
    this.logger.debug('metagraph.synced', {
      netuid: this.netuid,
      block: out.block,
      n: this.n,
      subnetInfo: out.subnetInfoFetched,
      epoch: out.epoch,
      added: out.added,
      replaced: out.replaced,
      axonsChanged: out.axonsChanged,
    });
    return out;
  }

  private apply(mg: MetagraphJson, hash: string): Pick<MetagraphDiff, 'added' | 'replaced' | 'axonsChanged'> {
    const added: number[] = [];
    const replaced: number[] = [];
    const axonsChanged: number[] = [];
    const oldN = this.block < 0 ? 0 : this.n;
    const ns = [...mg.neurons].sort((a, b) => a.uid - b.uid);
    const axons = ns.map((x) => axonView(x.axon, x.hotkey, x.coldkey));
    ns.forEach((x, uid) => {
      if (uid >= oldN) added.push(uid);
      else if (this.hotkeys[uid] !== x.hotkey) replaced.push(uid);
      else if (!sameEndpoint(this.axons[uid]!, axons[uid]!) || this.axons[uid]!.isServing !== axons[uid]!.isServing)
        axonsChanged.push(uid);
    });
    this.block = mg.block;
    this.blockHash = hash;
    this.n = mg.n;
    this.uids = ns.map((x) => x.uid);
    this.hotkeys = ns.map((x) => x.hotkey);
    this.coldkeys = ns.map((x) => x.coldkey);
    this.axons = axons;
    this.alphaStakeRao = ns.map((x) => BigInt(x.stake));
    this.rootStakeRao = ns.map((x) => BigInt(x.rootStake));
    this.stakeWeightRao = ns.map((x) => BigInt(x.stakeWeight));
    this.incentiveU16 = ns.map((x) => x.incentive);
    this.dividendsU16 = ns.map((x) => x.dividends);
    this.consensusU16 = ns.map((x) => x.consensus);
    this.validatorTrustU16 = ns.map((x) => x.validatorTrust);
    this.emissionRao = ns.map((x) => BigInt(x.emission));
    this.active = ns.map((x) => x.active);
    this.validatorPermit = ns.map((x) => x.validatorPermit);
    this.lastUpdate = ns.map((x) => x.lastUpdate);
    this.registeredAt = ns.map((x) => x.registeredAt);
    this.immune = ns.map((x) => x.immune);
    this.byHotkey.clear();
    for (const [uid, h] of this.hotkeys.entries()) this.byHotkey.set(h, uid);
    return { added, replaced, axonsChanged };
  }

  /**
   * Follows new heads and syncs after each epoch (or each block); `onSync` gets every diff that fetched something.
   * Uses the client's subscription (WebSocket, dev chain) or polls the head over HTTP. Returns the stop function.
   */
  async watch(
    onSync?: (diff: MetagraphDiff) => void | Promise<void>,
    opts: WatchOptions = {},
  ): Promise<() => Promise<void>> {
    const every = opts.every ?? 'epoch';
    let stopped = false;
    let running = false;
    let again = false;
    const due = (head: number): boolean => {
      if (every === 'block' || this.block < 0) return true;
      const next = this.nextEpochBlock;
      return next !== null && head >= next && this.block < next;
    };
    const tick = async (head: number): Promise<void> => {
      if (stopped || !due(head)) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const diff = await this.sync();
          if (diff.fetched && onSync && !stopped) await onSync(diff);
        } while (again && !stopped);
      } catch (e) {
        this.logger.warn('metagraph.sync_failed', { netuid: this.netuid, error: e });
      } finally {
        running = false;
      }
    };
    let unsubscribe: () => Promise<void>;
    try {
      unsubscribe = await this.client.subscribeNewHeads((h) => void tick(h.number));
    } catch (e) {
      if (!(e instanceof ClientError && e.code === 'TNS_CLIENT_NO_SUBSCRIPTIONS')) throw e;
      const timer = setInterval(() => {
        this.client.getHeader().then(
          (h) => tick(h?.number ?? 0),
          (err: unknown) => this.logger.warn('metagraph.poll_failed', { netuid: this.netuid, error: err }),
        );
      }, opts.pollMs ?? 1000);
      unsubscribe = async () => clearInterval(timer);
    }
    return async () => {
      stopped = true;
      await unsubscribe();
    };
  }
}

function toTao(rao: bigint): number {
  return Number(rao) / RAO;
}

/** A metagraph of `netuid`; call `sync()` (or `createSyncedMetagraph`) before reading it. */
export function createMetagraph(client: TensoriumClient, netuid: number, opts: MetagraphOptions = {}): Metagraph {
  return new Metagraph(client, netuid, opts);
}

/** A metagraph already synced to the head. */
export async function createSyncedMetagraph(
  client: TensoriumClient,
  netuid: number,
  opts: MetagraphOptions = {},
): Promise<Metagraph> {
  const m = new Metagraph(client, netuid, opts);
  await m.sync();
  return m;
}

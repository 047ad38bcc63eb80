/**
 * An in-process dev chain: the real runtime on the in-memory store, with no network and no timers. Time is
 * virtual (each block is `blockTimeMs` after the previous one), blocks come when asked (`advanceBlocks`) or, with
 * `autoMine` (the default), right after a transaction is submitted. It speaks the same client interface as a
 * remote node (`devChain.client`), so miners and validators can be unit-tested without a node.
 */
import { cryptoReady, type Keypair, keypairFromUri, sign, toHex } from '@tensorium/primitives';
import {
  METHODS,
  type MethodDef,
  RpcError,
  type SubnetInfoJson,
  type SubnetSummaryJson,
  type TxStatus,
} from '@tensorium/rpc';
import {
  allRpcHandlers,
  Chain,
  type ChainSpec,
  type ExecutedBlock,
  type Handlers,
  headerJson,
  InvalidTransaction,
  MemoryStore,
  type PresetName,
  presetSpec,
  tensoriumRuntime,
  validateParams,
} from '@tensorium/runtime';
import { TensoriumClient } from '../client/client.js';
import type { NotificationHandler, Transport } from '../client/transport.js';

export interface DevChainOptions {
  preset?: PresetName;
  /** Overrides of the preset's chain spec (params are merged). */
  spec?: Partial<ChainSpec>;
  /** Produce a block as soon as transactions are submitted (default true). */
  autoMine?: boolean;
}

export class DevChain {
  chain: Chain;
  readonly client: TensoriumClient;
  private readonly authority: Keypair;
  private handlers: Handlers;
  private snapshots = new Map<string, MemoryStore>();
  private nextSnapshot = 1;
  private nextSub = 1;
  private subs = new Map<string, () => void>();
  private mining = false;

  constructor(
    readonly spec: ChainSpec,
    private readonly opts: { autoMine: boolean },
  ) {
    this.authority = keypairFromUri('//Alice');
    if (this.authority.address !== spec.authority)
      throw new Error('the dev chain signs with //Alice: the spec authority must be //Alice');
    this.chain = Chain.open(new MemoryStore(), tensoriumRuntime, spec);
    this.handlers = this.makeHandlers();
    this.forwardBlocks();
    this.client = new TensoriumClient(this.transport());
  }

  private makeHandlers(): Handlers {
    const h = allRpcHandlers(this.chain, { nodeVersion: 'tensorium-devchain/0.1.0', dev: true });
    h.dev_advanceBlocks = (n: number) => this.advanceBlocks(n);
    h.dev_snapshot = () => this.snapshot();
    h.dev_restore = (id: string) => this.restore(id);
    return h;
  }

  get head(): number {
    return this.chain.headNumber;
  }

  /** Produces `n` blocks now; returns the new head number. */
  advanceBlocks(n = 1): number {
    for (let i = 0; i < n; i++) this.produce();
    return this.chain.headNumber;
  }

  /**
   * Produces blocks until `n` more epochs of subnet `netuid` have run (of every subnet when omitted), jumping straight
   * to each subnet's next epoch block from its tempo and schedule (deferred epochs included); returns the new head.
   */
  advanceEpochs(n = 1, netuid?: number): number {
    const netuids =
      netuid === undefined ? (this.call('subnet_list', []) as SubnetSummaryJson[]).map((s) => s.netuid) : [netuid];
    if (netuids.length === 0) throw RpcError.of('NOT_FOUND', 'advanceEpochs: there is no subnet');
    const info = (k: number): SubnetInfoJson => {
      const i = this.call('subnet_info', [k]) as SubnetInfoJson | null;
      if (!i) throw RpcError.of('NOT_FOUND', `advanceEpochs: no subnet ${k}`);
      if (i.nextEpochBlock === null)
        throw RpcError.of('INVALID_PARAMS', `advanceEpochs: subnet ${k} has tempo 0 (no epochs)`);
      return i;
    };
    const target = new Map(netuids.map((k) => [k, info(k).epochIndex + n] as const));
    for (;;) {
      let next = Number.POSITIVE_INFINITY;
      for (const [k, t] of target) {
        const i = info(k);
        if (i.epochIndex < t) next = Math.min(next, i.nextEpochBlock!);
      }
      if (next === Number.POSITIVE_INFINITY) return this.chain.headNumber;
      this.advanceBlocks(Math.max(1, next - this.chain.headNumber));
    }
  }

  produce(): ExecutedBlock {
    const ts = this.chain.head.header.timestamp + this.spec.blockTimeMs;
    return this.chain.produce(ts, (m) => sign(this.authority, m));
  }

  /** Snapshots the whole chain (state, blocks); returns an id for `restore`. */
  snapshot(): string {
    const id = `0x${(this.nextSnapshot++).toString(16)}`;
    this.snapshots.set(id, (this.chain.store as MemoryStore).snapshot());
    return id;
  }

  /** Returns to a snapshot (pending transactions are dropped); returns the head number. */
  restore(id: string): number {
    const s = this.snapshots.get(id);
    if (!s) throw RpcError.of('NOT_FOUND', `no snapshot ${id}`);
    this.chain = Chain.open(s.snapshot(), tensoriumRuntime, this.spec);
    this.handlers = this.makeHandlers();
    this.forwardBlocks();
    return this.chain.headNumber;
  }

  /** Listeners survive `restore` (which opens a new Chain): the DevChain fans blocks out itself. */
  private readonly blockListeners = new Set<(b: ExecutedBlock) => void>();
  private onBlock(l: (b: ExecutedBlock) => void): () => void {
    this.blockListeners.add(l);
    return () => this.blockListeners.delete(l);
  }

  private forwardBlocks(): void {
    this.chain.onBlock((b) => {
      for (const l of [...this.blockListeners]) l(b);
    });
  }

  private scheduleMine(): void {
    if (!this.opts.autoMine || this.mining) return;
    this.mining = true;
    queueMicrotask(() => {
      this.mining = false;
      if (this.chain.pool.size > 0) this.produce();
    });
  }

  /** Calls an RPC method in-process, exactly as a node would answer it. */
  call(method: string, params: unknown[]): unknown {
    const def = (METHODS as Record<string, MethodDef>)[method];
    if (def?.subscription) throw RpcError.of('METHOD_NOT_FOUND', `${method} is a subscription`);
    const p = validateParams(method, params);
    const h = (this.handlers as Record<string, ((...a: unknown[]) => unknown) | undefined>)[method];
    if (!h) throw RpcError.of('METHOD_NOT_FOUND', `method not found: ${method}`);
    try {
      const r = h(...p);
      if (method === 'author_submitExtrinsic') this.scheduleMine();
      return r;
    } catch (e) {
      if (e instanceof RpcError) throw e;
      throw RpcError.of('INTERNAL_ERROR', (e as Error).message);
    }
  }

  private transport(): Transport {
    return {
      request: async (method, params) => this.call(method, params),
      subscribe: async (method, params, _notification, _unsubscribe, onResult: NotificationHandler) => {
        const id = `dev-${this.nextSub++}`;
        if (method === 'chain_subscribeNewHeads') {
          const off = this.onBlock((b) => onResult(headerJson(b.block)));
          this.subs.set(id, off);
        } else if (method === 'author_submitAndWatchExtrinsic') {
          const hex = params[0] as string;
          let hash: string;
          try {
            hash = this.call('author_submitExtrinsic', [hex]) as string;
          } catch (e) {
            if (e instanceof RpcError && e.data?.reason) {
              const st: TxStatus = { status: 'invalid', error: e.message, reason: String(e.data.reason) };
              if (typeof e.data.error === 'string') st.dispatchError = e.data.error;
              queueMicrotask(() => onResult(st));
              return async () => {};
            }
            throw e;
          }
          queueMicrotask(() => onResult({ status: 'ready', hash }));
          const off = this.onBlock((b) => {
            const i = b.receipts.findIndex((r) => r.hash === hash);
            if (i < 0) {
              // Left out of the block and out of the pool: a feeless call that failed at block time.
              if (!this.chain.pool.has(hash)) {
                onResult({ status: 'dropped', hash, error: 'removed from the transaction pool (the call would fail)' });
                off();
              }
              return;
            }
            const r = b.receipts[i]!;
            const base = {
              hash,
              block: b.block.header.number,
              blockHash: b.hash,
              success: r.success,
              ...(r.error ? { error: r.error } : {}),
            };
            onResult({ status: 'inBlock', ...base });
            onResult({ status: 'finalized', ...base });
            off();
          });
          this.subs.set(id, off);
        } else throw RpcError.of('METHOD_NOT_FOUND', `${method} is not a subscription`);
        return async () => {
          this.subs.get(id)?.();
          this.subs.delete(id);
        };
      },
      close: async () => {},
    };
  }

  /** The authority's keypair (//Alice), handy in tests. */
  get alice(): Keypair {
    return this.authority;
  }

  /** Hex of the genesis hash. */
  get genesisHash(): string {
    return toHex(this.chain.genesisHash);
  }
}

/** Creates an in-process dev chain (awaits the crypto WebAssembly once). */
export async function createDevChain(opts: DevChainOptions = {}): Promise<DevChain> {
  await cryptoReady();
  const preset = opts.preset ?? 'dev';
  // A dev chain starts new subnets at creation (subnet_auto_start) unless the caller's params say otherwise.
  const params = { ...(preset === 'dev' ? { subnet_auto_start: true } : {}), ...(opts.spec?.params ?? {}) };
  const spec = presetSpec(preset, { ...(opts.spec ?? {}), params });
  return new DevChain(spec, { autoMine: opts.autoMine ?? true });
}

export { InvalidTransaction };

/**
 * The node: opens the store (SQLite in a data directory, else memory), opens the chain on it (writing genesis
 * from the chain spec, or resuming at the last committed block), serves JSON-RPC over HTTP and WebSocket, and
 * either produces blocks with the authority key on a timer or follows an authority over WebSocket.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cryptoReady, type Keypair, sign, TensoriumError, toHex } from '@tensorium/primitives';
import { RpcError } from '@tensorium/rpc';
import {
  allRpcHandlers,
  Chain,
  type ChainSpec,
  type ChainStore,
  type ExecutedBlock,
  type Handlers,
  ImportError,
  MemoryStore,
  type Runtime,
  tensoriumRuntime,
} from '@tensorium/runtime';
import { Follower, type FollowerOptions } from './follower/follower.js';
import { type Logger, silentLogger } from './logger.js';
import { RpcApi } from './rpc/rpcApi.js';
import { RpcServer } from './rpc/rpcServer.js';
import { SqliteStore } from './store/sqliteStore.js';

export const NODE_VERSION = '0.1.0';
export const DEFAULT_RPC_PORT = 9944;
/** File name of the chain database inside the data directory. */
export const DB_FILE = 'chain.sqlite';

export interface NodeOptions {
  spec: ChainSpec;
  runtime?: Runtime;
  /** Directory for the SQLite database; memory when absent. */
  dataDir?: string;
  rpcHost?: string;
  /** 0 picks a free port. Default 9944. */
  rpcPort?: number;
  /** Time between blocks; default the spec's blockTimeMs. */
  blockTimeMs?: number;
  /** false: no timer, blocks only through dev_advanceBlocks (tests). */
  autoProduce?: boolean;
  /** The authority's key (must match spec.authority) when producing. */
  authority?: Keypair;
  /** ws:// URL of an authority: run as a follower. */
  follow?: string;
  followerOptions?: FollowerOptions;
  /** Enables dev_* RPC methods (ignored on a follower). */
  dev?: boolean;
  log?: Logger;
  maxBodyBytes?: number;
  synchronous?: 'full' | 'normal';
}

export class Node {
  private chainRef!: Chain;
  private handlerSet!: Handlers;
  private store!: ChainStore;
  private server: RpcServer | undefined;
  private api!: RpcApi;
  private follower: Follower | undefined;
  private timer: NodeJS.Timeout | undefined;
  private nextAt = 0;
  private stopped = false;
  private unlisten: (() => void) | undefined;
  private readonly snapshots = new Map<string, MemoryStore>();
  private readonly log: Logger;
  readonly blockTimeMs: number;
  /** http://host:port once started. */
  url = '';

  constructor(readonly opts: NodeOptions) {
    this.log = opts.log ?? silentLogger;
    this.blockTimeMs = opts.blockTimeMs ?? opts.spec.blockTimeMs;
    if (!Number.isSafeInteger(this.blockTimeMs) || this.blockTimeMs < 1)
      throw new TensoriumError(
        'TNS_NODE_CONFIG',
        `block time must be a positive number of ms, got ${this.blockTimeMs}`,
      );
  }

  get chain(): Chain {
    return this.chainRef;
  }

  get isFollower(): boolean {
    return this.opts.follow !== undefined;
  }

  get isDev(): boolean {
    return (this.opts.dev ?? false) && !this.isFollower;
  }

  /** Opens the chain, starts the RPC server and block production or following. Resolves once listening. */
  async start(): Promise<void> {
    await cryptoReady();
    const o = this.opts;
    if (!o.follow && !o.authority)
      throw new TensoriumError('TNS_NODE_CONFIG', 'an authority node needs the authority key (or use --follow)');
    if (!o.follow && o.authority!.address !== o.spec.authority) {
      throw new TensoriumError(
        'TNS_NODE_AUTHORITY',
        `the authority key ${o.authority!.address} is not the chain's authority ${o.spec.authority}`,
      );
    }
    if (o.dataDir) {
      mkdirSync(o.dataDir, { recursive: true });
      this.store = new SqliteStore(join(o.dataDir, DB_FILE), { synchronous: o.synchronous });
    } else this.store = new MemoryStore();
    try {
      this.attach(Chain.open(this.store, o.runtime ?? tensoriumRuntime, o.spec));
    } catch (e) {
      this.store.close?.();
      if (e instanceof ImportError) throw new TensoriumError('TNS_NODE_SPEC_MISMATCH', `${o.dataDir}: ${e.message}`);
      throw e;
    }
    this.api = new RpcApi({
      chain: () => this.chainRef,
      handlers: () => this.handlerSet,
      dev: this.isDev,
      health: () => this.health(),
      advanceBlocks: (n) => this.advanceBlocks(n),
      snapshot: () => this.snapshot(),
      restore: (id) => this.restore(id),
      ...(o.follow ? { forward: (m: string, p: unknown[]) => this.follower!.forward(m, p) } : {}),
    });
    this.server = new RpcServer({
      host: o.rpcHost ?? '127.0.0.1',
      port: o.rpcPort ?? DEFAULT_RPC_PORT,
      dispatch: this.api.dispatch,
      health: () => {
        const h = this.health();
        return {
          status: h.refused ? 503 : 200,
          body: { status: h.refused ? 'refusing' : h.isSyncing ? 'syncing' : 'ok', ...h },
        };
      },
      maxBodyBytes: o.maxBodyBytes,
      onInternal: (e) => this.log.warn(`rpc internal error: ${(e as Error)?.stack ?? String(e)}`),
    });
    try {
      const addr = await this.server.listen();
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      this.url = `http://${host}:${addr.port}`;
    } catch (e) {
      this.store.close?.();
      throw new TensoriumError(
        'TNS_NODE_LISTEN',
        `cannot listen on ${o.rpcHost ?? '127.0.0.1'}:${o.rpcPort ?? DEFAULT_RPC_PORT}: ${(e as Error).message}`,
        { cause: e },
      );
    }
    const c = this.chainRef;
    this.log.info(
      `${c.spec.name} (${c.spec.id}) genesis ${toHex(c.genesisHash).slice(0, 18)}… head #${c.headNumber}${o.dataDir ? ` in ${o.dataDir}` : ' (in memory)'}`,
    );
    if (o.follow) {
      this.follower = new Follower(() => this.chainRef, o.follow, this.log, o.followerOptions);
      this.follower.start();
    } else if (o.autoProduce !== false) {
      // The first block comes quickly (at most 100 ms after the RPC server listens), then one every block time.
      this.nextAt = Date.now() + Math.min(this.blockTimeMs, 100);
      this.schedule();
    }
  }

  /** ws://host:port once started. */
  get wsUrl(): string {
    return this.url.replace(/^http/, 'ws');
  }

  private attach(chain: Chain): void {
    this.unlisten?.();
    this.chainRef = chain;
    this.handlerSet = allRpcHandlers(chain, {
      nodeVersion: `tensorium-node/${NODE_VERSION}`,
      dev: this.isDev,
      isSyncing: () => this.follower?.status().syncing ?? false,
      peers: () => (this.follower?.status().connected ? 1 : 0),
    });
    this.unlisten = chain.onBlock((b) => {
      try {
        this.api?.onBlock(b);
      } catch (e) {
        this.log.warn(`notification error: ${(e as Error).message}`);
      }
    });
  }

  health(): {
    peers: number;
    isSyncing: boolean;
    shouldHavePeers: boolean;
    best: number;
    role: 'authority' | 'follower';
    refused?: { block: number; reason: string; message: string };
  } {
    const best = this.chainRef.headNumber;
    if (!this.follower) return { peers: 0, isSyncing: false, shouldHavePeers: false, best, role: 'authority' };
    const s = this.follower.status();
    return {
      peers: s.connected ? 1 : 0,
      isSyncing: s.syncing,
      shouldHavePeers: true,
      best,
      role: 'follower',
      ...(s.refused ? { refused: s.refused } : {}),
    };
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        if (this.stopped) return;
        this.produceBlock();
        const now = Date.now();
        this.nextAt += this.blockTimeMs;
        // Fell behind (a slow block or a paused process): continue from now rather than producing a burst.
        if (this.nextAt < now) this.nextAt = now;
        this.schedule();
      },
      Math.max(0, this.nextAt - Date.now()),
    );
  }

  /** Produces one block now with the authority key. */
  produceBlock(): ExecutedBlock | undefined {
    const key = this.opts.authority!;
    const t0 = performance.now();
    try {
      const b = this.chainRef.produce(Date.now(), (m) => sign(key, m));
      const n = b.block.txs.length;
      this.log.info(
        `block #${b.block.header.number} ${b.hash.slice(0, 10)}… ${n} tx${n === 1 ? '' : 's'} ${(performance.now() - t0).toFixed(1)} ms`,
      );
      return b;
    } catch (e) {
      this.log.warn(`block production failed: ${(e as Error)?.stack ?? String(e)}`);
      return undefined;
    }
  }

  private advanceBlocks(n: number): number {
    if (this.isFollower) throw RpcError.of('METHOD_NOT_FOUND', 'dev_advanceBlocks is not available on a follower');
    for (let i = 0; i < n; i++)
      if (!this.produceBlock()) throw RpcError.of('INTERNAL_ERROR', 'block production failed (see the node log)');
    return this.chainRef.headNumber;
  }

  private snapshot(): string {
    const s = this.chainRef.store;
    if (!(s instanceof MemoryStore)) {
      throw RpcError.of(
        'METHOD_NOT_FOUND',
        'dev_snapshot is not available on a node with a data directory (SQLite); run the dev node without --data',
      );
    }
    const id = `0x${(this.snapshots.size + 1).toString(16)}`;
    this.snapshots.set(id, s.snapshot());
    return id;
  }

  private restore(id: string): number {
    if (!(this.chainRef.store instanceof MemoryStore)) {
      throw RpcError.of(
        'METHOD_NOT_FOUND',
        'dev_restore is not available on a node with a data directory (SQLite); run the dev node without --data',
      );
    }
    const snap = this.snapshots.get(id);
    if (!snap) throw RpcError.of('NOT_FOUND', `no snapshot ${id}`);
    this.attach(Chain.open(snap.snapshot(), this.chainRef.runtime, this.chainRef.spec));
    this.api.dropAllWatches('the chain was restored to a snapshot');
    return this.chainRef.headNumber;
  }

  /** Stops production or following, closes every connection and the store. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.follower?.stop();
    await this.server?.close();
    this.unlisten?.();
    this.store?.close?.();
  }
}

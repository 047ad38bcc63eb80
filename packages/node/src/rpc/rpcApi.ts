/**
 * What each JSON-RPC method does on a node: plain methods go to the runtime's shared handlers (the same ones the
 * SDK's in-process dev chain uses); this adds the WebSocket subscriptions declared in METHODS, the dev_* methods,
 * system_health with the node's sync state, and forwarding of submissions on a follower.
 *
 * Subscriptions:
 * - `chain_subscribeNewHeads`: the current head right after the subscription id, then every new head.
 * - `author_submitAndWatchExtrinsic`: a transaction rejected at submission gets the same INVALID_TRANSACTION error
 *   (with `data.reason`) as `author_submitExtrinsic`, and no subscription. An accepted one notifies `ready`, then
 *   `inBlock` and `finalized` (one authority: final as soon as it is in a block) and the subscription ends; if it
 *   leaves the pool without being included it notifies `invalid` (with the reason found by re-checking it) or
 *   `dropped`.
 */
import { fromHex } from '@tensorium/primitives';
import { METHODS, type MethodDef, type NotificationSchema, RpcError, type TxStatus } from '@tensorium/rpc';
import {
  type Chain,
  checkTx,
  decodeTx,
  type ExecutedBlock,
  type Handlers,
  headerJson,
  InvalidTransaction,
  type SignedTx,
  validateParams,
} from '@tensorium/runtime';
import type { After, RpcRequest } from './jsonRpc.js';
import type { ServerDispatch, WsConnection } from './rpcServer.js';

/** What the API needs from the node. */
export interface ApiHost {
  chain(): Chain;
  handlers(): Handlers;
  /** dev_* methods enabled. */
  readonly dev: boolean;
  health(): Record<string, unknown>;
  advanceBlocks(n: number): number;
  snapshot(): string;
  restore(id: string): number;
  /** On a follower: sends a call to the authority. */
  forward?: (method: string, params: unknown[]) => Promise<unknown>;
}

interface Watch {
  readonly conn: WsConnection;
  readonly id: string;
  readonly tx: SignedTx;
}

const UNSUBSCRIBE = new Set(['chain_unsubscribeNewHeads', 'author_unwatchExtrinsic']);
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 1024;
export const MAX_ADVANCE_BLOCKS = 10_000;

export class RpcApi {
  private readonly heads = new Map<string, WsConnection>();
  private readonly watches = new Map<string, Watch[]>();
  private readonly watchIds = new Map<string, string>(); // subscription id → tx hash

  constructor(private readonly host: ApiHost) {}

  /** The dispatch function for RpcServer. */
  readonly dispatch: ServerDispatch = (req, conn, after) => this.call(req, conn, after);

  private async call(req: RpcRequest, conn: WsConnection | undefined, after: After): Promise<unknown> {
    const def = (METHODS as Record<string, MethodDef>)[req.method];
    if (!def) throw RpcError.of('METHOD_NOT_FOUND', `method not found: ${req.method}`);
    if (def.dev && !this.host.dev)
      throw RpcError.of(
        'METHOD_NOT_FOUND',
        `${req.method} is only available on a dev chain (start the node with --dev)`,
      );
    const params = validateParams(req.method, req.params);
    if ((def.subscription || UNSUBSCRIBE.has(req.method)) && !conn) {
      throw RpcError.of('METHOD_NOT_FOUND', `${req.method} is only available over WebSocket (ws://…)`);
    }
    const m = req.method;
    switch (m) {
      case 'system_health':
        return this.host.health();
      case 'chain_subscribeNewHeads':
        return this.subscribeHeads(conn!, after);
      case 'chain_unsubscribeNewHeads': {
        const id = params[0] as string;
        return this.heads.get(id) === conn ? conn!.unsubscribe(id) : false;
      }
      case 'author_submitAndWatchExtrinsic':
        return this.submitAndWatch(params[0] as string, conn!, after);
      case 'author_unwatchExtrinsic': {
        const id = params[0] as string;
        const hash = this.watchIds.get(id);
        return hash !== undefined && this.watches.get(hash)?.some((w) => w.conn === conn && w.id === id)
          ? conn!.unsubscribe(id)
          : false;
      }
      case 'author_submitExtrinsic':
        if (this.host.forward) {
          this.decode(params[0] as string);
          return this.host.forward(m, params);
        }
        break;
      case 'dev_advanceBlocks': {
        const n = params[0] as number;
        if (n > MAX_ADVANCE_BLOCKS)
          throw RpcError.of('INVALID_PARAMS', `dev_advanceBlocks: n must be at most ${MAX_ADVANCE_BLOCKS}`);
        return this.host.advanceBlocks(n);
      }
      case 'dev_snapshot':
        return this.host.snapshot();
      case 'dev_restore':
        return this.host.restore(params[0] as string);
    }
    const h = (this.host.handlers() as Record<string, ((...a: unknown[]) => unknown) | undefined>)[m];
    if (!h) throw RpcError.of('METHOD_NOT_FOUND', `${m} is not served by this node`);
    return h(...params);
  }

  private checkLimit(conn: WsConnection): void {
    if (conn.subscriptions.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
      throw RpcError.of('RATE_LIMITED', `at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection`);
    }
  }

  private subscribeHeads(conn: WsConnection, after: After): string {
    this.checkLimit(conn);
    const id = conn.subscribe(() => this.heads.delete(id));
    this.heads.set(id, conn);
    after(() => {
      const chain = this.host.chain();
      if (this.heads.has(id)) conn.notify('chain_newHead', id, headerJson(chain.head));
    });
    return id;
  }

  private decode(hex: string): SignedTx {
    try {
      return decodeTx(fromHex(hex));
    } catch (e) {
      if (e instanceof InvalidTransaction) throw RpcError.of('INVALID_TRANSACTION', e.message, { reason: e.reason });
      throw e;
    }
  }

  private async submitAndWatch(hex: string, conn: WsConnection, after: After): Promise<string> {
    this.checkLimit(conn);
    let tx: SignedTx;
    if (this.host.forward) {
      tx = this.decode(hex);
      await this.host.forward('author_submitExtrinsic', [hex]);
    } else {
      try {
        tx = this.host.chain().submit(fromHex(hex));
      } catch (e) {
        if (e instanceof InvalidTransaction) throw RpcError.of('INVALID_TRANSACTION', e.message, { reason: e.reason });
        throw e;
      }
    }
    const id = conn.subscribe(() => this.unwatch(id));
    const list = this.watches.get(tx.hash) ?? [];
    list.push({ conn, id, tx });
    this.watches.set(tx.hash, list);
    this.watchIds.set(id, tx.hash);
    after(() => this.txUpdate({ conn, id, tx }, { status: 'ready', hash: tx.hash }, false));
    return id;
  }

  private unwatch(id: string): void {
    const hash = this.watchIds.get(id);
    if (hash === undefined) return;
    this.watchIds.delete(id);
    const list = this.watches.get(hash)?.filter((w) => w.id !== id) ?? [];
    if (list.length) this.watches.set(hash, list);
    else this.watches.delete(hash);
  }

  private txUpdate(w: Watch, status: NotificationSchema['author_extrinsicUpdate'], final: boolean): void {
    if (!this.watchIds.has(w.id)) return;
    w.conn.notify('author_extrinsicUpdate', w.id, status);
    if (final) w.conn.unsubscribe(w.id);
  }

  /** Called for every block the chain commits (produced or imported). */
  onBlock(b: ExecutedBlock): void {
    if (this.heads.size) {
      const header = headerJson(b.block);
      for (const [id, conn] of this.heads) conn.notify('chain_newHead', id, header);
    }
    if (this.watches.size === 0) return;
    const number = b.block.header.number;
    for (const r of b.receipts) {
      const list = this.watches.get(r.hash);
      if (!list) continue;
      const base = {
        hash: r.hash,
        block: number,
        blockHash: b.hash,
        success: r.success,
        ...(r.error ? { error: r.error } : {}),
      };
      for (const w of [...list]) {
        this.txUpdate(w, { status: 'inBlock', ...base }, false);
        this.txUpdate(w, { status: 'finalized', ...base }, true);
      }
    }
    this.checkLeftPool(number);
  }

  /** Watched transactions that left the pool without being included: invalid (with why) or dropped. */
  private checkLeftPool(head: number): void {
    const chain = this.host.chain();
    for (const [hash, list] of [...this.watches]) {
      const tx = list[0]!.tx;
      let status: TxStatus | undefined;
      if (this.host.forward) {
        // A follower has no pool: it gives up once the transaction's mortality window has passed.
        if (tx.payload.validUntil <= head)
          status = {
            status: 'dropped',
            hash,
            error: `not included by block #${tx.payload.validUntil} (its validUntil)`,
          };
      } else if (!chain.pool.has(hash)) {
        try {
          checkTx(chain.runtime, chain.readState(), tx, head + 1, chain.genesisHash, 'pool', true);
          status = { status: 'dropped', hash, error: 'removed from the transaction pool' };
        } catch (e) {
          if (!(e instanceof InvalidTransaction)) throw e;
          status = { status: 'invalid', hash, error: e.message, reason: e.reason };
        }
      }
      if (status) for (const w of [...list]) this.txUpdate(w, status, true);
    }
  }

  /** Ends every transaction watch with `dropped` (the chain was restored to a snapshot). */
  dropAllWatches(why: string): void {
    for (const [hash, list] of [...this.watches])
      for (const w of [...list]) this.txUpdate(w, { status: 'dropped', hash, error: why }, true);
  }
}

/**
 * The typed Tensorium client: one method per RPC method (typed from the shared definitions in @tensorium/rpc),
 * plus helpers to sign and submit calls and to wait for their inclusion.
 */
import { fromHex, type Keypair, toHex, type Value } from '@tensorium/primitives';
import {
  type ChainInfo,
  type HeaderJson,
  METHODS,
  type MethodName,
  RpcError,
  type RpcSchema,
  type TxStatus,
} from '@tensorium/rpc';
import { type Call, signTx } from '@tensorium/runtime';
import { ClientError, type Transport, transportFor } from './transport.js';

export interface SendOptions {
  /** Tip in RAO (raises priority in the pool). */
  tip?: bigint;
  /** Blocks from the head during which the transaction stays valid (default 256). */
  mortality?: number;
  /** Explicit nonce (default: the account nonce plus transactions of ours already in the pool are not counted). */
  nonce?: number;
  /** Wait for: 'submitted' (hash only) or 'inBlock' (default). */
  wait?: 'submitted' | 'inBlock';
  /** How long to wait for inclusion (ms, default 60 s). */
  timeoutMs?: number;
}

export interface TxOutcome {
  hash: string;
  block?: number;
  blockHash?: string;
  success?: boolean;
  /** `module.Error` if the call failed on chain (the fee was still charged). */
  error?: string;
  fee?: string;
}

export class TensoriumClient {
  private info: ChainInfo | undefined;

  constructor(readonly transport: Transport) {}

  /** Typed call of any method of the shared table. */
  request<M extends MethodName>(method: M, ...params: RpcSchema[M]['params']): Promise<RpcSchema[M]['result']> {
    return this.transport.request(method, params as unknown[]) as Promise<RpcSchema[M]['result']>;
  }

  async chainInfo(): Promise<ChainInfo> {
    this.info ??= await this.request('system_chainInfo');
    return this.info;
  }

  getAccount(address: string) {
    return this.request('state_getAccount', address);
  }

  async getBalance(address: string): Promise<bigint> {
    return BigInt((await this.getAccount(address)).free);
  }

  getHeader(at?: number | string) {
    return at === undefined ? this.request('chain_getHeader') : this.request('chain_getHeader', at);
  }

  getBlock(at?: number | string) {
    return at === undefined ? this.request('chain_getBlock') : this.request('chain_getBlock', at);
  }

  /** Follows new heads (WebSocket or dev chain); returns the unsubscribe function. */
  subscribeNewHeads(cb: (h: HeaderJson) => void): Promise<() => Promise<void>> {
    const s = METHODS.chain_subscribeNewHeads.subscription;
    return this.transport.subscribe('chain_subscribeNewHeads', [], s.notification, s.unsubscribe, (r) =>
      cb(r as HeaderJson),
    );
  }

  /** Builds and signs a transaction for `call` (hex bytes and hash), without submitting it. */
  async sign(
    pair: Keypair,
    call: { module: string; fn: string; args: Record<string, Value> },
    opts: SendOptions = {},
  ): Promise<{ hex: string; hash: string }> {
    const [info, account, head] = await Promise.all([
      this.chainInfo(),
      this.getAccount(pair.address),
      this.getHeader(),
    ]);
    const tx = signTx(
      {
        chain: fromHex(info.genesisHash),
        signer: pair.address,
        nonce: opts.nonce ?? account.nonce,
        validUntil: (head?.number ?? 0) + (opts.mortality ?? 256),
        tip: opts.tip ?? 0n,
        call: call as Call,
      },
      pair,
    );
    return { hex: toHex(tx.bytes), hash: tx.hash };
  }

  /**
   * Signs, submits and (by default) waits until the transaction is in a block; resolves with its outcome.
   * Rejected transactions throw RpcError with `data.reason`.
   */
  async send(
    pair: Keypair,
    call: { module: string; fn: string; args: Record<string, Value> },
    opts: SendOptions = {},
  ): Promise<TxOutcome> {
    const { hex } = await this.sign(pair, call, opts);
    return this.submit(hex, opts);
  }

  async submit(hex: string, opts: SendOptions = {}): Promise<TxOutcome> {
    if ((opts.wait ?? 'inBlock') === 'submitted') return { hash: await this.request('author_submitExtrinsic', hex) };
    const timeoutMs = opts.timeoutMs ?? 60_000;
    try {
      return await this.watch(hex, timeoutMs);
    } catch (e) {
      if (!(e instanceof ClientError && e.code === 'TNS_CLIENT_NO_SUBSCRIPTIONS')) throw e;
    }
    // HTTP: submit, then poll blocks for the hash (from the head before submitting: it may land at once).
    const start = await this.getHeader();
    const hash = await this.request('author_submitExtrinsic', hex);
    let next = (start?.number ?? 0) + 1;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const head = await this.getHeader();
      while (head && next <= head.number) {
        const b = await this.getBlock(next);
        const x = b?.extrinsics.find((e) => e.hash === hash);
        if (b && x) {
          const out: TxOutcome = {
            hash,
            block: b.header.number,
            blockHash: b.header.hash,
            success: x.success,
            fee: x.fee,
          };
          if (x.error) out.error = x.error;
          return out;
        }
        next++;
      }
      const pending = await this.request('author_pendingExtrinsics');
      if (!pending.includes(hash)) {
        // It may have landed between our polls: look once more below, else it was dropped.
        const h2 = await this.getHeader();
        if (h2 && next > h2.number)
          throw new ClientError('TNS_CLIENT_DROPPED', `transaction ${hash} was dropped from the pool`);
        continue;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new ClientError('TNS_CLIENT_TIMEOUT', `transaction ${hash} not included within ${timeoutMs} ms`);
  }

  private watch(hex: string, timeoutMs: number): Promise<TxOutcome> {
    const s = METHODS.author_submitAndWatchExtrinsic.subscription;
    return new Promise<TxOutcome>((resolve, reject) => {
      let unsub: (() => Promise<void>) | undefined;
      let done = false;
      const finish = (f: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        f();
        void unsub?.();
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new ClientError('TNS_CLIENT_TIMEOUT', `transaction not included within ${timeoutMs} ms`)),
          ),
        timeoutMs,
      );
      this.transport
        .subscribe('author_submitAndWatchExtrinsic', [hex], s.notification, s.unsubscribe, (r) => {
          const st = r as TxStatus;
          if (st.status === 'inBlock' || st.status === 'finalized') {
            const out: TxOutcome = { hash: st.hash, block: st.block, blockHash: st.blockHash, success: st.success };
            if (st.error) out.error = st.error;
            finish(() => resolve(out));
          } else if (st.status === 'invalid') {
            const data = st.dispatchError ? { reason: st.reason, error: st.dispatchError } : { reason: st.reason };
            finish(() => reject(RpcError.of('INVALID_TRANSACTION', st.error, data)));
          } else if (st.status === 'dropped') finish(() => reject(new ClientError('TNS_CLIENT_DROPPED', st.error)));
        })
        .then(
          (u) => {
            unsub = u;
            if (done) void u();
          },
          (e) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            reject(e);
          },
        );
    });
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}

/** A client for a node URL (http:// or ws://). */
export function createClient(url: string): TensoriumClient {
  return new TensoriumClient(transportFor(url));
}

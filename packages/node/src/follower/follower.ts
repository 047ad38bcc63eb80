/**
 * Follower sync: keeps a local chain in step with an authority node over its WebSocket RPC. It subscribes to new
 * heads, fetches every missing block with `chain_getRawBlock` and imports it with `Chain.import`, which
 * re-executes the transactions and checks the author's signature, the transaction root and the state root. A block
 * that does not match is refused (nothing is written), reported in the log and in `status().refused`, and fetched
 * again only after a reconnect with backoff. Lost connections are retried with exponential backoff.
 */
import { fromHex, toHex } from '@tensorium/primitives';
import { RpcError } from '@tensorium/rpc';
import { type Chain, ImportError } from '@tensorium/runtime';
import type { Logger } from '../logger.js';
import { UpstreamClient } from './upstreamClient.js';

export interface Refusal {
  block: number;
  reason: string;
  message: string;
}

export interface FollowerStatus {
  connected: boolean;
  /** Highest head number the authority announced. */
  target: number;
  syncing: boolean;
  refused: Refusal | undefined;
}

export interface FollowerOptions {
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /** Blocks requested ahead of the one being imported. */
  window?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const yieldLoop = () => new Promise<void>((r) => setImmediate(r));

export class Follower {
  private client: UpstreamClient | undefined;
  private target = 0;
  private refused: Refusal | undefined;
  private running = false;
  private wake: (() => void) | undefined;
  private backoff: number;
  private readonly minBackoff: number;
  private readonly maxBackoff: number;
  private readonly window: number;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly chain: () => Chain,
    readonly url: string,
    private readonly log: Logger,
    opts: FollowerOptions = {},
  ) {
    this.minBackoff = opts.backoffMinMs ?? 250;
    this.maxBackoff = opts.backoffMaxMs ?? 10_000;
    this.window = opts.window ?? 8;
    this.backoff = this.minBackoff;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.client?.close();
    this.wake?.();
    await this.loop;
  }

  status(): FollowerStatus {
    const connected = this.client?.isOpen ?? false;
    return {
      connected,
      target: this.target,
      syncing: !connected || this.chain().headNumber < this.target,
      refused: this.refused,
    };
  }

  /** Forwards a call (e.g. author_submitExtrinsic) to the authority. */
  forward(method: string, params: unknown[]): Promise<unknown> {
    const c = this.client;
    if (!c?.isOpen)
      return Promise.reject(
        RpcError.of('INTERNAL_ERROR', `not connected to the authority at ${this.url}; try again later`),
      );
    return c.call(method, params);
  }

  private async run(): Promise<void> {
    while (this.running) {
      const ok = await this.session();
      if (!this.running) break;
      if (ok) this.backoff = this.minBackoff;
      await this.pause(this.backoff);
      this.backoff = Math.min(this.backoff * 2, this.maxBackoff);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  /** One connection's life. Returns true if it synced at least one block (so the backoff resets). */
  private async session(): Promise<boolean> {
    const client = new UpstreamClient(this.url);
    this.client = client;
    let progressed = false;
    let closed = false;
    client.onClose((why) => {
      closed = true;
      if (this.running) this.log.warn(`follower: lost the authority at ${this.url}: ${why}`);
      this.wake?.();
    });
    try {
      await client.connect();
      const genesis = (await client.call('chain_getBlockHash', [0])) as string | null;
      const ours = toHex(this.chain().genesisHash);
      if (genesis !== ours) {
        this.refuse({
          block: 0,
          reason: 'GenesisMismatch',
          message: `the authority's genesis ${genesis} differs from ours ${ours}: start the follower with the same chain spec`,
        });
        client.close();
        return false;
      }
      this.log.info(`follower: connected to ${this.url} (head #${this.chain().headNumber})`);
      await client.subscribe('chain_subscribeNewHeads', [], (h) => {
        const n = (h as { number?: unknown })?.number;
        if (typeof n === 'number' && n > this.target) this.target = n;
        this.wake?.();
      });
      const head = (await client.call('chain_getHeader', [])) as { number: number } | null;
      if (head && head.number > this.target) this.target = head.number;
      while (this.running && !closed) {
        if (this.chain().headNumber < this.target) {
          const r = await this.syncTo(client);
          if (r === 'refused') {
            client.close();
            return progressed;
          }
          progressed ||= r === 'progressed';
        } else {
          await this.pause(60_000);
        }
      }
    } catch (e) {
      if (this.running && !closed) this.log.warn(`follower: ${this.url}: ${(e as Error).message}`);
    } finally {
      client.close();
    }
    return progressed;
  }

  /** Fetches and imports blocks until our head reaches the target. */
  private async syncTo(client: UpstreamClient): Promise<'progressed' | 'refused' | 'none'> {
    let progressed = false;
    while (this.running && client.isOpen && this.chain().headNumber < this.target) {
      const from = this.chain().headNumber + 1;
      const to = Math.min(this.target, from + this.window - 1);
      const fetches: Promise<unknown>[] = [];
      for (let n = from; n <= to; n++) {
        const p = client.call('chain_getRawBlock', [n]);
        p.catch(() => {}); // awaited below in order; a lost connection must not leave an unhandled rejection
        fetches.push(p);
      }
      for (let n = from; n <= to; n++) {
        const raw = (await fetches[n - from]) as string | null;
        if (raw === null) return progressed ? 'progressed' : 'none';
        const t0 = performance.now();
        try {
          const b = this.chain().import(fromHex(raw));
          this.refused = undefined;
          progressed = true;
          const ms = (performance.now() - t0).toFixed(1);
          this.log.info(
            `imported #${b.block.header.number} ${b.hash.slice(0, 10)}… ${b.block.txs.length} tx${b.block.txs.length === 1 ? '' : 's'} ${ms} ms`,
          );
        } catch (e) {
          if (e instanceof ImportError) {
            this.refuse({ block: n, reason: e.reason, message: e.message });
            return 'refused';
          }
          throw e;
        }
        await yieldLoop();
      }
    }
    return progressed ? 'progressed' : 'none';
  }

  private refuse(r: Refusal): void {
    this.refused = r;
    this.log.warn(`follower: REFUSED block #${r.block} from ${this.url}: ${r.reason}: ${r.message}`);
  }

  /** Waits (for tests) until the local head reaches `n` or the timeout passes. */
  async waitForHead(n: number, timeoutMs = 10_000): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (this.chain().headNumber >= n) return true;
      await sleep(20);
    }
    return this.chain().headNumber >= n;
  }
}

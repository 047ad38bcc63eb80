/**
 * A minimal JSON-RPC client over one WebSocket, for a follower talking to its authority: calls with ids and
 * timeouts, and subscription notifications by subscription id. It does not reconnect; the follower does.
 */
import { RpcError } from '@tensorium/rpc';
import WebSocket from 'ws';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class UpstreamClient {
  private ws: WebSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly subs = new Map<string, (result: unknown) => void>();
  /** Notifications that arrived before their subscription id was known to us. */
  private readonly early = new Map<string, unknown[]>();
  private closedCb: ((reason: string) => void) | undefined;

  constructor(
    readonly url: string,
    private readonly timeoutMs = 15_000,
  ) {}

  /** Opens the socket; rejects if it cannot connect within the timeout. */
  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url, { maxPayload: 64 * 1024 * 1024, handshakeTimeout: this.timeoutMs });
      this.ws = ws;
      let opened = false;
      ws.on('open', () => {
        opened = true;
        resolve();
      });
      ws.on('message', (data) => this.onMessage(data.toString()));
      ws.on('error', (e) => {
        if (!opened) reject(e);
      });
      ws.on('close', (code, reason) => {
        const why = `connection closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`;
        for (const p of this.pending.values()) {
          clearTimeout(p.timer);
          p.reject(new Error(why));
        }
        this.pending.clear();
        this.subs.clear();
        if (!opened) reject(new Error(why));
        else this.closedCb?.(why);
      });
    });
  }

  onClose(cb: (reason: string) => void): void {
    this.closedCb = cb;
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  call(method: string, params: unknown[] = []): Promise<unknown> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('not connected'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} timed out after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** Calls a subscribe method and routes its notifications to `cb`. */
  async subscribe(method: string, params: unknown[], cb: (result: unknown) => void): Promise<string> {
    const id = (await this.call(method, params)) as string;
    this.subs.set(id, cb);
    const queued = this.early.get(id);
    this.early.delete(id);
    for (const r of queued ?? []) cb(r);
    return id;
  }

  private onMessage(text: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    if (typeof msg.id === 'number' && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id)!;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      const err = msg.error as { code: number; message: string; data?: { code: string } } | undefined;
      if (err) p.reject(new RpcError(err.code, err.message, err.data));
      else p.resolve(msg.result);
      return;
    }
    const params = msg.params as { subscription?: string; result?: unknown } | undefined;
    if (typeof msg.method === 'string' && params && typeof params.subscription === 'string') {
      const cb = this.subs.get(params.subscription);
      if (cb) cb(params.result);
      else {
        const q = this.early.get(params.subscription) ?? [];
        if (q.length < 64) q.push(params.result);
        this.early.set(params.subscription, q);
      }
    }
  }

  close(): void {
    this.ws?.terminate();
    this.ws = undefined;
  }
}

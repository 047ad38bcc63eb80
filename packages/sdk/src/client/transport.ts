/**
 * Transports for the JSON-RPC client: HTTP (fetch), WebSocket (with subscriptions), and in-process (the dev
 * chain). One interface, so that everything above works the same against a remote node or a dev chain.
 */

import { TensoriumError } from '@tensorium/primitives';
import { RpcError, type RpcErrorObject } from '@tensorium/rpc';

export type NotificationHandler = (result: unknown) => void;

export interface Transport {
  request(method: string, params: unknown[]): Promise<unknown>;
  /**
   * Calls a subscribing method and routes its notifications to `onResult` until the returned function is
   * called. Transports without subscriptions throw `TNS_CLIENT_NO_SUBSCRIPTIONS`.
   */
  subscribe(
    method: string,
    params: unknown[],
    notification: string,
    unsubscribe: string,
    onResult: NotificationHandler,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export class ClientError extends TensoriumError {
  override readonly name = 'ClientError';
}

function rpcErrorFrom(e: RpcErrorObject): RpcError {
  return new RpcError(e.code, e.message, e.data);
}

let nextId = 1;

export class HttpTransport implements Transport {
  constructor(
    readonly url: string,
    readonly timeoutMs = 30_000,
  ) {}

  async request(method: string, params: unknown[]): Promise<unknown> {
    const id = nextId++;
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new ClientError(
        'TNS_CLIENT_CONNECT',
        `cannot reach the node at ${this.url} (${(e as Error).message}); is it running? (tensorium node --dev)`,
        { cause: e },
      );
    }
    const text = await res.text();
    let body: { result?: unknown; error?: RpcErrorObject };
    try {
      body = JSON.parse(text);
    } catch {
      throw new ClientError('TNS_CLIENT_PROTOCOL', `the node answered HTTP ${res.status} with a non-JSON body`);
    }
    if (body.error) throw rpcErrorFrom(body.error);
    return body.result;
  }

  subscribe(): Promise<() => Promise<void>> {
    return Promise.reject(
      new ClientError('TNS_CLIENT_NO_SUBSCRIPTIONS', 'subscriptions need a WebSocket URL (ws://…)'),
    );
  }

  async close(): Promise<void> {}
}

interface WsLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
type WsCtor = new (url: string) => WsLike;

async function wsConstructor(): Promise<WsCtor> {
  const g = (globalThis as { WebSocket?: WsCtor }).WebSocket;
  if (g) return g;
  const mod = (await import('ws')) as unknown as { WebSocket: WsCtor };
  return mod.WebSocket;
}

export class WsTransport implements Transport {
  private ws: WsLike | undefined;
  private opening: Promise<WsLike> | undefined;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private subs = new Map<string, NotificationHandler>();
  /** Notifications that arrived before their subscription id was known. */
  private early = new Map<string, unknown[]>();
  private closed = false;

  constructor(
    readonly url: string,
    readonly timeoutMs = 30_000,
  ) {}

  private open(): Promise<WsLike> {
    if (this.ws && this.ws.readyState === 1) return Promise.resolve(this.ws);
    this.opening ??= wsConstructor().then(
      (Ctor) =>
        new Promise<WsLike>((resolve, reject) => {
          const ws = new Ctor(this.url);
          ws.onopen = () => {
            this.ws = ws;
            resolve(ws);
          };
          ws.onerror = (ev) => {
            if (!this.ws)
              reject(
                new ClientError(
                  'TNS_CLIENT_CONNECT',
                  `cannot reach the node at ${this.url}; is it running? (tensorium node --dev)`,
                  { cause: ev },
                ),
              );
          };
          ws.onclose = () => {
            this.ws = undefined;
            this.opening = undefined;
            for (const p of this.pending.values()) p.reject(new ClientError('TNS_CLIENT_CLOSED', 'connection closed'));
            this.pending.clear();
          };
          ws.onmessage = (ev) => this.onMessage(String(ev.data));
        }),
    );
    return this.opening;
  }

  private onMessage(text: string): void {
    let msg: {
      id?: number;
      result?: unknown;
      error?: RpcErrorObject;
      method?: string;
      params?: { subscription: string; result: unknown };
    };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (msg.id !== undefined && msg.id !== null) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(rpcErrorFrom(msg.error));
      else p.resolve(msg.result);
    } else if (msg.params?.subscription) {
      const h = this.subs.get(msg.params.subscription);
      if (h) h(msg.params.result);
      else {
        const q = this.early.get(msg.params.subscription) ?? [];
        q.push(msg.params.result);
        this.early.set(msg.params.subscription, q);
      }
    }
  }

  async request(method: string, params: unknown[]): Promise<unknown> {
    if (this.closed) throw new ClientError('TNS_CLIENT_CLOSED', 'client closed');
    const ws = await this.open();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ClientError('TNS_CLIENT_TIMEOUT', `${method} timed out after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  async subscribe(
    method: string,
    params: unknown[],
    _notification: string,
    unsubscribe: string,
    onResult: NotificationHandler,
  ): Promise<() => Promise<void>> {
    const id = (await this.request(method, params)) as string;
    this.subs.set(id, onResult);
    const early = this.early.get(id);
    if (early) {
      this.early.delete(id);
      for (const r of early) onResult(r);
    }
    return async () => {
      this.subs.delete(id);
      if (this.ws && this.ws.readyState === 1) await this.request(unsubscribe, [id]).catch(() => false);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.ws?.close();
    this.ws = undefined;
  }
}

/** Picks a transport from a URL: http(s):// or ws(s)://. */
export function transportFor(url: string): Transport {
  if (/^wss?:\/\//.test(url)) return new WsTransport(url);
  if (/^https?:\/\//.test(url)) return new HttpTransport(url);
  throw new ClientError('TNS_CLIENT_URL', `not an RPC URL: "${url}" (expected http://, https://, ws:// or wss://)`);
}

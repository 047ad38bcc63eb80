/**
 * The RPC transport: JSON-RPC 2.0 over HTTP (`POST /`) and WebSocket on one port, plus `GET /health` for load
 * balancers. Method semantics live in the dispatch function given to it (see rpcApi.ts); this file only moves
 * bytes, enforces size limits and keeps WebSocket subscriptions tied to their connection.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RpcError } from '@tensorium/rpc';
import { type WebSocket, WebSocketServer } from 'ws';
import { type After, errorText, handleMessage, type RpcRequest, stringify } from './jsonRpc.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** One WebSocket client and the subscriptions it holds. */
export class WsConnection {
  /** Subscription id → its cleanup. */
  readonly subscriptions = new Map<string, () => void>();
  private closed = false;

  constructor(
    readonly ws: WebSocket,
    private readonly maxBuffered: number,
  ) {}

  get isOpen(): boolean {
    return !this.closed;
  }

  send(text: string): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    // A client that does not read its notifications is cut off rather than allowed to grow our memory.
    if (this.ws.bufferedAmount > this.maxBuffered) {
      this.ws.close(1008, 'client too slow');
      return;
    }
    this.ws.send(text);
  }

  /** Sends a subscription notification in the Substrate shape. */
  notify(method: string, subscription: string, result: unknown): void {
    this.send(stringify({ jsonrpc: '2.0', method, params: { subscription, result } }));
  }

  /** Registers a subscription and returns its new id. */
  subscribe(cleanup: () => void): string {
    const id = randomBytes(8).toString('hex');
    this.subscriptions.set(id, cleanup);
    return id;
  }

  unsubscribe(id: string): boolean {
    const c = this.subscriptions.get(id);
    if (!c) return false;
    this.subscriptions.delete(id);
    c();
    return true;
  }

  /** Called once when the socket closes: ends every subscription. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.subscriptions.values()) c();
    this.subscriptions.clear();
  }
}

export type ServerDispatch = (req: RpcRequest, conn: WsConnection | undefined, after: After) => unknown;

export interface RpcServerOptions {
  host: string;
  port: number;
  dispatch: ServerDispatch;
  /** `GET /health`: HTTP status and JSON body. */
  health: () => { status: number; body: unknown };
  /** Largest request body or WebSocket message accepted (default 1 MiB). */
  maxBodyBytes?: number;
  maxBatch?: number;
  /** Hears internal errors (bugs) so the node can log them. */
  onInternal?: (e: unknown) => void;
}

export class RpcServer {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  readonly connections = new Set<WsConnection>();
  private readonly maxBody: number;

  constructor(private readonly opts: RpcServerOptions) {
    this.maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.http = createServer((req, res) => this.onHttp(req, res));
    this.http.requestTimeout = 30_000;
    this.http.headersTimeout = 10_000;
    // Messages up to 4× the limit are read and answered with INVALID_REQUEST; larger ones close the socket (1009).
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.maxBody * 4 });
    this.http.on('upgrade', (req, socket, head) => {
      socket.on('error', () => {});
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onWs(ws));
    });
    this.http.on('clientError', (_e, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
  }

  /** Starts listening; resolves with the bound address. */
  listen(): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      this.http.once('error', onError);
      this.http.listen(this.opts.port, this.opts.host, () => {
        this.http.off('error', onError);
        resolve(this.http.address() as AddressInfo);
      });
    });
  }

  get address(): AddressInfo {
    return this.http.address() as AddressInfo;
  }

  private dispatchText(text: string, conn: WsConnection | undefined) {
    return handleMessage(
      text,
      (req, after) => this.opts.dispatch(req, conn, after),
      { maxBatch: this.opts.maxBatch },
      (e) => this.opts.onInternal?.(e),
    );
  }

  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('Access-Control-Allow-Origin', '*');
    const url = (req.url ?? '/').split('?')[0];
    if (req.method === 'OPTIONS') {
      res
        .writeHead(204, {
          'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
          'Access-Control-Allow-Headers': 'Content-Type',
        })
        .end();
      return;
    }
    if (req.method === 'GET' && url === '/health') {
      const h = this.opts.health();
      this.json(res, h.status, stringify(h.body));
      return;
    }
    if (req.method !== 'POST' || url !== '/') {
      req.resume();
      this.json(
        res,
        req.method === 'POST' || req.method === 'GET' ? 404 : 405,
        JSON.stringify({ error: 'POST JSON-RPC to / (or GET /health, or open a WebSocket)' }),
      );
      return;
    }
    const tooLarge = () => {
      res.setHeader('Connection', 'close');
      this.json(
        res,
        413,
        errorText(null, RpcError.of('INVALID_REQUEST', `request body exceeds ${this.maxBody} bytes`)),
      );
      req.resume();
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBody) {
      tooLarge();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > this.maxBody) {
        over = true;
        chunks.length = 0;
        tooLarge();
        return;
      }
      chunks.push(c);
    });
    req.on('error', () => {});
    req.on('end', () => {
      if (over) return;
      const text = Buffer.concat(chunks).toString('utf8');
      this.dispatchText(text, undefined).then(
        (reply) => {
          if (reply.text === undefined) res.writeHead(204).end();
          else this.json(res, 200, reply.text);
        },
        (e) => {
          this.opts.onInternal?.(e);
          this.json(res, 500, errorText(null, RpcError.of('INTERNAL_ERROR', 'internal error')));
        },
      );
    });
  }

  private json(res: ServerResponse, status: number, body: string): void {
    if (res.headersSent) return;
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  private onWs(ws: WebSocket): void {
    const conn = new WsConnection(ws, 16 * this.maxBody);
    this.connections.add(conn);
    ws.on('message', (data, isBinary) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      if (buf.length > this.maxBody) {
        conn.send(errorText(null, RpcError.of('INVALID_REQUEST', `message exceeds ${this.maxBody} bytes`)));
        return;
      }
      void isBinary;
      this.dispatchText(buf.toString('utf8'), conn).then(
        (reply) => {
          if (reply.text !== undefined) conn.send(reply.text);
          for (const fn of reply.after) fn();
        },
        (e) => this.opts.onInternal?.(e),
      );
    });
    ws.on('close', () => {
      conn.dispose();
      this.connections.delete(conn);
    });
    ws.on('error', () => {});
  }

  /** Closes every WebSocket and stops listening. */
  close(): Promise<void> {
    for (const c of this.connections) {
      c.dispose();
      c.ws.terminate();
    }
    this.connections.clear();
    this.wss.close();
    return new Promise((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }
}

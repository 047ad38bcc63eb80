/**
 * The axon: the HTTP server a miner runs (spec/neurons.md §2.1, §2.6–§2.10), on plain `node:http`.
 *
 * Per request: route → headers → blacklist (403) → verify nonce + signature (401) → priority and a
 * concurrency slot (408/503) → body size, parse and hash (413/400/500) → handler (its status, 500, 408).
 * Secure defaults that differ from the reference: unsigned requests are refused; unregistered callers
 * and callers without a validator permit get 403 unless the miner opts out (see `CallerPolicy`).
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Keypair } from '@tensorium/primitives';
import { z } from 'zod';
import { runCall } from './axonCall.js';
import { bareCallState, type CallState, MESSAGES, mustClose, sendError } from './axonResponse.js';
import type { CallerInfo, CallerPolicy } from './callerPolicy.js';
import { type NsClock, systemClockNs } from './clock.js';
import { NeuronConfigError } from './errors.js';
import { parseSynapseHeaders } from './headers.js';
import { type NeuronLogger, silentLogger } from './logger.js';
import { NonceStore, type NonceStoreOptions } from './nonceStore.js';
import { PriorityGate } from './priorityGate.js';
import { type Signer, toSigner } from './signature.js';
import {
  type AnySynapse,
  defineSynapse,
  type ParsedRequestOf,
  type ResponseInputOf,
  type StreamingSynapseDefinition,
} from './synapse.js';
import type { TerminalInfo } from './terminalInfo.js';
import { PROTOCOL_VERSION } from './version.js';

export interface AxonOptions extends CallerPolicy {
  /** The miner's hotkey: requests are verified against it and answers signed with it. */
  hotkey: Signer | Keypair;
  /** Bind port; default 8091, 0 for an ephemeral port. */
  port?: number;
  /** Bind address; default `0.0.0.0`. */
  host?: string;
  /** Published ip/port (what `info()` returns); default the bind address and port. */
  externalIp?: string;
  externalPort?: number;
  /** Handlers running at once (the reference's `max_workers`); default 10. */
  maxConcurrency?: number;
  /** Verified requests waiting for a handler slot; default 256. */
  maxQueue?: number;
  /** Largest request body in bytes; default 4 MiB (413 above). */
  maxBodyBytes?: number;
  /** Cap on the per-request timeout (seconds) used for the handler deadline and the nonce window; default 60. */
  maxTimeout?: number;
  nonceStore?: NonceStoreOptions;
  /** Open connections in total (default 4096) and per remote address (default 256). */
  maxConnections?: number;
  maxConnectionsPerIp?: number;
  /** Time allowed to receive the request headers (default 10 s) and idle keep-alive time (default 5 s). */
  headersTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  /** Sign `{axon.nonce}.{dendrite.hotkey}.{axon.hotkey}.{axon.uuid}` into every verified answer; default false. */
  signResponses?: boolean;
  /** Serve the built-in `Synapse` ping route; default true. */
  ping?: boolean;
  logger?: NeuronLogger;
  /** Wall clock in ns (tests); default the system clock. */
  clock?: NsClock;
}

/** What hooks and handlers see of a request. `hotkey` is not yet verified in `blacklist`. */
export interface RequestContext {
  readonly synapse: string;
  readonly hotkey: string | null;
  readonly caller: CallerInfo | undefined;
  readonly dendrite: Readonly<TerminalInfo>;
  readonly axon: Readonly<TerminalInfo>;
  /** Seconds the caller waits (capped by `maxTimeout`). */
  readonly timeout: number;
  readonly headers: IncomingHttpHeaders;
}

export interface HandlerContext extends RequestContext {
  /** Aborted at the deadline or when the caller disconnects. */
  readonly signal: AbortSignal;
  /** Answer with this status (and message) while still returning the synapse body. */
  setStatus(code: number, message?: string): void;
}

export type BlacklistResult = boolean | readonly [boolean, string] | { blacklisted: boolean; reason?: string };

export interface AttachHooks {
  /** Runs before verification (keep it cheap); after the default caller policy. */
  blacklist?: (ctx: RequestContext) => BlacklistResult | Promise<BlacklistResult>;
  /** Higher runs first when handlers are busy; default the caller's stake. */
  priority?: (ctx: RequestContext) => number | bigint | Promise<number | bigint>;
  /** Extra checks after the signature and nonce pass; throw to refuse (401). */
  verify?: (ctx: RequestContext) => void | Promise<void>;
}

export type StreamPiece = string | Uint8Array;
export type Forward<S> = S extends StreamingSynapseDefinition
  ? (
      request: ParsedRequestOf<S>,
      ctx: HandlerContext,
    ) => AsyncIterable<StreamPiece> | Promise<AsyncIterable<StreamPiece>>
  : (request: ParsedRequestOf<S>, ctx: HandlerContext) => ResponseInputOf<S> | Promise<ResponseInputOf<S>>;

export interface Route {
  readonly synapse: AnySynapse;
  readonly forward: (request: unknown, ctx: HandlerContext) => unknown;
  readonly hooks: AttachHooks;
}

export interface AxonInfo {
  ip: string;
  port: number;
  hotkey: string;
  version: number;
  ipType: 4 | 6;
  protocol: number;
  placeholder1: number;
  placeholder2: number;
}

export interface AxonStats {
  requests: number;
  byStatus: Record<number, number>;
  active: number;
  queued: number;
  nonceEntries: number;
  nonceEvictions: number;
  /** Evictions of entries still inside their acceptance window (replay possible for that key). */
  nonceLiveEvictions: number;
  connections: number;
}

/** The built-in ping route: `Synapse`, no fields. */
export const PingSynapse = defineSynapse({
  name: 'Synapse',
  request: z.object({}),
  response: z.object({}),
  hashFields: [],
});

export const DEFAULT_AXON_PORT = 8091;
/** Handlers running at once by default (the reference's `max_workers`). */
export const DEFAULT_AXON_MAX_WORKERS = 10;

/** A port an axon may use: 0 (ephemeral, for tests) or 1025–65534, as the reference requires. */
export function isValidAxonPort(port: number): boolean {
  return port === 0 || (Number.isInteger(port) && port > 1024 && port < 65535);
}

/**
 * Axon options from the reference's environment variables: `BT_AXON_PORT`, `BT_AXON_IP`,
 * `BT_AXON_EXTERNAL_IP`, `BT_AXON_EXTERNAL_PORT`, `BT_AXON_MAX_WORKERS` (unset ones are left out).
 */
export function axonOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Pick<AxonOptions, 'port' | 'host' | 'externalIp' | 'externalPort' | 'maxConcurrency'> {
  const out: Pick<AxonOptions, 'port' | 'host' | 'externalIp' | 'externalPort' | 'maxConcurrency'> = {};
  const int = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n)) throw new NeuronConfigError('TNS_AXON_CONFIG', `${name} is not an integer: "${v}"`);
    return n;
  };
  const port = int('BT_AXON_PORT');
  if (port !== undefined) out.port = port;
  if (env.BT_AXON_IP) out.host = env.BT_AXON_IP === '[::]' ? '::' : env.BT_AXON_IP;
  if (env.BT_AXON_EXTERNAL_IP) out.externalIp = env.BT_AXON_EXTERNAL_IP;
  const externalPort = int('BT_AXON_EXTERNAL_PORT');
  if (externalPort !== undefined) out.externalPort = externalPort;
  const workers = int('BT_AXON_MAX_WORKERS');
  if (workers !== undefined) out.maxConcurrency = workers;
  return out;
}

export class Axon {
  readonly uuid = randomUUID();
  readonly signer: Signer;
  readonly routes = new Map<string, Route>();
  readonly nonces: NonceStore;
  readonly gate: PriorityGate;
  readonly logger: NeuronLogger;
  readonly clock: NsClock;
  readonly opts: Readonly<
    Required<
      Pick<AxonOptions, 'maxBodyBytes' | 'maxTimeout' | 'signResponses' | 'allowNonRegistered' | 'allowNonValidators'>
    > &
      CallerPolicy
  >;
  /** Throttle of the clock-skew warning (at most one a second). */
  readonly skewLog = { last: Number.NEGATIVE_INFINITY, suppressed: 0 };
  private server: Server | undefined;
  private readonly conns = new Map<string, number>();
  private connections = 0;
  private readonly counts = { requests: 0, byStatus: {} as Record<number, number> };

  constructor(private readonly options: AxonOptions) {
    this.signer = toSigner(options.hotkey);
    if (!options.callers && !options.allowNonRegistered) {
      throw new NeuronConfigError(
        'TNS_AXON_CONFIG',
        'createAxon needs `callers` (a metagraph lookup) unless `allowNonRegistered: true`',
      );
    }
    for (const [name, port] of [
      ['port', options.port],
      ['externalPort', options.externalPort],
    ] as const) {
      if (port !== undefined && !isValidAxonPort(port)) {
        throw new NeuronConfigError('TNS_AXON_CONFIG', `${name} ${port} is outside 1025–65534`);
      }
    }
    const maxTimeout = options.maxTimeout ?? 60;
    if (!(maxTimeout > 0)) throw new NeuronConfigError('TNS_AXON_CONFIG', 'maxTimeout must be positive');
    this.opts = {
      callers: options.callers,
      allowNonRegistered: options.allowNonRegistered ?? false,
      allowNonValidators: options.allowNonValidators ?? false,
      maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
      maxTimeout,
      signResponses: options.signResponses ?? false,
    };
    this.nonces = new NonceStore(options.nonceStore);
    this.gate = new PriorityGate(options.maxConcurrency ?? DEFAULT_AXON_MAX_WORKERS, options.maxQueue ?? 256);
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClockNs;
    if (options.ping ?? true) this.attach(PingSynapse, () => ({}));
    if (this.opts.allowNonRegistered || this.opts.allowNonValidators) {
      this.logger.warn('axon.permissive_policy', {
        allowNonRegistered: this.opts.allowNonRegistered,
        allowNonValidators: this.opts.allowNonValidators,
      });
    }
  }

  get hotkey(): string {
    return this.signer.address;
  }

  /** Serves `synapse` at `/{synapse.name}` with `forward` and optional hooks. */
  attach<S extends AnySynapse>(synapse: S, forward: Forward<S>, hooks: AttachHooks = {}): this {
    if (this.routes.has(synapse.name) && synapse.name !== PingSynapse.name) {
      throw new NeuronConfigError('TNS_AXON_CONFIG', `synapse ${synapse.name} is already attached`);
    }
    this.routes.set(synapse.name, { synapse, forward: forward as Route['forward'], hooks });
    return this;
  }

  /** Starts listening; resolves once bound. */
  async start(): Promise<this> {
    if (this.server) return this;
    const server = createServer({ keepAliveTimeout: this.options.keepAliveTimeoutMs ?? 5_000 }, (req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        this.logger.error('axon.unhandled', { error: e });
        if (!res.headersSent) sendError(res, bareCallState(), 500, MESSAGES.internal(randomUUID()), 0, true);
        else res.destroy();
      });
    });
    server.headersTimeout = this.options.headersTimeoutMs ?? 10_000;
    server.requestTimeout = Math.ceil(this.opts.maxTimeout * 1000) + 30_000;
    server.maxConnections = this.options.maxConnections ?? 4096;
    const perIp = this.options.maxConnectionsPerIp ?? 256;
    server.on('connection', (socket: Socket) => this.track(socket, perIp));
    server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      else socket.destroy();
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? DEFAULT_AXON_PORT, this.options.host ?? '0.0.0.0', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.logger.info('axon.started', { port: this.port, hotkey: this.hotkey, synapses: [...this.routes.keys()] });
    if (!this.options.externalIp && (this.options.host ?? '0.0.0.0') === '0.0.0.0') {
      this.logger.warn('axon.no_external_ip', {
        hint: 'set externalIp (or BT_AXON_EXTERNAL_IP): 0.0.0.0 on chain means "not serving"',
      });
    }
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    this.logger.info('axon.stopped', {});
  }

  /** The bound port (after `start`). */
  get port(): number {
    const a = this.server?.address() as AddressInfo | null | undefined;
    return a?.port ?? this.options.port ?? DEFAULT_AXON_PORT;
  }

  /** What to publish on chain (`serve_axon`, spec §3.4). */
  info(): AxonInfo {
    const ip = this.options.externalIp ?? this.options.host ?? '0.0.0.0';
    return {
      ip,
      port: this.options.externalPort ?? this.port,
      hotkey: this.hotkey,
      version: PROTOCOL_VERSION,
      ipType: ip.includes(':') ? 6 : 4,
      protocol: 4,
      placeholder1: 0,
      placeholder2: 0,
    };
  }

  stats(): AxonStats {
    return {
      requests: this.counts.requests,
      byStatus: { ...this.counts.byStatus },
      active: this.gate.active,
      queued: this.gate.waiting,
      nonceEntries: this.nonces.size,
      nonceEvictions: this.nonces.evictions,
      nonceLiveEvictions: this.nonces.liveEvictions,
      connections: this.connections,
    };
  }

  private track(socket: Socket, perIp: number): void {
    const ip = socket.remoteAddress ?? '?';
    const n = (this.conns.get(ip) ?? 0) + 1;
    if (n > perIp) {
      this.logger.debug('axon.connection_refused', { ip, open: n - 1 });
      socket.destroy();
      return;
    }
    this.conns.set(ip, n);
    this.connections++;
    socket.once('close', () => {
      this.connections--;
      const left = (this.conns.get(ip) ?? 1) - 1;
      if (left <= 0) this.conns.delete(ip);
      else this.conns.set(ip, left);
    });
  }

  private count(status: number): void {
    this.counts.requests++;
    this.counts.byStatus[status] = (this.counts.byStatus[status] ?? 0) + 1;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const elapsed = (): number => (performance.now() - started) / 1000;
    res.once('finish', () => {
      this.count(res.statusCode);
      this.logger.debug('axon.request', {
        synapse: (req.url ?? '').split('/')[1]?.split('?')[0],
        hotkey: req.headers.bt_header_dendrite_hotkey,
        ip: req.socket.remoteAddress,
        status: res.statusCode,
        message: res.getHeader('bt_header_axon_status_message'),
        ms: Math.round((performance.now() - started) * 10) / 10,
      });
    });
    const url = req.url ?? '';
    if (!url.startsWith('/')) return sendError(res, bareCallState(), 400, MESSAGES.badPath(url), elapsed(), true);
    const name = url.split('?')[0]?.split('/')[1] ?? '';
    const route = this.routes.get(name);
    if (!route)
      return sendError(
        res,
        bareCallState(),
        404,
        MESSAGES.unknownSynapse(name, [...this.routes.keys()]),
        elapsed(),
        mustClose(req),
      );
    if (req.method !== 'POST' && req.method !== 'GET')
      return sendError(res, bareCallState(), 405, MESSAGES.methodNotAllowed, elapsed(), mustClose(req));

    let state: CallState;
    try {
      const h = parseSynapseHeaders(req.headers);
      state = { name, timeout: h.timeout, dendrite: h.dendrite, axon: h.axon, bodyHash: h.computedBodyHash ?? '' };
    } catch (e) {
      const s = bareCallState();
      s.name = name;
      return sendError(res, s, 400, MESSAGES.badHeaders(name, (e as Error).message), elapsed(), mustClose(req));
    }
    state.dendrite.ip = req.socket.remoteAddress ?? null;
    state.dendrite.port = req.socket.remotePort ?? null;
    Object.assign(state.axon, { version: PROTOCOL_VERSION, uuid: this.uuid, nonce: this.clock(), statusCode: 100 });
    if (state.axon.hotkey === null) state.axon.hotkey = this.hotkey;

    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.opts.maxBodyBytes) {
      return sendError(res, state, 413, MESSAGES.tooLarge(this.opts.maxBodyBytes), elapsed(), true);
    }
    await runCall(this, route, req, res, state, started);
  }
}

/** Creates an axon (call `start()` to listen). */
export function createAxon(options: AxonOptions): Axon {
  return new Axon(options);
}

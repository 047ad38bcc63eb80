/**
 * The dendrite: the client a validator uses to query axons (spec/neurons.md §2.1, §2.3–§2.5, §2.8–§2.10).
 *
 * Every request is signed with the validator's hotkey and carries a fresh ns nonce. Calls to different
 * axons are independent (own socket, own timer), so one slow miner never delays the others. Requests to
 * the same axon run on "lanes": each lane has its own uuid and at most one request in flight, so the
 * axon always sees strictly increasing nonces per (hotkey, uuid) even under concurrency — the reference
 * dendrite shares one uuid and gets spurious 401s when two of its requests overtake each other.
 */
import { randomUUID } from 'node:crypto';
import { Agent, type IncomingMessage } from 'node:http';
import type { Keypair } from '@tensorium/primitives';
import { type NsClock, systemClockNs } from './clock.js';
import {
  DendriteTimeout,
  type Failure,
  type FailureContext,
  limitedBody,
  mapFailure,
  openRequest,
  readAll,
} from './dendriteHttp.js';
import {
  type AxonTarget,
  type BuiltRequest,
  buildRequest,
  type PreparedFields,
  prepareFields,
} from './dendriteRequest.js';
import { failedResult, headerResult, jsonResult, type ResultContext, type SynapseResult } from './dendriteResult.js';
import { LanePool } from './lanePool.js';
import { type NeuronLogger, silentLogger } from './logger.js';
import { type Signer, toSigner } from './signature.js';
import type {
  AnySynapse,
  ChunkOf,
  RequestOf,
  ResponseOf,
  StreamingSynapseDefinition,
  SynapseDefinition,
} from './synapse.js';

export interface DendriteOptions {
  /** The validator's hotkey. */
  hotkey: Signer | Keypair;
  /** This machine's public ip: sent in `bt_header_dendrite_ip`; an axon at this ip is dialled on 127.0.0.1. */
  externalIp?: string;
  /** Largest response body accepted, in bytes; default 16 MiB (400 above). */
  maxResponseBytes?: number;
  /** Concurrent requests to one axon (lanes); default 8. */
  maxLanesPerAxon?: number;
  /** Verify the axon's 4-part signature when an answer carries one (401 on mismatch); default false. */
  verifyAxonSignature?: boolean;
  /** Idle keep-alive sockets are closed after this many ms (default 4000, under the axons' 5 s). */
  idleSocketMs?: number;
  logger?: NeuronLogger;
  clock?: NsClock;
}

export interface CallOptions {
  /** Total seconds for the call (connect + response); default the synapse's (12). */
  timeout?: number;
  signal?: AbortSignal;
}

export interface DendriteStream<Chunk> extends AsyncIterable<Chunk> {
  /** Settles when the stream ends or fails (iterate to drive it; 499 if iteration stops early); `response` is always undefined. */
  readonly result: Promise<SynapseResult<undefined>>;
}

interface Failed {
  readonly kind: 'failed';
  readonly failure: Failure;
  readonly fail: (f: Failure) => SynapseResult<undefined>;
}

interface Opened {
  readonly kind: 'open';
  readonly res: IncomingMessage;
  readonly signal: AbortSignal;
  readonly fctx: FailureContext;
  readonly fail: (f: Failure) => SynapseResult<undefined>;
  readonly finishJson: () => Promise<SynapseResult<unknown>>;
  readonly finishHeaders: () => SynapseResult<undefined>;
  readonly cancel: () => void;
  readonly done: () => void;
}

export class Dendrite {
  readonly uuid = randomUUID();
  readonly signer: Signer;
  readonly logger: NeuronLogger;
  private readonly agent: Agent;
  private readonly clock: NsClock;
  private readonly lanes: LanePool;
  private readonly maxBytes: number;

  constructor(private readonly options: DendriteOptions) {
    this.signer = toSigner(options.hotkey);
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClockNs;
    this.maxBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
    const n = Math.max(1, options.maxLanesPerAxon ?? 8);
    this.lanes = new LanePool([this.uuid, ...Array.from({ length: n - 1 }, () => randomUUID())]);
    this.agent = new Agent({ keepAlive: true, timeout: options.idleSocketMs ?? 4_000, scheduling: 'lifo' });
  }

  get hotkey(): string {
    return this.signer.address;
  }

  /** One request to one axon. Never rejects for network reasons: failures come back as status codes. */
  async call<S extends SynapseDefinition>(
    target: AxonTarget,
    synapse: S,
    request: RequestOf<S>,
    opts: CallOptions = {},
  ): Promise<SynapseResult<ResponseOf<S>>> {
    return this.callPrepared(target, synapse, prepareFields(synapse, request), opts) as Promise<
      SynapseResult<ResponseOf<S>>
    >;
  }

  /** The same request to many axons at once; results in the order of `targets`. */
  async forward<S extends SynapseDefinition>(
    targets: readonly AxonTarget[],
    synapse: S,
    request: RequestOf<S>,
    opts: CallOptions = {},
  ): Promise<SynapseResult<ResponseOf<S>>[]> {
    const fields = prepareFields(synapse, request);
    const calls: Promise<SynapseResult<unknown>>[] = [];
    for (let i = 0; i < targets.length; i++) {
      calls.push(this.callPrepared(targets[i] as AxonTarget, synapse, fields, opts));
      // signing is synchronous: let responses already in flight be read between batches
      if (i % 16 === 15) await new Promise((r) => setImmediate(r));
    }
    return Promise.all(calls) as Promise<SynapseResult<ResponseOf<S>>[]>;
  }

  /** A streaming call (§2.10): iterate the chunks, then read `result`. */
  stream<S extends StreamingSynapseDefinition>(
    target: AxonTarget,
    synapse: S,
    request: RequestOf<S>,
    opts: CallOptions = {},
  ): DendriteStream<ChunkOf<S>> {
    const fields = prepareFields(synapse, request);
    let settle!: (r: SynapseResult<undefined>) => void;
    const result = new Promise<SynapseResult<undefined>>((r) => {
      settle = r;
    });
    const self = this;
    async function* run(): AsyncGenerator<ChunkOf<S>> {
      const x = await self.begin(target, synapse, fields, opts);
      let outcome: SynapseResult<undefined> | undefined;
      try {
        if (x.kind === 'failed') {
          outcome = x.fail(x.failure);
          return;
        }
        if (x.res.statusCode !== 200) {
          outcome = (await x.finishJson()) as SynapseResult<undefined>;
          return;
        }
        try {
          const body = limitedBody(x.res, self.maxBytes, x.signal);
          for await (const chunk of synapse.decodeStream(body)) yield chunk as ChunkOf<S>;
          outcome = x.finishHeaders();
        } catch (e) {
          outcome = x.fail(mapFailure(e, { ...x.fctx, responded: true }));
        }
      } finally {
        if (x.kind === 'open') {
          if (!outcome) {
            x.cancel();
            outcome = x.fail({ status: 499, message: 'Client closed the stream' });
          }
          x.done();
        }
        if (outcome) settle(outcome);
      }
    }
    const gen = run();
    return { [Symbol.asyncIterator]: () => gen, result };
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }

  private async callPrepared(
    target: AxonTarget,
    synapse: AnySynapse,
    fields: PreparedFields,
    opts: CallOptions,
  ): Promise<SynapseResult<unknown>> {
    const x = await this.begin(target, synapse, fields, opts);
    try {
      if (x.kind === 'failed') return x.fail(x.failure);
      return await x.finishJson();
    } finally {
      if (x.kind === 'open') x.done();
    }
  }

  /** Takes a lane, signs, sends; resolves once the response head arrived (or with a mapped failure). */
  private async begin(
    target: AxonTarget,
    synapse: AnySynapse,
    fields: PreparedFields,
    opts: CallOptions,
  ): Promise<Failed | Opened> {
    const started = performance.now();
    const timeout = opts.timeout ?? synapse.defaultTimeout;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DendriteTimeout()), Math.max(0, timeout * 1000));
    const onOuterAbort = (): void => controller.abort(new DendriteTimeout());
    opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const key = `${target.hotkey}@${target.ip}:${target.port}`;
    const fctx: FailureContext = { ip: target.ip, port: target.port, name: synapse.name, timeout, responded: false };
    let built: BuiltRequest | undefined;
    let lane = -1;
    const cleanup = (): void => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onOuterAbort);
      if (lane >= 0) this.lanes.release(key, lane);
      lane = -1;
    };
    const rc: ResultContext = {
      target,
      synapse,
      started,
      logger: this.logger,
      hotkey: this.hotkey,
      uuid: this.uuid,
      externalIp: this.options.externalIp ?? '127.0.0.1',
      verifyAxonSignature: this.options.verifyAxonSignature ?? false,
    };
    const fail = (f: Failure): SynapseResult<undefined> => {
      cleanup();
      return failedResult(rc, built, f);
    };
    const host = target.ip === this.options.externalIp ? '127.0.0.1' : target.ip.replace(/^\[|\]$/g, '');
    // an axon published as 0.0.0.0 is not serving (spec §3.4); the reference would dial its own host
    if (host === '0.0.0.0' || host === '::' || target.port <= 0 || target.port > 65535) {
      return {
        kind: 'failed',
        failure: { status: 503, message: `Service unavailable at ${target.ip}:${target.port}/${synapse.name}` },
        fail,
      };
    }
    try {
      lane = await this.lanes.acquire(key, controller.signal);
    } catch (e) {
      return { kind: 'failed', failure: mapFailure(e, fctx), fail };
    }
    let opened: { res: IncomingMessage; reusedSocket: boolean } | undefined;
    for (let attempt = 0; attempt < 2 && !opened; attempt++) {
      built = buildRequest(synapse, fields, {
        target,
        signer: this.signer,
        uuid: this.lanes.uuids[lane] as string,
        nonce: this.clock(),
        timeout,
        externalIp: rc.externalIp,
      });
      try {
        opened = await openRequest({ agent: this.agent, host, port: target.port, built, signal: controller.signal });
      } catch (e) {
        // a kept-alive socket the server had just closed: retry once on a fresh one
        if (
          attempt === 0 &&
          (e as { reusedSocket?: boolean }).reusedSocket &&
          (e as NodeJS.ErrnoException).code === 'ECONNRESET'
        )
          continue;
        return { kind: 'failed', failure: mapFailure(e, fctx), fail };
      }
    }
    const { res } = opened as { res: IncomingMessage };
    const req = built as BuiltRequest;
    const finishJson = async (): Promise<SynapseResult<unknown>> => {
      let body: Buffer;
      try {
        body = await readAll(res, this.maxBytes, controller.signal);
      } catch (e) {
        return fail(mapFailure(e, { ...fctx, responded: true }));
      }
      cleanup();
      return jsonResult(rc, req, res.statusCode ?? 0, res.headers, body);
    };
    const finishHeaders = (): SynapseResult<undefined> => {
      cleanup();
      return headerResult(rc, req, res.headers);
    };
    return {
      kind: 'open',
      res,
      signal: controller.signal,
      fctx,
      fail,
      finishJson,
      finishHeaders,
      cancel: () => res.destroy(),
      done: cleanup,
    };
  }
}

export function createDendrite(options: DendriteOptions): Dendrite {
  return new Dendrite(options);
}

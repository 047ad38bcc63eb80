/**
 * One call through the axon pipeline, after routing and header parsing (spec/neurons.md §2.6):
 * blacklist → verify → priority/concurrency → body → handler, each failure with its §2.8 status.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Axon, BlacklistResult, HandlerContext, RequestContext, Route, StreamPiece } from './axon.js';
import { type CallState, MESSAGES, mustClose, responseHeaders, sendError, sendSynapse } from './axonResponse.js';
import { type CallerInfo, callerRefusal } from './callerPolicy.js';
import { SynapseStatusError } from './errors.js';
import { checkNonce, nonceWindowStart } from './nonceStore.js';
import { GateError } from './priorityGate.js';
import { axonMessage, hotkeyPublicKey, requestMessage, signMessage, verifySignature } from './signature.js';
import { type AnySynapse, synapseBodyHash } from './synapse.js';

class Deadline extends Error {}
class BodyTooLarge extends Error {}

function normalizeBlacklist(r: BlacklistResult): { blacklisted: boolean; reason: string } {
  if (typeof r === 'boolean') return { blacklisted: r, reason: 'blacklisted' };
  if (Array.isArray(r)) return { blacklisted: Boolean(r[0]), reason: String(r[1] ?? 'blacklisted') };
  const o = r as { blacklisted: boolean; reason?: string };
  return { blacklisted: o.blacklisted, reason: o.reason ?? 'blacklisted' };
}

/** Resolves with `p` unless `signal` aborts first; `p`'s later rejection is swallowed. */
function race<T>(p: T | Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(new Deadline());
    const onAbort = (): void => reject(new Deadline());
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(p).then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function readBody(req: IncomingMessage, limit: number, signal: AbortSignal): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const done = (err?: Error): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      signal.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size));
    };
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size > limit) {
        req.pause();
        done(new BodyTooLarge());
      } else parts.push(c);
    };
    const onEnd = (): void => done();
    const onError = (e: Error): void => done(e);
    const onAbort = (): void => done(new Deadline());
    if (signal.aborted) return reject(new Deadline());
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function issuesText(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** The default verifier (§2.5, §2.7) plus the Tensorium rule that a signature is required. */
function verifyRequest(axon: Axon, s: CallState, timeout: number): string | null {
  const d = s.dendrite;
  if (d.hotkey === null || d.hotkey === '') return MESSAGES.noHotkey;
  try {
    hotkeyPublicKey(d.hotkey);
  } catch {
    return MESSAGES.badHotkey(d.hotkey);
  }
  const uuid = d.uuid ?? 'None';
  const now = axon.clock();
  const nonceError = checkNonce(axon.nonces, {
    hotkey: d.hotkey,
    uuid,
    nonce: d.nonce,
    timeoutSeconds: timeout,
    nowNs: now,
  });
  if (nonceError) {
    // clock skew between validator and miner is the usual cause (spec §2.7, P4): say how large it is,
    // at most once a second since the request is not authenticated yet
    const t = performance.now();
    if (t - axon.skewLog.last >= 1000) {
      const skew = d.nonce === null ? null : Number(now - d.nonce) / 1e9;
      axon.logger.warn('axon.nonce_rejected', {
        hotkey: d.hotkey,
        uuid,
        skewSeconds: skew,
        reason: nonceError,
        suppressed: axon.skewLog.suppressed,
      });
      axon.skewLog.last = t;
      axon.skewLog.suppressed = 0;
    } else axon.skewLog.suppressed++;
    return nonceError;
  }
  if (!d.signature) return MESSAGES.missingSignature;
  const message = requestMessage({
    nonce: d.nonce as bigint,
    dendriteHotkey: d.hotkey,
    axonHotkey: axon.hotkey,
    uuid,
    bodyHash: s.bodyHash,
  });
  if (!verifySignature(message, d.signature, d.hotkey)) return MESSAGES.signatureMismatch(message, d.signature);
  axon.nonces.set(d.hotkey, uuid, d.nonce as bigint, nonceWindowStart(now, axon.opts.maxTimeout));
  return null;
}

export async function runCall(
  axon: Axon,
  route: Route,
  req: IncomingMessage,
  res: ServerResponse,
  s: CallState,
  started: number,
): Promise<void> {
  const elapsed = (): number => (performance.now() - started) / 1000;
  const fail = (status: number, message: string, close = mustClose(req)): void =>
    sendError(res, s, status, message, elapsed(), close);
  const internal: Internal = (e, stage, status = 500) => {
    const id = randomUUID();
    axon.logger.error('axon.internal_error', {
      id,
      stage,
      status,
      synapse: s.name,
      hotkey: s.dendrite.hotkey,
      error: e,
    });
    fail(status, MESSAGES.internal(id));
  };
  const def = route.synapse;
  const timeout = Math.min(s.timeout ?? def.defaultTimeout, axon.opts.maxTimeout);
  const hotkey = s.dendrite.hotkey;
  let caller: CallerInfo | undefined;
  const ctx = (): RequestContext => ({
    synapse: s.name,
    hotkey,
    caller,
    dendrite: s.dendrite,
    axon: s.axon,
    timeout,
    headers: req.headers,
  });

  // 2. blacklist: the caller policy, then the synapse's own hook
  try {
    if (hotkey !== null && hotkey !== '') {
      caller = axon.opts.callers ? await axon.opts.callers(hotkey) : undefined;
      const refusal = callerRefusal(axon.opts, caller);
      if (refusal) return fail(403, MESSAGES.blacklisted(refusal));
    }
    if (route.hooks.blacklist) {
      const r = normalizeBlacklist(await route.hooks.blacklist(ctx()));
      if (r.blacklisted) return fail(403, MESSAGES.blacklisted(r.reason));
    }
  } catch (e) {
    return internal(e, 'blacklist');
  }

  // 3. verify: nonce and signature, then the synapse's own checks
  // the nonce window uses the timeout as sent (Python: `synapse.timeout or 0`), capped like the deadline
  const verifyError = verifyRequest(axon, s, Math.min(s.timeout ?? 0, axon.opts.maxTimeout));
  if (verifyError) return fail(401, MESSAGES.notVerified(verifyError));
  if (route.hooks.verify) {
    try {
      await route.hooks.verify(ctx());
    } catch (e) {
      return fail(401, MESSAGES.notVerified(e instanceof Error ? e.message : String(e)));
    }
  }
  if (axon.opts.signResponses) {
    s.axon.signature = signMessage(
      axon.signer,
      axonMessage({ nonce: s.axon.nonce as bigint, dendriteHotkey: hotkey, axonHotkey: axon.hotkey, uuid: axon.uuid }),
    );
  }

  // 4. priority and a handler slot, within the caller's timeout
  let priority: number;
  try {
    const p = route.hooks.priority ? await route.hooks.priority(ctx()) : (caller?.stake ?? 0);
    priority = Number(p);
  } catch (e) {
    return fail(503, e instanceof Error ? e.message : String(e));
  }
  const controller = new AbortController();
  const remainingMs = Math.max(0, timeout * 1000 - (performance.now() - started));
  const timer = setTimeout(() => controller.abort(new Deadline()), remainingMs);
  const onClose = (): void => {
    if (!res.writableFinished) controller.abort(new Error('client closed'));
  };
  res.once('close', onClose);
  let release: (() => void) | undefined;
  try {
    try {
      release = await axon.gate.acquire(priority, controller.signal);
    } catch (e) {
      if (e instanceof GateError && e.reason === 'busy') return fail(503, MESSAGES.busy);
      return fail(408, MESSAGES.timeout(timeout));
    }
    await serve(axon, route, def, req, res, s, controller.signal, timeout, elapsed, fail, internal, ctx);
  } finally {
    clearTimeout(timer);
    res.off('close', onClose);
    release?.();
  }
}

type Fail = (status: number, message: string, close?: boolean) => void;
type Internal = (e: unknown, stage: string, status?: number) => void;

async function serve(
  axon: Axon,
  route: Route,
  def: AnySynapse,
  req: IncomingMessage,
  res: ServerResponse,
  s: CallState,
  signal: AbortSignal,
  timeout: number,
  elapsed: () => number,
  fail: Fail,
  internal: Internal,
  ctx: () => RequestContext,
): Promise<void> {
  // 5. body: size, JSON, schema, hash
  let body: Buffer;
  try {
    body = await readBody(req, axon.opts.maxBodyBytes, signal);
  } catch (e) {
    if (e instanceof BodyTooLarge) return fail(413, MESSAGES.tooLarge(axon.opts.maxBodyBytes), true);
    if (e instanceof Deadline) return fail(408, MESSAGES.timeout(timeout), true);
    return;
  }
  let raw: unknown;
  try {
    raw = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch (e) {
    return fail(400, MESSAGES.badBody(s.name, (e as Error).message));
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return fail(400, MESSAGES.badBody(s.name, 'body is not a JSON object'));
  const parsed = def.request.safeParse(raw);
  if (!parsed.success) return fail(400, MESSAGES.badBody(s.name, issuesText(parsed.error)));
  const request = parsed.data as Record<string, unknown>;
  const rawObj = raw as Record<string, unknown>;
  const responseInit: Record<string, unknown> = {};
  for (const k of Object.keys(def.response.shape)) responseInit[k] = rawObj[k] ?? null;
  const computed = synapseBodyHash(def, { ...responseInit, ...request });
  if (computed !== s.bodyHash) {
    return internal(
      new Error(`Hash mismatch between header body hash ${s.bodyHash} and parsed body hash ${computed}`),
      'body_hash',
    );
  }

  // 6. the handler
  const hctx: HandlerContext = {
    ...ctx(),
    signal,
    setStatus(code: number, message?: string) {
      s.axon.statusCode = code;
      s.axon.statusMessage = message ?? null;
    },
  };
  let out: unknown;
  try {
    out = await race(route.forward(request, hctx), signal);
  } catch (e) {
    return handlerFailure(e, s, timeout, fail, internal);
  }
  if (def.streaming) return stream(out as AsyncIterable<StreamPiece>, s, res, signal, timeout, elapsed, fail, internal);
  const response = def.response.safeParse(out ?? {});
  if (!response.success)
    return internal(new Error(`handler returned an invalid response: ${issuesText(response.error)}`), 'response');
  s.fields = { ...request, ...(response.data as Record<string, unknown>) };
  sendSynapse(res, s, elapsed());
}

function handlerFailure(e: unknown, s: CallState, timeout: number, fail: Fail, internal: Internal): void {
  const set = s.axon.statusCode;
  if (e instanceof Deadline) fail(408, MESSAGES.timeout(timeout));
  else if (e instanceof SynapseStatusError) {
    s.axon.statusCode = e.status;
    fail(e.status, e.message);
  } else if (set !== null && set !== 100 && set !== 200) {
    // the handler set a status, then raised: keep the status, never leak the exception text
    if (s.axon.statusMessage) fail(set, s.axon.statusMessage);
    else internal(e, 'forward', set);
  } else internal(e, 'forward');
}

async function stream(
  iterable: AsyncIterable<StreamPiece>,
  s: CallState,
  res: ServerResponse,
  signal: AbortSignal,
  timeout: number,
  elapsed: () => number,
  fail: Fail,
  internal: Internal,
): Promise<void> {
  let it: AsyncIterator<StreamPiece>;
  let first: IteratorResult<StreamPiece>;
  try {
    it = iterable[Symbol.asyncIterator]();
    first = await race(it.next(), signal);
  } catch (e) {
    return handlerFailure(e, s, timeout, fail, internal);
  }
  s.axon.statusCode = 200;
  s.axon.statusMessage = MESSAGES.success;
  s.axon.processTime = elapsed();
  const headers = { 'content-type': 'text/event-stream', ...responseHeaders(s, 0) };
  res.writeHead(200, headers);
  try {
    let r = first;
    while (!r.done) {
      if (!res.write(r.value)) await race(new Promise((ok) => res.once('drain', ok)), signal);
      r = await race(it.next(), signal);
    }
    res.end();
  } catch (e) {
    if (!(e instanceof Deadline)) internal(e, 'stream');
    void it.return?.();
    res.destroy();
  }
}

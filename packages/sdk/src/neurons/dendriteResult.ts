/**
 * What a dendrite call returns, built the way the reference dendrite fills its synapse (spec/neurons.md
 * §2.8): on 200 the axon's fields and headers are merged in; otherwise the HTTP status and the body's
 * `message`; client-side failures get their mapped code. `dendrite.status_code` always ends up set.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Failure } from './dendriteHttp.js';
import type { AxonTarget, BuiltRequest } from './dendriteRequest.js';
import { parseSynapseHeaders } from './headers.js';
import type { NeuronLogger } from './logger.js';
import { axonMessage, verifySignature } from './signature.js';
import type { AnySynapse } from './synapse.js';
import { emptyTerminalInfo, mergeTerminalInfo, type TerminalInfo, terminalInfoFromJson } from './terminalInfo.js';
import { PROTOCOL_VERSION } from './version.js';

interface ResultBase {
  /** `dendrite.status_code`: the axon's status, or the client-side failure code. */
  readonly statusCode: number;
  readonly statusMessage: string;
  /** Seconds, measured by the dendrite. */
  readonly processTime: number;
  readonly dendrite: TerminalInfo;
  readonly axon: TerminalInfo;
  readonly target: AxonTarget;
}

/** A call's outcome; `ok` (status 200 and, for non-streaming calls, a valid response) narrows `response`. */
export type SynapseResult<Res> =
  | (ResultBase & { readonly ok: true; readonly response: Res })
  | (ResultBase & { readonly ok: false; readonly response: undefined });

/** Everything a result needs to know about its call. */
export interface ResultContext {
  readonly target: AxonTarget;
  readonly synapse: AnySynapse;
  /** `performance.now()` at the start of the call. */
  readonly started: number;
  readonly logger: NeuronLogger;
  /** The dendrite's hotkey, uuid and external ip (for results of calls that never got signed). */
  readonly hotkey: string;
  readonly uuid: string;
  readonly externalIp: string;
  readonly verifyAxonSignature: boolean;
}

function make(
  c: ResultContext,
  d: TerminalInfo,
  a: TerminalInfo,
  code: number,
  message: string,
  response: unknown,
  streaming = false,
): SynapseResult<unknown> {
  const processTime = (performance.now() - c.started) / 1000;
  d.statusCode = code;
  d.statusMessage = message;
  d.processTime = processTime;
  c.logger.debug('dendrite.response', {
    synapse: c.synapse.name,
    hotkey: c.target.hotkey,
    ip: c.target.ip,
    port: c.target.port,
    status: code,
    message,
    ms: Math.round(processTime * 1000),
  });
  const ok = code === 200 && (streaming || response !== undefined);
  const base = { statusCode: code, statusMessage: message, processTime, dendrite: d, axon: a, target: c.target };
  return ok ? { ...base, ok: true, response } : { ...base, ok: false, response: undefined };
}

function terminals(c: ResultContext, built: BuiltRequest | undefined): [TerminalInfo, TerminalInfo] {
  if (built) return [{ ...built.dendrite }, { ...built.axon }];
  const d = { ...emptyTerminalInfo(), ip: c.externalIp, version: PROTOCOL_VERSION, uuid: c.uuid, hotkey: c.hotkey };
  const a = { ...emptyTerminalInfo(), ip: c.target.ip, port: c.target.port, hotkey: c.target.hotkey };
  return [d, a];
}

function mergeHeaders(d: TerminalInfo, a: TerminalInfo, headers: IncomingHttpHeaders): void {
  try {
    const h = parseSynapseHeaders(headers);
    mergeTerminalInfo(d, h.dendrite);
    mergeTerminalInfo(a, h.axon);
  } catch {
    // the reference ignores headers it cannot use
  }
}

/** The axon's 4-part signature, when asked for and present (the reference never checks it). */
function axonSignatureFailure(c: ResultContext, a: TerminalInfo): Failure | null {
  if (!c.verifyAxonSignature || !a.signature || a.nonce === null || !a.uuid) return null;
  const message = axonMessage({ nonce: a.nonce, dendriteHotkey: c.hotkey, axonHotkey: c.target.hotkey, uuid: a.uuid });
  if (verifySignature(message, a.signature, c.target.hotkey)) return null;
  return { status: 401, message: `Axon signature mismatch with ${message} and ${a.signature}` };
}

export function failedResult(c: ResultContext, built: BuiltRequest | undefined, f: Failure): SynapseResult<undefined> {
  const [d, a] = terminals(c, built);
  return make(c, d, a, f.status, f.message, undefined) as SynapseResult<undefined>;
}

/** A complete JSON answer. */
export function jsonResult(
  c: ResultContext,
  built: BuiltRequest,
  status: number,
  headers: IncomingHttpHeaders,
  body: Buffer,
): SynapseResult<unknown> {
  const [d, a] = terminals(c, built);
  let obj: Record<string, unknown>;
  try {
    const json: unknown = JSON.parse(body.toString('utf8'));
    if (json === null || typeof json !== 'object' || Array.isArray(json))
      throw new Error('response is not a JSON object');
    obj = json as Record<string, unknown>;
  } catch (e) {
    return make(c, d, a, 422, `Failed to parse response: ${(e as Error).message}`, undefined);
  }
  if (status !== 200) {
    a.statusCode = status;
    a.statusMessage = typeof obj.message === 'string' ? obj.message : null;
    mergeHeaders(d, a, headers);
    return make(c, d, a, a.statusCode ?? status, a.statusMessage ?? '', undefined);
  }
  mergeTerminalInfo(a, terminalInfoFromJson(obj.axon));
  mergeHeaders(d, a, headers);
  const bad = axonSignatureFailure(c, a);
  if (bad) return make(c, d, a, bad.status, bad.message, undefined);
  const parsed = c.synapse.response.safeParse(obj);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return make(c, d, a, 422, `Failed to parse response: ${detail}`, undefined);
  }
  return make(c, d, a, a.statusCode ?? 200, a.statusMessage ?? 'Success', parsed.data);
}

/** A finished stream: the synapse comes from the response headers (`extract_response_json`). */
export function headerResult(
  c: ResultContext,
  built: BuiltRequest,
  headers: IncomingHttpHeaders,
): SynapseResult<undefined> {
  const [d, a] = terminals(c, built);
  mergeHeaders(d, a, headers);
  const bad = axonSignatureFailure(c, a);
  if (bad) return make(c, d, a, bad.status, bad.message, undefined) as SynapseResult<undefined>;
  return make(c, d, a, a.statusCode ?? 200, a.statusMessage ?? 'Success', undefined, true) as SynapseResult<undefined>;
}

/** The reference's convenience predicates (`is_success`, `is_timeout`, `is_blacklist`, `failed_verification`). */
export const isSuccess = (r: Pick<SynapseResult<unknown>, 'statusCode'>): boolean => r.statusCode === 200;
export const isTimeout = (r: Pick<SynapseResult<unknown>, 'statusCode'>): boolean => r.statusCode === 408;
export const isBlacklisted = (r: Pick<SynapseResult<unknown>, 'statusCode'>): boolean => r.statusCode === 403;
export const failedVerification = (r: Pick<SynapseResult<unknown>, 'statusCode'>): boolean => r.statusCode === 401;

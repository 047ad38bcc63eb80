/**
 * How the axon writes its answers (spec/neurons.md §2.8): the HTTP status is `axon.status_code`, error
 * bodies are `{"message": …}`, and every answer carries the synapse headers of §2.3.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EMPTY_BODY_HASH } from './bodyHash.js';
import { buildSynapseHeaders } from './headers.js';
import { toJson } from './json.js';
import { pyFloatRepr, pyRepr } from './pyRepr.js';
import { DEFAULT_TIMEOUT } from './synapse.js';
import { emptyTerminalInfo, type TerminalInfo, terminalInfoToJson } from './terminalInfo.js';

/** The axon's view of one call while it is processed. */
export interface CallState {
  name: string;
  timeout: number | null;
  dendrite: TerminalInfo;
  axon: TerminalInfo;
  /** The `computed_body_hash` header as received. */
  bodyHash: string;
  /** Request and response field values, for the JSON body of a success. */
  fields?: Record<string, unknown>;
}

export const MESSAGES = {
  success: 'Success',
  unknownSynapse: (name: string, available: readonly string[]) =>
    `Synapse name '${name}' not found. Available synapses ${pyRepr(available)}`,
  badPath: (path: string) => `Improperly formatted request. Could not parser request ${path}.`,
  badHeaders: (name: string, detail: string) =>
    `Improperly formatted request. Could not parse headers into synapse of type ${name}: ${detail}`,
  badBody: (name: string, detail: string) =>
    `Improperly formatted request. Could not parse body into synapse of type ${name}: ${detail}`,
  blacklisted: (reason: string) => `Forbidden. Key is blacklisted: ${reason}.`,
  notVerified: (detail: string) => `Not Verified with error: ${detail}`,
  noHotkey: 'No SS58 formatted address or public key provided.',
  missingSignature: 'Missing Signature',
  badHotkey: (hotkey: string) => `Invalid SS58 address: ${hotkey}`,
  signatureMismatch: (message: string, signature: string) => `Signature mismatch with ${message} and ${signature}`,
  timeout: (timeout: number) => `Response timeout after: ${pyFloatRepr(timeout)}s`,
  busy: 'Service busy: too many pending requests',
  tooLarge: (limit: number) => `Payload Too Large: request body exceeds ${limit} bytes`,
  methodNotAllowed: 'Method Not Allowed',
  internal: (id: string) => `Internal Server Error #${id}`,
} as const;

/** A bare synapse state for answers given before the route is known (the reference uses `Synapse()`). */
export function bareCallState(): CallState {
  return {
    name: 'Synapse',
    timeout: DEFAULT_TIMEOUT,
    dendrite: emptyTerminalInfo(),
    axon: emptyTerminalInfo(),
    bodyHash: EMPTY_BODY_HASH,
  };
}

export function responseHeaders(s: CallState, totalSize: number): Record<string, string> {
  return buildSynapseHeaders({
    name: s.name,
    timeout: s.timeout,
    axon: s.axon,
    dendrite: s.dendrite,
    bodyHash: s.bodyHash,
    totalSize,
  });
}

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
  close: boolean,
): void {
  if (res.headersSent || res.destroyed) return;
  const buf = Buffer.from(body, 'utf8');
  headers['content-type'] = 'application/json';
  headers['content-length'] = String(buf.length);
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(buf);
}

/** Writes an error answer: status and message into `axon`, body `{"message": …}`. */
export function sendError(
  res: ServerResponse,
  s: CallState,
  status: number,
  message: string,
  processTime: number,
  close = false,
): void {
  s.axon.statusCode = status;
  s.axon.statusMessage = message;
  s.axon.processTime = processTime;
  const body = toJson({ message });
  send(res, status, responseHeaders(s, body.length), body, close);
}

/** The full synapse as the reference's `model_dump()` orders it. */
export function synapseJson(s: CallState): string {
  return toJson({
    name: s.name,
    timeout: s.timeout,
    total_size: 0,
    header_size: 0,
    dendrite: terminalInfoToJson(s.dendrite),
    axon: terminalInfoToJson(s.axon),
    computed_body_hash: '',
    ...s.fields,
  });
}

/** Writes a JSON synapse answer with the status the handler chose (200 `Success` by default). */
export function sendSynapse(res: ServerResponse, s: CallState, processTime: number): void {
  if (s.axon.statusCode === null || s.axon.statusCode === 100) s.axon.statusCode = 200;
  if (s.axon.statusCode === 200 && !s.axon.statusMessage) s.axon.statusMessage = MESSAGES.success;
  s.axon.processTime = processTime;
  const body = synapseJson(s);
  send(res, s.axon.statusCode, responseHeaders(s, body.length), body, false);
}

/** True when an unread request body may be large, so the connection is closed instead of drained. */
export function mustClose(req: IncomingMessage): boolean {
  if (req.readableEnded) return false;
  const len = req.headers['content-length'];
  return len === undefined ? req.headers['transfer-encoding'] !== undefined : Number(len) > 65_536;
}

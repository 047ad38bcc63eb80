/**
 * The dendrite's HTTP exchange and the mapping of client-side failures onto the reference's status
 * codes (spec/neurons.md §2.8, dendrite side): 503 unreachable/disconnected, 408 timeout, 400 payload,
 * 500 other client errors, 422 unparsable response.
 */
import { type Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import type { BuiltRequest } from './dendriteRequest.js';
import { pyFloatRepr } from './pyRepr.js';

export class DendriteTimeout extends Error {
  constructor() {
    super('timeout');
  }
}
export class ResponseTooLarge extends Error {}

export interface Failure {
  readonly status: number;
  readonly message: string;
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
  'ETIMEDOUT',
  'EHOSTDOWN',
  'ENETDOWN',
]);
const DISCONNECTED = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

export interface FailureContext {
  ip: string;
  port: number;
  name: string;
  timeout: number;
  /** Whether the response head had arrived (then a broken body is a payload error). */
  responded: boolean;
}

export function mapFailure(e: unknown, c: FailureContext): Failure {
  if (e instanceof DendriteTimeout)
    return { status: 408, message: `Request timeout after ${pyFloatRepr(c.timeout)} seconds` };
  const err = e as NodeJS.ErrnoException;
  const msg = err?.message ?? String(e);
  if (e instanceof ResponseTooLarge) return { status: 400, message: `Payload error: ${msg}` };
  const code = err?.code ?? '';
  if (UNREACHABLE.has(code)) return { status: 503, message: `Service unavailable at ${c.ip}:${c.port}/${c.name}` };
  if (c.responded) return { status: 400, message: `Payload error: ${msg}` };
  if (DISCONNECTED.has(code) || msg === 'socket hang up')
    return { status: 503, message: `Service disconnected: ${msg}` };
  return { status: 500, message: `Client error: ${msg}` };
}

export interface OpenOptions {
  agent: Agent;
  host: string;
  port: number;
  built: BuiltRequest;
  signal: AbortSignal;
}

/** Sends the request; resolves with the response head. Rejects with the transport error (or the abort reason). */
export function openRequest(o: OpenOptions): Promise<{ res: IncomingMessage; reusedSocket: boolean }> {
  return new Promise((resolve, reject) => {
    if (o.signal.aborted) return reject(o.signal.reason);
    const body = Buffer.from(o.built.body, 'utf8');
    const req = httpRequest({
      agent: o.agent,
      host: o.host,
      port: o.port,
      method: 'POST',
      path: o.built.path,
      headers: { ...o.built.headers, 'content-type': 'application/json', 'content-length': String(body.length) },
    });
    const onAbort = (): void => {
      req.destroy(o.signal.reason as Error);
    };
    o.signal.addEventListener('abort', onAbort, { once: true });
    req.once('response', (res) => {
      resolve({ res, reusedSocket: req.reusedSocket });
    });
    req.once('error', (e) => {
      o.signal.removeEventListener('abort', onAbort);
      (e as { reusedSocket?: boolean }).reusedSocket = req.reusedSocket;
      reject(e);
    });
    req.once('close', () => o.signal.removeEventListener('abort', onAbort));
    req.end(body);
  });
}

/** Reads a whole response body up to `limit` bytes; rejects on abort, a broken stream or overflow. */
export async function readAll(res: IncomingMessage, limit: number, signal: AbortSignal): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  const onAbort = (): void => {
    res.destroy(signal.reason as Error);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const c of res as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > limit) {
        res.destroy();
        throw new ResponseTooLarge(`response body exceeds ${limit} bytes`);
      }
      parts.push(c);
    }
    if (signal.aborted) throw signal.reason;
    if (!res.complete)
      throw Object.assign(new Error('response ended before the body was complete'), { code: 'ECONNRESET' });
    return Buffer.concat(parts, size);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Yields the raw body pieces, enforcing `limit` on the total. */
export async function* limitedBody(
  res: IncomingMessage,
  limit: number,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  let size = 0;
  const onAbort = (): void => {
    res.destroy(signal.reason as Error);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const c of res as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > limit) {
        res.destroy();
        throw new ResponseTooLarge(`response body exceeds ${limit} bytes`);
      }
      yield new Uint8Array(c.buffer, c.byteOffset, c.length);
    }
    if (signal.aborted) throw signal.reason;
    if (!res.complete)
      throw Object.assign(new Error('response ended before the body was complete'), { code: 'ECONNRESET' });
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * JSON-RPC 2.0 framing, independent of the transport: parses a message (one request or a batch), checks each
 * request's shape, runs it through a dispatch function and builds the response text. Every failure becomes an
 * error object with a standard code (see RPC_ERRORS); nothing a client sends can make this throw.
 */
import { RpcError } from '@tensorium/rpc';

export type RpcId = string | number | null;

export interface RpcRequest {
  readonly id: RpcId | undefined;
  readonly method: string;
  readonly params: unknown;
}

/** Work to run after the response is sent (a subscription's first notification). */
export type After = (fn: () => void) => void;

export type Dispatch = (req: RpcRequest, after: After) => unknown;

export interface FramingOptions {
  /** Most requests in one batch (default 256). */
  maxBatch?: number;
}

export interface Reply {
  /** JSON text to send, or undefined when the message held only notifications. */
  text: string | undefined;
  /** Callbacks to run once the reply has been sent. */
  after: (() => void)[];
}

export function errorResponse(id: RpcId, err: RpcError): Record<string, unknown> {
  return { jsonrpc: '2.0', id, error: err.toJSON() };
}

export function errorText(id: RpcId, err: RpcError): string {
  return JSON.stringify(errorResponse(id, err));
}

/** JSON.stringify that writes bigints as decimal strings (handlers should not return them; this is a guard). */
export function stringify(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
}

const isId = (v: unknown): v is RpcId =>
  v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

function toRpcError(e: unknown, onInternal: (e: unknown) => void): RpcError {
  if (e instanceof RpcError) return e;
  onInternal(e);
  return RpcError.of('INTERNAL_ERROR', `internal error: ${(e as Error)?.message ?? String(e)}`);
}

/** Handles one request object; resolves to a response object, or undefined for a notification. */
async function handleOne(
  raw: unknown,
  dispatch: Dispatch,
  after: After,
  onInternal: (e: unknown) => void,
): Promise<Record<string, unknown> | undefined> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return errorResponse(null, RpcError.of('INVALID_REQUEST', 'a request must be a JSON object'));
  }
  const r = raw as Record<string, unknown>;
  const hasId = 'id' in r;
  const id: RpcId = hasId && isId(r.id) ? r.id : null;
  if (hasId && !isId(r.id))
    return errorResponse(null, RpcError.of('INVALID_REQUEST', 'id must be a string, a number or null'));
  if (r.jsonrpc !== '2.0') return errorResponse(id, RpcError.of('INVALID_REQUEST', 'jsonrpc must be "2.0"'));
  if (typeof r.method !== 'string' || r.method.length === 0)
    return errorResponse(id, RpcError.of('INVALID_REQUEST', 'method must be a non-empty string'));
  if ('params' in r && r.params !== undefined && (typeof r.params !== 'object' || r.params === null)) {
    return errorResponse(id, RpcError.of('INVALID_REQUEST', 'params must be an array or an object'));
  }
  try {
    const result = await dispatch({ id: hasId ? id : undefined, method: r.method, params: r.params }, after);
    return hasId ? { jsonrpc: '2.0', id, result: result === undefined ? null : result } : undefined;
  } catch (e) {
    const err = toRpcError(e, onInternal);
    return hasId ? errorResponse(id, err) : undefined;
  }
}

/**
 * Handles a message's text. `onInternal` hears errors that are not RpcErrors (bugs), which are answered with
 * INTERNAL_ERROR.
 */
export async function handleMessage(
  text: string,
  dispatch: Dispatch,
  opts: FramingOptions = {},
  onInternal: (e: unknown) => void = () => {},
): Promise<Reply> {
  const afterList: (() => void)[] = [];
  const after: After = (fn) => afterList.push(fn);
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch (e) {
    return { text: errorText(null, RpcError.of('PARSE_ERROR', `parse error: ${(e as Error).message}`)), after: [] };
  }
  if (Array.isArray(msg)) {
    if (msg.length === 0) return { text: errorText(null, RpcError.of('INVALID_REQUEST', 'empty batch')), after: [] };
    const max = opts.maxBatch ?? 256;
    if (msg.length > max)
      return {
        text: errorText(
          null,
          RpcError.of('INVALID_REQUEST', `batch of ${msg.length} requests exceeds the limit of ${max}`),
        ),
        after: [],
      };
    const out: Record<string, unknown>[] = [];
    // Sequentially, so that a batch's submissions keep their order.
    for (const item of msg) {
      const r = await handleOne(item, dispatch, after, onInternal);
      if (r) out.push(r);
    }
    return { text: out.length ? stringify(out) : undefined, after: afterList };
  }
  const r = await handleOne(msg, dispatch, after, onInternal);
  return { text: r ? stringify(r) : undefined, after: afterList };
}

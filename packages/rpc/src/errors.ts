/**
 * JSON-RPC 2.0 error codes. The standard ones, plus Tensorium's application codes in the server range.
 * Every error carries `data.code` (a stable `TNS_*` string) and, for rejected transactions, `data.reason`.
 */
export const RPC_ERRORS = {
  PARSE_ERROR: { code: -32700, tns: 'TNS_RPC_PARSE', doc: 'The request body is not valid JSON.' },
  INVALID_REQUEST: {
    code: -32600,
    tns: 'TNS_RPC_INVALID_REQUEST',
    doc: 'Not a JSON-RPC 2.0 request object (or an empty batch, or too large).',
  },
  METHOD_NOT_FOUND: {
    code: -32601,
    tns: 'TNS_RPC_METHOD_NOT_FOUND',
    doc: 'No such method (or a dev_* method on a non-dev chain, or a subscription over HTTP).',
  },
  INVALID_PARAMS: { code: -32602, tns: 'TNS_RPC_INVALID_PARAMS', doc: 'Wrong number or type of parameters.' },
  INTERNAL_ERROR: { code: -32603, tns: 'TNS_RPC_INTERNAL', doc: 'A bug in the node; the request changed nothing.' },
  INVALID_TRANSACTION: {
    code: 1010,
    tns: 'TNS_RPC_INVALID_TX',
    doc: 'The transaction was rejected; data.reason names why (BadSignature, Stale, Future, Expired, WrongChain, Payment, Oversized, Malformed, UnknownCall, BadOrigin, AlreadyImported, PoolFull, or Call: a feeless call (set_weights, commit_weights, reveal_weights, serve_axon) that would fail, with data.error naming the chain error as module.Error).',
  },
  NOT_FOUND: { code: 4004, tns: 'TNS_RPC_NOT_FOUND', doc: 'The named object (subnet, snapshot …) does not exist.' },
  RATE_LIMITED: {
    code: 4029,
    tns: 'TNS_RPC_RATE_LIMITED',
    doc: 'Too many requests or subscriptions on this connection.',
  },
} as const;

export type RpcErrorName = keyof typeof RPC_ERRORS;

export interface RpcErrorObject {
  code: number;
  message: string;
  data?: { code: string; [k: string]: unknown };
}

export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly code: number,
    message: string,
    readonly data?: { code: string; [k: string]: unknown },
  ) {
    super(message);
  }

  static of(name: RpcErrorName, message: string, extra: Record<string, unknown> = {}): RpcError {
    const e = RPC_ERRORS[name];
    return new RpcError(e.code, message, { code: e.tns, ...extra });
  }

  toJSON(): RpcErrorObject {
    return this.data
      ? { code: this.code, message: this.message, data: this.data }
      : { code: this.code, message: this.message };
  }
}

/**
 * The read and submit side of the JSON-RPC methods, over a `Chain`: shared by the node's server and the SDK's
 * in-process dev chain, so both answer identically. Transports (HTTP, WebSocket, subscriptions) live outside.
 * Handlers receive already-validated params (see `validateParams`) and throw `RpcError`.
 */
import { fromHex, isAddress, toHex, type Value } from '@tensorium/primitives';
import {
  type BlockJson,
  type ExtrinsicJson,
  type HeaderJson,
  METHODS,
  type MethodDef,
  type MethodName,
  RpcError,
  type RpcSchema,
  toJsonValue,
} from '@tensorium/rpc';
import { type Block, decodeBlock, headerJson } from '../chain/block.js';
import { type Chain, decodeResult } from '../chain/chain.js';
import { decodeTx } from '../chain/transaction.js';
import { InvalidTransaction } from '../framework/errors.js';
import { economyRpcHandlers } from '../modules/subnets/rpc.js';
import { getAccount } from '../modules/system/index.js';

export type Handler<M extends MethodName> = (...params: RpcSchema[M]['params']) => RpcSchema[M]['result'];
export type Handlers = { [M in MethodName]?: Handler<M> };

export interface HandlerOptions {
  nodeVersion: string;
  isSyncing?: () => boolean;
  peers?: () => number;
  dev?: boolean;
}

/** Checks params against the method's declaration; throws INVALID_PARAMS with a message naming the param. */
export function validateParams(method: string, params: unknown): unknown[] {
  const def = (METHODS as Record<string, MethodDef>)[method];
  if (!def) throw RpcError.of('METHOD_NOT_FOUND', `method not found: ${method}`);
  const list = params === undefined ? [] : params;
  if (!Array.isArray(list)) throw RpcError.of('INVALID_PARAMS', 'params must be an array (positional)');
  if (list.length > def.params.length)
    throw RpcError.of('INVALID_PARAMS', `${method} takes at most ${def.params.length} params, got ${list.length}`);
  def.params.forEach((p, i) => {
    const v = list[i];
    if (v === undefined || v === null) {
      if (!p.optional) throw RpcError.of('INVALID_PARAMS', `${method}: missing param "${p.name}"`);
      return;
    }
    const bad = () => {
      throw RpcError.of('INVALID_PARAMS', `${method}: param "${p.name}" must be ${p.type}`);
    };
    switch (p.type) {
      case 'number':
        if (!Number.isSafeInteger(v) || (v as number) < 0) bad();
        break;
      case 'string':
        if (typeof v !== 'string') bad();
        break;
      case 'boolean':
        if (typeof v !== 'boolean') bad();
        break;
      case 'hex':
        if (typeof v !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(v)) bad();
        break;
      case 'address':
        if (typeof v !== 'string' || !isAddress(v)) bad();
        break;
      case 'numberOrHash':
        if (
          !(Number.isSafeInteger(v) && (v as number) >= 0) &&
          !(typeof v === 'string' && /^0x[0-9a-fA-F]{64}$/.test(v))
        )
          bad();
        break;
      case 'any':
        break;
    }
  });
  return list;
}

function blockJson(chain: Chain, block: Block, resultBytes: Uint8Array): BlockJson {
  const { events, receipts } = decodeResult(resultBytes);
  const extrinsics: ExtrinsicJson[] = block.txs.map((bytes, i) => {
    const tx = decodeTx(bytes);
    const r = receipts[i];
    const p = tx.payload;
    const x: ExtrinsicJson = {
      hash: tx.hash,
      raw: toHex(bytes),
      signer: p.signer,
      nonce: p.nonce,
      tip: p.tip.toString(),
      validUntil: p.validUntil,
      module: p.call.module,
      fn: p.call.fn,
      args: toJsonValue(p.call.args),
      success: r?.success ?? false,
      fee: (r?.fee ?? 0n).toString(),
    };
    if (r?.error) x.error = r.error;
    return x;
  });
  void chain;
  return {
    header: headerJson(block) as HeaderJson,
    extrinsics,
    events: events.map((e) => {
      const o: { module: string; name: string; data: unknown; extrinsic?: number } = {
        module: e.module,
        name: e.name,
        data: toJsonValue(e.data),
      };
      if (e.extrinsic !== undefined && e.extrinsic !== null) o.extrinsic = e.extrinsic;
      return o;
    }),
  };
}

/** Resolves a block id (number, 0x hash, or undefined for the head). */
function resolve(chain: Chain, at?: number | string) {
  return chain.getBlock(at === undefined || at === null ? chain.headNumber : at);
}

export function createRpcHandlers(chain: Chain, opts: HandlerOptions): Handlers {
  const h: Handlers = {
    system_health: () => ({
      peers: opts.peers?.() ?? 0,
      isSyncing: opts.isSyncing?.() ?? false,
      shouldHavePeers: false,
      best: chain.headNumber,
    }),
    system_chain: () => chain.spec.name,
    system_version: () => opts.nodeVersion,
    system_chainInfo: () => ({
      name: chain.spec.name,
      id: chain.spec.id,
      genesisHash: toHex(chain.genesisHash),
      blockTimeMs: chain.spec.blockTimeMs,
      tokenSymbol: 'TAO',
      decimals: 9,
      ss58Prefix: 42,
      runtimeVersion: chain.runtime.version,
      dev: opts.dev ?? false,
    }),
    chain_getHeader: (at) => {
      const b = resolve(chain, at);
      return b ? (headerJson(decodeBlock(b.block)) as HeaderJson) : null;
    },
    chain_getBlock: (at) => {
      const b = resolve(chain, at);
      return b ? blockJson(chain, decodeBlock(b.block), b.result) : null;
    },
    chain_getBlockHash: (n) => resolve(chain, n)?.hash ?? null,
    chain_getRawBlock: (at) => {
      const b = resolve(chain, at);
      return b ? toHex(b.block) : null;
    },
    author_submitExtrinsic: (hex) => {
      try {
        return chain.submit(fromHex(hex)).hash;
      } catch (e) {
        if (e instanceof InvalidTransaction) {
          // A refused feeless call also names its dispatch error (`module.Error`).
          const data = e.reason === 'Call' && e.detail ? { reason: e.reason, error: e.detail } : { reason: e.reason };
          throw RpcError.of('INVALID_TRANSACTION', e.message, data);
        }
        throw e;
      }
    },
    author_pendingExtrinsics: () => chain.pool.all().map((t) => t.hash),
    state_getAccount: (address) => {
      const a = getAccount(chain.readState(), address);
      return { free: a.free.toString(), reserved: a.reserved.toString(), nonce: a.nonce };
    },
    state_getStorage: (key) => {
      const v = chain.readState().get<Value>(key);
      return v === undefined ? null : toJsonValue(v);
    },
  };
  return h;
}

export type HandlerFactory = (chain: Chain, opts: HandlerOptions) => Handlers;

/** Modules that add RPC methods (subnets, staking …) list their handler factories here. */
const MODULE_HANDLERS: readonly HandlerFactory[] = [economyRpcHandlers];

/** All handlers: the core ones plus every module's. */
export function allRpcHandlers(chain: Chain, opts: HandlerOptions): Handlers {
  const out: Handlers = createRpcHandlers(chain, opts);
  for (const f of MODULE_HANDLERS) Object.assign(out, f(chain, opts));
  return out;
}

/**
 * Signed transactions (encoding v1, see docs/encoding.md).
 *
 *   payload = { v: 1, chain: <genesis hash, 32 bytes>, signer: <ss58>, nonce, validUntil, tip,
 *               call: { module, fn, args } }
 *   signed  = { payload, sig: <64-byte sr25519 signature> }
 *   message = "tensorium/tx/v1:" ‖ encode(payload)
 *   hash    = blake2b-256(encode(signed))
 *
 * A transaction is bound to one chain by its genesis hash, may be included only in blocks numbered
 * `validUntil` or lower, and carries the signer's next nonce, so that it can never be applied twice.
 */
import {
  blake2b256,
  concatBytes,
  decode,
  encode,
  type Keypair,
  sign,
  ss58Decode,
  toHex,
  utf8Encode,
  type Value,
} from '@tensorium/primitives';
import { InvalidTransaction } from '../framework/errors.js';

export const TX_VERSION = 1;
const TX_DOMAIN = utf8Encode('tensorium/tx/v1:');

export interface Call {
  readonly module: string;
  readonly fn: string;
  readonly args: Record<string, Value>;
}

export interface TxPayload {
  readonly chain: Uint8Array;
  readonly signer: string;
  readonly nonce: number;
  readonly validUntil: number;
  readonly tip: bigint;
  readonly call: Call;
}

export interface SignedTx {
  readonly payload: TxPayload;
  readonly sig: Uint8Array;
  /** The canonical bytes (what is gossiped, stored and hashed). */
  readonly bytes: Uint8Array;
  readonly hash: string;
}

function payloadValue(p: TxPayload): Value {
  return {
    v: TX_VERSION,
    chain: p.chain,
    signer: p.signer,
    nonce: p.nonce,
    validUntil: p.validUntil,
    tip: p.tip,
    call: { module: p.call.module, fn: p.call.fn, args: p.call.args },
  };
}

export function signingMessage(p: TxPayload): Uint8Array {
  return concatBytes(TX_DOMAIN, encode(payloadValue(p)));
}

/**
 * The signing message of a transaction whose bytes are canonical (from `signTx` or `decodeTx`): the payload's
 * encoding is then a slice of the signed bytes, `{payload, sig}` being a two-entry map with a 64-byte `sig` last:
 *   0x08 0x02 | 0x07 "payload" | <payload> | 0x03 "sig" 0x06 0x40 <64 bytes>
 * so it is taken from there instead of being encoded again (the import hot path).
 */
export function txSigningMessage(tx: SignedTx): Uint8Array {
  const b = tx.bytes;
  const end = b.length - SIG_TAIL;
  if (
    end > PAYLOAD_OFFSET &&
    b[0] === 0x08 &&
    b[1] === 0x02 &&
    b[2] === 0x07 &&
    b[end] === 0x03 &&
    b[end + 4] === 0x06 &&
    b[end + 5] === 0x40
  ) {
    const out = new Uint8Array(TX_DOMAIN.length + end - PAYLOAD_OFFSET);
    out.set(TX_DOMAIN, 0);
    out.set(b.subarray(PAYLOAD_OFFSET, end), TX_DOMAIN.length);
    return out;
  }
  return signingMessage(tx.payload);
}
const PAYLOAD_OFFSET = 3 + 'payload'.length;
const SIG_TAIL = 1 + 'sig'.length + 2 + 64;

const MAX_CACHED_KEYS = 65_536;
const signerKeys = new Map<string, Uint8Array | null>();

/**
 * The public key of an SS58 signer address, or undefined if it is not one (0x-hex keys are not addresses here).
 * Memoised: decoding an address (base58 and a blake2b-512 checksum) costs more than the rest of a transfer's
 * checks, and the same signers recur block after block. A pure cache, bounded, oldest entries dropped first.
 */
export function signerPublicKey(address: string): Uint8Array | undefined {
  let k = signerKeys.get(address);
  if (k === undefined) {
    try {
      k = address.startsWith('0x') ? null : ss58Decode(address);
    } catch {
      k = null;
    }
    if (signerKeys.size >= MAX_CACHED_KEYS) signerKeys.delete(signerKeys.keys().next().value!);
    signerKeys.set(address, k);
  }
  return k ?? undefined;
}

export function signTx(p: TxPayload, pair: Keypair): SignedTx {
  if (pair.address !== p.signer) throw new Error('keypair does not match the payload signer');
  const sig = sign(pair, signingMessage(p));
  const bytes = encode({ payload: payloadValue(p), sig });
  return { payload: p, sig, bytes, hash: toHex(blake2b256(bytes)) };
}

const isObj = (v: unknown): v is Record<string, Value> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
const isU32 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;

/** Decodes transaction bytes, checking every field's shape; throws InvalidTransaction('Malformed'). */
export function decodeTx(bytes: Uint8Array, maxBytes = Number.POSITIVE_INFINITY): SignedTx {
  if (bytes.length > maxBytes) throw new InvalidTransaction('Oversized', `${bytes.length} bytes > ${maxBytes}`);
  let v: Value;
  try {
    v = decode(bytes);
  } catch (e) {
    throw new InvalidTransaction('Malformed', (e as Error).message);
  }
  const bad = (what: string): never => {
    throw new InvalidTransaction('Malformed', what);
  };
  if (!isObj(v) || Object.keys(v).length !== 2 || !isObj(v.payload) || !(v.sig instanceof Uint8Array))
    bad('expected {payload, sig}');
  const r = v as { payload: Record<string, Value>; sig: Uint8Array };
  const p = r.payload;
  if (p.v !== TX_VERSION) bad(`unsupported transaction version ${String(p.v)}`);
  if (!(p.chain instanceof Uint8Array) || p.chain.length !== 32) bad('chain must be 32 bytes');
  if (typeof p.signer !== 'string' || !signerPublicKey(p.signer)) bad('signer must be an SS58 address');
  if (!isU32(p.nonce)) bad('nonce must be a u32');
  if (!isU32(p.validUntil)) bad('validUntil must be a u32 block number');
  if (typeof p.tip !== 'bigint' || p.tip < 0n || p.tip >= 1n << 64n) bad('tip must be a u64 bigint');
  const c = p.call;
  if (
    !isObj(c) ||
    typeof c.module !== 'string' ||
    typeof c.fn !== 'string' ||
    !isObj(c.args) ||
    Object.keys(c).length !== 3
  )
    bad('call must be {module, fn, args}');
  if (r.sig.length !== 64) bad('signature must be 64 bytes');
  if (Object.keys(p).length !== 7) bad('unexpected payload fields');
  const cc = c as { module: string; fn: string; args: Record<string, Value> };
  const payload: TxPayload = {
    chain: p.chain as Uint8Array,
    signer: p.signer as string,
    nonce: p.nonce as number,
    validUntil: p.validUntil as number,
    tip: p.tip as bigint,
    call: { module: cc.module, fn: cc.fn, args: cc.args },
  };
  return { payload, sig: r.sig, bytes, hash: toHex(blake2b256(bytes)) };
}

/**
 * Blocks (encoding v1, see docs/encoding.md).
 *
 *   header = { v: 1, number, parent, stateRoot, txRoot (32 bytes each), timestamp (ms), author (ss58) }
 *   hash   = blake2b-256(encode(header))
 *   block  = { header, sig, txs: [tx bytes…] }, sig = author's sr25519 signature of "tensorium/header/v1:" ‖ hash
 *   txRoot = blake2b-256(encode([tx hash bytes…]))
 */
import {
  blake2b256,
  concatBytes,
  decode,
  encode,
  fromHex,
  isAddress,
  ss58Decode,
  toHex,
  utf8Encode,
  type Value,
  verify,
} from '@tensorium/primitives';

export const BLOCK_VERSION = 1;
const HEADER_DOMAIN = utf8Encode('tensorium/header/v1:');

export interface Header {
  readonly number: number;
  readonly parent: Uint8Array;
  readonly stateRoot: Uint8Array;
  readonly txRoot: Uint8Array;
  readonly timestamp: number;
  readonly author: string;
}

export interface Block {
  readonly header: Header;
  readonly sig: Uint8Array;
  readonly txs: readonly Uint8Array[];
}

export function headerValue(h: Header): Value {
  return {
    v: BLOCK_VERSION,
    number: h.number,
    parent: h.parent,
    stateRoot: h.stateRoot,
    txRoot: h.txRoot,
    timestamp: h.timestamp,
    author: h.author,
  };
}

export function headerHash(h: Header): Uint8Array {
  return blake2b256(encode(headerValue(h)));
}

export function headerSigningMessage(hash: Uint8Array): Uint8Array {
  return concatBytes(HEADER_DOMAIN, hash);
}

export function txRoot(txHashes: readonly string[]): Uint8Array {
  return blake2b256(encode(txHashes.map((h) => fromHex(h))));
}

export function encodeBlock(b: Block): Uint8Array {
  return encode({ header: headerValue(b.header), sig: b.sig, txs: b.txs as Uint8Array[] });
}

export class BlockFormatError extends Error {}

export function decodeBlock(bytes: Uint8Array): Block {
  const v = decode(bytes) as Record<string, Value>;
  const h = v?.header as Record<string, Value> | undefined;
  // Exactly these fields, so that a decoded block encodes back to the same bytes (stored as received on import).
  const ok =
    h &&
    Object.keys(v).length === 3 &&
    Object.keys(h).length === 7 &&
    h.v === BLOCK_VERSION &&
    typeof h.number === 'number' &&
    h.parent instanceof Uint8Array &&
    h.parent.length === 32 &&
    h.stateRoot instanceof Uint8Array &&
    h.stateRoot.length === 32 &&
    h.txRoot instanceof Uint8Array &&
    h.txRoot.length === 32 &&
    typeof h.timestamp === 'number' &&
    typeof h.author === 'string' &&
    isAddress(h.author) &&
    v.sig instanceof Uint8Array &&
    Array.isArray(v.txs) &&
    v.txs.every((t) => t instanceof Uint8Array);
  if (!ok) throw new BlockFormatError('malformed block');
  const header: Header = {
    number: h.number as number,
    parent: h.parent as Uint8Array,
    stateRoot: h.stateRoot as Uint8Array,
    txRoot: h.txRoot as Uint8Array,
    timestamp: h.timestamp as number,
    author: h.author as string,
  };
  return { header, sig: v.sig as Uint8Array, txs: v.txs as Uint8Array[] };
}

export function verifyHeaderSignature(b: Block): boolean {
  return verify(headerSigningMessage(headerHash(b.header)), b.sig, ss58Decode(b.header.author));
}

/** The JSON form used by RPC and tools. */
export interface HeaderJson {
  number: number;
  hash: string;
  parentHash: string;
  stateRoot: string;
  extrinsicsRoot: string;
  timestamp: number;
  author: string;
  signature: string;
}

export function headerJson(b: Block): HeaderJson {
  return {
    number: b.header.number,
    hash: toHex(headerHash(b.header)),
    parentHash: toHex(b.header.parent),
    stateRoot: toHex(b.header.stateRoot),
    extrinsicsRoot: toHex(b.header.txRoot),
    timestamp: b.header.timestamp,
    author: b.header.author,
    signature: toHex(b.sig),
  };
}

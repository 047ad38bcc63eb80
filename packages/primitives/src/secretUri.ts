/**
 * Substrate secret URIs: `<phrase or 0x seed>[/soft | //hard]*[///password]`, and the chain codes of their
 * derivation junctions (sp_core `DeriveJunction`): a junction that parses as a u64 (optional `+`, decimal digits,
 * at most 2^64 − 1) is the 8-byte little-endian integer; any other junction is its SCALE encoding as a string
 * (compact length prefix ‖ UTF-8). The encoding is zero-padded to 32 bytes, or replaced by its blake2b-256 when
 * longer than 32 bytes. (polkadot-js differs only on junctions Substrate reads as strings: numbers of 2^64 and more,
 * which it encodes as 256-bit integers, and `0x` hex, which it takes as raw bytes; Bittensor's wallet is Substrate.)
 */
import { blake2b } from './blake2b.js';
import { utf8Encode } from './hex.js';

export interface Junction {
  readonly hard: boolean;
  /** The 32-byte chain code. */
  readonly chainCode: Uint8Array;
}

export interface SecretUri {
  /** A 0x-hex seed or the words of a mnemonic (not validated here). */
  readonly phrase: string;
  readonly path: readonly Junction[];
  /** The text after `///` (the BIP39 passphrase of a mnemonic); '' when absent. */
  readonly password: string;
}

// phrase: 0x-hex, or words of letters and ASCII digits separated by single spaces; then junctions; then ///password.
const SURI = /^(0x[0-9a-fA-F]+|[\p{L}0-9]+(?: [\p{L}0-9]+)*)((?:\/\/?[^/]+)*)(?:\/\/\/(.*))?$/u;
const JUNCTION = /\/(\/?)([^/]+)/g;
const U64_MAX = (1n << 64n) - 1n;

/** SCALE compact encoding of a length. */
function compactLength(n: number): Uint8Array {
  if (n < 1 << 6) return new Uint8Array([n << 2]);
  if (n < 1 << 14) return new Uint8Array([((n << 2) | 1) & 0xff, n >> 6]);
  if (n < 2 ** 30) {
    const v = (n * 4 + 2) >>> 0;
    return new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]);
  }
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.push(v % 256);
  return new Uint8Array([((bytes.length - 4) << 2) | 3, ...bytes]);
}

/** The 32-byte chain code of one junction's text (without its leading slashes). */
export function junctionChainCode(code: string): Uint8Array {
  let encoded: Uint8Array;
  const digits = /^\+?[0-9]+$/.test(code) ? BigInt(code.replace('+', '')) : undefined;
  if (digits !== undefined && digits <= U64_MAX) {
    encoded = new Uint8Array(8);
    let v = digits;
    for (let i = 0; i < 8; i++, v >>= 8n) encoded[i] = Number(v & 0xffn);
  } else {
    const text = utf8Encode(code);
    const len = compactLength(text.length);
    encoded = new Uint8Array(len.length + text.length);
    encoded.set(len, 0);
    encoded.set(text, len.length);
  }
  if (encoded.length > 32) return blake2b(encoded, 32);
  const cc = new Uint8Array(32);
  cc.set(encoded, 0);
  return cc;
}

/** Splits a secret URI (NFC-normalised first); undefined when it does not have the URI form. */
export function parseSecretUri(uri: string): SecretUri | undefined {
  const m = SURI.exec(uri.normalize('NFC'));
  if (!m) return undefined;
  const path: Junction[] = [];
  for (const j of m[2]!.matchAll(JUNCTION)) path.push({ hard: j[1] === '/', chainCode: junctionChainCode(j[2]!) });
  return { phrase: m[1]!, path, password: m[3] ?? '' };
}

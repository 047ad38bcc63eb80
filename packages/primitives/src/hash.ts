import { blake3 } from '@noble/hashes/blake3.js';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { toHex, utf8Encode } from './hex.js';

/**
 * blake2b with a 256-bit digest: the hash of transactions, blocks and bodies. Uses the WebAssembly blake2b once
 * `cryptoReady()` has run (about 7× faster than the JavaScript one on a transaction), the JavaScript one before.
 */
export function blake2b256(data: Uint8Array): Uint8Array {
  return blake2AsU8a(data, 256);
}

export function blake2b256Hex(data: Uint8Array | string): string {
  return toHex(blake2b256(typeof data === 'string' ? utf8Encode(data) : data));
}

/**
 * Keyed blake2b with a 512-bit digest (RFC 7693 keyed mode, key up to 64 bytes): the element hash of the state
 * root. WebAssembly once `cryptoReady()` has run, JavaScript before; both give the same bytes.
 */
export function blake2b512Keyed(data: Uint8Array, key: Uint8Array): Uint8Array {
  return blake2AsU8a(data, 512, key);
}

/** blake3 in extendable-output mode . */
export function blake3Xof(data: Uint8Array, outLen: number): Uint8Array {
  return blake3(data, { dkLen: outLen });
}

import { blake3 } from '@noble/hashes/blake3.js';
import { blake2b, blake2b512KeyedInto } from './blake2b.js';
import { toHex, utf8Encode } from './hex.js';

/**
 * blake2b with a 256-bit digest: the hash of transactions, blocks and bodies. The compression function runs in
 * WebAssembly (see blake2b.ts), available as soon as this module is loaded.
 */
export function blake2b256(data: Uint8Array): Uint8Array {
  return blake2b(data, 32);
}

export function blake2b256Hex(data: Uint8Array | string): string {
  return toHex(blake2b256(typeof data === 'string' ? utf8Encode(data) : data));
}

/**
 * Keyed blake2b with a 512-bit digest (RFC 7693 keyed mode, key up to 64 bytes): the element hash of the state
 * root. Same WebAssembly compression function as `blake2b256`.
 */
export function blake2b512Keyed(data: Uint8Array, key: Uint8Array): Uint8Array {
  return blake2b(data, 64, key);
}

export { blake2b512KeyedInto };

/** blake3 in extendable-output mode . */
export function blake3Xof(data: Uint8Array, outLen: number): Uint8Array {
  return blake3(data, { dkLen: outLen });
}

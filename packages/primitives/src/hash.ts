import { blake2b } from '@noble/hashes/blake2.js';
import { blake3 } from '@noble/hashes/blake3.js';
import { toHex, utf8Encode } from './hex.js';

/** blake2b with a 256-bit digest: the hash of transactions, blocks and bodies. */
export function blake2b256(data: Uint8Array): Uint8Array {
  return blake2b(data, { dkLen: 32 });
}

export function blake2b256Hex(data: Uint8Array | string): string {
  return toHex(blake2b256(typeof data === 'string' ? utf8Encode(data) : data));
}

/** blake3 in extendable-output mode (used by the state root's lattice hash). */
export function blake3Xof(data: Uint8Array, outLen: number): Uint8Array {
  return blake3(data, { dkLen: outLen });
}

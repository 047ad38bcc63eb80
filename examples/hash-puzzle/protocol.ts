/**
 * The hash-puzzle subnet's protocol: a validator sends a random 32-byte seed and a difficulty d; a miner answers with
 * a nonce such that SHA-256(seed ‖ nonce as u64 LE) starts with at least d zero bits. Finding one takes about 2^d
 * hashes, checking it takes one, so answers are verifiable and work is real.
 */
import { createHash } from 'node:crypto';
import { defineSynapse } from '@tensorium/sdk';
import { z } from 'zod';

export const HashPuzzle = defineSynapse({
  name: 'HashPuzzle',
  request: z.object({ seed: z.string().regex(/^[0-9a-f]{64}$/), difficulty: z.int().min(1).max(32) }),
  response: z.object({ nonce: z.int().min(0).nullable().optional() }),
  timeout: 6,
});

export function puzzleHash(seed: string, nonce: number): Buffer {
  const n = Buffer.alloc(8);
  n.writeBigUInt64LE(BigInt(nonce));
  return createHash('sha256').update(Buffer.from(seed, 'hex')).update(n).digest();
}

export function leadingZeroBits(h: Uint8Array): number {
  let bits = 0;
  for (const byte of h) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export function verify(seed: string, difficulty: number, nonce: number | null | undefined): boolean {
  if (typeof nonce !== 'number' || !Number.isSafeInteger(nonce) || nonce < 0) return false;
  return leadingZeroBits(puzzleHash(seed, nonce)) >= difficulty;
}

/** Searches nonces from 0, yielding to the event loop every 2048 hashes; null if aborted. */
export async function solve(seed: string, difficulty: number, signal?: AbortSignal): Promise<number | null> {
  for (let nonce = 0; ; nonce++) {
    if (verify(seed, difficulty, nonce)) return nonce;
    if (nonce % 2048 === 2047) {
      await new Promise((r) => setImmediate(r));
      if (signal?.aborted) return null;
    }
  }
}

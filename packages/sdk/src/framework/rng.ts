/**
 * A small seeded random generator (xoshiro128**) for reproducible validator rounds: the seed is derived from the
 * block hash, the validator's hotkey and its step number, and logged, so a round's sample and challenges can be
 * replayed from the logs. Not for secrets (the block hash is public).
 */
import { blake2b256, fromHex, ss58Decode, toHex } from '@tensorium/primitives';
import { NeuronError } from './errors.js';

export interface Rng {
  /** Hex of the 32-byte seed. */
  readonly seed: string;
  /** Uniform u32. */
  u32(): number;
  /** Uniform integer in [0, n) (n ≤ 2^32), without modulo bias. */
  int(n: number): number;
  /** Uniform float in [0, 1) with 32 random bits. */
  float(): number;
  /** `k` distinct items of `items` (all when k ≥ length), in drawn order. */
  sample<T>(items: readonly T[], k: number): T[];
  /** Random bytes. */
  bytes(n: number): Uint8Array;
}

/** `blake2b256(blockHash ‖ hotkey public key ‖ step as u64 LE)`. */
export function roundSeed(blockHash: string, hotkey: string, step: number): Uint8Array {
  const hash = fromHex(blockHash);
  const key = ss58Decode(hotkey);
  const s = new Uint8Array(8);
  new DataView(s.buffer).setBigUint64(0, BigInt(step), true);
  const all = new Uint8Array(hash.length + key.length + 8);
  all.set(hash, 0);
  all.set(key, hash.length);
  all.set(s, hash.length + key.length);
  return blake2b256(all);
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

export function createRng(seed: Uint8Array): Rng {
  if (seed.length < 16) throw new NeuronError('TNS_NEURON_RNG', 'seed must be at least 16 bytes');
  const v = new DataView(seed.buffer, seed.byteOffset, seed.byteLength);
  const s = [v.getUint32(0, true), v.getUint32(4, true), v.getUint32(8, true), v.getUint32(12, true)];
  if (!s.some((x) => x !== 0)) s[0] = 1;
  const u32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2] = (s[2]! ^ s[0]!) >>> 0;
    s[3] = (s[3]! ^ s[1]!) >>> 0;
    s[1] = (s[1]! ^ s[2]!) >>> 0;
    s[0] = (s[0]! ^ s[3]!) >>> 0;
    s[2] = (s[2]! ^ t) >>> 0;
    s[3] = rotl(s[3]!, 11);
    return result;
  };
  const int = (n: number): number => {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32)
      throw new NeuronError('TNS_NEURON_RNG', `int(n) needs 1 ≤ n ≤ 2^32, got ${n}`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const x = u32();
      if (x < limit) return x % n;
    }
  };
  return {
    seed: toHex(seed),
    u32,
    int,
    float: () => u32() / 2 ** 32,
    sample<T>(items: readonly T[], k: number): T[] {
      const a = items.slice();
      const m = Math.min(Math.max(0, Math.floor(k)), a.length);
      for (let i = 0; i < m; i++) {
        const j = i + int(a.length - i);
        [a[i], a[j]] = [a[j]!, a[i]!];
      }
      return a.slice(0, m);
    },
    bytes(n: number): Uint8Array {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = u32() & 0xff;
      return out;
    },
  };
}

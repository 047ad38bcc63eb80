/**
 * Weights as typed on the command line (`--weights 0.5,0.25` or `--weights 3,1`) turned into the u16 values the chain
 * takes, without floats: decimals become exact integers at a common scale, then the economy's `maxUpscaleToU16` (the
 * chain's own max-upscaling) maps them to u16. Integers that already fit in u16 are sent as they are, so a reveal
 * that repeats a commit's printed values sends the same numbers. Also random commit salts.
 */
import { randomFillSync } from 'node:crypto';
import { maxUpscaleToU16 } from '@tensorium/runtime';
import { u16List, usageError } from './economyArgs.js';

/** Largest integer `maxUpscaleToU16` takes (its I32F32 range). */
const MAX_INPUT = 2n ** 31n - 1n;

/** The u16 weights for `--weights`, one per uid. */
export function weightsToU16(text: string, count: number): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((p) => !/^\d+(\.\d+)?$/.test(p) && !/^\.\d+$/.test(p)))
    throw usageError(`--weights must be non-negative numbers such as 0.5,0.25 or 3,1, got "${text}"`);
  if (parts.length !== count) throw usageError(`--weights has ${parts.length} values for ${count} uids`);
  const decimals = Math.max(...parts.map((p) => (p.split('.')[1] ?? '').length));
  const scaled = parts.map((p) => {
    const [w = '', f = ''] = p.split('.');
    return BigInt(w || '0') * 10n ** BigInt(decimals) + BigInt(f.padEnd(decimals, '0') || '0');
  });
  if (decimals === 0 && scaled.every((v) => v <= 0xffffn)) return scaled.map(Number);
  const max = scaled.reduce((a, v) => (v > a ? v : a), 0n);
  if (max > MAX_INPUT) throw usageError('--weights: too many digits (give at most 9 significant digits per value)');
  return maxUpscaleToU16(scaled.map(Number));
}

/** `--uids` and `--weights` together. */
export function uidsAndWeights(values: Record<string, unknown>): { uids: number[]; weights: number[] } {
  if (typeof values.uids !== 'string') throw usageError('--uids 0,1,… is required');
  if (typeof values.weights !== 'string') throw usageError('--weights w0,w1,… is required');
  const uids = u16List(values.uids, 'uids');
  return { uids, weights: weightsToU16(values.weights, uids.length) };
}

/** `--salt` as u16 values, or 8 random ones. */
export function saltOf(values: Record<string, unknown>): number[] {
  if (typeof values.salt === 'string') return u16List(values.salt, 'salt');
  const buf = new Uint16Array(8);
  randomFillSync(buf);
  return [...buf];
}

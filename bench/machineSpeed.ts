/**
 * How fast this machine is right now, against the machine on which the project's reference numbers were measured
 * (shared/spec/performance-facts.md: ~7,300 sr25519 verifications per second with schnorrkel-wasm on one core, and
 * the torch simulator's epoch times). The shared 2-core machines here drift by up to 2× between runs, so a target
 * stated in milliseconds "on this kind of machine" is compared twice: as measured, and scaled by this factor
 * (measured in the same run, before and after the benchmark).
 */
import { cryptoReady, keypairFromUri, sign, verify } from '@tensorium/primitives';

/** sr25519 verifications per second on the reference machine (performance-facts.md). */
export const REFERENCE_VERIFY_PER_SEC = 7300;

/** Verifications per second over about `ms` milliseconds (median of 10 rounds). */
export async function verifyRate(ms = 400): Promise<number> {
  await cryptoReady();
  const k = keypairFromUri('//machine-speed');
  const msg = new Uint8Array(150).fill(7);
  const sig = sign(k, msg);
  const rounds: number[] = [];
  const per = Math.max(20, Math.round((ms / 10) * 3));
  for (let r = 0; r < 10; r++) {
    const t0 = performance.now();
    for (let i = 0; i < per; i++) if (!verify(msg, sig, k.publicKey)) throw new Error('verify failed');
    rounds.push((per * 1000) / (performance.now() - t0));
  }
  rounds.sort((a, b) => a - b);
  return rounds[5]!;
}

/**
 * The factor that turns a time measured here into the reference machine's: `measured rate / reference rate`
 * (below 1 when this machine is slower now). A time `t` here is about `t × factor` there.
 */
export function speedFactor(rate: number): number {
  return rate / REFERENCE_VERIFY_PER_SEC;
}

export function describeSpeed(before: number, after: number): string {
  const rate = (before + after) / 2;
  return `machine speed: ${Math.round(before)} → ${Math.round(after)} sr25519 verify/s (reference machine ${REFERENCE_VERIFY_PER_SEC}/s): factor ${speedFactor(rate).toFixed(2)}`;
}

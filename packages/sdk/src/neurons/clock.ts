/** Wall-clock nanoseconds (Python `time.time_ns()`). */
export type NsClock = () => bigint;

let last = 0n;

/**
 * `Date.now()` in ns plus a sub-millisecond part from the monotonic clock, never repeating or going
 * backwards within the process (so nonces from one dendrite are strictly increasing).
 */
export const systemClockNs: NsClock = () => {
  let ns = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
  if (ns <= last) ns = last + 1n;
  last = ns;
  return ns;
};

export const NS_PER_SECOND = 1_000_000_000n;

/** Seconds (float) to integer nanoseconds. */
export function secondsToNs(s: number): bigint {
  return BigInt(Math.round(s * 1e9));
}

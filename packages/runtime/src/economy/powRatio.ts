// Scaled rational powers `floor(scale · (a/b)^(n/d))`, the exponentiation behind the Balancer pool
// (spec/economics.md §4.3). Two paths, chosen exactly as the reference chain's big-integer library chooses them:
// - exact: after reducing n/d by their gcd, when both fit in 32 bits and are ≤ 1024, the result is the exact integer
//   d-th root `floor((a^n · scale^d / b^n)^(1/d))`;
// - approximate: otherwise `exp((n/d)·(ln a − ln b))` evaluated with Taylor series in binary fixed point
//   (requested precision, 24 guard bits, early exit once the rounded digits stop changing), then floored. This path is
//   an approximation whose every rounding step is reproduced here, so the integer result is the chain's to the unit.
// A certified fast evaluation (powRatioCertified.ts) answers first when it can prove the floor.

import { powRatioCertified } from './powRatioCertified.js';

const MAX_EXACT_EXPONENT = 1024n;
const DEFAULT_MAX_ITERS = 4096;
const GUARD_BITS = 24n;
/** The certified path is used only when the reference keeps at least this many bits beyond the scale. */
const CERTIFIED_MIN_SPARE_BITS = 140;

function bitLength(v: bigint): number {
  if (v === 0n) return 0;
  const hex = v.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0]!, 16)));
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}

/** Floor division for signed bigints (`div_floor`). */
function divFloor(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Rounds `value / guard` to the nearest integer, ties away from zero (`round_to_precision`). */
function roundToPrecision(value: bigint, guard: bigint): bigint {
  let t = value / guard; // truncating, like `div_rem`
  const r = value % guard;
  if (r !== 0n) {
    const ar = r < 0n ? -r : r;
    if (ar * 2n >= guard) t += r < 0n ? -1n : 1n;
  }
  return t;
}

/** Largest integer r with r^q ≤ m (integer q-th root by Newton's method from above). */
export function integerRoot(m: bigint, q: number): bigint {
  if (m < 0n) throw new RangeError('integerRoot of a negative number');
  if (m < 2n || q === 1) return m;
  const qb = BigInt(q);
  let x = 1n << BigInt(Math.ceil(bitLength(m) / q));
  for (;;) {
    const y = ((qb - 1n) * x + m / x ** (qb - 1n)) / qb;
    if (y >= x) break;
    x = y;
  }
  while (x ** qb > m) x -= 1n;
  while ((x + 1n) ** qb <= m) x += 1n;
  return x;
}

/** ln(1 + x) in fixed point with scale `scale` (a power of two), Taylor series with the chain's exit rules. */
function ln1pFixed(x: bigint, _scale: bigint, scaleBits: bigint, guard: bigint, maxIters: number): bigint {
  let term = x;
  let result = x;
  let prev = roundToPrecision(result, guard);
  for (let n = 2; n <= maxIters; n++) {
    term = (term * x) >> scaleBits; // div_floor by a power of two
    if (term === 0n) break;
    const next = divFloor(term, BigInt(n));
    if (next === 0n) break;
    if (n % 2 === 0) result -= next;
    else result += next;
    const rounded = roundToPrecision(result, guard);
    const an = next < 0n ? -next : next;
    if (an < guard || rounded === prev) break;
    prev = rounded;
  }
  return result;
}

/** exp(x) in fixed point, Taylor series with the chain's exit rules. */
function expFixed(x: bigint, scale: bigint, guard: bigint, maxIters: number): bigint {
  let term = scale;
  let result = scale;
  let prev = roundToPrecision(result, guard);
  for (let n = 1; n <= maxIters; n++) {
    term = divFloor(term * x, scale * BigInt(n));
    if (term === 0n) break;
    result += term;
    const rounded = roundToPrecision(result, guard);
    const at = term < 0n ? -term : term;
    if (at < guard || rounded === prev) break;
    prev = rounded;
  }
  return result;
}

const lnTwoCache = new Map<string, bigint>();

function lnTwo(internalBits: bigint, guard: bigint, maxIters: number): bigint {
  const key = `${internalBits}:${maxIters}`;
  const hit = lnTwoCache.get(key);
  if (hit !== undefined) return hit;
  const scale = 1n << internalBits;
  const v = -ln1pFixed(-(scale >> 1n), scale, internalBits, guard, maxIters);
  lnTwoCache.set(key, v);
  return v;
}

/** ln(value) for a positive integer: normalise the mantissa into [0.75, 1.5), ln1p of it, plus shift · ln 2. */
function lnInteger(value: bigint, internalBits: bigint, guard: bigint, ln2: bigint, maxIters: number): bigint {
  const scale = 1n << internalBits;
  let shift = BigInt(Math.max(0, bitLength(value) - 1));
  let mantissa = (value << internalBits) >> shift;
  if (mantissa >= scale + (scale >> 1n)) {
    mantissa >>= 1n;
    shift += 1n;
  }
  return ln1pFixed(mantissa - scale, scale, internalBits, guard, maxIters) + ln2 * shift;
}

/**
 * `floor(scale · (baseNum / baseDen)^(expNum / expDen))` exactly as the reference chain computes it
 * (`SafeInt::pow_ratio_scaled`, spec §4.3); `precision` is the requested number of fractional bits of the
 * approximate path (256 for swaps, 1024 for limit-price deltas). Returns `undefined` for a zero denominator, a
 * negative base or scale.
 *
 * The approximate path first tries {@link powRatioCertified}, an independent fast evaluation with a proven error
 * bound that answers only when the floor is the same at both ends of the combined error interval (its own error and
 * the reference series' error); otherwise, and outside its domain, it replays the reference series step by step
 * ({@link powRatioScaledReference}). Both give the same integer.
 */
export function powRatioScaled(
  baseNum: bigint,
  baseDen: bigint,
  expNum: bigint,
  expDen: bigint,
  precision: number,
  scale: bigint,
): bigint | undefined {
  const pre = prepare(baseNum, baseDen, expNum, expDen, scale);
  if (pre.kind === 'done') return pre.value;
  const { p, q } = pre;
  if (isExactPath(p, q)) return exactPow(baseNum, baseDen, p, q, scale);
  const requested = Math.max(precision, 32, bitLength(scale) + 8);
  if (requested - bitLength(scale) >= CERTIFIED_MIN_SPARE_BITS) {
    const fast = powRatioCertified(baseNum, baseDen, p, q, scale);
    if (fast !== undefined) return fast;
  }
  return approximatePow(baseNum, baseDen, p, q, precision, scale);
}

/**
 * The reference algorithm replayed step by step, with no shortcut: same results as {@link powRatioScaled}, slower on the
 * approximate path (~0.5 ms at 256 bits). Exported for cross-checking.
 */
export function powRatioScaledReference(
  baseNum: bigint,
  baseDen: bigint,
  expNum: bigint,
  expDen: bigint,
  precision: number,
  scale: bigint,
): bigint | undefined {
  const pre = prepare(baseNum, baseDen, expNum, expDen, scale);
  if (pre.kind === 'done') return pre.value;
  const { p, q } = pre;
  if (isExactPath(p, q)) return exactPow(baseNum, baseDen, p, q, scale);
  return approximatePow(baseNum, baseDen, p, q, precision, scale);
}

type Prepared =
  | { readonly kind: 'done'; readonly value: bigint | undefined }
  | { readonly kind: 'go'; readonly p: bigint; readonly q: bigint };

function prepare(baseNum: bigint, baseDen: bigint, expNum: bigint, expDen: bigint, scale: bigint): Prepared {
  if (baseDen === 0n || expDen === 0n) return { kind: 'done', value: undefined };
  if (baseNum === 0n) return { kind: 'done', value: 0n };
  if (scale < 0n) return { kind: 'done', value: undefined };
  if (baseNum < 0n || baseDen < 0n || expNum < 0n || expDen < 0n) return { kind: 'done', value: undefined };
  if (expNum === 0n) return { kind: 'done', value: scale };
  const g = gcd(expNum, expDen);
  return g > 1n ? { kind: 'go', p: expNum / g, q: expDen / g } : { kind: 'go', p: expNum, q: expDen };
}

function isExactPath(p: bigint, q: bigint): boolean {
  return bitLength(p) <= 32 && bitLength(q) <= 32 && p <= MAX_EXACT_EXPONENT && q <= MAX_EXACT_EXPONENT;
}

function exactPow(baseNum: bigint, baseDen: bigint, p: bigint, q: bigint, scale: bigint): bigint {
  return integerRoot((baseNum ** p * scale ** q) / baseDen ** p, Number(q));
}

function approximatePow(
  baseNum: bigint,
  baseDen: bigint,
  p: bigint,
  q: bigint,
  precision: number,
  scale: bigint,
): bigint {
  const requested = BigInt(Math.max(precision, 32, bitLength(scale) + 8));
  const internal = requested + GUARD_BITS;
  const maxIters = Math.max(1, Math.min(DEFAULT_MAX_ITERS, Number(internal) + 128));
  const guard = 1n << GUARD_BITS;
  const internalScale = 1n << internal;

  const ln2 = lnTwo(internal, guard, maxIters);
  const lnBase =
    lnInteger(baseNum, internal, guard, ln2, maxIters) - lnInteger(baseDen, internal, guard, ln2, maxIters);
  const lnScaled = divFloor(lnBase * p, q);
  const e = expFixed(lnScaled, internalScale, guard, maxIters);
  const eRequested = roundToPrecision(e, guard);
  return divFloor(eRequested * scale, 1n << requested);
}

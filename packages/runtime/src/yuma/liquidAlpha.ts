/**
 * Liquid alpha (spec/yuma.md E11-Y3): the per-entry EMA rate `α = low + σ(k·(d − ½)) · (high − low)`, with the
 * chain's 31-term `exp_safe`, bit-exact. Fast float64 path for |z| ≤ 8 (every Taylor term below 2^42 raw bits),
 * `bigint` otherwise.
 */
import { fxExpSafe, I32F32 } from '@tensorium/primitives/fixed';
import { divFx, floorDivInt, mulFx, mulFxWide, ONE } from './fastMath.js';

const HALF = ONE / 2;
const LIMIT = 20 * ONE;
const FAST_LIMIT = 8 * ONE;
const E_BITS = 22802600 * 512; // e as I9F23, what exp_safe returns for x == 1

/** `exp_safe(x)` for I32F32 bits with |x| ≤ 8 after clamping (exact float path), else via bigint. */
function expSafeFast(x: number): number {
  if (x < -LIMIT) x = -LIMIT;
  else if (x > LIMIT) x = LIMIT;
  if (x === 0) return ONE;
  if (x === ONE) return E_BITS;
  const y = x < 0 ? -x : x;
  let r = ONE + y;
  let t = y;
  for (let i = 2; i <= 31; i++) {
    t = mulFxWide(t, y); // t < 2^41, y ≤ 2^35
    t = floorDivInt(t, i); // I32F32 (t << 32) / (i << 32), t ≥ 0
    if (t === 0) break; // every later term is 0 as well
    r += t;
  }
  return x < 0 ? divFx(ONE, r) : r;
}

export interface LiquidAlphaParams {
  /** I32F32 bits of low, high (u16_prop of AlphaValues) and k = steepness / −100 (saturating_div). */
  readonly low: number;
  readonly high: number;
  readonly k: number;
}

export function liquidAlphaParams(alphaLow: number, alphaHigh: number, steepness: number): LiquidAlphaParams {
  const low = Number(I32F32.div(BigInt(alphaLow) << 32n, 65535n << 32n));
  const high = Number(I32F32.div(BigInt(alphaHigh) << 32n, 65535n << 32n));
  const k = Number(I32F32.saturatingDiv(BigInt(steepness) << 32n, -100n << 32n));
  return { low, high, k };
}

/** α for a given d = (w ≥ b) ? clamp(w − c, 0, 1) : clamp(b − w, 0, 1). */
export function liquidAlphaOf(d: number, p: LiquidAlphaParams): number {
  const z = mulFxWide(p.k, d - HALF); // |k| < 2^41, |d − ½| ≤ 2^31
  let sigma: number;
  const az = z < 0 ? -z : z;
  if (az <= FAST_LIMIT) {
    const e = expSafeFast(z); // ≤ e^8 · 2^32 < 2^44
    sigma = divFx(ONE, ONE + e); // saturating_div of positives; ≤ 1
  } else {
    const e = fxExpSafe(BigInt(z));
    sigma = Number(I32F32.saturatingDiv(1n << 32n, I32F32.add(1n << 32n, e)));
  }
  let alpha = p.low + mulFx(sigma, p.high - p.low);
  if (alpha < p.low) alpha = p.low;
  if (alpha > p.high) alpha = p.high;
  return alpha;
}

/** The chain's `sigmoid_alpha(c, w, b)` on raw I32F32 bits. */
export function yumaLiquidAlpha(c: number, w: number, b: number, p: LiquidAlphaParams): number {
  let d: number;
  if (w >= b) {
    d = w - c;
  } else {
    d = b - w;
  }
  if (d < 0) d = 0;
  else if (d > ONE) d = ONE;
  return liquidAlphaOf(d, p);
}

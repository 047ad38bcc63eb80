/** The chain's `exp_safe` on I32F32 (spec/yuma.md E11): a 31-term Taylor series, bit-exact. */
import { I32F32 } from './formats.js';

const ONE = 1n << 32n;
const LIMIT = 20n << 32n;
/** `e` as I9F23 (`floor(e · 2^23) / 2^23`) widened to I32F32: what the chain returns for x == 1 exactly. */
const E_I9F23_BITS = 22802600n << 9n;

/**
 * `exp_safe(x)` for I32F32 raw bits: clamp x to [−20, 20]; exp(0) = 1; exp(1) = e as I9F23; otherwise
 * `r = 1 + y + Σ_{i=2..31} t_i` with `y = |x|`, `t_i = floor(t_{i−1} · y) / i` (fixed div, truncating);
 * `1 / r` for negative x. On overflow: 0 for x ≤ 0, I32F32::MAX otherwise.
 */
export function fxExpSafe(x: bigint): bigint {
  if (x < -LIMIT) x = -LIMIT;
  else if (x > LIMIT) x = LIMIT;
  if (x === 0n) return ONE;
  if (x === ONE) return E_I9F23_BITS;
  const overflow = x <= 0n ? 0n : I32F32.MAX;
  const y = x < 0n ? -x : x;
  let r: bigint | null = I32F32.checkedAdd(ONE, y);
  if (r === null) return overflow;
  let t: bigint | null = y;
  for (let i = 2n; i <= 31n; i++) {
    t = I32F32.checkedMul(t, y);
    if (t === null) return overflow;
    t = I32F32.checkedDiv(t, i << 32n);
    if (t === null) return overflow;
    r = I32F32.checkedAdd(r, t);
    if (r === null) return overflow;
  }
  if (x < 0n) {
    const q = I32F32.checkedDiv(ONE, r);
    return q === null ? overflow : q;
  }
  return r;
}

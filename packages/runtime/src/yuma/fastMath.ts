/**
 * Exact I32F32 arithmetic on float64 numbers holding raw bits (integers). Every operation returns exactly what the
 * `bigint` definition in `@tensorium/primitives` returns, as long as its operands are within the stated bounds; the
 * epoch only calls them where those bounds are proven (see the comments at each call site), and falls back to
 * `bigint` elsewhere. Each intermediate stays an integer below 2^53, so float64 arithmetic is exact.
 */

export const ONE = 4294967296; // 2^32, raw bits of 1.0
const TWO16 = 65536;
const TWO37 = 137438953472;
const TWO45 = 35184372088832;

/**
 * `floor(a · b / 2^32)`, the I32F32 product, for |a| ≤ 2^33 and |b| ≤ 2^33 (any signs).
 * a = ah·2^16 + al with 0 ≤ al < 2^16 and |ah| ≤ 2^17: ah·b < 2^50 and al·b < 2^49 are exact, and
 * floor((ah·b·2^16 + al·b) / 2^32) = floor((ah·b + floor(al·b / 2^16)) / 2^16).
 */
export function mulFx(a: number, b: number): number {
  const ah = Math.floor(a / TWO16);
  const al = a - ah * TWO16;
  return Math.floor((ah * b + Math.floor((al * b) / TWO16)) / TWO16);
}

/**
 * `floor(t / b)` for integers 0 ≤ t < 2^53, 0 < b < 2^53. Rounding is monotone and q* = floor(t/b) is
 * representable, so the float estimate is q* or q*+1; it is q*+1 exactly when q·b > t. That comparison is exact:
 * q·b < 2^53 is computed exactly, and a rounded q·b ≥ 2^53 is still > t.
 */
function floorDivSmall(t: number, b: number): number {
  const q = Math.floor(t / b);
  return q * b > t ? q - 1 : q;
}

/**
 * `floor(a · 2^32 / b)` for integers a ≥ 0, b > 0 (the I32F32 `safe_div` of non-negative operands whenever the
 * quotient is in range; callers guarantee that). Long division in base 2^16 (or 2^8) keeps every partial below
 * 2^53; huge operands fall back to `bigint`. Returns 0 when b == 0.
 */
export function divFx(a: number, b: number): number {
  if (b <= 0) return 0;
  if (a < TWO37 && b < TWO37) {
    const t1 = a * TWO16;
    const q1 = floorDivSmall(t1, b);
    const t2 = (t1 - q1 * b) * TWO16;
    return q1 * TWO16 + floorDivSmall(t2, b);
  }
  if (a < TWO45 && b < TWO45) {
    let q = 0;
    let r = a;
    for (let k = 0; k < 4; k++) {
      const t = r * 256;
      const qk = floorDivSmall(t, b);
      r = t - qk * b;
      q = q * 256 + qk;
    }
    return q;
  }
  return Number((BigInt(a) << 32n) / BigInt(b));
}

/** I32F32 `normalize` in place: if the sum is positive, every element becomes `floor(x·2^32 / Σ)`. */
export function normalizeInPlace(v: Float64Array): void {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  if (s <= 0) return;
  for (let i = 0; i < v.length; i++) v[i] = divFx(v[i]!, s);
}

/** `prop_to_u16` on raw bits |x| ≤ 2^37. */
export function propToU16(x: number): number {
  const v = Math.floor((x * 65535) / ONE);
  return v < 0 ? 0 : v > 65535 ? 65535 : v;
}

/** `u16_prop(u)` = floor(u · 2^32 / 65535) = u·65537 + floor(u / 65535), since 2^32 = 65535·65537 + 1. */
export function u16Prop(u: number): number {
  return u * 65537 + (u === 65535 ? 1 : 0);
}

const TWO21 = 2097152;
/**
 * `floor(a · b / 2^32)` for |a|, |b| < 2^42 with |a·b| < 2^85. Both operands split at 2^21:
 * a·b = ah·bh·2^42 + (ah·bl + al·bh)·2^21 + al·bl, every partial product below 2^44.
 */
export function mulFxWide(a: number, b: number): number {
  const ah = Math.floor(a / TWO21);
  const al = a - ah * TWO21;
  const bh = Math.floor(b / TWO21);
  const bl = b - bh * TWO21;
  const mid = ah * bl + al * bh;
  return ah * bh * 1024 + Math.floor((mid + Math.floor((al * bl) / TWO21)) / 2048);
}

/** `floor(t / i)` for integers 0 ≤ t < 2^53 and 0 < i < 2^53. */
export function floorDivInt(t: number, i: number): number {
  const q = Math.floor(t / i);
  return q * i > t ? q - 1 : q;
}

const TWO42 = 4398046511104;

/** One long-division step: `[floor(t/g), t mod g]` for 0 ≤ t < 2^53 and q ≤ 2^16, using inv ≈ 1/g. */
function step(t: number, g: number, inv: number): number {
  let q = Math.floor(t * inv);
  const r = t - q * g;
  if (r < 0) q -= 1;
  else if (r >= g) q += 1;
  return q;
}

/**
 * `floor(a · 2^32 / g)` for integers 0 ≤ a ≤ g, 0 < g, with `inv = 1 / g` precomputed (a column or row divisor).
 * Long division in base 2^16 (g < 2^37), 2^11/2^11/2^10 (g < 2^42) or 2^8 (g < 2^45): every partial dividend
 * t = r·base < g·base < 2^53, every digit ≤ base, and t·inv is within 1 of t/g; `bigint` beyond.
 */
export function divFxInv(a: number, g: number, inv: number): number {
  if (g < TWO37) {
    const t1 = a * TWO16;
    const q1 = step(t1, g, inv);
    const t2 = (t1 - q1 * g) * TWO16;
    return q1 * TWO16 + step(t2, g, inv);
  }
  if (g < TWO42) {
    const t1 = a * 2048;
    const q1 = step(t1, g, inv);
    const t2 = (t1 - q1 * g) * 2048;
    const q2 = step(t2, g, inv);
    const t3 = (t2 - q2 * g) * 1024;
    return (q1 * 2048 + q2) * 1024 + step(t3, g, inv);
  }
  return divFx(a, g);
}

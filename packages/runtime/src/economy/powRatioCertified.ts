// A fast, certified evaluation of floor(scale · (a/b)^(p/q)) for the approximate path of the pool exponentiation
// (spec/economics.md §4.3).
//
// Why: the reference series (powRatio.ts) needs ~600 big-number steps at 280 bits per call, about 0.5 ms in
// JavaScript, and a block's coinbase runs one such power per subnet. This module computes the same real number with
// W = 160 fractional bits: ln(a/b) from one division, a 128-entry table of ln(1 + j/128) and an atanh series with
// |z| < 1/257 (≈ 10 terms), then exp by reduction modulo ln 2, division by 2^10, a short Taylor series and 10
// squarings — a few dozen big-number steps in total.
//
// Why it gives the chain's integer: let T be the true value scale·(a/b)^(p/q). In the domain accepted below
// (|ln result| ≤ 16, p/q and q/p ≤ 2^10, a, b < 2^256, and — checked by the caller — a reference precision at least
// 140 bits finer than the scale), this computation is within 2^-135·T + 2^-150 of T (unit truncations at 2^-160,
// amplified at most 2^10 by p/q and 2^10 by the squarings), and the reference's unrounded value is within
// 2^-200·T + 2^-140 of T (its series run at ≥ 280 bits and converge well inside their iteration cap for |ln| ≤ 16;
// the last term is its 24-bit guard rounding, worth at most scale · 2^-(precision+1)). The result is returned only if
// the whole interval T̃ ± (2^-110·T̃ + 2^-110) has a single floor; then both computations floor to that same integer.
// Otherwise (T within 2^-110 of an integer — in particular every exactly representable result) the caller replays
// the reference series.

const W = 160n;
const ONE = 1n << W;
const MAX_ABS_LN = 16n << W;
const MAX_EXPONENT_RATIO = 1n << 10n;
const MARGIN_SHIFT = 110n;
const TABLE_BITS = 7n;
const TABLE_SIZE = 1 << Number(TABLE_BITS);
const EXP_HALVINGS = 10n;

function bitLength(v: bigint): number {
  if (v === 0n) return 0;
  const hex = v.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0]!, 16)));
}

/** 2·atanh(z) for 0 ≤ z < 1 with `bits` fractional bits; each step truncates. */
function twoAtanh(z: bigint, bits: bigint): bigint {
  const z2 = (z * z) >> bits;
  let term = z;
  let sum = z;
  for (let k = 3n; ; k += 2n) {
    term = (term * z2) >> bits;
    if (term === 0n) break;
    sum += term / k;
  }
  return 2n * sum;
}

/** ln(n/d) for 0 < d ≤ n, computed with 32 extra bits and truncated to W (used for constants). */
function lnConst(n: bigint, d: bigint): bigint {
  const bits = W + 32n;
  const z = ((n - d) << bits) / (n + d);
  return twoAtanh(z, bits) >> 32n;
}

const LN2: bigint = lnConst(2n, 1n);
let lnTable: bigint[] | undefined;

/** ln(1 + j/128) for j = 0..127, built on first use. */
function table(): bigint[] {
  if (!lnTable) {
    lnTable = [];
    for (let j = 0; j < TABLE_SIZE; j++) lnTable.push(lnConst(BigInt(TABLE_SIZE + j), BigInt(TABLE_SIZE)));
  }
  return lnTable;
}

/** ln(v) for an integer v ≥ 2^(W+1), W-bit fixed point, |error| ≤ 8 units. */
function lnLarge(v: bigint): bigint {
  const s = BigInt(bitLength(v) - 1) - W; // v = (m / ONE) · 2^(s + W), m ∈ [1, 2)·ONE
  const m = v >> s;
  const j = (m - ONE) >> (W - TABLE_BITS);
  const mr = (m << TABLE_BITS) / (BigInt(TABLE_SIZE) + j); // m / (1 + j/128) ∈ [1, 1 + 1/128)·ONE
  const z = ((mr - ONE) << W) / (mr + ONE);
  return twoAtanh(z, W) + table()[Number(j)]! + (s + W) * LN2;
}

/** ln(a / b), W-bit fixed point, |error| ≤ 2^5 units. */
function lnRatio(a: bigint, b: bigint): bigint {
  const e = BigInt(W + 2n) + BigInt(bitLength(b) - bitLength(a)) + 1n;
  const r = e >= 0n ? (a << e) / b : a / (b << -e); // ≥ 2^(W+1)
  return lnLarge(r) - e * LN2;
}

/** exp(x) as (mantissa, k) with value = mantissa · 2^k / ONE; relative error ≤ 2^-145 for |x| ≤ 16. */
function expParts(x: bigint): { readonly m: bigint; readonly k: bigint } {
  const num = 2n * x + LN2;
  const den = 2n * LN2;
  let k = num / den;
  if (num % den !== 0n && num < 0n) k -= 1n; // k = round(x / ln 2)
  const r = (x - k * LN2) / (1n << EXP_HALVINGS); // |r| ≤ 0.35 / 1024
  const neg = r < 0n;
  const ar = neg ? -r : r;
  let term = ONE;
  let sum = ONE;
  for (let n = 1n; ; n++) {
    term = ((term * ar) >> W) / n;
    if (term === 0n) break;
    sum += neg && (n & 1n) === 1n ? -term : term;
  }
  for (let i = 0n; i < EXP_HALVINGS; i++) sum = (sum * sum) >> W;
  return { m: sum, k };
}

/**
 * `floor(scale · (a/b)^(p/q))` when it can be certified (see the module comment), else `undefined`. Requires
 * `a, b > 0`, `p, q > 0`, `scale ≥ 0`.
 */
export function powRatioCertified(a: bigint, b: bigint, p: bigint, q: bigint, scale: bigint): bigint | undefined {
  if (a <= 0n || b <= 0n || p <= 0n || q <= 0n || scale < 0n) return undefined;
  if (p > q * MAX_EXPONENT_RATIO || q > p * MAX_EXPONENT_RATIO) return undefined;
  if (bitLength(a) > 256 || bitLength(b) > 256) return undefined;
  const l = (lnRatio(a, b) * p) / q;
  if (l > MAX_ABS_LN || l < -MAX_ABS_LN) return undefined;
  const { m, k } = expParts(l);
  const prod = scale * m;
  const t = k >= 0n ? prod << k : prod >> -k; // the value in W-bit fixed point
  const margin = (t >> MARGIN_SHIFT) + (1n << (W - MARGIN_SHIFT)) + 2n;
  const lo = t - margin;
  const hi = t + margin;
  if (lo < 0n) return hi < ONE ? 0n : undefined;
  const f = lo >> W;
  return f === hi >> W ? f : undefined;
}

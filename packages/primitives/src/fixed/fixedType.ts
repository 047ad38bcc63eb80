/**
 * A generic fixed-point number type over raw `bigint` bits, with the rounding rules of the reference chain's
 * `substrate-fixed` arithmetic (spec/yuma.md §1): multiplication floors (arithmetic shift), division truncates
 * toward zero, "safe" division returns 0 on a zero divisor or an overflowing quotient, and the saturating
 * variants clamp to the type's range. A value is `bits / 2^frac`.
 */

export interface FixedPointType {
  /** Type name, e.g. `I32F32`. */
  readonly name: string;
  /** Total number of bits of the raw representation (64 or 128). */
  readonly totalBits: number;
  /** Number of fractional bits. */
  readonly fracBits: number;
  readonly signed: boolean;
  /** Raw bits of 1.0. */
  readonly ONE: bigint;
  /** Smallest / largest raw bits. */
  readonly MIN: bigint;
  readonly MAX: bigint;

  /** Whether `bits` lies in the type's range. */
  inRange(bits: bigint): boolean;
  /** Clamp raw bits to the type's range. */
  saturate(bits: bigint): bigint;

  /** Exact conversion of an integer (saturating). */
  fromInt(n: bigint | number): bigint;
  /** Nearest representable value of a JS number (ties to even), saturating; NaN gives 0. For tests and constants. */
  fromNumber(x: number): bigint;
  /** Nearest representable value of a decimal string such as `"-0.3333333333"` (ties to even), saturating. */
  fromDecimal(s: string): bigint;
  /** `floor(value)` as an integer (`saturating_to_num` without the clamp). */
  toIntFloor(bits: bigint): bigint;
  /** `floor(value)` clamped to `[min, max]` (`saturating_to_num::<uN>()`). */
  toIntSaturating(bits: bigint, min: bigint, max: bigint): bigint;
  /** Approximate JS number (for display only, never for consensus). */
  toNumber(bits: bigint): number;
  /** Shortest decimal string that reads back to the same bits (as the Rust `Display` of the type prints). */
  toDecimal(bits: bigint): string;

  /** Saturating add / sub (exact when the result is in range, which is the usual case). */
  add(a: bigint, b: bigint): bigint;
  sub(a: bigint, b: bigint): bigint;
  /** `null` on overflow. */
  checkedAdd(a: bigint, b: bigint): bigint | null;
  checkedSub(a: bigint, b: bigint): bigint | null;

  /** `(a*b) >> frac` (floor toward −∞), saturating. */
  mul(a: bigint, b: bigint): bigint;
  /** `(a*b) >> frac`, `null` on overflow. */
  checkedMul(a: bigint, b: bigint): bigint | null;
  /** Multiply by a plain integer (exact), saturating. */
  mulInt(a: bigint, n: bigint): bigint;

  /** `safe_div`: `(a << frac) / b` truncated toward zero; 0 when `b == 0` or the quotient overflows. */
  div(a: bigint, b: bigint): bigint;
  /** `checked_div`: `null` when `b == 0` or the quotient overflows. */
  checkedDiv(a: bigint, b: bigint): bigint | null;
  /** `saturating_div`: clamps an overflowing quotient; `x/0` gives MAX or MIN by the sign of `x` (0/0 gives 0). */
  saturatingDiv(a: bigint, b: bigint): bigint;
  /** Integer ratio `a / b` computed as `fromInt(a) / fromInt(b)` with `div` (0 when `b == 0`). */
  ratio(a: bigint | number, b: bigint | number): bigint;

  /** `round()`: to nearest, ties away from zero. Returns raw bits of an integral value. */
  round(bits: bigint): bigint;
  /** Raw bits of `floor(value)`. */
  floor(bits: bigint): bigint;
}

function divTrunc(a: bigint, b: bigint): bigint {
  return a / b; // BigInt division truncates toward zero
}

function roundHalfEven(num: bigint, den: bigint): bigint {
  // den > 0
  let q = num / den;
  let r = num % den;
  if (r < 0n) {
    q -= 1n;
    r += den;
  }
  const twice = 2n * r;
  if (twice > den || (twice === den && (q & 1n) === 1n)) q += 1n;
  return q;
}

/** Build a fixed-point type with `totalBits` raw bits of which `fracBits` are fractional. */
export function makeFixedPointType(name: string, totalBits: number, fracBits: number, signed: boolean): FixedPointType {
  const F = BigInt(fracBits);
  const ONE = 1n << F;
  const MIN = signed ? -(1n << BigInt(totalBits - 1)) : 0n;
  const MAX = signed ? (1n << BigInt(totalBits - 1)) - 1n : (1n << BigInt(totalBits)) - 1n;
  const inRange = (x: bigint): boolean => x >= MIN && x <= MAX;
  const saturate = (x: bigint): bigint => (x < MIN ? MIN : x > MAX ? MAX : x);
  const checked = (x: bigint): bigint | null => (x >= MIN && x <= MAX ? x : null);

  const fromRational = (num: bigint, den: bigint): bigint => saturate(roundHalfEven(num * ONE, den));

  const toDecimal = (bits: bigint): string => {
    const neg = bits < 0n;
    const mag = neg ? -bits : bits;
    const ip = mag >> F;
    const fp = mag & (ONE - 1n);
    if (fp === 0n) return (neg ? '-' : '') + ip.toString();
    // Shortest d such that the d-digit decimal rounding of the fraction reads back to fp (nearest).
    let digits = '';
    for (let d = 1; d <= fracBits + 1; d++) {
      const p = 10n ** BigInt(d);
      let c = roundHalfEven(fp * p, ONE);
      let carry = 0n;
      if (c === p) {
        c = 0n;
        carry = 1n;
      }
      const back = roundHalfEven((c + carry * p) * ONE, p);
      if (back === fp) {
        if (carry === 1n) return (neg ? '-' : '') + (ip + 1n).toString();
        digits = c.toString().padStart(d, '0').replace(/0+$/, '');
        break;
      }
    }
    return `${neg ? '-' : ''}${ip}.${digits}`;
  };

  const t: FixedPointType = {
    name,
    totalBits,
    fracBits,
    signed,
    ONE,
    MIN,
    MAX,
    inRange,
    saturate,
    fromInt: (n) => saturate(BigInt(n) << F),
    fromNumber: (x) => {
      if (Number.isNaN(x)) return 0n;
      if (x === Number.POSITIVE_INFINITY) return MAX;
      if (x === Number.NEGATIVE_INFINITY) return MIN;
      if (Number.isInteger(x)) return saturate(BigInt(x) << F);
      // x = m * 2^e exactly; find e by scaling until integral (at most 1074 steps).
      let m = x;
      let e = 0;
      while (!Number.isInteger(m)) {
        m *= 2;
        e++;
      }
      return fromRational(BigInt(m), 1n << BigInt(e));
    },
    fromDecimal: (s) => {
      const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(s);
      if (!m || (m[2] === '' && (m[3] ?? '') === ''))
        throw new RangeError(`${name}.fromDecimal: not a decimal number: ${s}`);
      const frac = m[3] ?? '';
      const num = BigInt((m[2] || '0') + frac) * (m[1] === '-' ? -1n : 1n);
      return fromRational(num, 10n ** BigInt(frac.length));
    },
    toIntFloor: (bits) => bits >> F,
    toIntSaturating: (bits, min, max) => {
      const v = bits >> F;
      return v < min ? min : v > max ? max : v;
    },
    toNumber: (bits) => Number(bits) / Number(ONE),
    toDecimal,
    add: (a, b) => saturate(a + b),
    sub: (a, b) => saturate(a - b),
    checkedAdd: (a, b) => checked(a + b),
    checkedSub: (a, b) => checked(a - b),
    mul: (a, b) => saturate((a * b) >> F),
    checkedMul: (a, b) => checked((a * b) >> F),
    mulInt: (a, n) => saturate(a * n),
    div: (a, b) => {
      if (b === 0n) return 0n;
      const q = divTrunc(a << F, b);
      return inRange(q) ? q : 0n;
    },
    checkedDiv: (a, b) => {
      if (b === 0n) return null;
      return checked(divTrunc(a << F, b));
    },
    saturatingDiv: (a, b) => {
      if (b === 0n) return a === 0n ? 0n : a > 0n ? MAX : MIN;
      return saturate(divTrunc(a << F, b));
    },
    ratio: (a, b) => {
      const bb = BigInt(b);
      if (bb === 0n) return 0n;
      const q = divTrunc(BigInt(a) << F, bb);
      return inRange(q) ? q : 0n;
    },
    round: (bits) => {
      const half = ONE >> 1n;
      const fl = bits >> F;
      const rem = bits - (fl << F);
      // ties away from zero
      const up = bits >= 0n ? rem >= half : rem > half;
      return saturate((up ? fl + 1n : fl) << F);
    },
    floor: (bits) => (bits >> F) << F,
  };
  return t;
}

/**
 * Convert raw bits between two fixed-point types: extra fractional bits are dropped with floor (arithmetic
 * shift), missing ones are appended as zeros; the result saturates to the target's range.
 */
export function fxConvert(bits: bigint, from: FixedPointType, to: FixedPointType): bigint {
  const d = to.fracBits - from.fracBits;
  const v = d >= 0 ? bits << BigInt(d) : bits >> BigInt(-d);
  return to.saturate(v);
}

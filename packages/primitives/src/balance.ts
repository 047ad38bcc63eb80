import { InvalidInputError } from './errors.js';

/** RAO per TAO: 1 TAO = 10^9 RAO. */
export const RAO_PER_TAO = 1_000_000_000n;
/** The TAO supply cap, 21 million TAO, in RAO. */
export const TAO_SUPPLY_CAP = 21_000_000n * RAO_PER_TAO;
export const U64_MAX = (1n << 64n) - 1n;
export const U128_MAX = (1n << 128n) - 1n;

/** Balances are u64 RAO on the reference chain; every amount here is a bigint in [0, 2^64). */
export function isU64(v: bigint): boolean {
  return v >= 0n && v <= U64_MAX;
}

export function checkedAdd(a: bigint, b: bigint): bigint | undefined {
  const r = a + b;
  return r > U64_MAX || r < 0n ? undefined : r;
}

export function checkedSub(a: bigint, b: bigint): bigint | undefined {
  const r = a - b;
  return r < 0n || r > U64_MAX ? undefined : r;
}

export function saturatingAdd(a: bigint, b: bigint): bigint {
  const r = a + b;
  return r > U64_MAX ? U64_MAX : r < 0n ? 0n : r;
}

export function saturatingSub(a: bigint, b: bigint): bigint {
  const r = a - b;
  return r < 0n ? 0n : r > U64_MAX ? U64_MAX : r;
}

/**
 * Parses a TAO amount written in decimal ("1", "1.5", "0.000000001") into RAO without floats.
 * More than 9 decimals, signs, exponents or anything outside u64 is refused with `TNS_BALANCE_PARSE`.
 */
export function parseTao(text: string): bigint {
  const s = text.trim();
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s) ?? /^()\.(\d+)$/.exec(s);
  if (!m) throw new InvalidInputError('TNS_BALANCE_PARSE', `not a TAO amount: "${text}" (expected e.g. 1.5)`);
  const whole = m[1] === '' ? 0n : BigInt(m[1]!);
  const frac = m[2] ?? '';
  if (frac.length > 9)
    throw new InvalidInputError('TNS_BALANCE_PARSE', `"${text}" has more than 9 decimals (1 RAO = 0.000000001 TAO)`);
  const rao = whole * RAO_PER_TAO + BigInt(frac.padEnd(9, '0') || '0');
  if (rao > U64_MAX) throw new InvalidInputError('TNS_BALANCE_PARSE', `"${text}" TAO does not fit in a u64 of RAO`);
  return rao;
}

/** Parses a RAO amount (decimal integer string, number or bigint) into a u64 bigint. */
export function parseRao(value: string | number | bigint): bigint {
  let v: bigint;
  if (typeof value === 'bigint') v = value;
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new InvalidInputError('TNS_BALANCE_PARSE', `not an integer RAO amount: ${value}`);
    v = BigInt(value);
  } else {
    if (!/^\d+$/.test(value.trim())) throw new InvalidInputError('TNS_BALANCE_PARSE', `not a RAO amount: "${value}"`);
    v = BigInt(value.trim());
  }
  if (!isU64(v)) throw new InvalidInputError('TNS_BALANCE_PARSE', `RAO amount out of u64 range: ${v}`);
  return v;
}

/**
 * Formats RAO as TAO, exactly: `formatTao(1_500_000_000n) === "1.5"`. `decimals` pads/truncates the
 * fraction (truncation toward zero, never rounding up); by default trailing zeros are dropped.
 */
export function formatTao(rao: bigint, opts: { decimals?: number } = {}): string {
  const neg = rao < 0n;
  const a = neg ? -rao : rao;
  const whole = a / RAO_PER_TAO;
  let frac = (a % RAO_PER_TAO).toString().padStart(9, '0');
  if (opts.decimals !== undefined) frac = frac.slice(0, opts.decimals).padEnd(opts.decimals, '0');
  else frac = frac.replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

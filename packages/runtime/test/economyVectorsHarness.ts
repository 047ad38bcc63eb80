import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { U64_MAX } from '../src/economy/index.js';

export interface Case {
  source: string;
  what: string;
  inputs: Record<string, any>;
  expected: Record<string, any>;
  computed?: boolean;
}

export const file = new URL('../../../vectors/economics/cases.json', import.meta.url);
export const cases: Case[] = JSON.parse(readFileSync(file, 'utf8')).cases;

export const big = (v: unknown): bigint => {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  if (typeof v === 'string') {
    if (v === 'u64::MAX') return U64_MAX;
    if (/^\d+(\.\d+)?e\d+$/i.test(v)) {
      const [m, e] = v.toLowerCase().split('e');
      return BigInt(m!) * 10n ** BigInt(e!);
    }
    return BigInt(v);
  }
  throw new Error(`not an integer: ${String(v)}`);
};

/** Exact value of an IEEE double rounded to the nearest raw value with `frac` fractional bits (like `from_num(f64)`). */
export function fromDouble(x: number, frac: bigint): bigint {
  if (x === 0) return 0n;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = exp - 1075;
  if (exp === 0) e = -1074;
  else mant |= 1n << 52n;
  // value = mant * 2^e ; raw = value * 2^frac
  const shift = BigInt(e) + frac;
  let raw: bigint;
  if (shift >= 0n) raw = mant << shift;
  else {
    const s = -shift;
    const q = mant >> s;
    const r = mant - (q << s);
    const half = 1n << (s - 1n);
    raw = r > half || (r === half && (q & 1n) === 1n) ? q + 1n : q;
  }
  return sign * raw;
}

export const toNum = (raw: bigint, frac: bigint): number => Number(raw) / 2 ** Number(frac);
export const u64f64 = (x: number): bigint => fromDouble(x, 64n);

export function near(actual: bigint, expected: bigint, tol: bigint, msg: string): void {
  const d = actual > expected ? actual - expected : expected - actual;
  assert.ok(d <= tol, `${msg}: got ${actual}, expected ${expected} ± ${tol}`);
}

export function nearNum(actual: number, expected: number, tol: number, msg: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${msg}: got ${actual}, expected ${expected} ± ${tol}`);
}

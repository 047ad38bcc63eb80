/**
 * Display of economy amounts, exactly (no floats): alpha, prices in TAO per alpha, fractions as percentages, u16
 * ratios. Amounts arrive as RAO (or alpha base units) in bigints or decimal strings.
 */
import { formatTao } from '@tensorium/primitives';

/** `12.5 α` (alpha has 9 decimals like TAO). */
export function alpha(units: bigint | string): string {
  return `${formatTao(BigInt(units))} α`;
}

/** A price given in RAO per alpha, as `0.95 TAO/α`. */
export function price(raoPerAlpha: bigint | string): string {
  return `${formatTao(BigInt(raoPerAlpha))} TAO/α`;
}

/** Parts per 10^9 as a percentage with up to `decimals` decimals, rounded half up: 5_000_000 → `0.5%`. */
export function percent(ppb: bigint, decimals = 4): string {
  const neg = ppb < 0n;
  const a = neg ? -ppb : ppb;
  const scale = 10n ** BigInt(decimals);
  // percent × scale = ppb × 100 × scale / 1e9
  const v = (a * 100n * scale + 500_000_000n) / 1_000_000_000n;
  const whole = v / scale;
  const frac = (v % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}%`;
}

/** A decimal fraction string with up to 9 decimals (`"0.001234567"`, as swap_quote's slippage) as parts per 10^9. */
export function decimalToPpb(text: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(text);
  if (!m) return 0n;
  return BigInt(m[1]!) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** A u16 ratio (of 65,535) as a percentage. */
export function u16Percent(v: number, decimals = 2): string {
  return percent((BigInt(v) * 1_000_000_000n) / 65_535n, decimals);
}

/** Shortens an SS58 address for tables: `5Grwva…GKutQY`. */
export function short(address: string): string {
  return address.length > 14 ? `${address.slice(0, 6)}…${address.slice(-6)}` : address;
}

/** `x · (1e9 ± ppb) / 1e9`, floored: a price moved by a tolerance. */
export function scaleByPpb(x: bigint, ppb: bigint, up: boolean): bigint {
  return (x * (up ? 1_000_000_000n + ppb : 1_000_000_000n - ppb)) / 1_000_000_000n;
}

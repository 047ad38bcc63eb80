/**
 * Option parsing shared by the economy commands (subnet, neuron, stake, weights, axon): the options every one of them
 * accepts, and strict parsers for netuids, amounts, prices, tolerances and lists. Every bad value is a
 * `TNS_CLI_USAGE` error that names the option.
 */
import { isAddress, parseTao, TensoriumError } from '@tensorium/primitives';
import { COMMON_OPTIONS, type Options } from './args.js';

/** `--wallet --hotkey --rpc --json --yes` (and the wallet/password options), plus `--explain`. */
export const ECONOMY_OPTIONS = {
  ...COMMON_OPTIONS,
  explain: { type: 'boolean' },
} as const satisfies Options;

export function usageError(message: string): TensoriumError {
  return new TensoriumError('TNS_CLI_USAGE', message);
}

/** A required option's value, or a usage error naming it. */
export function required(values: Record<string, unknown>, name: string, what: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw usageError(`--${name} ${what} is required`);
  return v;
}

function integer(text: string, name: string, max: number): number {
  if (!/^\d+$/.test(text)) throw usageError(`--${name} must be a whole number, got "${text}"`);
  const n = Number(text);
  if (n > max) throw usageError(`--${name} must be at most ${max}, got ${text}`);
  return n;
}

/** A u16 option such as `--netuid` (required unless a default is given). */
export function u16Option(values: Record<string, unknown>, name: string, dflt?: number): number {
  const v = values[name];
  if (v === undefined) {
    if (dflt !== undefined) return dflt;
    throw usageError(`--${name} is required`);
  }
  return integer(String(v), name, 0xffff);
}

/** A u32 option (e.g. `--version`). */
export function u32Option(values: Record<string, unknown>, name: string, dflt: number): number {
  const v = values[name];
  return v === undefined ? dflt : integer(String(v), name, 0xffff_ffff);
}

/** A u64 option given as a decimal integer (e.g. `--version-key`). */
export function u64Option(values: Record<string, unknown>, name: string, dflt: bigint): bigint {
  const v = values[name];
  if (v === undefined) return dflt;
  const s = String(v);
  if (!/^\d+$/.test(s) || BigInt(s) >= 1n << 64n) throw usageError(`--${name} must be a u64 integer, got "${s}"`);
  return BigInt(s);
}

/** An amount of TAO (or alpha: same 9 decimals) in base units; `> 0`. */
export function amountOption(values: Record<string, unknown>, name: string): bigint {
  const text = required(values, name, 'AMOUNT');
  let v: bigint;
  try {
    v = parseTao(text);
  } catch (e) {
    throw usageError(`--${name}: ${(e as Error).message}`);
  }
  if (v === 0n) throw usageError(`--${name} must be more than 0`);
  return v;
}

/** A price in TAO per alpha (e.g. `--limit-price 0.0123`) as RAO per alpha, the chain's `limit_price` unit. */
export function priceOption(values: Record<string, unknown>, name: string): bigint | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  try {
    const v = parseTao(String(text));
    if (v === 0n) throw new Error('must be more than 0');
    return v;
  } catch (e) {
    throw usageError(`--${name}: ${(e as Error).message} (a price in TAO per alpha, e.g. 0.05)`);
  }
}

/** Parts per 10^9 of a fraction such as `0.005` (0.5 %) or `5%`; in [0, 1). */
export function fractionPpb(text: string, name: string): bigint {
  const pct = text.endsWith('%');
  const body = pct ? text.slice(0, -1) : text;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(body);
  const decimals = pct ? 7 : 9;
  if (!m || (m[2]?.length ?? 0) > decimals)
    throw usageError(`--${name} must be a fraction such as 0.005 or 0.5%, got "${text}"`);
  const ppb = BigInt(m[1]!) * 10n ** BigInt(decimals) + BigInt((m[2] ?? '').padEnd(decimals, '0'));
  if (ppb >= 1_000_000_000n) throw usageError(`--${name} must be below 1 (100%), got "${text}"`);
  return ppb;
}

/** `--tolerance` as parts per 10^9, if given. */
export function toleranceOption(values: Record<string, unknown>): bigint | undefined {
  return values.tolerance === undefined ? undefined : fractionPpb(String(values.tolerance), 'tolerance');
}

/** A comma-separated list of u16 values (`--uids 0,1,2`). */
export function u16List(text: string, name: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((p) => p === ''))
    throw usageError(`--${name} must be a comma-separated list such as 0,1,2`);
  return parts.map((p) => integer(p, name, 0xffff));
}

/** An SS58 address option. */
export function addressOption(values: Record<string, unknown>, name: string): string {
  const v = required(values, name, 'ADDRESS');
  if (!isAddress(v)) throw usageError(`--${name} must be an SS58 address, got "${v}"`);
  return v;
}

/** The subcommand (first positional) among `names`, or a usage error listing them. */
export function subcommand(positionals: string[], cmd: string, names: readonly string[]): string {
  const sub = positionals[0];
  if (!sub) throw usageError(`tensorium ${cmd}: missing subcommand (${names.join('|')})`);
  if (!names.includes(sub)) throw usageError(`tensorium ${cmd}: unknown subcommand "${sub}" (${names.join('|')})`);
  if (positionals.length > 1) throw usageError(`tensorium ${cmd} ${sub}: unexpected argument "${positionals[1]}"`);
  return sub;
}

/**
 * Call argument types. Arguments arrive as canonical-codec values (from signed transactions) or as JSON
 * (from state-transition cases and tools); `convertArgs` checks and converts both into one typed form.
 */
import { fromHex, isAddress, type Value } from '@tensorium/primitives';

export type ArgType =
  | 'u8'
  | 'u16'
  | 'u32'
  | 'u64'
  | 'u128'
  | 'bool'
  | 'account'
  | 'string'
  | 'bytes'
  | 'u16[]'
  | 'u64[]';

export interface ArgSpec {
  readonly name: string;
  readonly type: ArgType;
  readonly optional?: boolean;
}

const RANGE: Partial<Record<ArgType, number>> = { u8: 0xff, u16: 0xffff, u32: 0xffffffff };
const BIG_MAX: Partial<Record<ArgType, bigint>> = { u64: (1n << 64n) - 1n, u128: (1n << 128n) - 1n };

export class ArgError extends Error {}

function toInt(v: unknown, name: string, type: ArgType): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  throw new ArgError(`argument "${name}" must be a ${type} integer`);
}

function convertOne(v: unknown, name: string, type: ArgType): Value {
  switch (type) {
    case 'u8':
    case 'u16':
    case 'u32': {
      const n = toInt(v, name, type);
      if (n < 0n || n > BigInt(RANGE[type]!)) throw new ArgError(`argument "${name}" out of ${type} range`);
      return Number(n);
    }
    case 'u64':
    case 'u128': {
      const n = toInt(v, name, type);
      if (n < 0n || n > BIG_MAX[type]!) throw new ArgError(`argument "${name}" out of ${type} range`);
      return n;
    }
    case 'bool':
      if (typeof v !== 'boolean') throw new ArgError(`argument "${name}" must be a boolean`);
      return v;
    case 'account':
      if (typeof v !== 'string' || !isAddress(v)) throw new ArgError(`argument "${name}" must be an SS58 address`);
      return v;
    case 'string':
      if (typeof v !== 'string') throw new ArgError(`argument "${name}" must be a string`);
      return v;
    case 'bytes':
      if (v instanceof Uint8Array) return v;
      if (typeof v === 'string') {
        try {
          return fromHex(v);
        } catch {}
      }
      throw new ArgError(`argument "${name}" must be bytes (0x-hex)`);
    case 'u16[]':
    case 'u64[]': {
      if (!Array.isArray(v)) throw new ArgError(`argument "${name}" must be an array`);
      const el = type === 'u16[]' ? 'u16' : 'u64';
      return v.map((x, i) => convertOne(x, `${name}[${i}]`, el));
    }
  }
}

/** Checks and converts call arguments; unknown or missing arguments are errors. */
export function convertArgs(specs: readonly ArgSpec[], raw: unknown): Record<string, Value> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ArgError('arguments must be an object');
  const obj = raw as Record<string, unknown>;
  const out: Record<string, Value> = {};
  const known = new Set(specs.map((s) => s.name));
  for (const k of Object.keys(obj))
    if (!known.has(k) && obj[k] !== undefined) throw new ArgError(`unknown argument "${k}"`);
  for (const s of specs) {
    const v = obj[s.name];
    if (v === undefined || v === null) {
      if (s.optional) continue;
      throw new ArgError(`missing argument "${s.name}"`);
    }
    out[s.name] = convertOne(v, s.name, s.type);
  }
  return out;
}

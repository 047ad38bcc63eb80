/** Converting codec values to JSON for RPC answers: bigints as decimal strings, bytes as 0x-hex. */
import { toHex } from '@tensorium/primitives';

export function toJsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return toHex(v);
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJsonValue(x);
    return out;
  }
  return v;
}

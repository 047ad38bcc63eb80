/**
 * The body hash of spec/neurons.md §2.4: `sha3_256_hex(concat(sha3_256_hex(str(field)) for each hashed
 * field, in declared order))`, lower-case hex without `0x`. SHA3-256 is FIPS 202, not Keccak.
 */
import { sha3_256 } from '@noble/hashes/sha3.js';
import { PY_ANY, type PyType, pyStr } from './pyRepr.js';

const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** `hashlib.sha3_256(text.encode()).hexdigest()`. */
export function sha3Hex(text: string): string {
  const d = sha3_256(encoder.encode(text));
  let s = '';
  for (let i = 0; i < d.length; i++) s += HEX[d[i] as number];
  return s;
}

/** sha3_256 of the empty string: the hash of a synapse without hashed fields. */
export const EMPTY_BODY_HASH = 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a';

/**
 * Hashes `values[f]` for each `f` of `fields` (a missing value counts as Python `None`), each printed
 * with Python's `str()` for its declared type from `types` (default: inferred from the value).
 */
export function computeBodyHash(
  fields: readonly string[],
  values: Readonly<Record<string, unknown>>,
  types: Readonly<Record<string, PyType>> = {},
): string {
  if (fields.length === 0) return EMPTY_BODY_HASH;
  let concat = '';
  for (const f of fields) concat += sha3Hex(pyStr(values[f] ?? null, types[f] ?? PY_ANY));
  return sha3Hex(concat);
}

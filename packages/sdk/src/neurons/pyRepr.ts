/**
 * Python's `str()` / `repr()` of JSON-shaped values, as the body hash of spec/neurons.md §2.4 needs them:
 * the reference hashes `str(value)` of each hashed field after pydantic has coerced it to its declared
 * type, so `1` in a `float` field is `1.0` and a `list[str]` prints as `['a', 'b']`.
 */

/** The declared Python type of a field, as far as `str()` cares. `any` infers int/float from the value. */
export type PyType =
  | { readonly kind: 'int' | 'float' | 'str' | 'bool' | 'any' }
  | { readonly kind: 'list'; readonly item: PyType }
  | { readonly kind: 'dict'; readonly value: PyType };

export const PY_ANY: PyType = { kind: 'any' };

/** `repr(float)` (and `str(float)`): shortest round-trip digits, exponent form when decpt <= -4 or > 16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const ax = Math.abs(x);
  // fast path: here JS prints the same shortest digits in fixed notation as Python does
  if (ax >= 1e-4 && ax < 1e16) return Number.isInteger(x) ? `${x}.0` : String(x);
  const sign = x < 0 ? '-' : '';
  const [mant = '', expText = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp10 = Number(expText);
  const decpt = exp10 + 1; // value = 0.DIGITS × 10^decpt
  if (decpt <= -4 || decpt > 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp10 < 0 ? '-' : '+'}${String(Math.abs(exp10)).padStart(2, '0')}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

/** Characters Python's `str.isprintable()` rejects (besides ASCII controls, handled first). */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** `repr(str)`: single quotes unless the text has `'` and no `"`, Python's escapes for the rest. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x7f) out += ch;
    else if (cp === 0x20 || !NON_PRINTABLE.test(ch)) out += ch;
    else if (cp <= 0xff) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out + quote;
}

function numberRepr(v: number | bigint, type: PyType): string {
  if (typeof v === 'bigint') return type.kind === 'float' ? pyFloatRepr(Number(v)) : v.toString();
  if (type.kind === 'float') return pyFloatRepr(v);
  if (type.kind === 'int') {
    if (!Number.isInteger(v)) throw new TypeError(`not an int: ${v}`);
    return BigInt(v).toString();
  }
  return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? BigInt(v).toString() : pyFloatRepr(v);
}

/** `repr(value)` of a JSON-shaped value coerced to `type`. */
export function pyRepr(value: unknown, type: PyType = PY_ANY): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number' || typeof value === 'bigint') return numberRepr(value, type);
  if (typeof value === 'string') return pyStrRepr(value);
  if (Array.isArray(value)) {
    const item = type.kind === 'list' ? type.item : PY_ANY;
    return `[${value.map((v) => pyRepr(v, item)).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const vt = type.kind === 'dict' ? type.value : PY_ANY;
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${pyStrRepr(k)}: ${pyRepr(v, vt)}`);
    return `{${parts.join(', ')}}`;
  }
  throw new TypeError(`no Python repr for ${typeof value}`);
}

/** `str(value)`: like `repr` except that a top-level string is itself. */
export function pyStr(value: unknown, type: PyType = PY_ANY): string {
  return typeof value === 'string' ? value : pyRepr(value, type);
}

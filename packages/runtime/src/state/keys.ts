/**
 * Memoised storage keys. Building a key string afresh for every access costs more than the map lookups it serves
 * (concatenation, then flattening and hashing the new string: about 0.6 µs, against some 0.05 µs per lookup); a key
 * family hands out the same string object for the same arguments, and V8 keeps a string's hash. The families are
 * pure functions of their arguments, so the caches never change a result; each starts over past `LIMIT` entries.
 */
const LIMIT = 1 << 17;

/** Keys of one number (a netuid, a uid): `key(n)` is `build(n)`, built once per `n` below 2^16. */
export function keysByNumber(build: (n: number) => string): (n: number) => string {
  const byNumber: string[] = [];
  return (n) => {
    if (n >= 0 && n < 65_536 && Number.isInteger(n)) return (byNumber[n] ??= build(n));
    return build(n);
  };
}

/** Keys of one string (an account): `key(s)` is `build(s)`. */
export function keysByString(build: (s: string) => string): (s: string) => string {
  let cache = new Map<string, string>();
  return (s) => {
    let k = cache.get(s);
    if (k === undefined) {
      if (cache.size >= LIMIT) cache = new Map();
      cache.set(s, (k = build(s)));
    }
    return k;
  };
}

/** Keys of a string and a number (a hotkey on a subnet): `key(s, n)` is `build(s, n)`, kept per number below 2^16. */
export function keysByStringNumber(build: (s: string, n: number) => string): (s: string, n: number) => string {
  let byNumber: (Map<string, string> | undefined)[] = [];
  let size = 0;
  return (s, n) => {
    if (!(n >= 0 && n < 65_536 && Number.isInteger(n))) return build(s, n);
    let m = byNumber[n];
    let k = m?.get(s);
    if (k === undefined) {
      if (size >= LIMIT) {
        byNumber = [];
        size = 0;
        m = undefined;
      }
      if (m === undefined) byNumber[n] = m = new Map();
      m.set(s, (k = build(s, n)));
      size++;
    }
    return k;
  };
}

/** Keys of two strings (a coldkey and a hotkey): `key(a, b)` is `build(a, b)`. */
export function keysByTwoStrings(build: (a: string, b: string) => string): (a: string, b: string) => string {
  let cache = new Map<string, Map<string, string>>();
  let size = 0;
  return (a, b) => {
    let row = cache.get(a);
    let k = row?.get(b);
    if (k === undefined) {
      if (size >= LIMIT) {
        cache = new Map();
        size = 0;
        row = undefined;
      }
      if (row === undefined) cache.set(a, (row = new Map()));
      row.set(b, (k = build(a, b)));
      size++;
    }
    return k;
  };
}

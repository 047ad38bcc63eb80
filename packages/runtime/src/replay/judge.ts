/**
 * Judging a run against a case's `expected` (vectors/stf/README.md §4): every given field must be equal (strings that
 * are integers compared as integers); `calls` results must match where given; a `stakes` map, when given, must match
 * as a whole (zero entries ignored).
 */
import type { StfOutput } from './runStfCase.js';

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string' && /^-?\d+$/.test(a) && /^-?\d+$/.test(b))
    return BigInt(a) === BigInt(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a as object);
    return (
      ka.length === Object.keys(b as object).length &&
      ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return a === b;
}

/** Fields given in `expected` are compared recursively (objects: only the given keys). */
function compareSubset(expected: unknown, actual: unknown, path: string, out: string[]): void {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    if (!actual || typeof actual !== 'object') {
      out.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
      return;
    }
    for (const [k, v] of Object.entries(expected))
      compareSubset(v, (actual as Record<string, unknown>)[k], `${path}.${k}`, out);
    return;
  }
  if (!same(expected, actual)) out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function nonZero(stakes: unknown): Record<string, Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, Record<string, string>>> = {};
  for (const [h, byCold] of Object.entries((stakes ?? {}) as Record<string, Record<string, Record<string, string>>>)) {
    for (const [c, byNet] of Object.entries(byCold)) {
      for (const [n, v] of Object.entries(byNet)) {
        if (BigInt(v) === 0n) continue;
        ((out[h] ??= {})[c] ??= {})[n] = v;
      }
    }
  }
  return out;
}

/** Returns the list of mismatches (empty when the run matches). */
export function judgeStfOutput(output: StfOutput, expected: unknown): string[] {
  const out: string[] = [];
  if (!expected || typeof expected !== 'object') return out;
  const e = expected as {
    calls?: { block: number; index: number; call?: string; result: string }[];
    snapshots?: Record<string, unknown>[];
  };
  for (const c of e.calls ?? []) {
    const got = output.calls.find((x) => x.block === c.block && x.index === c.index);
    if (!got) out.push(`calls[block ${c.block}, index ${c.index}]: missing`);
    else if (got.result !== c.result || (c.call !== undefined && got.call !== c.call))
      out.push(`calls[block ${c.block}, index ${c.index}] ${got.call}: expected ${c.result}, got ${got.result}`);
  }
  for (const s of e.snapshots ?? []) {
    const got = output.snapshots.find((x) => x.block === s.block) as Record<string, unknown> | undefined;
    if (!got) {
      out.push(`snapshot ${String(s.block)}: missing`);
      continue;
    }
    for (const [k, v] of Object.entries(s)) {
      if (k === 'block') continue;
      const path = `snapshot ${String(s.block)}.${k}`;
      if (k === 'stakes') {
        const a = nonZero(got.stakes);
        const b = nonZero(v);
        if (!same(b, a)) {
          compareSubset(b, a, path, out);
          compareSubset(a, b, `${path} (unexpected)`, out);
        }
      } else compareSubset(v, got[k], path, out);
    }
  }
  return out;
}

/**
 * Judges one epoch of `runYumaCase` output against a case's `expected` object, with the rules of
 * vectors/yuma/README.md §3. Returns the list of mismatches (empty = pass).
 */
import type { YumaCaseEpochJson } from '../src/yuma/index.js';

type Val = bigint | boolean | Val[] | { [k: string]: Val } | ((...a: Val[]) => Val);

/** Exact rational of a decimal string: [numerator, denominator]. */
function rational(s: string): [bigint, bigint] {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s.trim());
  if (!m) throw new Error(`bad decimal ${s}`);
  const frac = m[3] ?? '';
  const num = BigInt((m[2] || '0') + frac) * (m[1] === '-' ? -1n : 1n);
  return [num, 10n ** BigInt(frac.length)];
}

const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};

/** The range of I32F32 bits within `tol` (1e-9) of a decimal. */
export function bitsRange(decimal: string, tolNum = 1n, tolDen = 1000000000n): [bigint, bigint] {
  const [n, d] = rational(decimal);
  // (n/d ± tol) * 2^32
  const lo = -floorDiv(-((n * tolDen - tolNum * d) << 32n), d * tolDen);
  const hi = floorDiv((n * tolDen + tolNum * d) << 32n, d * tolDen);
  return [lo, hi];
}

const propToU16 = (bits: bigint): bigint => {
  const v = (bits * 65535n) >> 32n;
  return v < 0n ? 0n : v > 65535n ? 65535n : v;
};

// ---- a tiny evaluator for the Python-style `relations` ------------------------------------------------------

function tokenize(s: string): string[] {
  const re = /\s*(<=|>=|==|!=|[A-Za-z_][A-Za-z_0-9]*|\d+|[-+*<>()[\].,])/y;
  const out: string[] = [];
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < s.length && (m = re.exec(s))) out.push(m[1]!);
  if (re.lastIndex < s.trimEnd().length) throw new Error(`cannot tokenize relation: ${s}`);
  return out;
}

export function evalRelation(src: string, env: Record<string, Val>): boolean {
  const t = tokenize(src);
  let p = 0;
  const peek = () => t[p];
  const eat = (x?: string) => {
    const v = t[p++];
    if (x !== undefined && v !== x) throw new Error(`expected ${x} in ${src}`);
    return v!;
  };
  const num = (v: Val): bigint => {
    if (typeof v === 'bigint') return v;
    if (typeof v === 'boolean') return v ? 1n : 0n;
    throw new Error(`not a number in ${src}`);
  };
  const primary = (): Val => {
    const tok = eat();
    if (tok === '(') {
      const v = comparison();
      eat(')');
      return v;
    }
    if (/^\d+$/.test(tok)) return BigInt(tok);
    if (!(tok in env)) throw new Error(`unknown name ${tok}`);
    return env[tok]!;
  };
  const postfix = (): Val => {
    let v = primary();
    for (;;) {
      if (peek() === '[') {
        eat();
        const i = Number(num(comparison()));
        eat(']');
        v = (v as Val[])[i]!;
      } else if (peek() === '.') {
        eat();
        v = (v as Record<string, Val>)[eat()]!;
      } else if (peek() === '(') {
        eat();
        const args: Val[] = [];
        while (peek() !== ')') {
          args.push(comparison());
          if (peek() === ',') eat();
        }
        eat(')');
        v = (v as (...a: Val[]) => Val)(...args);
      } else return v;
    }
  };
  const unary = (): Val => {
    if (peek() !== '-') return postfix();
    eat();
    return -num(unary());
  };
  const term = (): Val => {
    let v = unary();
    while (peek() === '*') {
      eat();
      v = num(v) * num(unary());
    }
    return v;
  };
  const sum = (): Val => {
    let v = term();
    while (peek() === '+' || peek() === '-') {
      const op = eat();
      const r = term();
      v = op === '+' ? num(v) + num(r) : num(v) - num(r);
    }
    return v;
  };
  function comparison(): Val {
    const l = sum();
    const op = peek();
    if (op && ['<', '>', '<=', '>=', '==', '!='].includes(op)) {
      eat();
      const a = num(l);
      const b = num(sum());
      return op === '<'
        ? a < b
        : op === '>'
          ? a > b
          : op === '<='
            ? a <= b
            : op === '>='
              ? a >= b
              : op === '=='
                ? a === b
                : a !== b;
    }
    return l;
  }
  const v = comparison();
  if (p !== t.length) throw new Error(`trailing tokens in ${src}`);
  return v === true;
}

function bondMatrix(e: YumaCaseEpochJson, n: number): bigint[][] {
  const m = Array.from({ length: n }, () => new Array<bigint>(n).fill(0n));
  for (const [i, row] of e.bonds) for (const [j, v] of row) m[i]![j] = BigInt(v);
  return m;
}

function envOf(e: YumaCaseEpochJson, n: number): Record<string, Val> {
  const b = (v: number[]) => v.map((x) => BigInt(x));
  const r = (v: string[]) => v.map((x) => BigInt(x));
  return {
    incentive: b(e.incentive),
    dividends: b(e.dividends),
    consensus: b(e.consensus),
    validator_trust: b(e.validator_trust),
    validator_permit: e.validator_permit,
    active: e.active,
    emission: r(e.emission),
    server_emission: r(e.server_emission),
    validator_emission: r(e.validator_emission),
    bonds: bondMatrix(e, n),
    abs: (x: Val) => ((x as bigint) < 0n ? -(x as bigint) : x),
    sum: (x: Val) => (x as Val[]).reduce<bigint>((a, y) => a + (y as bigint), 0n),
    min: (x: Val) => (x as bigint[]).reduce((a, y) => (y < a ? y : a)),
    max: (x: Val) => (x as bigint[]).reduce((a, y) => (y > a ? y : a)),
    len: (x: Val) => BigInt((x as Val[]).length),
  };
}

/** Compare one output epoch with `expected`; `prev` is the previous epoch's output (for `previous_step`). */
export function judgeEpoch(
  out: YumaCaseEpochJson,
  expected: Record<string, any>,
  emission: bigint,
  prev: YumaCaseEpochJson | undefined,
): string[] {
  const errs: string[] = [];
  const n = out.incentive.length;
  const tolU16 = expected.tolerance_u16 ?? 0;
  const tolRao = BigInt(expected.tolerance_rao ?? 0);
  for (const key of ['incentive', 'dividends', 'consensus', 'validator_trust'] as const) {
    const exp = expected[key] as Array<number | null> | undefined;
    if (!exp) continue;
    exp.forEach((x, i) => {
      if (x !== null && Math.abs(out[key][i]! - x) > tolU16) errs.push(`${key}[${i}] = ${out[key][i]}, expected ${x}`);
    });
  }
  for (const key of ['validator_permit', 'active'] as const) {
    const exp = expected[key] as Array<boolean | null> | undefined;
    exp?.forEach((x, i) => {
      if (x !== null && out[key][i] !== x) errs.push(`${key}[${i}] = ${out[key][i]}, expected ${x}`);
    });
  }
  for (const key of ['emission', 'server_emission', 'validator_emission'] as const) {
    const exp = expected[key] as Array<string | number | null> | undefined;
    exp?.forEach((x, i) => {
      if (x === null) return;
      const d = BigInt(out[key][i]!) - BigInt(x);
      if ((d < 0n ? -d : d) > tolRao) errs.push(`${key}[${i}] = ${out[key][i]}, expected ${x}`);
    });
  }
  if (expected.bonds) {
    const m = bondMatrix(out, n);
    for (const [i, j, v] of expected.bonds as Array<[number, number, number]>) {
      if (m[i]![j] !== BigInt(v)) errs.push(`bonds[${i}][${j}] = ${m[i]![j]}, expected ${v}`);
    }
  }
  if (expected.bonds_rows) {
    for (const [k, rowExp] of Object.entries(expected.bonds_rows as Record<string, Array<[number, number]>>)) {
      const row = (out.bonds.find(([u]) => u === Number(k))?.[1] ?? []).filter(([, v]) => v !== 0);
      if (JSON.stringify(row) !== JSON.stringify(rowExp))
        errs.push(`bonds row ${k} = ${JSON.stringify(row)}, expected ${JSON.stringify(rowExp)}`);
    }
  }
  if (expected.dividends_fraction) {
    const tol = expected.tolerance as number;
    (expected.dividends_fraction as number[]).forEach((x, i) => {
      const bits = (BigInt(out.dividends[i]!) << 32n) / 65535n;
      const f = Number(bits) / 2 ** 32;
      if (Math.abs(f - x) > tol + 1e-12) errs.push(`dividends_fraction[${i}] = ${f}, expected ${x} ± ${tol}`);
    });
  }
  if (expected.relations) {
    const env = envOf(out, n);
    if (prev) env.previous_step = envOf(prev, n);
    for (const rel of expected.relations as string[]) if (!evalRelation(rel, env)) errs.push(`relation failed: ${rel}`);
  }
  const inter = expected.intermediate_fixed as Record<string, any> | undefined;
  if (inter) {
    for (const key of ['consensus', 'validator_trust', 'dividends'] as const) {
      (inter[key] as string[] | undefined)?.forEach((x, i) => {
        const [lo, hi] = bitsRange(x);
        const u = BigInt(out[key][i]!);
        if (u < propToU16(lo) || u > propToU16(hi)) errs.push(`intermediate ${key}[${i}] ${x} vs u16 ${u}`);
      });
    }
    const emis = {
      normalized_combined_emission: 'emission',
      normalized_validator_emission: 'validator_emission',
    } as const;
    for (const [key, outKey] of Object.entries(emis)) {
      (inter[key] as string[] | undefined)?.forEach((x, i) => {
        const [lo, hi] = bitsRange(x);
        const v = BigInt(out[outKey][i]!);
        const vlo = ((lo < 0n ? 0n : lo) * emission) >> 32n;
        const vhi = (hi * emission) >> 32n;
        if (v < vlo || v > vhi) errs.push(`intermediate ${key}[${i}] ${x} vs ${outKey} ${v}`);
      });
    }
  }
  return errs;
}

/** Compare the explain trace with `intermediate_fixed` values (±1e-9), for the vectors and sparse rows present. */
export function judgeTrace(out: YumaCaseEpochJson, inter: Record<string, any>): string[] {
  const errs: string[] = [];
  const ex = out.explain as Record<string, any>;
  const close = (got: string, want: string, what: string) => {
    const [lo, hi] = bitsRange(want);
    const [gn, gd] = rational(got);
    const bits = (gn << 32n) / gd; // exact: got is the decimal of an I32F32 value, round trip via nearest
    const g = bits;
    if (g < lo - 1n || g > hi + 1n) errs.push(`${what}: ${got} vs ${want}`);
  };
  for (const [key, want] of Object.entries(inter)) {
    const got = ex[key];
    if (got === undefined) {
      errs.push(`trace has no ${key}`);
      continue;
    }
    (want as any[]).forEach((w, i) => {
      if (w === null) return;
      if (Array.isArray(w)) {
        const row = got[i] as Array<[number, string]>;
        if (row.length !== w.length) errs.push(`${key}[${i}]: ${JSON.stringify(row)} vs ${JSON.stringify(w)}`);
        else
          w.forEach(([j, x]: [number, string], k: number) => {
            if (row[k]![0] !== j) errs.push(`${key}[${i}][${k}] target ${row[k]![0]} vs ${j}`);
            else close(row[k]![1], x, `${key}[${i}][${j}]`);
          });
      } else close(got[i], w, `${key}[${i}]`);
    });
  }
  return errs;
}

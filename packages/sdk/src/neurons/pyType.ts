/**
 * Reads what the wire protocol needs from a zod field schema: the Python type `str()` is applied to
 * (§2.4), whether the field is required (§2.3 `bt_header_input_obj_*`), and its default value.
 * Only the schema kinds a synapse field sensibly uses are understood; anything else hashes as `any`.
 */
import type { z } from 'zod';
import { PY_ANY, type PyType } from './pyRepr.js';

interface ZodInternals {
  readonly _zod: { readonly def: Record<string, unknown> & { readonly type: string }; readonly optin?: string };
  readonly format?: string | null;
}

function internals(schema: z.ZodType): ZodInternals {
  return schema as unknown as ZodInternals;
}

/** The Python type of a field schema (wrappers such as optional/nullable/default are looked through). */
export function pyTypeOf(schema: z.ZodType): PyType {
  const s = internals(schema);
  const def = s._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return pyTypeOf(def.innerType as z.ZodType);
    case 'number':
      return typeof s.format === 'string' && s.format.includes('int') ? { kind: 'int' } : { kind: 'float' };
    case 'bigint':
      return { kind: 'int' };
    case 'string':
    case 'enum':
      return { kind: 'str' };
    case 'boolean':
      return { kind: 'bool' };
    case 'array':
      return { kind: 'list', item: pyTypeOf(def.element as z.ZodType) };
    case 'record':
      return { kind: 'dict', value: pyTypeOf(def.valueType as z.ZodType) };
    case 'object':
      return { kind: 'dict', value: PY_ANY };
    default:
      return PY_ANY;
  }
}

/** A field is required (pydantic JSON-schema sense) unless it is optional or has a default. */
export function isRequiredField(schema: z.ZodType): boolean {
  return internals(schema)._zod.optin !== 'optional';
}

/** The value a Python client sends for an unset response field: its default, else `null`. */
export function initialValueOf(schema: z.ZodType): unknown {
  let s = internals(schema);
  for (let i = 0; i < 8; i++) {
    const def = s._zod.def;
    if (def.type === 'default' || def.type === 'prefault') {
      const v = def.defaultValue;
      return typeof v === 'function' ? (v as () => unknown)() : v;
    }
    if (def.type !== 'optional' && def.type !== 'nullable' && def.type !== 'readonly') return null;
    s = internals(def.innerType as z.ZodType);
  }
  return null;
}

/** JSON of the empty value of a field's type (`int()`, `str()`, `list()`, …), as `to_headers` sends it. */
export function emptyValueJson(type: PyType, value: unknown): string {
  switch (type.kind) {
    case 'int':
      return '0';
    case 'float':
      return '0.0';
    case 'str':
      return '""';
    case 'bool':
      return 'false';
    case 'list':
      return '[]';
    case 'dict':
      return '{}';
    default:
      if (typeof value === 'string') return '""';
      if (typeof value === 'boolean') return 'false';
      if (typeof value === 'bigint') return '0';
      if (typeof value === 'number') return Number.isInteger(value) ? '0' : '0.0';
      if (Array.isArray(value)) return '[]';
      return '{}';
  }
}

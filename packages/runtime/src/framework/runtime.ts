/**
 * A runtime: an ordered list of modules and the call table built from them.
 */
import type { CallDef, ModuleDef } from './module.js';

export interface Runtime {
  readonly modules: readonly ModuleDef[];
  /** Call name → module and definition. */
  readonly calls: ReadonlyMap<string, { module: ModuleDef; call: CallDef }>;
  readonly version: string;
}

export function buildRuntime(modules: readonly ModuleDef[], version: string): Runtime {
  const calls = new Map<string, { module: ModuleDef; call: CallDef }>();
  const names = new Set<string>();
  for (const m of modules) {
    if (names.has(m.name)) throw new Error(`duplicate module ${m.name}`);
    names.add(m.name);
    for (const c of m.calls) {
      if (calls.has(c.name)) throw new Error(`duplicate call name ${c.name}`);
      calls.set(c.name, { module: m, call: c });
    }
  }
  return { modules, calls, version };
}

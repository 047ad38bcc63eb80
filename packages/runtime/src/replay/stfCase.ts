/**
 * State-transition cases (vectors/stf/README.md): the JSON shape, and a reader that checks it and names the offending
 * field of anything it cannot read.
 */

import type { Value } from '@tensorium/primitives';
import { coerceParam, ECONOMY_PARAM_MAP, ParamValueError } from '../modules/subnets/params.js';
import { CORE_PARAMS, type PresetName } from '../presets.js';

export interface StfCall {
  /** Account URI (`//Alice`) or `"sudo"`. */
  readonly origin: string;
  readonly call: string;
  readonly args: Readonly<Record<string, unknown>>;
  /** `"ok"` or an error name; not used by the run, only by judges. */
  readonly expect?: string;
}

export type StfBlock = { readonly calls: readonly StfCall[] } | { readonly repeat: number };

export type SnapshotPart = 'issuance' | 'balances' | 'subnets' | 'stakes' | 'metagraph';

export interface StfSnapshotRequest {
  readonly after: number;
  readonly include: readonly SnapshotPart[];
}

export interface StfCase {
  readonly name: string;
  readonly description?: string;
  readonly preset: PresetName;
  readonly genesis: {
    readonly balances: Readonly<Record<string, string>>;
    readonly sudo?: string;
    readonly params: Readonly<Record<string, Value>>;
  };
  readonly blocks: readonly StfBlock[];
  readonly snapshots: readonly StfSnapshotRequest[];
  readonly expected?: unknown;
}

/** A case that cannot be run: `field` names the offending part (`blocks[3].calls[0].args.hotkey`). */
export class CaseError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const PARTS: readonly SnapshotPart[] = ['issuance', 'balances', 'subnets', 'stakes', 'metagraph'];

function obj(v: unknown, field: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new CaseError(field, 'must be an object');
  return v as Record<string, unknown>;
}

function str(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new CaseError(field, 'must be a string');
  return v;
}

function posInt(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new CaseError(field, 'must be a non-negative integer');
  return v;
}

/** Converts a case's parameter values to the chain's stored types; unknown names and wrong types are errors. */
export function caseParams(raw: Record<string, unknown>, field: string): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [name, v] of Object.entries(raw)) {
    const def = ECONOMY_PARAM_MAP.get(name);
    if (def) {
      try {
        out[name] = coerceParam(def, v);
      } catch (e) {
        if (e instanceof ParamValueError) throw new CaseError(`${field}.${name}`, e.message);
        throw e;
      }
      continue;
    }
    if (name in CORE_PARAMS) {
      const d = CORE_PARAMS[name];
      if (typeof d === 'bigint') {
        if (!(typeof v === 'string' || typeof v === 'number') || !/^\d+$/.test(String(v)))
          throw new CaseError(`${field}.${name}`, 'must be an integer');
        out[name] = BigInt(v as string);
      } else {
        if (typeof v !== 'number' || !Number.isSafeInteger(v))
          throw new CaseError(`${field}.${name}`, 'must be an integer');
        out[name] = v;
      }
      continue;
    }
    throw new CaseError(`${field}.${name}`, 'unknown parameter');
  }
  return out;
}

/** Reads and checks a case (JSON already parsed). */
export function readCase(json: unknown): StfCase {
  const c = obj(json, 'case');
  const name = str(c.name ?? 'unnamed', 'name');
  const preset = str(c.preset ?? 'dev', 'preset');
  if (preset !== 'dev' && preset !== 'mainnet-like') throw new CaseError('preset', `unknown preset "${preset}"`);
  const g = obj(c.genesis ?? {}, 'genesis');
  const balances: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(g.balances ?? {}, 'genesis.balances'))) {
    if (!(typeof v === 'string' || typeof v === 'number') || !/^\d+$/.test(String(v)))
      throw new CaseError(`genesis.balances.${k}`, 'must be a RAO amount');
    balances[k] = String(v);
  }
  const sudo = g.sudo === undefined ? undefined : str(g.sudo, 'genesis.sudo');
  const params = caseParams(obj(g.params ?? {}, 'genesis.params'), 'genesis.params');
  if (!Array.isArray(c.blocks)) throw new CaseError('blocks', 'must be an array');
  const blocks: StfBlock[] = c.blocks.map((b, i) => {
    const bo = obj(b, `blocks[${i}]`);
    if (bo.repeat !== undefined) return { repeat: posInt(bo.repeat, `blocks[${i}].repeat`) };
    const calls = bo.calls ?? [];
    if (!Array.isArray(calls)) throw new CaseError(`blocks[${i}].calls`, 'must be an array');
    return {
      calls: calls.map((x, j) => {
        const f = `blocks[${i}].calls[${j}]`;
        const co = obj(x, f);
        const call: StfCall = {
          origin: str(co.origin, `${f}.origin`),
          call: str(co.call, `${f}.call`),
          args: obj(co.args ?? {}, `${f}.args`),
        };
        return co.expect === undefined ? call : { ...call, expect: str(co.expect, `${f}.expect`) };
      }),
    };
  });
  const snapshots = (
    Array.isArray(c.snapshots)
      ? c.snapshots
      : c.snapshots === undefined
        ? []
        : (() => {
            throw new CaseError('snapshots', 'must be an array');
          })()
  ) as unknown[];
  const snaps: StfSnapshotRequest[] = snapshots.map((s, i) => {
    const so = obj(s, `snapshots[${i}]`);
    const include = so.include === undefined ? PARTS : so.include;
    if (!Array.isArray(include)) throw new CaseError(`snapshots[${i}].include`, 'must be an array');
    for (const [k, p] of include.entries())
      if (!PARTS.includes(p as SnapshotPart))
        throw new CaseError(`snapshots[${i}].include[${k}]`, `unknown part "${String(p)}"`);
    return { after: posInt(so.after, `snapshots[${i}].after`), include: include as SnapshotPart[] };
  });
  return {
    name,
    ...(typeof c.description === 'string' ? { description: c.description } : {}),
    preset,
    genesis: { balances, ...(sudo !== undefined ? { sudo } : {}), params },
    blocks,
    snapshots: snaps,
    ...(c.expected !== undefined ? { expected: c.expected } : {}),
  };
}

/**
 * Runs a state-transition case (vectors/stf/README.md) on the chain's own runtime with an in-memory state: genesis from
 * the preset plus the case's parameters, then each block's initialisation step and its calls dispatched as named
 * origins (no signatures, nonces or transaction fees; swap fees go to a fixed unnamed block author). Pure and deterministic: the same
 * case always gives the same output. Account URIs are turned into keys with the sr25519 dev derivation, so
 * `cryptoReady()` must have resolved first (see `runStfCaseAsync`).
 */
import { cryptoReady, isAddress, keypairFromUri, ss58Encode, type Value } from '@tensorium/primitives';
import { BlockExecutor } from '../chain/executive.js';
import { ArgError, convertArgs } from '../framework/args.js';
import type { Origin } from '../framework/module.js';
import { ECONOMY_PARAM_MAP } from '../modules/subnets/params.js';
import { presetSpec } from '../presets.js';
import { MemoryBackend } from '../state/backend.js';
import { META_ACCUMULATOR, State } from '../state/state.js';
import { tensoriumRuntime } from '../tensorium.js';
import { type Names, type Snapshot, takeSnapshot } from './snapshot.js';
import { CaseError, readCase, type StfCall, type StfCase } from './stfCase.js';

export interface CallOutcome {
  block: number;
  index: number;
  call: string;
  result: string;
}

export interface StfOutput {
  calls: CallOutcome[];
  snapshots: Snapshot[];
}

export interface RunOptions {
  /** Called after every block (and after genesis with block 0) with a read view of the committed state. */
  readonly onBlock?: (state: State, block: number) => void;
}

const GENESIS_HASH = new Uint8Array(32);
/** The block author of replayed blocks: the all-zero public key, which no account URI derives to. */
export const REPLAY_AUTHOR = ss58Encode(new Uint8Array(32));
const BLOCK_TIME_FALLBACK = 250;

/** Every account URI a case mentions, in first-seen order. */
function collectUris(c: StfCase): string[] {
  const seen = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.startsWith('//')) seen.add(v);
  };
  for (const k of Object.keys(c.genesis.balances)) add(k);
  add(c.genesis.sudo);
  for (const b of c.blocks) {
    if (!('calls' in b)) continue;
    for (const call of b.calls) {
      add(call.origin);
      for (const v of Object.values(call.args)) add(v);
    }
  }
  return [...seen];
}

function resolveNames(uris: readonly string[]): Names {
  const byName = new Map<string, string>();
  const byAddress = new Map<string, string>();
  for (const uri of uris) {
    const addr = keypairFromUri(uri).address;
    byName.set(uri, addr);
    if (!byAddress.has(addr)) byAddress.set(addr, uri);
  }
  return { byName, byAddress };
}

function accountOf(names: Names, v: string, field: string): string {
  const a = names.byName.get(v);
  if (a) return a;
  if (isAddress(v)) return v;
  throw new CaseError(field, `"${v}" is neither an account URI nor an SS58 address`);
}

/** Translates a call's JSON arguments: account URIs to addresses, `sudo_set` values to strings. */
function callArgs(names: Names, call: StfCall, field: string): Record<string, Value> {
  const entry = tensoriumRuntime.calls.get(call.call);
  if (!entry) throw new CaseError(`${field}.call`, `unknown call "${call.call}"`);
  const raw: Record<string, unknown> = { ...call.args };
  for (const spec of entry.call.args) {
    const v = raw[spec.name];
    if (spec.type === 'account' && typeof v === 'string')
      raw[spec.name] = accountOf(names, v, `${field}.args.${spec.name}`);
  }
  if (call.call === 'sudo_set' || call.call === 'set_hyperparameter') {
    if (typeof raw.name === 'string' && !ECONOMY_PARAM_MAP.has(raw.name))
      throw new CaseError(`${field}.args.name`, `unknown parameter "${raw.name}"`);
    if (raw.value !== undefined && raw.value !== null) raw.value = String(raw.value);
  }
  try {
    return convertArgs(entry.call.args, raw);
  } catch (e) {
    if (e instanceof ArgError) throw new CaseError(`${field}.args`, e.message);
    throw e;
  }
}

/** Dispatches one call in a checkpoint, as `BlockExecutor.dispatchAs`, reporting reference-chain error names. */
function dispatch(ex: BlockExecutor, origin: Origin, fn: string, args: Record<string, Value>): string {
  return ex.dispatchAs(origin, fn, args);
}

/** Runs a case (an object already checked by `readCase`, or raw JSON). Throws CaseError for an unreadable case. */
export function runStfCase(input: StfCase | unknown, opts: RunOptions = {}): StfOutput {
  const c = readCase(input);
  const names = resolveNames(collectUris(c));
  const balances: Record<string, bigint> = {};
  for (const [k, v] of Object.entries(c.genesis.balances))
    balances[accountOf(names, k, `genesis.balances.${k}`)] = BigInt(v);
  const spec = presetSpec(c.preset, {
    balances,
    ...(c.genesis.sudo !== undefined ? { sudo: accountOf(names, c.genesis.sudo, 'genesis.sudo') } : {}),
    params: c.genesis.params,
  });
  const blockTime = spec.blockTimeMs || BLOCK_TIME_FALLBACK;

  // Genesis.
  const backend = new MemoryBackend();
  const g = new State(backend);
  const gctx = { state: g, block: { number: 0, timestamp: spec.genesisTimestamp, author: '' }, emit() {} };
  for (const m of tensoriumRuntime.modules) m.genesis?.(gctx, spec);
  const gr = g.finish();
  backend.commit(gr.changes, new Map([[META_ACCUMULATOR, gr.accumulator.bytes()]]));
  opts.onBlock?.(new State(backend), 0);

  // Pre-translate every call so an unreadable case fails before anything runs.
  const plan: { origin: Origin; call: string; args: Record<string, Value> }[][] = [];
  c.blocks.forEach((b, i) => {
    if ('repeat' in b) {
      for (let k = 0; k < b.repeat; k++) plan.push([]);
      return;
    }
    plan.push(
      b.calls.map((call, j) => {
        const field = `blocks[${i}].calls[${j}]`;
        const origin: Origin =
          call.origin === 'sudo'
            ? { kind: 'root' }
            : { kind: 'signed', who: accountOf(names, call.origin, `${field}.origin`) };
        return { origin, call: call.call, args: callArgs(names, call, field) };
      }),
    );
  });

  c.snapshots.forEach((s, i) => {
    if (s.after > plan.length)
      throw new CaseError(`snapshots[${i}].after`, `block ${s.after} is past the case's last block ${plan.length}`);
  });
  const wanted = new Map<number, (typeof c.snapshots)[number][]>();
  for (const s of c.snapshots) wanted.set(s.after, [...(wanted.get(s.after) ?? []), s]);
  const out: StfOutput = { calls: [], snapshots: [] };
  const snapshotAt = (n: number) => {
    for (const s of wanted.get(n) ?? []) out.snapshots.push(takeSnapshot(new State(backend), n, s.include, names));
  };
  snapshotAt(0);
  plan.forEach((calls, i) => {
    const number = i + 1;
    const ex = new BlockExecutor(
      tensoriumRuntime,
      backend,
      { number, timestamp: spec.genesisTimestamp + number * blockTime, author: REPLAY_AUTHOR },
      GENESIS_HASH,
    );
    calls.forEach((p, index) => {
      out.calls.push({ block: number, index, call: p.call, result: dispatch(ex, p.origin, p.call, p.args) });
    });
    const r = ex.finish();
    backend.commit(r.changes, new Map([[META_ACCUMULATOR, r.accumulator]]));
    opts.onBlock?.(new State(backend), number);
    snapshotAt(number);
  });
  return out;
}

/** `runStfCase` after the key derivation is ready. */
export async function runStfCaseAsync(input: unknown, opts: RunOptions = {}): Promise<StfOutput> {
  await cryptoReady();
  return runStfCase(input, opts);
}

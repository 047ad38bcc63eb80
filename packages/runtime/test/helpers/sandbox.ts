/**
 * A block-by-block sandbox over the runtime for economy tests: calls are dispatched as named origins (account URIs or
 * 'sudo') the way state-transition cases do, every failed call is checked to change nothing, every block is checked
 * against the invariants, and every error name seen is recorded (for the error-coverage test).
 */
import assert from 'node:assert/strict';
import { encode, keypairFromUri, toHex, type Value } from '@tensorium/primitives';
import {
  BlockExecutor,
  checkInvariants,
  convertArgs,
  DispatchError,
  META_ACCUMULATOR,
  MemoryBackend,
  type Origin,
  type PresetName,
  presetSpec,
  State,
  tensoriumRuntime,
} from '@tensorium/runtime';

const addrCache = new Map<string, string>();
export function addr(uri: string): string {
  let a = addrCache.get(uri);
  if (!a) addrCache.set(uri, (a = keypairFromUri(uri).address));
  return a;
}

/** Error names seen per module, across every sandbox of the process. */
export const SEEN_ERRORS = new Map<string, Set<string>>();

const PREFIXES = [
  'system/',
  'balances/',
  'params/',
  'subnets/',
  'neurons/',
  'swap/',
  'staking/',
  'weights/',
  'coinbase/',
];

export function dumpState(state: State): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of PREFIXES) for (const [k, v] of state.scan<Value>(p)) out.set(k, toHex(encode(v)));
  return out;
}

export interface SandboxOptions {
  preset?: PresetName;
  balances?: Record<string, bigint>;
  params?: Record<string, Value>;
  /** Block author ('' = none). */
  author?: string;
}

export class Sandbox {
  readonly backend = new MemoryBackend();
  number = 0;
  ex!: BlockExecutor;
  private readonly author: string;

  constructor(opts: SandboxOptions = {}) {
    const balances: Record<string, bigint> = {};
    for (const [uri, v] of Object.entries(opts.balances ?? {})) balances[addr(uri)] = v;
    const spec = presetSpec(opts.preset ?? 'dev', { balances, params: opts.params ?? {} });
    this.author = opts.author ?? '';
    const g = new State(this.backend);
    const ctx = { state: g, block: { number: 0, timestamp: 0, author: '' }, emit() {} };
    for (const m of tensoriumRuntime.modules) m.genesis?.(ctx, spec);
    const r = g.finish();
    this.backend.commit(r.changes, new Map([[META_ACCUMULATOR, r.accumulator.bytes()]]));
    this.startBlock();
  }

  private startBlock(): void {
    this.number++;
    this.ex = new BlockExecutor(
      tensoriumRuntime,
      this.backend,
      { number: this.number, timestamp: this.number * 250, author: this.author },
      new Uint8Array(32),
    );
  }

  /** The state of the block being built (its step already ran). */
  get state(): State {
    return this.ex.state;
  }

  /** Ends the current block, checks the invariants, and starts the next one (running its block step). */
  next(n = 1): void {
    for (let i = 0; i < n; i++) {
      const r = this.ex.finish();
      this.backend.commit(r.changes, new Map([[META_ACCUMULATOR, r.accumulator]]));
      assert.deepEqual(checkInvariants(new State(this.backend)), [], `invariants after block ${this.number}`);
      this.startBlock();
    }
  }

  /** Dispatches a call; returns 'ok' or the error name. A failed call must leave the state unchanged. */
  call(origin: string, fn: string, args: Record<string, unknown> = {}): string {
    const entry = tensoriumRuntime.calls.get(fn);
    assert.ok(entry, `unknown call ${fn}`);
    const raw: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(args)) raw[k] = typeof v === 'string' && v.startsWith('//') ? addr(v) : v;
    const converted = convertArgs(entry.call.args, raw);
    const o: Origin = origin === 'sudo' ? { kind: 'root' } : { kind: 'signed', who: addr(origin) };
    if (entry.call.origin === 'root' && o.kind !== 'root') {
      record('subnets', 'BadOrigin');
      return 'BadOrigin';
    }
    const before = dumpState(this.state);
    this.state.checkpoint();
    try {
      entry.call.handler(this.ex.context, o, converted);
      this.state.commitCheckpoint();
      return 'ok';
    } catch (e) {
      if (!(e instanceof DispatchError)) throw e;
      this.state.revertCheckpoint();
      assert.deepEqual(dumpState(this.state), before, `failed ${fn} (${e.error}) changed the state`);
      record(e.module, e.error);
      return e.error;
    }
  }

  /** `call` that must succeed. */
  ok(origin: string, fn: string, args: Record<string, unknown> = {}): void {
    assert.equal(this.call(origin, fn, args), 'ok', `${fn} by ${origin}`);
  }
}

function record(module: string, error: string): void {
  let s = SEEN_ERRORS.get(module);
  if (!s) SEEN_ERRORS.set(module, (s = new Set()));
  s.add(error);
}

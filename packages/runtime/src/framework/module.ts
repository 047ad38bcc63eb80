/**
 * Runtime modules, after FRAME pallets: each module owns storage (key prefixes), calls, events, errors and
 * optional block hooks. Calls are thin: check the origin, validate, then hand off to the module's logic
 * functions, which other modules may also call through the module's public functions.
 */
import type { Value } from '@tensorium/primitives';
import type { State } from '../state/state.js';
import type { ArgSpec } from './args.js';

export type Origin = { readonly kind: 'signed'; readonly who: string } | { readonly kind: 'root' };

export interface RuntimeEvent {
  readonly module: string;
  readonly name: string;
  readonly data: Value;
  /** Index of the extrinsic that raised it; absent for block hooks. */
  readonly extrinsic?: number;
}

export interface BlockInfo {
  readonly number: number;
  /** Milliseconds since the Unix epoch, as set by the block author. */
  readonly timestamp: number;
  readonly author: string;
}

/** What a call or hook sees: the state overlay, the block, and a sink for events. */
export interface Ctx {
  readonly state: State;
  readonly block: BlockInfo;
  emit(module: string, name: string, data: Value): void;
}

export interface CallDef {
  /** Reference chain call name in snake_case, unique across modules (`transfer_keep_alive`). */
  readonly name: string;
  readonly args: readonly ArgSpec[];
  /** `signed`: any signed account; `root`: the sudo key (or a root origin in replays). */
  readonly origin: 'signed' | 'root';
  /**
   * The reference chain's `Pays::No` (weights and axon calls): no fee is charged, so that a hotkey holding no TAO
   * can serve and validate. In exchange such a transaction is only valid when its call succeeds: one that would fail
   * is refused at submission (InvalidTransaction `Call`) and never included, so it can't be used to spam blocks.
   */
  readonly feeless?: true;
  readonly doc: string;
  /** Arguments arrive converted per `args` (hence `any`). */
  readonly handler: (ctx: Ctx, origin: Origin, args: any) => void;
}

export interface ModuleDef {
  readonly name: string;
  readonly calls: readonly CallDef[];
  /** Error names with their meaning (docs/errors.md is generated from these). */
  readonly errors: Readonly<Record<string, string>>;
  readonly events: Readonly<Record<string, string>>;
  /** Runs at the start of every block, in module order. */
  readonly onInitialize?: (ctx: Ctx) => void;
  /** Runs at the end of every block, in reverse module order. */
  readonly onFinalize?: (ctx: Ctx) => void;
  /** Writes the module's genesis state from the chain spec. */
  readonly genesis?: (ctx: Ctx, spec: ChainSpec) => void;
}

/** The JSON chain spec: genesis balances, the sudo key, block time and every delay and limit (params). */
export interface ChainSpec {
  readonly name: string;
  readonly id: string;
  /** Block time in milliseconds. */
  readonly blockTimeMs: number;
  /** SS58 address of the block author (single-authority chain). */
  readonly authority: string;
  /** SS58 address of the sudo key, if any. */
  readonly sudo?: string;
  /** SS58 address → free balance in RAO (decimal strings in JSON). */
  readonly balances: Readonly<Record<string, bigint>>;
  /** Parameter name (reference chain storage name, snake_case) → value. */
  readonly params: Readonly<Record<string, Value>>;
  /** Genesis timestamp in ms (fixed, so that the genesis hash depends only on the spec). */
  readonly genesisTimestamp: number;
}

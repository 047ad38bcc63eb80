/**
 * Chain spec presets. Every delay and limit lives in the chain spec's `params` (and from there in state), none in
 * code. `dev`: 250 ms blocks and short delays for local work; `mainnet-like`: 12 s blocks and the reference
 * chain's delays. Modules add their own parameters to `BASE_PARAMS` through `PRESET_PARAMS`.
 */
import { RAO_PER_TAO, type Value } from '@tensorium/primitives';
import type { ChainSpec } from './framework/module.js';
import { ECONOMY_PRESET_PARAMS } from './modules/subnets/params.js';

/** Well-known development accounts (sr25519 from the Substrate dev phrase, `//Alice` …). */
export const DEV_ADDRESSES = {
  Alice: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  Bob: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
  Charlie: '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y',
  Dave: '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy',
  Eve: '5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw',
  Ferdie: '5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL',
} as const;

export type PresetName = 'dev' | 'mainnet-like';

/** Parameters of the chain core (system, balances, transactions). */
export const CORE_PARAMS: Record<string, Value> = {
  /** Existential deposit in RAO, as on the reference chain. */
  existential_deposit: 500n,
  /** Fee per transaction, burned: base + per byte (RAO). */
  tx_base_fee: 100_000n,
  tx_byte_fee: 1_000n,
  /** Largest transaction accepted, in bytes. */
  max_tx_bytes: 65_536,
  /** How far ahead of the account nonce the pool accepts transactions. */
  max_nonce_ahead: 64,
  /** Most transactions in one block. */
  max_block_txs: 4_096,
};

/** Per-preset parameter sets that modules contribute (filled in by the runtime assembly). */
export const PRESET_PARAMS: Record<PresetName, Record<string, Value>> = {
  dev: { ...ECONOMY_PRESET_PARAMS.dev },
  'mainnet-like': { ...ECONOMY_PRESET_PARAMS['mainnet-like'] },
};

export function presetSpec(preset: PresetName, overrides: Partial<ChainSpec> = {}): ChainSpec {
  const dev = preset === 'dev';
  const balances: Record<string, bigint> = {};
  for (const addr of Object.values(DEV_ADDRESSES)) balances[addr] = 1_000_000n * RAO_PER_TAO;
  return {
    name: dev ? 'Tensorium Development' : 'Tensorium Mainnet-like',
    id: dev ? 'tensorium-dev' : 'tensorium-mainnet-like',
    blockTimeMs: dev ? 250 : 12_000,
    authority: DEV_ADDRESSES.Alice,
    sudo: DEV_ADDRESSES.Alice,
    balances,
    genesisTimestamp: 0,
    ...overrides,
    params: { ...CORE_PARAMS, ...PRESET_PARAMS[preset], ...(overrides.params ?? {}) },
  };
}

/** Parses a JSON chain spec (balances as decimal strings, params as JSON values with integers as strings or numbers). */
export function parseChainSpec(json: unknown, base: PresetName = 'dev'): ChainSpec {
  if (typeof json !== 'object' || json === null) throw new Error('chain spec must be a JSON object');
  const j = json as Record<string, unknown>;
  const preset = (typeof j.preset === 'string' ? j.preset : base) as PresetName;
  if (!(preset in PRESET_PARAMS)) throw new Error(`unknown preset "${preset}"`);
  const balances: Record<string, bigint> = {};
  if (j.balances !== undefined) {
    if (typeof j.balances !== 'object' || j.balances === null) throw new Error('balances must be an object');
    for (const [k, v] of Object.entries(j.balances as Record<string, unknown>)) {
      if (typeof v !== 'string' && typeof v !== 'number') throw new Error(`balances.${k} must be a RAO amount`);
      balances[k] = BigInt(v);
    }
  }
  const params: Record<string, Value> = {};
  if (j.params !== undefined) {
    for (const [k, v] of Object.entries(j.params as Record<string, unknown>)) {
      const defaults = { ...CORE_PARAMS, ...PRESET_PARAMS[preset] };
      if (!(k in defaults)) throw new Error(`unknown chain parameter "${k}"`);
      const d = defaults[k];
      params[k] = typeof d === 'bigint' ? BigInt(v as string) : (v as Value);
    }
  }
  const o: Partial<ChainSpec> & { params: Record<string, Value> } = { params };
  if (j.balances !== undefined) (o as { balances: Record<string, bigint> }).balances = balances;
  for (const f of ['name', 'id', 'authority', 'sudo'] as const)
    if (typeof j[f] === 'string') (o as Record<string, unknown>)[f] = j[f];
  if (typeof j.blockTimeMs === 'number') (o as Record<string, unknown>).blockTimeMs = j.blockTimeMs;
  if (typeof j.genesisTimestamp === 'number') (o as Record<string, unknown>).genesisTimestamp = j.genesisTimestamp;
  return presetSpec(preset, o);
}

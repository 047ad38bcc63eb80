/**
 * The economy's chain parameters (spec/economics.md §2.7 and the globals listed there), with their defaults for the
 * `dev` and `mainnet-like` presets. Names are the reference chain's storage names in snake_case. Every delay and limit
 * lives here as a chain-spec parameter; none is written in code.
 *
 * Scope `global` values live in `params/<name>`. Scope `subnet` values also have a global entry, which is the default
 * copied into a subnet's own hyperparameters (`subnets/hp/<netuid>`) when the subnet is created.
 *
 * Stored types: `u16`/`u32` → number, `u64`/`u128` and raw fixed-point bits → bigint, `bool` → boolean, `enum` → string.
 */
import type { Value } from '@tensorium/primitives';

export type ParamKind = 'u16' | 'u32' | 'u64' | 'u128' | 'bool' | 'enum';

export interface EconomyParam {
  readonly name: string;
  readonly scope: 'global' | 'subnet';
  readonly kind: ParamKind;
  readonly dev: Value;
  readonly mainnet: Value;
  /** Allowed values of an `enum` parameter. */
  readonly values?: readonly string[];
  /** Owner-settable through `set_hyperparameter`, within these bounds (inclusive). */
  readonly owner?: { readonly min?: bigint; readonly max?: bigint };
  readonly doc: string;
}

const TAO = 1_000_000_000n;

function p(
  name: string,
  scope: 'global' | 'subnet',
  kind: ParamKind,
  dev: Value,
  mainnet: Value,
  doc: string,
  extra: Partial<Pick<EconomyParam, 'owner' | 'values'>> = {},
): EconomyParam {
  return { name, scope, kind, dev, mainnet, doc, ...extra };
}

const owner = (min?: bigint, max?: bigint) => ({
  owner: { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) },
});

/** Every economy parameter, in documentation order. */
export const ECONOMY_PARAMS: readonly EconomyParam[] = [
  // --- issuance and accounting
  p(
    'total_issuance',
    'global',
    'u64',
    0n,
    0n,
    'Genesis TotalIssuance (RAO); 0 = the sum of genesis balances. Any excess is pre-existing TAO held outside accounts.',
  ),
  p(
    'tao_weight',
    'global',
    'u64',
    3_320_413_933_267_719_290n,
    3_320_413_933_267_719_290n,
    'TaoWeight: weight of root stake, as a u64 ratio of u64::MAX (0.18).',
  ),
  p(
    'subnet_owner_cut',
    'global',
    'u16',
    11_796,
    11_796,
    "SubnetOwnerCut: share of each block's alpha_out for the owner (u16 ratio, ≈18%).",
  ),
  p(
    'subnet_moving_alpha',
    'global',
    'u64',
    429_496_730n,
    12_885n,
    'SubnetMovingAlpha: EMA weight of the moving price, raw I96F32 bits.',
  ),
  p(
    'max_epochs_per_block',
    'global',
    'u16',
    2,
    2,
    'MaxEpochsPerBlock: most epochs run in one block; due subnets beyond it are deferred.',
  ),
  p('default_take', 'global', 'u16', 11_796, 11_796, 'Default delegate take of every hotkey (u16 ratio, ≈18%).'),
  p('max_delegate_take', 'global', 'u16', 11_796, 11_796, 'MaxDelegateTake (u16 ratio).'),
  p(
    'tx_delegate_take_rate_limit',
    'global',
    'u64',
    10n,
    216_000n,
    'TxDelegateTakeRateLimit: blocks between take increases.',
  ),
  p('min_stake', 'global', 'u64', 2_000_000n, 2_000_000n, 'DefaultMinStake (RAO): smallest stake operation.'),
  p(
    'nominator_min_required_stake',
    'global',
    'u64',
    10_000_000n,
    10_000_000n,
    'NominatorMinRequiredStake factor (per million of min_stake): smaller nominations are force-unstaked after a removal.',
  ),
  p('stake_threshold', 'global', 'u64', 0n, 0n, 'StakeThreshold: weighted stake needed to set weights (RAO).'),
  p(
    'minimum_reserve',
    'global',
    'u64',
    1_000_000n,
    1_000_000n,
    'MinimumReserve: a swap needs at least this much of the output token in the pool.',
  ),
  p(
    'root_claimable_threshold',
    'global',
    'u64',
    500_000n,
    500_000n,
    'RootClaimableThreshold: smallest root dividend paid by a claim (alpha units).',
  ),
  p(
    'store_epoch_trace',
    'global',
    'bool',
    true,
    true,
    "Keep the last epoch's explain trace of each subnet in state (subnet_epochTrace).",
  ),
  p('ck_burn', 'global', 'u64', 0n, 0n, 'CKBurn: share of parent dividends recycled across coldkeys (u64 ratio).'),
  // --- subnet registration
  p('network_min_lock_cost', 'global', 'u64', 100n * TAO, 1_000n * TAO, 'NetworkMinLockCost (RAO).'),
  p('network_last_lock_cost', 'global', 'u64', 100n * TAO, 1_250n * TAO, 'NetworkLastLockCost at genesis (RAO).'),
  p(
    'network_lock_reduction_interval',
    'global',
    'u64',
    100n,
    57_600n,
    'NetworkLockReductionInterval: blocks for the lock cost to decay back to the minimum.',
  ),
  p(
    'network_rate_limit',
    'global',
    'u64',
    0n,
    28_800n,
    'NetworkRateLimit: blocks between two subnet registrations, network-wide.',
  ),
  p(
    'network_immunity_period',
    'global',
    'u64',
    1_000n,
    864_000n,
    'NetworkImmunityPeriod: blocks a new subnet cannot be pruned.',
  ),
  p(
    'network_registration_start_block',
    'global',
    'u64',
    0n,
    0n,
    'NetworkRegistrationStartBlock: first block at which subnets may be registered.',
  ),
  p('subnet_limit', 'global', 'u16', 128, 128, 'SubnetLimit: most non-root subnets; the weakest is pruned beyond it.'),
  p(
    'start_call_delay',
    'global',
    'u64',
    0n,
    0n,
    'StartCallDelay: blocks after registration before start_call is allowed.',
  ),
  p(
    'subnet_auto_start',
    'global',
    'bool',
    false,
    false,
    'Tensorium addition: a new subnet starts (emission and staking on from the next block) at creation, and start_call becomes a no-op. `tensorium node --dev` and createDevChain() switch it on so a fresh dev chain pays out within seconds.',
  ),
  p(
    'owner_hyperparam_rate_limit',
    'global',
    'u16',
    2,
    2,
    'OwnerHyperparamRateLimit: tempos between two owner changes of one hyperparameter.',
  ),
  p(
    'admin_freeze_window',
    'global',
    'u16',
    2,
    10,
    'AdminFreezeWindow: no owner change in the last blocks before an epoch.',
  ),
  p(
    'weights_version_key_rate_limit',
    'global',
    'u64',
    5n,
    5n,
    'WeightsVersionKeyRateLimit: tempos between owner version-key changes.',
  ),
  p('owner_min_tempo', 'global', 'u16', 2, 360, 'Smallest tempo an owner may set (MIN_TEMPO).'),
  p('owner_max_tempo', 'global', 'u16', 50_400, 50_400, 'Largest tempo an owner may set (MAX_TEMPO).'),
  p(
    'sn_owner_hotkey_rate_limit',
    'global',
    'u64',
    10n,
    50_400n,
    'Blocks between two changes of a subnet owner hotkey.',
  ),
  p('min_allowed_uids', 'global', 'u16', 8, 64, "MinAllowedUids: lower bound of an owner's max_allowed_uids."),
  // --- per-subnet hyperparameters
  p('tempo', 'subnet', 'u16', 10, 360, 'Tempo: blocks between epochs.'),
  p('kappa', 'subnet', 'u16', 32_767, 32_767, 'Kappa: consensus majority (u16 ratio).'),
  p(
    'bonds_moving_average',
    'subnet',
    'u64',
    900_000n,
    900_000n,
    'BondsMovingAverage (millionths).',
    owner(0n, 975_000n),
  ),
  p('bonds_penalty', 'subnet', 'u16', 65_535, 65_535, 'BondsPenalty (u16 ratio).', owner()),
  p('yuma3_enabled', 'subnet', 'bool', true, true, 'Yuma3 bonds on.', owner()),
  p('liquid_alpha_enabled', 'subnet', 'bool', false, false, 'Liquid alpha on.', owner()),
  p('alpha_low', 'subnet', 'u16', 45_875, 45_875, 'Liquid alpha lower bound (u16 ratio).', owner()),
  p('alpha_high', 'subnet', 'u16', 58_982, 58_982, 'Liquid alpha upper bound (u16 ratio).', owner()),
  p('alpha_sigmoid_steepness', 'subnet', 'u16', 1_000, 1_000, 'Liquid alpha sigmoid steepness.', owner()),
  p('max_allowed_uids', 'subnet', 'u16', 256, 256, 'MaxAllowedUids: neuron slots.', owner(undefined, 256n)),
  p('max_allowed_validators', 'subnet', 'u16', 64, 64, 'MaxAllowedValidators: validator permits per epoch.'),
  p(
    'immunity_period',
    'subnet',
    'u64',
    100n,
    5_000n,
    'ImmunityPeriod: blocks a new neuron cannot be replaced.',
    owner(),
  ),
  p('min_allowed_weights', 'subnet', 'u16', 1, 1, 'MinAllowedWeights.', owner()),
  p(
    'max_weights_limit',
    'subnet',
    'u16',
    65_535,
    65_535,
    'MaxWeightsLimit (u16 ratio of the largest normalised weight).',
  ),
  p('weights_set_rate_limit', 'subnet', 'u64', 2n, 100n, 'WeightsSetRateLimit: blocks between two weight settings.'),
  p('weights_version_key', 'subnet', 'u64', 0n, 0n, 'WeightsVersionKey: minimum version key of set_weights.', owner()),
  p('commit_reveal_weights_enabled', 'subnet', 'bool', false, true, 'CommitRevealWeightsEnabled.', owner()),
  p(
    'reveal_period_epochs',
    'subnet',
    'u64',
    1n,
    1n,
    'RevealPeriodEpochs: epochs between a commit and its reveal.',
    owner(1n, 100n),
  ),
  p(
    'activity_cutoff_factor_milli',
    'subnet',
    'u32',
    13_889,
    13_889,
    'ActivityCutoffFactorMilli: cutoff = factor × tempo / 1000 blocks.',
    owner(1_000n, 50_000n),
  ),
  p('burn', 'subnet', 'u64', TAO, TAO, 'Burn: registration price of a new subnet (RAO).'),
  p('min_burn', 'subnet', 'u64', 500_000n, 500_000n, 'MinBurn (RAO).', owner(0n, TAO - 1n)),
  p('max_burn', 'subnet', 'u64', 100n * TAO, 100n * TAO, 'MaxBurn (RAO).', owner(TAO / 10n + 1n)),
  p(
    'burn_half_life',
    'subnet',
    'u16',
    360,
    360,
    'BurnHalfLife: blocks for the registration price to halve.',
    owner(1n, 36_100n),
  ),
  p(
    'burn_increase_mult',
    'subnet',
    'u128',
    23_242_897_532_874_035_200n,
    23_242_897_532_874_035_200n,
    'BurnIncreaseMult: price bump per registration, raw U64F64 bits (1.26).',
    owner(),
  ),
  p('fee_rate', 'subnet', 'u16', 33, 33, 'Swap FeeRate (u16 ratio, at most 10,000).'),
  p('serving_rate_limit', 'subnet', 'u64', 50n, 50n, 'ServingRateLimit: blocks between two serve_axon.', owner()),
  p(
    'immune_owner_uids_limit',
    'subnet',
    'u16',
    1,
    1,
    'ImmuneOwnerUidsLimit: owner hotkeys never replaced.',
    owner(1n, 10n),
  ),
  p(
    'min_non_immune_uids',
    'subnet',
    'u16',
    10,
    10,
    'MinNonImmuneUids: a non-immune neuron is replaced only above this count.',
  ),
  p('owner_cut_enabled', 'subnet', 'bool', true, true, 'OwnerCutEnabled.', owner()),
  p('recycle_or_burn', 'subnet', 'enum', 'burn', 'burn', 'RecycleOrBurn: fate of incentive to owner hotkeys.', {
    ...owner(),
    values: ['burn', 'recycle'],
  }),
  p(
    'network_registration_allowed',
    'subnet',
    'bool',
    true,
    true,
    'NetworkRegistrationAllowed: registration open (and emission received).',
  ),
  p(
    'subnet_emission_enabled',
    'subnet',
    'bool',
    true,
    false,
    'SubnetEmissionEnabled at creation: TAO-side emission on.',
  ),
  p('ema_price_halving_blocks', 'subnet', 'u64', 1n, 201_600n, 'EMAPriceHalvingBlocks of the moving price.'),
  p('transfer_toggle', 'subnet', 'bool', true, true, 'TransferToggle: transfer_stake allowed.', owner()),
  p('min_childkey_take', 'subnet', 'u16', 0, 0, 'MinChildkeyTake (u16 ratio).', owner()),
  p('max_registrations_per_block', 'subnet', 'u16', 1, 1, 'MaxRegistrationsPerBlock (root only).'),
];

export const ECONOMY_PARAM_MAP: ReadonlyMap<string, EconomyParam> = new Map(ECONOMY_PARAMS.map((d) => [d.name, d]));

/** Subnet-scoped parameter names (the fields of a subnet's hyperparameter record). */
export const SUBNET_PARAM_NAMES: readonly string[] = ECONOMY_PARAMS.filter((d) => d.scope === 'subnet').map(
  (d) => d.name,
);

/** The economy's defaults per preset, merged into the chain spec presets. */
export const ECONOMY_PRESET_PARAMS: {
  readonly dev: Record<string, Value>;
  readonly 'mainnet-like': Record<string, Value>;
} = {
  dev: Object.fromEntries(ECONOMY_PARAMS.map((d) => [d.name, d.dev])),
  'mainnet-like': Object.fromEntries(ECONOMY_PARAMS.map((d) => [d.name, d.mainnet])),
};

export class ParamValueError extends Error {}

const U16_MAX = 65_535n;
const U32_MAX = 4_294_967_295n;
const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;

function toInteger(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v);
  return undefined;
}

/**
 * Converts a JSON or string value to a parameter's stored type: integers from numbers or decimal strings, switches
 * from booleans (or "true"/"false"), enums from one of their names. Throws ParamValueError naming the parameter.
 */
export function coerceParam(def: EconomyParam, raw: unknown): Value {
  switch (def.kind) {
    case 'bool':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw new ParamValueError(`parameter "${def.name}" must be a boolean`);
    case 'enum':
      if (typeof raw === 'string' && def.values?.includes(raw)) return raw;
      throw new ParamValueError(`parameter "${def.name}" must be one of ${def.values?.join(', ')}`);
    default: {
      const n = toInteger(raw);
      const max = def.kind === 'u16' ? U16_MAX : def.kind === 'u32' ? U32_MAX : def.kind === 'u64' ? U64_MAX : U128_MAX;
      if (n === undefined || n < 0n || n > max)
        throw new ParamValueError(`parameter "${def.name}" must be a ${def.kind} integer`);
      return def.kind === 'u64' || def.kind === 'u128' ? n : Number(n);
    }
  }
}

/** A parameter value as a bigint (integers only). */
export function paramAsBig(v: Value | undefined): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return 0n;
}

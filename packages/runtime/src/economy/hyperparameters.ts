// Subnet hyperparameters: defaults, who may set them and their limits (spec/economics.md §2.7).
import { ADMIN_FREEZE_WINDOW, ONE_TAO, U64_MAX } from './constants.js';
import { DEFAULT_EMA_PRICE_HALVING_BLOCKS } from './movingPrice.js';
import { DEFAULT_BURN_INCREASE_MULT_RAW } from './registrationPrice.js';

/** Storage type of a hyperparameter (u64 values are bigints, u16/u32/i16 numbers, U64F64 a raw bigint). */
export type HyperparamType = 'u16' | 'u32' | 'i16' | 'u64' | 'bool' | 'U64F64' | 'u16Pair' | 'RecycleOrBurn';

/**
 * Who may change a hyperparameter: `owner` (subnet owner call, subject to the owner rate limit and the admin freeze
 * window) or root; `root` only; `dynamic` (changed by the chain itself, e.g. the burn price); `none` (a constant).
 */
export type HyperparamSetter = 'ownerOrRoot' | 'root' | 'dynamic' | 'none';

/** One row of the §2.7 table. */
export interface HyperparamSpec<V> {
  readonly type: HyperparamType;
  /** Value written for a new subnet. */
  readonly default: V;
  readonly setBy: HyperparamSetter;
  /** Inclusive bounds checked for owner calls (and root where noted). */
  readonly min?: V;
  readonly max?: V;
  /** Owner-specific rate limit in blocks (instead of `OwnerHyperparamRateLimit` tempos), if any. */
  readonly ownerRateLimitBlocks?: bigint;
  /** Owner rate limit in tempos, if different from the default 2. */
  readonly ownerRateLimitTempos?: number;
  /** Error returned when the bounds are violated (reference chain name). */
  readonly boundsError?: string;
  readonly notes: string;
}

const spec = <V>(s: HyperparamSpec<V>): HyperparamSpec<V> => s;

/** `RecycleOrBurn` values (§2.6). */
export type RecycleOrBurn = 'Burn' | 'Recycle';

/**
 * Every per-subnet hyperparameter of spec §2.7 with its new-subnet default, setter and limits. Values are exact integers
 * (RAO for amounts, raw U64F64 for `BurnIncreaseMult`, u16 ratios of 65,535 where noted).
 */
export const HYPERPARAMETERS = {
  Tempo: spec<number>({
    type: 'u16',
    default: 360,
    setBy: 'ownerOrRoot',
    min: 360,
    max: 50_400,
    ownerRateLimitBlocks: 360n,
    boundsError: 'TempoOutOfBounds',
    notes: 'set_tempo; resets LastEpochBlock = now',
  }),
  ActivityCutoffFactorMilli: spec<number>({
    type: 'u32',
    default: 13_889,
    setBy: 'ownerOrRoot',
    min: 1_000,
    max: 50_000,
    boundsError: 'ActivityCutoffFactorMilliOutOfBounds',
    notes: 'cutoff blocks = max(1, floor(f·tempo/1000)); 5000 at tempo 360',
  }),
  MaxAllowedUids: spec<number>({
    type: 'u16',
    default: 256,
    setBy: 'ownerOrRoot',
    min: 64,
    max: 256,
    notes: '≤ 256, ≥ MinAllowedUids (64), ≥ current N',
  }),
  MinAllowedUids: spec<number>({ type: 'u16', default: 64, setBy: 'root', notes: 'lower bound for MaxAllowedUids' }),
  MaxAllowedValidators: spec<number>({ type: 'u16', default: 64, setBy: 'root', notes: 'validator permits per epoch' }),
  ImmunityPeriod: spec<number>({
    type: 'u16',
    default: 5_000,
    setBy: 'ownerOrRoot',
    notes: 'runtime default 4096, init_new_network writes 5000',
  }),
  MinAllowedWeights: spec<number>({
    type: 'u16',
    default: 1,
    setBy: 'ownerOrRoot',
    notes: 'minimum weights per set_weights (capped by N)',
  }),
  MaxWeightsLimit: spec<number>({ type: 'u16', default: 65_535, setBy: 'none', notes: '65535 = no limit' }),
  WeightsSetRateLimit: spec<bigint>({
    type: 'u64',
    default: 100n,
    setBy: 'root',
    notes: 'blocks between set_weights of one UID',
  }),
  WeightsVersionKey: spec<bigint>({
    type: 'u64',
    default: 0n,
    setBy: 'ownerOrRoot',
    ownerRateLimitTempos: 5,
    notes: 'owner limited to once per 5 tempos',
  }),
  CommitRevealWeightsEnabled: spec<boolean>({
    type: 'bool',
    default: true,
    setBy: 'ownerOrRoot',
    notes: 'set_weights rejected while on',
  }),
  RevealPeriodEpochs: spec<bigint>({
    type: 'u64',
    default: 1n,
    setBy: 'ownerOrRoot',
    min: 1n,
    max: 100n,
    notes: 'reveal exactly this many epochs after the commit',
  }),
  Burn: spec<bigint>({ type: 'u64', default: ONE_TAO, setBy: 'dynamic', notes: 'registration price, §3.2' }),
  MinBurn: spec<bigint>({
    type: 'u64',
    default: 500_000n,
    setBy: 'ownerOrRoot',
    max: ONE_TAO - 1n,
    boundsError: 'ValueNotInBounds',
    notes: '< 1 TAO and < MaxBurn',
  }),
  MaxBurn: spec<bigint>({
    type: 'u64',
    default: 100n * ONE_TAO,
    setBy: 'ownerOrRoot',
    min: ONE_TAO / 10n + 1n,
    boundsError: 'ValueNotInBounds',
    notes: '> 0.1 TAO and > MinBurn',
  }),
  BurnHalfLife: spec<number>({
    type: 'u16',
    default: 360,
    setBy: 'ownerOrRoot',
    min: 1,
    max: 36_100,
    boundsError: 'ValueNotInBounds',
    notes: 'blocks for the price to halve without registrations',
  }),
  BurnIncreaseMult: spec<bigint>({
    type: 'U64F64',
    default: DEFAULT_BURN_INCREASE_MULT_RAW,
    setBy: 'ownerOrRoot',
    notes: '×1.26 per registration (raw U64F64 of the double 1.26)',
  }),
  MaxRegistrationsPerBlock: spec<number>({
    type: 'u16',
    default: 1,
    setBy: 'root',
    notes: 'only enforced on root now',
  }),
  TargetRegistrationsPerInterval: spec<number>({
    type: 'u16',
    default: 2,
    setBy: 'root',
    notes: 'only used by root now (legacy for subnets)',
  }),
  AdjustmentInterval: spec<number>({ type: 'u16', default: 100, setBy: 'root', notes: 'legacy burn adjustment, §3.3' }),
  AdjustmentAlpha: spec<bigint>({
    type: 'u64',
    default: 0n,
    setBy: 'ownerOrRoot',
    notes: 'legacy burn adjustment, §3.3',
  }),
  Difficulty: spec<bigint>({ type: 'u64', default: 10_000_000n, setBy: 'root', notes: 'PoW removed 2026-03' }),
  ServingRateLimit: spec<bigint>({
    type: 'u64',
    default: 50n,
    setBy: 'ownerOrRoot',
    notes: 'blocks between serve_axon',
  }),
  Kappa: spec<number>({ type: 'u16', default: 32_767, setBy: 'root', notes: 'epoch consensus majority (0.5)' }),
  Rho: spec<number>({ type: 'u16', default: 10, setBy: 'ownerOrRoot', notes: 'epoch input' }),
  AlphaSigmoidSteepness: spec<number>({
    type: 'i16',
    default: 1_000,
    setBy: 'ownerOrRoot',
    min: 0,
    boundsError: 'NegativeSigmoidSteepness',
    notes: 'epoch input (liquid alpha)',
  }),
  BondsMovingAverage: spec<bigint>({ type: 'u64', default: 900_000n, setBy: 'ownerOrRoot', notes: 'epoch input' }),
  BondsPenalty: spec<number>({ type: 'u16', default: 65_535, setBy: 'ownerOrRoot', notes: 'epoch input' }),
  BondsResetOn: spec<boolean>({ type: 'bool', default: false, setBy: 'ownerOrRoot', notes: 'epoch input' }),
  LiquidAlphaOn: spec<boolean>({ type: 'bool', default: false, setBy: 'ownerOrRoot', notes: 'epoch input' }),
  AlphaValues: spec<readonly [number, number]>({
    type: 'u16Pair',
    default: [45_875, 58_982],
    setBy: 'ownerOrRoot',
    notes: '(0.7, 0.9) as u16 ratios',
  }),
  Yuma3On: spec<boolean>({
    type: 'bool',
    default: true,
    setBy: 'ownerOrRoot',
    notes: 'init_new_network switches Yuma3 on',
  }),
  MinChildkeyTake: spec<number>({ type: 'u16', default: 0, setBy: 'ownerOrRoot', notes: 'u16 ratio' }),
  TransferToggle: spec<boolean>({ type: 'bool', default: true, setBy: 'ownerOrRoot', notes: 'gates transfer_stake' }),
  RecycleOrBurn: spec<RecycleOrBurn>({
    type: 'RecycleOrBurn',
    default: 'Burn',
    setBy: 'ownerOrRoot',
    notes: 'fate of owner-hotkey incentive',
  }),
  ImmuneOwnerUidsLimit: spec<number>({
    type: 'u16',
    default: 1,
    setBy: 'ownerOrRoot',
    min: 1,
    max: 10,
    boundsError: 'InvalidValue',
    notes: 'owner hotkeys never pruned',
  }),
  MinNonImmuneUids: spec<number>({
    type: 'u16',
    default: 10,
    setBy: 'root',
    notes: 'prune a non-immune UID only above this count',
  }),
  OwnerCutEnabled: spec<boolean>({
    type: 'bool',
    default: true,
    setBy: 'ownerOrRoot',
    notes: 'owner cut taken from alpha_out',
  }),
  OwnerCutAutoLockEnabled: spec<boolean>({
    type: 'bool',
    default: false,
    setBy: 'ownerOrRoot',
    notes: 'locks the owner cut (conviction)',
  }),
  SubnetEmissionEnabled: spec<boolean>({
    type: 'bool',
    default: false,
    setBy: 'root',
    notes: 'false at registration; TAO-side emission only when true',
  }),
  EMAPriceHalvingBlocks: spec<bigint>({
    type: 'u64',
    default: DEFAULT_EMA_PRICE_HALVING_BLOCKS,
    setBy: 'root',
    notes: 'moving price warm-up, §4.6',
  }),
  MechanismCount: spec<number>({
    type: 'u16',
    default: 1,
    setBy: 'ownerOrRoot',
    min: 1,
    max: 2,
    boundsError: 'ValueNotInBounds',
    notes: 'sub-mechanisms (max 2)',
  }),
  NetworkRegistrationAllowed: spec<boolean>({
    type: 'bool',
    default: true,
    setBy: 'root',
    notes: 'subnet only receives emission while true',
  }),
  FeeRate: spec<number>({
    type: 'u16',
    default: 33,
    setBy: 'root',
    max: 10_000,
    boundsError: 'ValueNotInBounds',
    notes: 'swap fee, u16 ratio',
  }),
} as const;

/** Names of the per-subnet hyperparameters. */
export type HyperparamName = keyof typeof HYPERPARAMETERS;

/** Global (root-set) economic parameters with their runtime defaults (spec §2.7, §10). */
export const GLOBAL_PARAMETERS = {
  SubnetLimit: { default: 128, notes: 'non-root subnets before pruning' },
  NetworkRateLimit: { default: 7_200n, mainnet: 28_800n, notes: 'blocks between subnet registrations, network-wide' },
  NetworkMinLockCost: { default: 1_000n * ONE_TAO, notes: 'minimum lock cost' },
  NetworkLockReductionInterval: { default: 100_800n, mainnet: 57_600n, notes: 'lock cost decay interval' },
  NetworkImmunityPeriod: { default: 1_296_000n, mainnet: 864_000n, notes: 'subnet pruning immunity' },
  SubnetOwnerCut: { default: 11_796, notes: 'u16 ratio ≈ 18%' },
  TaoWeight: { default: 971_718_665_099_567_868n, mainnet: 3_320_413_933_267_719_290n, notes: 'u64 ratio' },
  MaxEpochsPerBlock: { default: 2, notes: 'epochs per block' },
  CKBurn: { default: 0n, notes: 'u64 ratio burned from parent dividends' },
  StakeThreshold: { default: 0n, notes: 'weighted stake needed to set weights' },
  NominatorMinRequiredStakeFactor: { default: 0n, mainnet: 10_000_000n, notes: 'MinStake · factor / 1e6' },
  TxDelegateTakeRateLimit: { default: 216_000n, notes: 'blocks between take increases' },
  TxChildkeyTakeRateLimit: { default: 216_000n, notes: 'blocks between childkey take changes' },
  StartCallDelay: { default: 0n, notes: 'blocks after registration before start_call' },
  OwnerHyperparamRateLimit: { default: 2, notes: 'tempos between owner changes of one parameter' },
  AdminFreezeWindow: {
    default: ADMIN_FREEZE_WINDOW,
    notes: 'blocks before an epoch when owners cannot change parameters',
  },
} as const;

/** A hyperparameter value check failure: the reference error name. */
export type HyperparamCheck = { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * Checks a proposed value against the table's bounds and the cross-parameter rules of §2.7 (MaxAllowedUids vs
 * MinAllowedUids and the current N; MinBurn < MaxBurn). `current` supplies the other values needed.
 */
export function checkHyperparamValue(
  name: HyperparamName,
  value: unknown,
  current: {
    readonly subnetN?: number;
    readonly minAllowedUids?: number;
    readonly minBurn?: bigint;
    readonly maxBurn?: bigint;
  } = {},
): HyperparamCheck {
  const s = HYPERPARAMETERS[name] as HyperparamSpec<unknown>;
  if (name === 'MaxAllowedUids') {
    const v = value as number;
    if (v < (current.minAllowedUids ?? 64)) return { ok: false, error: 'MaxAllowedUidsLessThanMinAllowedUids' };
    if (v < (current.subnetN ?? 0)) return { ok: false, error: 'MaxAllowedUIdsLessThanCurrentUIds' };
    if (v > 256) return { ok: false, error: 'MaxAllowedUidsGreaterThanDefaultMaxAllowedUids' };
    return { ok: true };
  }
  if (name === 'RevealPeriodEpochs') {
    const v = value as bigint;
    if (v > 100n) return { ok: false, error: 'RevealPeriodTooLarge' };
    if (v < 1n) return { ok: false, error: 'RevealPeriodTooSmall' };
    return { ok: true };
  }
  if (name === 'MinBurn' && current.maxBurn !== undefined && (value as bigint) >= current.maxBurn)
    return { ok: false, error: 'ValueNotInBounds' };
  if (name === 'MaxBurn' && current.minBurn !== undefined && (value as bigint) <= current.minBurn)
    return { ok: false, error: 'ValueNotInBounds' };
  const lt = (a: unknown, b: unknown): boolean => (a as number | bigint) < (b as number | bigint);
  if (s.min !== undefined && lt(value, s.min)) return { ok: false, error: s.boundsError ?? 'ValueNotInBounds' };
  if (s.max !== undefined && lt(s.max, value)) return { ok: false, error: s.boundsError ?? 'ValueNotInBounds' };
  if (s.type === 'u64' && ((value as bigint) < 0n || (value as bigint) > U64_MAX))
    return { ok: false, error: 'ValueNotInBounds' };
  return { ok: true };
}

/**
 * Admin freeze window (spec §2.7): an owner may not change hyperparameters when fewer than `window` blocks remain
 * before the next automatic epoch, or while a triggered epoch is pending. Root bypasses it.
 */
export function isInAdminFreezeWindow(
  blocksUntilNextEpoch: bigint,
  pendingEpochAt: bigint,
  window: number = ADMIN_FREEZE_WINDOW,
): boolean {
  return pendingEpochAt > 0n || blocksUntilNextEpoch < BigInt(window);
}

/**
 * Owner rate limit (spec §2.7): a parameter may be changed again once `now − last ≥ limit`, where the limit is the
 * row's own block limit, or its tempo count (default `OwnerHyperparamRateLimit` = 2) times the subnet tempo.
 * `last = 0` (never set) always passes.
 */
export function ownerHyperparamRateLimitPassed(
  name: HyperparamName,
  now: bigint,
  lastSetBlock: bigint,
  tempo: number,
  defaultTempos = 2,
): boolean {
  if (lastSetBlock === 0n) return true;
  const s = HYPERPARAMETERS[name] as HyperparamSpec<unknown>;
  const limit = s.ownerRateLimitBlocks ?? BigInt((s.ownerRateLimitTempos ?? defaultTempos) * tempo);
  return now - lastSetBlock >= limit;
}

/** Activity cutoff in blocks: `max(1, floor(factorMilli · tempo / 1000))` (spec §2.7). */
export function activityCutoffBlocks(factorMilli: number, tempo: number): number {
  return Math.max(1, Math.floor((factorMilli * tempo) / 1000));
}

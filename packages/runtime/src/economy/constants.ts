// Constants of the TAO economy (spec/economics.md). Amounts are RAO (1 TAO = 10^9 RAO) or alpha base units.

/** 1 TAO (or 1 alpha) in base units. */
export const ONE_TAO = 1_000_000_000n;
/** `TotalSupply`: 21,000,000 TAO in RAO (§1.1). */
export const TOTAL_SUPPLY = 21_000_000n * ONE_TAO;
/** `DefaultBlockEmission`: 1 TAO per block before the first halving (§1.1). */
export const DEFAULT_BLOCK_EMISSION = ONE_TAO;
/** Existential deposit of the balances pallet (§1.2). */
export const EXISTENTIAL_DEPOSIT = 500n;
/** `u64::MAX`. */
export const U64_MAX = (1n << 64n) - 1n;
/** `u16::MAX` as a bigint: the denominator of every u16 ratio. */
export const U16_MAX = 65_535n;
/** Blocks per day at 12 s blocks. */
export const BLOCKS_PER_DAY = 7_200n;
/** `SubnetOwnerCut` default: 11,796 / 65,535 ≈ 18% (§2.6). */
export const DEFAULT_SUBNET_OWNER_CUT = 11_796;
/** Default and maximum delegate take, 11,796 / 65,535 ≈ 18% (§5.8 e). */
export const DEFAULT_DELEGATE_TAKE = 11_796;
/** Mainnet `TaoWeight` (0.18 as a u64 ratio, §5.4). */
export const MAINNET_TAO_WEIGHT = 3_320_413_933_267_719_290n;
/** Runtime genesis default `TaoWeight` (≈ 0.0527, §5.4). */
export const GENESIS_TAO_WEIGHT = 971_718_665_099_567_868n;
/** `DefaultMinStake`: 0.002 TAO (§6.4). */
export const DEFAULT_MIN_STAKE = 2_000_000n;
/** Swap `FeeRate` default, 33 / 65,535 (§4.4). */
export const DEFAULT_FEE_RATE = 33;
/** Largest swap `FeeRate` (§4.4). */
export const MAX_FEE_RATE = 10_000;
/** Runtime `MinimumReserve` of a pool's output side (§4.4). */
export const DEFAULT_MINIMUM_RESERVE = 1_000_000n;
/** Swap input may not exceed this multiple of the input reserve (§4.4). */
export const MAX_SWAP_INPUT_RESERVE_MULTIPLIER = 1_000n;
/** Default buy limit price, RAO per alpha (1e6 TAO/alpha) (§4.4). */
export const MAX_PRICE_RAO = 1_000_000_000_000_000n;
/** Default sell limit price, RAO per alpha (1e-6 TAO/alpha) (§4.4). */
export const MIN_PRICE_RAO = 1_000n;
/** Perquintill accuracy: weights are parts per 10^18 (§0, §4.2). */
export const PERQUINTILL = 1_000_000_000_000_000_000n;
/** Balancer minimum weight 0.01 (§4.2). */
export const MIN_BALANCER_WEIGHT = PERQUINTILL / 100n;
/** Safety-net: an epoch runs when more than this many blocks passed since the last one (`MAX_TEMPO`, §5.6). */
export const MAX_TEMPO = 50_400;
/** `MaxEpochsPerBlock` on mainnet (§5.6). */
export const DEFAULT_MAX_EPOCHS_PER_BLOCK = 2;
/** `AdminFreezeWindow` (§2.7). */
export const ADMIN_FREEZE_WINDOW = 10;
/** `RootClaimableThreshold` default (§5.9). */
export const DEFAULT_ROOT_CLAIMABLE_THRESHOLD = 500_000n;
/** `TxDelegateTakeRateLimit` (§5.8 e). */
export const TX_DELEGATE_TAKE_RATE_LIMIT = 216_000n;
/** Maximum unrevealed weight commits per hotkey (§7.2). */
export const MAX_UNREVEALED_COMMITS = 10;

/**
 * Inputs and outputs of one Yuma Consensus epoch (spec/yuma.md §2–§5). The epoch is a pure function: the subnet
 * module gathers these inputs from chain state, calls `runYumaEpoch`, and writes the outputs back.
 *
 * Conventions:
 * - Neurons are identified by uid `0..n-1`. Hotkeys never enter the epoch: a uid without a hotkey must be passed
 *   with stake 0 and registration block 0, and its outputs must be ignored (the chain omits them).
 * - Blocks are JS numbers (u64 on chain; exact below 2^53). Stakes and emissions (rao) are `bigint`.
 * - u16 values (weights, bonds, kappa, …) are plain numbers in 0..65535.
 * - Sparse u16 matrices (weights, bonds) are given either as rows of `[target uid, u16]` pairs (row i = uid i,
 *   missing or `undefined` rows are empty) or packed (`SparseU16Matrix`). Entries with a target ≥ n are ignored.
 *   Rows should be stored sorted by target without duplicates (the chain's liquid-alpha walk assumes sorted rows);
 *   the epoch sorts each row itself, so an unsorted row is read as its sorted permutation.
 */

/** One sparse row: `[target uid, u16 value]` pairs. */
export type U16Row = ReadonlyArray<readonly [number, number]>;

/** Packed CSR sparse u16 matrix: row i holds entries `rowPtr[i] .. rowPtr[i+1]-1`. */
export interface SparseU16Matrix {
  /** Number of rows. */
  readonly rows: number;
  /** Length `rows + 1`. */
  readonly rowPtr: Uint32Array;
  /** Target uid of each entry. */
  readonly cols: Uint32Array;
  /** u16 value of each entry. */
  readonly vals: Uint16Array;
}

/** Either representation of a sparse u16 matrix. */
export type U16Matrix = ReadonlyArray<U16Row | undefined> | SparseU16Matrix;

/** Subnet hyperparameters the epoch reads (§3). */
export interface YumaHyperparams {
  /** Kappa (u16); κ = u16_prop(kappa). Chain default 32767. */
  readonly kappa: number;
  /** BondsMovingAverage in millionths (u64; ≤ 975000 on chain); fixed EMA α = 1 − bma/1e6. Default 900000. */
  readonly bondsMovingAverage: number;
  /** BondsPenalty (u16); β = u16_prop(bp). Default 65535 (β = 1). */
  readonly bondsPenalty: number;
  /**
   * Effective activity cutoff in blocks: `max(1, floor(ActivityCutoffFactorMilli · tempo / 1000))`
   * (use `yumaActivityCutoff`). A uid is inactive when `last_update + cutoff < block`.
   */
  readonly activityCutoff: number;
  /** Tempo (u16): used for the bond-mask boundary when `lastMechanismStepBlock == 0`. */
  readonly tempo: number;
  /** MaxAllowedValidators (u16): K of the top-k validator permits. */
  readonly maxAllowedValidators: number;
  /** Yuma3On: Yuma3 bonds (true; default for new subnets) or classic EMA bonds (false). */
  readonly yuma3Enabled: boolean;
  /** LiquidAlphaOn (only used by Yuma3). */
  readonly liquidAlphaEnabled: boolean;
  /** AlphaValues (u16 proportions), liquid-alpha bounds. Defaults 45875 / 58982. */
  readonly alphaLow: number;
  readonly alphaHigh: number;
  /** AlphaSigmoidSteepness (i16). Default 1000. */
  readonly alphaSigmoidSteepness: number;
  /** StakeThreshold (rao): a non-owner uid with floor(total stake) below it counts as 0 stake. */
  readonly stakeThreshold: bigint;
  /** CommitRevealWeightsEnabled: apply the commit-reveal column mask (E6.5). */
  readonly commitRevealEnabled: boolean;
  /** TaoWeight (u64 raw; `tao_weight = TaoWeight / u64::MAX`). Chain default 971718665099567868. */
  readonly taoWeight: bigint;
}

/** Everything one `epoch_mechanism` run needs (§2). */
export interface YumaEpochInput {
  /** Current block. */
  readonly block: number;
  /** Number of uids (`SubnetworkN`). Every per-uid array is read at indices `0..n-1`. */
  readonly n: number;
  readonly params: YumaHyperparams;
  /** Uid of the subnet owner's hotkey if it is registered, else null (threshold exemption, forced permit, self-weight). */
  readonly ownerUid: number | null;
  /** `LastMechansimStepBlock`: block of the previous successful epoch, 0 if never (bond-mask boundary, E2). */
  readonly lastMechanismStepBlock: number;
  /** Alpha stake per uid (u64 rao), already including child/parent inheritance (see `yumaInheritedStake`). */
  readonly alphaStake: ReadonlyArray<bigint>;
  /** Root TAO stake per uid (u64 rao, inherited through this subnet's relations); omitted means all 0. */
  readonly taoStake?: ReadonlyArray<bigint>;
  /** LastUpdate of this mechanism; shorter vectors are padded with 0, longer ones tolerated. */
  readonly lastUpdate: ArrayLike<number>;
  /** BlockAtRegistration per uid. */
  readonly registeredAt: ArrayLike<number>;
  /** Stored ValidatorPermit (written by the previous epoch); a missing entry means no permit. */
  readonly validatorPermit: ArrayLike<boolean>;
  /** Stored weight rows of this mechanism (u16, as set; explicit zeros matter). */
  readonly weights: U16Matrix;
  /** Stored bond rows of this mechanism (u16). */
  readonly bonds: U16Matrix;
  /**
   * Block of each validator's earliest unexpired weight commit (E6.5), indexed by uid; null/undefined/missing
   * means no pending commit. Only read when `params.commitRevealEnabled`.
   */
  readonly commitBlocks?: ArrayLike<number | null | undefined>;
  /** E: rao (alpha) distributed by this mechanism's epoch (u64). */
  readonly emission: bigint;
  /** Also return every intermediate vector and matrix (`YumaEpochOutput.trace`). */
  readonly explain?: boolean;
  /**
   * Also return the per-uid intermediate vectors (`YumaEpochOutput.vectors`): what the chain keeps for
   * `subnet_epochTrace`. Unlike `explain`, this costs nothing extra and keeps the fast path.
   */
  readonly vectors?: boolean;
}

/** What one epoch produces (§E13). Every per-uid array has length n. */
export interface YumaEpochOutput {
  readonly n: number;
  /** `last_update + cutoff >= block`. */
  readonly active: boolean[];
  /** New validator permits (top-k by stake, owner forced); the next epoch masks with them. */
  readonly validatorPermit: boolean[];
  /** prop_to_u16 of the normalized stake S. */
  readonly stakeWeight: number[];
  readonly consensus: number[];
  readonly incentive: number[];
  readonly dividends: number[];
  readonly validatorTrust: number[];
  /** Combined emission `floor(ce · E)` (rao). */
  readonly emission: bigint[];
  /** `floor(se · E)`: paid to miners. */
  readonly serverEmission: bigint[];
  /** `floor(ve · E)`: validator weights for the coinbase. */
  readonly validatorEmission: bigint[];
  /**
   * Bond rows to store: rows of uids with a new permit hold the converted EMA bonds (zero entries left out, which
   * the next epoch reads identically); every other row is empty (stored as the empty row).
   */
  readonly bonds: SparseU16Matrix;
  /** Present when `explain` was requested. */
  readonly trace?: YumaEpochTrace;
  /** Present when `vectors` or `explain` was requested. */
  readonly vectors?: YumaEpochVectors;
}

/** A sparse I32F32 matrix in the trace: raw bits per entry (value = bits / 2^32). */
export interface SparseFixedMatrix {
  readonly rows: number;
  readonly rowPtr: Uint32Array;
  readonly cols: Uint32Array;
  readonly bits: Float64Array;
}

/**
 * The per-uid vectors of an epoch's trace, and its scalars. Values are raw I32F32 bits (value = bits / 2^32, exact
 * integers stored in float64); use `I32F32.toDecimal(BigInt(bits))` to print them. Vectors have length n.
 */
export interface YumaEpochVectors {
  /** Effective activity cutoff and the bond-mask boundary `last_tempo` (E1, E2). */
  readonly activityCutoff: number;
  readonly lastTempo: number;
  /** Permits used for masking this epoch (stored permits, owner forced). */
  readonly permitUsed: boolean[];
  /** Normalized stake S (E3) and active stake A (E5). */
  readonly normalizedStake: Float64Array;
  readonly activeStake: Float64Array;
  /** κ (E7). */
  readonly kappa: number;
  readonly consensus: Float64Array;
  /** Validator trust T, ranks R, incentive I (E8, E9). */
  readonly validatorTrust: Float64Array;
  readonly ranks: Float64Array;
  readonly incentive: Float64Array;
  /** Dividends D (normalized). */
  readonly dividends: Float64Array;
  /** Normalized server, validator and combined emission (E12); `fallback` when Σ(I+D) == 0. */
  readonly normalizedServerEmission: Float64Array;
  readonly normalizedValidatorEmission: Float64Array;
  readonly normalizedCombinedEmission: Float64Array;
  readonly fallback: boolean;
}

/** Every intermediate of an epoch: the vectors plus the matrices and the consensus scalars. */
export interface YumaEpochTrace extends YumaEpochVectors {
  /** Row-normalized masked weights W (E6). */
  readonly weights: SparseFixedMatrix;
  /** The participants' renormalized stake sum σ, and minority = σ − κ (E7). */
  readonly consensusStakeSum: number;
  readonly minority: number;
  /** Clipped weights W̄ (E8). */
  readonly clippedWeights: SparseFixedMatrix;
  /** Weights used for bonds W_b (E10). */
  readonly bondWeights: SparseFixedMatrix;
  /** Bonds as read (Yuma3: u16_prop; classic: column-normalized), after the column mask (E11). */
  readonly bondsIn: SparseFixedMatrix;
  /** Classic only: column-normalized bond deltas ΔB. */
  readonly bondsDelta?: SparseFixedMatrix;
  /** EMA bonds B' (classic: after column normalization). */
  readonly emaBonds: SparseFixedMatrix;
  /** Whether liquid alpha was used, and the fixed α otherwise (E11). */
  readonly liquidAlpha: boolean;
  readonly fixedAlpha: number;
  /** Yuma3 only: column-normalized B' and the per-validator bond totals tb. */
  readonly bondsNormalized?: SparseFixedMatrix;
  readonly bondTotals?: Float64Array;
}

/** One mechanism's own state for `runYumaEpochWithMechanisms`. */
export interface YumaMechanismState {
  readonly weights: U16Matrix;
  readonly bonds: U16Matrix;
  readonly lastUpdate: ArrayLike<number>;
}

/** Input of `epoch_with_mechanisms`: shared subnet state plus one entry per mechanism (index = mechanism id). */
export interface YumaMechanismsInput extends Omit<YumaEpochInput, 'weights' | 'bonds' | 'lastUpdate' | 'emission'> {
  readonly mechanisms: ReadonlyArray<YumaMechanismState>;
  /** MechanismEmissionSplit (u16 per mechanism, summing to 65535), or null/undefined for an even split. */
  readonly emissionSplit?: ReadonlyArray<number> | null;
  /** Total E for the subnet (rao). */
  readonly emission: bigint;
}

/** Aggregated outputs (§5) plus every mechanism's own output (its Incentive and Bonds are stored per mechanism). */
export interface YumaMechanismsOutput {
  /** E_m of each mechanism (`split_emissions`). */
  readonly mechanismEmission: bigint[];
  readonly perMechanism: YumaEpochOutput[];
  /** OR over mechanisms. */
  readonly active: boolean[];
  readonly validatorPermit: boolean[];
  /** Weighted sums `acc = floor(acc + value · w_m)` with `w_m = E_m / E` (U64F64). */
  readonly consensus: number[];
  readonly dividends: number[];
  readonly validatorTrust: number[];
  readonly stakeWeight: number[];
  readonly emission: bigint[];
  /** Plain sums over mechanisms. */
  readonly serverEmission: bigint[];
  readonly validatorEmission: bigint[];
}

// Subnet moving price, the EMA that drives emission shares and pruning (spec/economics.md §4.6).
import { fxConvert, I96F32, U64F64 } from '@tensorium/primitives';

/** `SubnetMovingAlpha` default: `I96F32::from_num(0.000003)` (raw I96F32). */
export const DEFAULT_SUBNET_MOVING_ALPHA_RAW = 12_885n;
/** `EMAPriceHalvingBlocks` default (§4.6). */
export const DEFAULT_EMA_PRICE_HALVING_BLOCKS = 201_600n;

/** Inputs of one moving-price update. */
export interface MovingPriceInput {
  /** Previous `SubnetMovingPrice`, raw I96F32. */
  readonly previousRaw: bigint;
  /** Current spot price, raw U64F64. */
  readonly spotPriceRaw: bigint;
  /** Current block. */
  readonly now: bigint;
  /** `FirstEmissionBlockNumber` (start_call block + 1); 0 when unset. */
  readonly firstEmissionBlock: bigint;
  /** `SubnetMovingAlpha`, raw I96F32 (default {@link DEFAULT_SUBNET_MOVING_ALPHA_RAW}). */
  readonly movingAlphaRaw?: bigint;
  /** `EMAPriceHalvingBlocks` (default 201,600). */
  readonly halvingBlocks?: bigint;
}

/**
 * Effective EMA weight `α_eff = SubnetMovingAlpha · b / (b + EMAPriceHalvingBlocks)` in U64F64 with
 * `b = now − (FirstEmissionBlockNumber − 1)` blocks since start_call (spec §4.6).
 */
export function movingPriceAlpha(
  now: bigint,
  firstEmissionBlock: bigint,
  movingAlphaRaw: bigint,
  halvingBlocks: bigint,
): bigint {
  const startCall = firstEmissionBlock > 0n ? firstEmissionBlock - 1n : 0n;
  const b = U64F64.fromInt(now > startCall ? now - startCall : 0n);
  const alpha = fxConvert(movingAlphaRaw, I96F32, U64F64);
  return U64F64.mul(alpha, U64F64.div(b, U64F64.add(b, U64F64.fromInt(halvingBlocks))));
}

/**
 * One update of `SubnetMovingPrice` (spec §4.6, `update_moving_price`): `P = α_eff · min(spot, 1) + (1 − α_eff) · P_prev`
 * in U64F64, stored as I96F32 (low bits dropped). Note the spot price is capped at 1.0 before entering the EMA.
 * Returns the new raw I96F32 value.
 */
export function updateMovingPrice(input: MovingPriceInput): bigint {
  const alpha = movingPriceAlpha(
    input.now,
    input.firstEmissionBlock,
    input.movingAlphaRaw ?? DEFAULT_SUBNET_MOVING_ALPHA_RAW,
    input.halvingBlocks ?? DEFAULT_EMA_PRICE_HALVING_BLOCKS,
  );
  const one = U64F64.fromInt(1n);
  const oneMinus = U64F64.sub(one, alpha);
  const spot = input.spotPriceRaw < one ? input.spotPriceRaw : one;
  const current = U64F64.mul(alpha, spot);
  const prev = fxConvert(input.previousRaw, I96F32, U64F64);
  const moving = U64F64.mul(oneMinus, prev);
  return fxConvert(U64F64.add(current, moving), U64F64, I96F32);
}

/**
 * The moving price as emission shares read it (`get_moving_alpha_price`): 1.0 for root and stable subnets, else the
 * stored I96F32 value converted to U64F64 (negative → 0). Raw U64F64.
 */
export function movingPriceForShares(storedRaw: bigint, isRootOrStable: boolean): bigint {
  if (isRootOrStable) return U64F64.fromInt(1n);
  return fxConvert(storedRaw, I96F32, U64F64);
}

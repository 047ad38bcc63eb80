// Stake weight with childkey inheritance, as the epoch and the weight-setting threshold read it (spec/economics.md §6.5).
import { fxConvert, I64F64, U96F32 } from '@tensorium/primitives';
import { taoWeightFixed } from './coinbase.js';
import { U64_MAX } from './constants.js';
import { fxToU64 } from './fixedExtra.js';

/** A parent's stake and the proportion (u64 ratio of `u64::MAX`) it gives to the hotkey. */
export interface InheritedFrom {
  readonly stake: bigint;
  readonly proportion: bigint;
}

/**
 * Inherited stake of a hotkey on one subnet (spec §6.5, `get_inherited_for_hotkey_on_subnet`), in U96F32 then floored:
 * `own − Σ own·p_child + Σ parent_stake·p_parent` with each proportion `p / u64::MAX`. Use the alpha stakes for the
 * alpha part and the root stakes for the TAO part. On root itself nothing is inherited (pass no children or parents).
 */
export function inheritedStake(
  own: bigint,
  childProportions: readonly bigint[],
  parents: readonly InheritedFrom[],
): bigint {
  const max = U96F32.fromInt(U64_MAX);
  const ownFx = U96F32.fromInt(own);
  let toChildren = 0n;
  for (const p of childProportions)
    toChildren = U96F32.add(toChildren, U96F32.mul(ownFx, U96F32.div(U96F32.fromInt(p), max)));
  let fromParents = 0n;
  for (const p of parents)
    fromParents = U96F32.add(
      fromParents,
      U96F32.mul(U96F32.fromInt(p.stake), U96F32.div(U96F32.fromInt(p.proportion), max)),
    );
  return fxToU64(U96F32, U96F32.add(U96F32.sub(ownFx, toChildren), fromParents));
}

/**
 * Total stake weight `alpha + tao_weight · tao` as a raw I64F64 (spec §6.5, `get_stake_weights_for_hotkey_on_subnet`),
 * from the inherited alpha and inherited root stakes; `taoWeight` is the stored u64 ratio.
 */
export function stakeWeightRaw(inheritedAlpha: bigint, inheritedTao: bigint, taoWeight: bigint): bigint {
  const tw = fxConvert(taoWeightFixed(taoWeight), U96F32, I64F64);
  return I64F64.add(I64F64.fromInt(inheritedAlpha), I64F64.mul(I64F64.fromInt(inheritedTao), tw));
}

/** Whether a stake weight reaches `StakeThreshold` (spec §6.4, `check_weights_min_stake`; the owner hotkey is exempt). */
export function meetsStakeThreshold(stakeWeight: bigint, threshold: bigint): boolean {
  return stakeWeight >= I64F64.fromInt(threshold);
}

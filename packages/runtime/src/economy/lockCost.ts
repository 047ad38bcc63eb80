// Subnet registration lock cost (spec/economics.md §2.3).

import { I64F64 } from '@tensorium/primitives';
import { ONE_TAO, U64_MAX } from './constants.js';
import { fxToU64 } from './fixedExtra.js';

/** Inputs of {@link networkLockCost}; all amounts in RAO, all blocks as block numbers. */
export interface LockCostInput {
  /** `NetworkLastLockCost`: the price paid at the last subnet registration. */
  readonly lastLock: bigint;
  /** `NetworkMinLockCost`. */
  readonly minLock: bigint;
  /** Block of the last subnet registration, 0 if none yet. */
  readonly lastLockBlock: bigint;
  /** Current block. */
  readonly now: bigint;
  /** `NetworkLockReductionInterval` in blocks (before the emission scaling). */
  readonly reductionInterval: bigint;
  /** Current TAO block emission E (RAO), used to shorten the interval after halvings; 1 TAO when omitted. */
  readonly blockEmission?: bigint;
}

/**
 * Effective lock-reduction interval: `floor(NetworkLockReductionInterval · (E / 1e9))` computed in I64F64 (spec §2.3,
 * `get_lock_reduction_interval`). Halves with each emission halving.
 */
export function effectiveLockReductionInterval(reductionInterval: bigint, blockEmission: bigint = ONE_TAO): bigint {
  const interval = I64F64.fromInt(reductionInterval);
  const halving = I64F64.div(I64F64.fromInt(blockEmission), I64F64.fromInt(ONE_TAO));
  return fxToU64(I64F64, I64F64.mul(interval, halving));
}

/**
 * The price of registering a subnet now (spec §2.3, `get_network_lock_cost`):
 * `max(min, sat_sub(last · mult, div0(last, I_eff) · (now − lb)))` with `mult = 1` if no subnet was ever registered
 * (`lb = 0`) else 2. The price doubles at each registration and then decays linearly back to the minimum over `I_eff`
 * blocks. Integer division happens before the multiplication, as on the chain.
 */
export function networkLockCost(input: LockCostInput): bigint {
  const { lastLock, minLock, lastLockBlock, now } = input;
  const interval = effectiveLockReductionInterval(input.reductionInterval, input.blockEmission ?? ONE_TAO);
  const mult = lastLockBlock === 0n ? 1n : 2n;
  let doubled = lastLock * mult;
  if (doubled > U64_MAX) doubled = U64_MAX;
  const perBlock = interval === 0n ? 0n : lastLock / interval;
  const elapsed = now > lastLockBlock ? now - lastLockBlock : 0n;
  let decay = perBlock * elapsed;
  if (decay > U64_MAX) decay = U64_MAX;
  const cost = doubled > decay ? doubled - decay : 0n;
  return cost < minLock ? minLock : cost;
}

/** Public API of the staking module (re-exported by the runtime as `stakingModule`). */

export {
  addStake,
  addStakeLimit,
  changeTake,
  destroyOwnAlpha,
  removeStake,
  removeStakeFullLimit,
  removeStakeLimit,
  transitionStake,
  unstakeAll,
} from './calls.js';
export { staking } from './index.js';
export { stakeIntoSubnet, transferStakeWithinSubnet, unstakeFromSubnet } from './ops.js';
export { claimRoot, rootClaimType, rootOwed } from './rootClaims.js';
export { allStakes, delegateTake, stakeOf, stakersOf, stakingHotkeys, totalHotkeyAlpha } from './storage.js';
export { maxAdd, maxMove, maxRemove } from './validate.js';

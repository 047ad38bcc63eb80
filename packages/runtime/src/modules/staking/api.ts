/** Public API of the staking module (re-exported by the runtime as `stakingModule`). */
export { staking } from './index.js';
export { addStake, addStakeLimit, removeStake, removeStakeLimit, removeStakeFullLimit, unstakeAll, transitionStake, destroyOwnAlpha, changeTake } from './calls.js';
export { stakeIntoSubnet, unstakeFromSubnet, transferStakeWithinSubnet } from './ops.js';
export { maxAdd, maxRemove, maxMove } from './validate.js';
export { claimRoot, rootOwed, rootClaimType } from './rootClaims.js';
export { totalHotkeyAlpha, stakeOf, stakersOf, allStakes, stakingHotkeys, delegateTake } from './storage.js';

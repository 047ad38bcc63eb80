// The pure math of the TAO economy (spec/economics.md): exact integer functions shared by the runtime modules,
// the SDK, the CLI, the explorer and the simulator.

export * from './balancer.js';
export * from './coinbase.js';
export * from './constants.js';
export * from './distribution.js';
export * from './emissionShares.js';
export * from './epochSchedule.js';
export { fxToU16, fxToU64, U110F18 } from './fixedExtra.js';
export * from './hyperparameters.js';
export * from './issuance.js';
export * from './lockCost.js';
export * from './movingPrice.js';
export * from './neuronPrune.js';
export * from './powRatio.js';
export * from './powRatioCertified.js';
export * from './registrationPrice.js';
export * from './rootClaims.js';
export * from './safeFloat.js';
export * from './sharePool.js';
export * from './stakeWeight.js';
export * from './stakingChecks.js';
export * from './subnetLifecycle.js';
export * from './swap.js';
export * from './weights.js';

/** The miner/validator framework (spec/neurons.md §4): everything of a subnet neuron but its forward and reward. */
export * from './errors.js';
export * from './headWaiter.js';
export * from './localSubnet.js';
export * from './miner.js';
export * from './rng.js';
export * from './scores.js';
export * from './validator.js';
export * from './weightSetter.js';
export * from './weightsDecision.js';
export * from './weightsExplain.js';
export * from './weightsPlan.js';

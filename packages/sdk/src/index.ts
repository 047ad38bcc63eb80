export * from './client/index.js';
export * from './devchain/index.js';
export * from './framework/index.js';
export * from './metagraph/index.js';
export * from './neurons/index.js';
export * from './wallet/index.js';

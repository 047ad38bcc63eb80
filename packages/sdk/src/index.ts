export * from './client/index.js';
export * from './devchain/index.js';
export * from './wallet/index.js';
export * from './neurons/index.js';

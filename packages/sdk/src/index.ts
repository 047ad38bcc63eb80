export * from './wallet/index.js';
export * from './client/index.js';
export * from './devchain/index.js';

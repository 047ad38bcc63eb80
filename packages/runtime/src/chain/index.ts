export * from './block.js';
export * from './chain.js';
export * from './executive.js';
export * from './pool.js';
export * from './store.js';
export * from './transaction.js';

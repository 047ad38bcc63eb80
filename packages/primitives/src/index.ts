export * from './balance.js';
export * from './codec.js';
export * from './errors.js';
export * from './fixed/index.js';
export * from './hash.js';
export * from './hex.js';
export * from './keys.js';

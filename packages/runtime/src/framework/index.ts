export * from './args.js';
export * from './errors.js';
export * from './module.js';
export * from './params.js';
export * from './runtime.js';

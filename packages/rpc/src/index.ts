export * from './docs.js';
export * from './errors.js';
export * from './json.js';
export * from './methods.js';
export * from './types.js';

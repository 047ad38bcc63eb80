export * from './backend.js';
export * from './keys.js';
export * from './state.js';
export * from './stateRoot.js';

export * from './backend.js';
export * from './state.js';
export * from './stateRoot.js';
export * from './keys.js';

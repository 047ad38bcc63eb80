export * from './devChain.js';

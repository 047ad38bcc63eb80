export * from './yuma/index.js';

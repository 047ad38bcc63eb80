export * from './rpcHandlers.js';

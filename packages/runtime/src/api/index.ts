export * from './rpcHandlers.js';
export * from './errorDocs.js';

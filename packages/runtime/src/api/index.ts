export * from './errorDocs.js';
export * from './rpcHandlers.js';

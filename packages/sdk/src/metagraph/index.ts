/** The metagraph of a subnet: per-uid arrays and axons (spec/neurons.md §3), synced over RPC. */
export * from './axonView.js';
export * from './metagraph.js';

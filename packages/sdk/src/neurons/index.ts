/** Neurons wire protocol: synapses, axon (server), dendrite (client). spec/neurons.md §2. */

export * from './axon.js';
export * from './axonResponse.js';
export * from './bodyHash.js';
export * from './callerPolicy.js';
export * from './clock.js';
export * from './dendrite.js';
export * from './dendriteHttp.js';
export * from './dendriteRequest.js';
export * from './dendriteResult.js';
export * from './errors.js';
export * from './headers.js';
export * from './json.js';
export * from './lanePool.js';
export * from './logger.js';
export * from './networking.js';
export * from './nonceStore.js';
export * from './priorityGate.js';
export * from './pyRepr.js';
export * from './pyType.js';
export * from './signature.js';
export * from './synapse.js';
export * from './terminalInfo.js';
export * from './version.js';

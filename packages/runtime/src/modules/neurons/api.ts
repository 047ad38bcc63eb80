/** Public API of the neurons module (re-exported by the runtime as `neuronsModule`). */
export { neurons } from './index.js';
export { registerNeuron, registerNeuronLimit } from './register.js';
export { serveAxon, parseIp, formatIp, isValidIp } from './axon.js';
export { appendNeuron, replaceNeuron, ownerImmortalHotkeys, pruneCandidate } from './uids.js';
export { type Metagraph, type AxonInfo, getKeys, uidOf, isRegistered, subnetsOf, ownerOf, hotkeyExists, ownedHotkeys, getMeta, getLastUpdate, getAxon } from './storage.js';

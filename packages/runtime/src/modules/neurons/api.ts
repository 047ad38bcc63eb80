/** Public API of the neurons module (re-exported by the runtime as `neuronsModule`). */

export { formatIp, isValidIp, parseIp, serveAxon } from './axon.js';
export { neurons } from './index.js';
export { registerNeuron, registerNeuronLimit } from './register.js';
export {
  type AxonInfo,
  getAxon,
  getKeys,
  getLastUpdate,
  getMeta,
  hotkeyExists,
  isRegistered,
  type Metagraph,
  ownedHotkeys,
  ownerOf,
  subnetsOf,
  uidOf,
} from './storage.js';
export { appendNeuron, ownerImmortalHotkeys, pruneCandidate, replaceNeuron } from './uids.js';

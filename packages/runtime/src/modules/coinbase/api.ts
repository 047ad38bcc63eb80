/** Public API of the coinbase module (re-exported by the runtime as `coinbaseModule`). */

export {
  blockStep,
  decayRegistrationPrices,
  emittingSubnets,
  runEmission,
  runEpochs,
  updateMovingPrices,
} from './blockStep.js';
export { distributeEmission } from './distribute.js';
export {
  applyEpochOutput,
  gatherEpochInput,
  getStoredTrace,
  type HotkeyEmission,
  runSubnetEpoch,
  type StoredTrace,
} from './epoch.js';
export { coinbase } from './index.js';

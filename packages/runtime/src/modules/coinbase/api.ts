/** Public API of the coinbase module (re-exported by the runtime as `coinbaseModule`). */
export { coinbase } from './index.js';
export { blockStep, decayRegistrationPrices, emittingSubnets, runEmission, runEpochs, updateMovingPrices } from './blockStep.js';
export { gatherEpochInput, applyEpochOutput, runSubnetEpoch, getStoredTrace, type HotkeyEmission, type StoredTrace } from './epoch.js';
export { distributeEmission } from './distribute.js';

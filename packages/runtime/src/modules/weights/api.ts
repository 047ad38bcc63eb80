/** Public API of the weights module (re-exported by the runtime as `weightsModule`). */
export { weights, setWeights, commitWeights, revealWeights, epochWithLookahead, commitBlocksByUid } from './index.js';
export { type WeightRow, type Commit, getWeightRow, getWeightRows, getBondRows, getCommits } from './storage.js';

/** Public API of the weights module (re-exported by the runtime as `weightsModule`). */
export { commitBlocksByUid, commitWeights, epochWithLookahead, revealWeights, setWeights, weights } from './index.js';
export { type Commit, getBondRows, getCommits, getWeightRow, getWeightRows, type WeightRow } from './storage.js';

/**
 * Yuma Consensus epoch: a pure function from inputs to outputs (spec/yuma.md).
 *   runYumaEpoch(input) → output            one `epoch_mechanism` run (optionally with an explain trace)
 *   runYumaEpochWithMechanisms(input)        `epoch_with_mechanisms`: split E, run each mechanism, aggregate
 *   runYumaCase(caseJson, { explain })       a case in the public vector format → the `tensorium epoch` JSON
 *   runYumaCaseText(caseJson, { explain })   the same JSON as text, written directly (what the command prints)
 * Types are documented in types.ts.
 */

export { runYumaCase, type YumaCaseEpochJson, yumaFixedDecimal, yumaTraceToJson } from './caseRunner.js';
export { runYumaCaseText } from './caseText.js';
export { yumaWeightedMedian } from './consensus.js';
export { runYumaEpoch, yumaFixedAlpha } from './epoch.js';
export { yumaKernelActive, yumaKernelCounters, yumaUseKernel } from './kernel/yumaKernel.js';
export {
  type LiquidAlphaParams as YumaLiquidAlphaParams,
  liquidAlphaParams as yumaLiquidAlphaParams,
  yumaLiquidAlpha,
} from './liquidAlpha.js';
export { runYumaEpochWithMechanisms, yumaSplitEmissions } from './mechanisms.js';
export { yumaPackRows, yumaRow, yumaUnpackRows } from './sparse.js';
export { yumaActivityCutoff, yumaInheritedStake, yumaTaoWeightBits } from './stake.js';
export type * from './types.js';

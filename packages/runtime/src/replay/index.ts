export { checkInvariants } from './invariants.js';
export { judgeStfOutput } from './judge.js';
export { type CallOutcome, type RunOptions, runStfCase, runStfCaseAsync, type StfOutput } from './runStfCase.js';
export type { MetagraphSnapshot, Snapshot, SubnetSnapshot } from './snapshot.js';
export {
  CaseError,
  caseParams,
  readCase,
  type SnapshotPart,
  type StfBlock,
  type StfCall,
  type StfCase,
} from './stfCase.js';

export { CaseError, readCase, caseParams, type StfCase, type StfCall, type StfBlock, type SnapshotPart } from './stfCase.js';
export { runStfCase, runStfCaseAsync, type StfOutput, type CallOutcome, type RunOptions } from './runStfCase.js';
export { judgeStfOutput } from './judge.js';
export type { Snapshot, SubnetSnapshot, MetagraphSnapshot } from './snapshot.js';
export { checkInvariants } from './invariants.js';

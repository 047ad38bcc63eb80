/**
 * What a validator logs about its weights: the decision record (`weights.<action>` log lines), pending commits, and the
 * mapping of a submission's outcome (transport failure, refusal by the chain, inclusion) to a decision.
 */
import { type ExplainFacts, explainWeightsError } from './weightsExplain.js';

/** A commit waiting for its reveal epoch (kept in the validator's state). */
export interface PendingCommit {
  readonly hash: string;
  readonly uids: readonly number[];
  readonly weights: readonly number[];
  readonly salt: readonly number[];
  /** Decimal. */
  readonly versionKey: string;
  readonly commitBlock: number;
  readonly commitEpoch: number;
  readonly revealEpoch: number;
}

export type WeightsAction = 'set' | 'committed' | 'revealed' | 'skipped' | 'failed';

/** One weights decision, as logged (`weights.<action>`). */
export interface WeightsDecision {
  readonly action: WeightsAction;
  /** `SET`, `COMMITTED`, `REVEALED`, `DISABLED`, `NOT_REGISTERED`, `EPOCH_LENGTH`, `RATE_LIMIT`, `NO_SCORES`, `MAX_WEIGHT_LIMIT`,
   * `SUBMIT_FAILED`, `REVEAL_EXPIRED`, or the chain's error name. */
  readonly code: string;
  readonly reason: string;
  readonly netuid: number;
  readonly block: number;
  readonly uid: number | null;
  readonly lastUpdate: number | null;
  readonly blocksSinceLastUpdate: number | null;
  readonly epochLength: number;
  readonly rateLimit: number | null;
  readonly commitReveal: {
    readonly enabled: boolean;
    readonly currentEpoch: number;
    readonly pending: readonly { commitEpoch: number; revealEpoch: number }[];
  };
  /** The final (uid, u16) vector (submitted, or that would have been). */
  readonly vector?: readonly (readonly [number, number])[];
  readonly padded?: readonly number[];
  readonly capped?: readonly number[];
  readonly tx?: {
    readonly hash?: string;
    readonly block?: number;
    readonly success?: boolean;
    readonly error?: string;
  };
  readonly attempts?: number;
}

export type Submitted = {
  out?: { hash: string; block?: number; success?: boolean; error?: string };
  /** The chain refused the (feeless) call at submission: its error as `module.Error`; nothing was included. */
  refused?: string;
  error?: string;
  attempts: number;
};

/** The decision fields that do not depend on the step's context. */
export type DecisionCore = Omit<
  WeightsDecision,
  'netuid' | 'block' | 'uid' | 'lastUpdate' | 'blocksSinceLastUpdate' | 'epochLength' | 'rateLimit' | 'commitReveal'
>;

/** A submission's outcome as a decision: `failed` (transport or chain refusal, explained) or `action`. */
export function outcomeOf(
  r: Submitted,
  action: 'set' | 'committed' | 'revealed',
  code: string,
  why: string,
  facts: ExplainFacts,
  extra: Pick<WeightsDecision, 'vector' | 'padded' | 'capped'>,
): Omit<
  WeightsDecision,
  'netuid' | 'block' | 'uid' | 'lastUpdate' | 'blocksSinceLastUpdate' | 'epochLength' | 'rateLimit' | 'commitReveal'
> {
  if (r.refused !== undefined) {
    return {
      action: 'failed',
      code: r.refused.slice(r.refused.indexOf('.') + 1),
      reason: `${why}; refused by the chain at submission (nothing included, no fee): ${explainWeightsError(r.refused, facts)}`,
      tx: { success: false, error: r.refused },
      attempts: r.attempts,
      ...extra,
    };
  }
  if (r.error !== undefined || !r.out) {
    return {
      action: 'failed',
      code: 'SUBMIT_FAILED',
      reason: `${why}; submission failed after ${r.attempts} attempt(s): ${r.error}`,
      attempts: r.attempts,
      ...extra,
    };
  }
  const tx = {
    hash: r.out.hash,
    block: r.out.block,
    success: r.out.success,
    ...(r.out.error ? { error: r.out.error } : {}),
  };
  if (r.out.success === false) {
    const err = r.out.error ?? 'unknown';
    return {
      action: 'failed',
      code: err.slice(err.indexOf('.') + 1),
      reason: `${why}; included in block ${r.out.block} but refused: ${explainWeightsError(err, facts)}`,
      tx,
      attempts: r.attempts,
      ...extra,
    };
  }
  return { action, code, reason: `${why}; included in block ${r.out.block}`, tx, attempts: r.attempts, ...extra };
}

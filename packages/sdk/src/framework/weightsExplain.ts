/**
 * Plain-language reasons for every way `set_weights` / `commit_weights` / `reveal_weights` can be refused (the chain's
 * error names, spec/economics.md §7.1–§7.2), with the numbers that matter, for the validator's log.
 */

export interface ExplainFacts {
  readonly stakeWeight: bigint;
  readonly stakeThreshold: bigint;
  readonly versionKey: bigint;
  readonly weightsVersionKey: bigint;
  readonly blocksSinceLastUpdate: number;
  readonly rateLimit: number;
  readonly minAllowedWeights: number;
  readonly maxWeightsLimit: number;
  readonly count: number;
  readonly n: number;
}

/** Why the chain refuses (or would refuse) weights, by its error name. */
export function explainWeightsError(error: string, f: ExplainFacts): string {
  const name = error.includes('.') ? error.slice(error.indexOf('.') + 1) : error;
  switch (name) {
    case 'CommitRevealEnabled':
      return 'commit-reveal is on for this subnet: weights must go through commit_weights then reveal_weights';
    case 'CommitRevealDisabled':
      return 'commit-reveal is off for this subnet: weights must go through set_weights';
    case 'HotKeyNotRegisteredInSubNet':
      return 'the hotkey holds no uid on this subnet (deregistered?)';
    case 'NotEnoughStakeToSetWeights':
      return `stake weight ${f.stakeWeight} RAO is below stake_threshold ${f.stakeThreshold} RAO`;
    case 'IncorrectWeightVersionKey':
      return `version_key ${f.versionKey} is below the subnet's weights_version_key ${f.weightsVersionKey}: upgrade the validator`;
    case 'SettingWeightsTooFast':
    case 'CommittingWeightsTooFast':
      return `rate limit: ${f.blocksSinceLastUpdate} blocks since the last update < weights_set_rate_limit ${f.rateLimit}`;
    case 'NeuronNoValidatorPermit':
      return `no validator permit: permits go at each epoch to the top max_allowed_validators by stake (stake weight ${f.stakeWeight} RAO)`;
    case 'WeightVecLengthIsLow':
      return `${f.count} weights < min_allowed_weights ${Math.min(f.minAllowedWeights, f.n)}`;
    case 'MaxWeightExceeded':
      return `the largest normalised weight exceeds max_weights_limit ${f.maxWeightsLimit}/65535`;
    case 'UidVecContainInvalidOne':
    case 'UidsLengthExceedUidsInSubNet':
      return `a uid is not on the subnet (n = ${f.n}): the metagraph was stale`;
    case 'DuplicateUids':
      return 'a uid appears twice';
    case 'TooManyUnrevealedCommits':
      return 'ten commits are already waiting for their reveal';
    case 'RevealTooEarly':
      return "the commit's reveal epoch has not come yet";
    case 'ExpiredWeightCommit':
      return 'the commit expired before it was revealed';
    case 'NoWeightsCommitFound':
    case 'InvalidRevealCommitHashNotMatch':
      return 'no stored commit matches this reveal';
    default:
      return `refused by the chain (${error})`;
  }
}

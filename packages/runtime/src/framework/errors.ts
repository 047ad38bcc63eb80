/**
 * On-chain failures are values: a call that fails throws a `DispatchError` naming the module and the
 * reference chain's error name (`InsufficientBalance`, `NotEnoughBalanceToStake`, …). The executive catches
 * it, reverts the call's checkpoint and records `ExtrinsicFailed`; fee and nonce stay charged. Any other
 * exception inside the runtime is a bug and makes the block invalid.
 */
export class DispatchError extends Error {
  override readonly name = 'DispatchError';
  constructor(
    readonly module: string,
    readonly error: string,
    readonly detail?: string,
  ) {
    super(`${module}.${error}${detail ? `: ${detail}` : ''}`);
  }
}

/** Throws `DispatchError(module, error)`; use as `if (x) fail('balances', 'InsufficientBalance')`. */
export function fail(module: string, error: string, detail?: string): never {
  throw new DispatchError(module, error, detail);
}

/** Why a transaction is not valid at all (it is then neither included nor charged). */
export type InvalidTxReason =
  | 'BadSignature'
  | 'Stale'
  | 'Future'
  | 'Expired'
  | 'WrongChain'
  | 'Payment'
  | 'Oversized'
  | 'Malformed'
  | 'UnknownCall'
  | 'BadOrigin'
  | 'AlreadyImported'
  | 'PoolFull'
  | 'Call';

export const INVALID_TX_MESSAGES: Record<InvalidTxReason, string> = {
  BadSignature: 'the signature does not verify for the signer',
  Stale: 'the nonce is lower than the account nonce (already used)',
  Future: 'the nonce is too far ahead of the account nonce',
  Expired: 'the transaction is past its validity window (valid until an earlier block)',
  WrongChain: 'the transaction is bound to another chain (genesis hash differs)',
  Payment: 'the signer cannot pay the fee and tip',
  Oversized: 'the transaction is larger than the maximum size',
  Malformed: 'the transaction bytes or fields are malformed',
  UnknownCall: 'the call names no known module function',
  BadOrigin: 'the call cannot be made by a signed account',
  AlreadyImported: 'the same transaction is already in the pool',
  PoolFull: 'the transaction pool is full',
  Call: 'the call is feeless and would fail (feeless calls are only valid when they succeed)',
};

export class InvalidTransaction extends Error {
  override readonly name = 'InvalidTransaction';
  constructor(
    readonly reason: InvalidTxReason,
    /** Specifics; for `Call`, the dispatch error as `module.Error`. */
    readonly detail?: string,
  ) {
    super(`invalid transaction (${reason}): ${detail ?? INVALID_TX_MESSAGES[reason]}`);
  }
}

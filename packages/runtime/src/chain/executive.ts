/**
 * The executive: applies one block to state. Pure and synchronous: it reads a `StateBackend`, writes only to its
 * own overlay, and returns the change set, state root, events and receipts for the caller to commit.
 *
 * Order: every module's `onInitialize` (in module order) → each extrinsic (validity check, fee and nonce,
 * then the call inside a checkpoint) → every module's `onFinalize` (reverse order).
 */
import { bytesEqual, type Value, verify } from '@tensorium/primitives';
import { ArgError, convertArgs } from '../framework/args.js';
import { DispatchError, InvalidTransaction } from '../framework/errors.js';
import type { BlockInfo, Ctx, Origin, RuntimeEvent } from '../framework/module.js';
import { paramBig, paramNum } from '../framework/params.js';
import type { Runtime } from '../framework/runtime.js';
import { burn } from '../modules/balances/index.js';
import { getAccount, getSudo, incNonce } from '../modules/system/index.js';
import type { StateBackend } from '../state/backend.js';
import { State } from '../state/state.js';
import { type SignedTx, signerPublicKey, txSigningMessage } from './transaction.js';

export interface Receipt {
  readonly hash: string;
  readonly index: number;
  readonly success: boolean;
  /** `module.Error` when the call failed. */
  readonly error?: string;
  readonly fee: bigint;
}

export interface BlockResult {
  readonly changes: Map<string, Uint8Array | null>;
  readonly accumulator: Uint8Array;
  readonly stateRoot: Uint8Array;
  readonly events: RuntimeEvent[];
  readonly receipts: Receipt[];
}

/** The fee for a transaction of `len` bytes: `tx_base_fee + tx_byte_fee × len` RAO, burned. */
export function txFee(state: State, len: number): bigint {
  return paramBig(state, 'tx_base_fee') + paramBig(state, 'tx_byte_fee') * BigInt(len);
}

export interface TxCheck {
  readonly origin: Origin;
  readonly args: Record<string, Value>;
  readonly fee: bigint;
  /** The call pays no fee (and is valid only when it succeeds). */
  readonly feeless: boolean;
}

/**
 * Checks that a transaction could be included now. `pool` mode accepts nonces ahead of the account's (up to
 * `max_nonce_ahead`); block mode demands the exact next nonce. Throws InvalidTransaction.
 */
export function checkTx(
  runtime: Runtime,
  state: State,
  tx: SignedTx,
  blockNumber: number,
  genesisHash: Uint8Array,
  mode: 'pool' | 'block',
  skipSignature = false,
): TxCheck {
  const p = tx.payload;
  if (tx.bytes.length > paramNum(state, 'max_tx_bytes')) throw new InvalidTransaction('Oversized');
  if (!bytesEqual(p.chain, genesisHash)) throw new InvalidTransaction('WrongChain');
  const entry = runtime.calls.get(p.call.fn);
  if (!entry || entry.module.name !== p.call.module)
    throw new InvalidTransaction('UnknownCall', `${p.call.module}.${p.call.fn}`);
  let args: Record<string, Value>;
  try {
    args = convertArgs(entry.call.args, p.call.args);
  } catch (e) {
    if (e instanceof ArgError) throw new InvalidTransaction('Malformed', e.message);
    throw e;
  }
  let origin: Origin = { kind: 'signed', who: p.signer };
  if (entry.call.origin === 'root') {
    if (getSudo(state) !== p.signer) throw new InvalidTransaction('BadOrigin', `${p.call.fn} needs the sudo key`);
    origin = { kind: 'root' };
  }
  if (p.validUntil < blockNumber) throw new InvalidTransaction('Expired');
  const acct = getAccount(state, p.signer);
  if (p.nonce < acct.nonce) throw new InvalidTransaction('Stale', `nonce ${p.nonce} < account nonce ${acct.nonce}`);
  const ahead = mode === 'pool' ? paramNum(state, 'max_nonce_ahead') : 0;
  if (p.nonce > acct.nonce + ahead)
    throw new InvalidTransaction(
      'Future',
      `nonce ${p.nonce} > account nonce ${acct.nonce}${ahead ? ` + ${ahead}` : ''}`,
    );
  const fee = entry.call.feeless ? 0n : txFee(state, tx.bytes.length);
  if (acct.free < fee + p.tip) throw new InvalidTransaction('Payment', `needs ${fee + p.tip} RAO, has ${acct.free}`);
  if (!skipSignature && !signatureValid(tx)) throw new InvalidTransaction('BadSignature');
  return { origin, args, fee, feeless: entry.call.feeless === true };
}

/**
 * Dry-runs a feeless call on `state` as of block `block` (everything it writes is reverted, its events dropped)
 * and throws InvalidTransaction('Call') naming the dispatch error when it would fail: the pool's admission check
 * for calls that pay no fee.
 */
export function checkFeelessCall(runtime: Runtime, state: State, check: TxCheck, fn: string, block: BlockInfo): void {
  const entry = runtime.calls.get(fn)!;
  const ctx: Ctx = { state, block, emit: () => {} };
  state.checkpoint();
  try {
    entry.call.handler(ctx, check.origin, check.args);
  } catch (e) {
    if (!(e instanceof DispatchError)) throw e;
    throw new InvalidTransaction('Call', `${e.module}.${e.error}`);
  } finally {
    state.revertCheckpoint();
  }
}

/** Whether the transaction carries its signer's valid signature. */
export function signatureValid(tx: SignedTx): boolean {
  const pk = signerPublicKey(tx.payload.signer);
  return pk !== undefined && verify(txSigningMessage(tx), tx.sig, pk);
}

/** Builds (or re-executes) one block: initialize, then transactions one by one, then finish. */
export class BlockExecutor {
  readonly state: State;
  readonly events: RuntimeEvent[] = [];
  readonly receipts: Receipt[] = [];
  private extrinsic: number | undefined;
  private readonly ctx: Ctx;

  constructor(
    readonly runtime: Runtime,
    backend: StateBackend,
    readonly info: BlockInfo,
    readonly genesisHash: Uint8Array,
  ) {
    this.state = new State(backend);
    const events = this.events;
    const self = this;
    this.ctx = {
      state: this.state,
      block: info,
      emit(module, name, data) {
        events.push(
          self.extrinsic === undefined ? { module, name, data } : { module, name, data, extrinsic: self.extrinsic },
        );
      },
    };
    for (const m of runtime.modules) m.onInitialize?.(this.ctx);
  }

  get context(): Ctx {
    return this.ctx;
  }

  /**
   * Validates and applies a transaction. Throws InvalidTransaction (and changes nothing) when it is not valid
   * here; otherwise charges fee and tip, bumps the nonce and dispatches the call in a checkpoint.
   */
  applyTx(tx: SignedTx, skipSignature = false): Receipt {
    const check = checkTx(this.runtime, this.state, tx, this.info.number, this.genesisHash, 'block', skipSignature);
    const index = this.receipts.length;
    this.extrinsic = index;
    const p = tx.payload;
    const charge = check.fee + p.tip;
    if (check.feeless) {
      // Valid only if the call succeeds: dispatch first, and on failure leave no trace (not included).
      const events = this.events.length;
      this.state.checkpoint();
      try {
        this.runtime.calls.get(p.call.fn)!.call.handler(this.ctx, check.origin, check.args);
      } catch (e) {
        this.state.revertCheckpoint();
        this.events.length = events;
        this.extrinsic = undefined;
        if (!(e instanceof DispatchError)) throw e;
        throw new InvalidTransaction('Call', `${e.module}.${e.error}`);
      }
      this.state.commitCheckpoint();
      if (p.tip > 0n) burn(this.ctx, p.signer, p.tip, false);
      incNonce(this.state, p.signer);
      this.ctx.emit('system', 'ExtrinsicSuccess', { index });
      const receipt: Receipt = { hash: tx.hash, index, success: true, fee: charge };
      this.extrinsic = undefined;
      this.receipts.push(receipt);
      return receipt;
    }
    burn(this.ctx, p.signer, charge, false);
    this.ctx.emit('balances', 'FeePaid', { who: p.signer, fee: check.fee, tip: p.tip });
    incNonce(this.state, p.signer);
    const receipt = this.dispatch(p.call.fn, check.origin, check.args, tx.hash, index, charge);
    this.extrinsic = undefined;
    this.receipts.push(receipt);
    return receipt;
  }

  private dispatch(
    fn: string,
    origin: Origin,
    args: Record<string, Value>,
    hash: string,
    index: number,
    fee: bigint,
  ): Receipt {
    const entry = this.runtime.calls.get(fn)!;
    const events = this.events.length;
    this.state.checkpoint();
    try {
      entry.call.handler(this.ctx, origin, args);
      this.state.commitCheckpoint();
      this.ctx.emit('system', 'ExtrinsicSuccess', { index });
      return { hash, index, success: true, fee };
    } catch (e) {
      if (!(e instanceof DispatchError)) throw e;
      this.state.revertCheckpoint();
      this.events.length = events; // a failed call's events are reverted with its writes
      const error = `${e.module}.${e.error}`;
      this.ctx.emit('system', 'ExtrinsicFailed', { index, error });
      return { hash, index, success: false, error, fee };
    }
  }

  /**
   * Dispatches a call as a named origin without a transaction (no signature, nonce or fee): what
   * state-transition cases and runtime tests do. Returns 'ok' or the error name.
   */
  dispatchAs(origin: Origin, fn: string, rawArgs: unknown): string {
    const entry = this.runtime.calls.get(fn);
    if (!entry) throw new ArgError(`unknown call "${fn}"`);
    const args = convertArgs(entry.call.args, rawArgs);
    if (entry.call.origin === 'root' && origin.kind !== 'root') return 'BadOrigin';
    this.state.checkpoint();
    try {
      entry.call.handler(this.ctx, origin, args);
      this.state.commitCheckpoint();
      return 'ok';
    } catch (e) {
      if (!(e instanceof DispatchError)) throw e;
      this.state.revertCheckpoint();
      return e.error;
    }
  }

  finish(): BlockResult {
    for (let i = this.runtime.modules.length - 1; i >= 0; i--) this.runtime.modules[i]!.onFinalize?.(this.ctx);
    const { changes, accumulator, stateRoot } = this.state.finish();
    return { changes, accumulator: accumulator.bytes(), stateRoot, events: this.events, receipts: this.receipts };
  }
}

/**
 * system: accounts (nonce, free and reserved balance), the current block, and chain parameters at genesis.
 *
 * Storage
 *   system/account/<ss58>  { nonce: number, free: bigint, reserved: bigint }
 *   system/block           { number, timestamp, author }   (the block being built or last built)
 *   system/chain           { name, id } of the chain spec (so every chain has its own genesis hash)
 *   system/sudo            the sudo key, if any
 *   params/<name>          chain parameters (see framework/params.ts)
 */
import type { Ctx, ModuleDef } from '../../framework/module.js';
import { setParam } from '../../framework/params.js';
import { keysByString } from '../../state/keys.js';
import type { State } from '../../state/state.js';

export interface AccountInfo {
  readonly nonce: number;
  readonly free: bigint;
  readonly reserved: bigint;
}

export const EMPTY_ACCOUNT: AccountInfo = { nonce: 0, free: 0n, reserved: 0n };
export const accountKey: (who: string) => string = keysByString((who) => `system/account/${who}`);

export function getAccount(state: State, who: string): AccountInfo {
  return state.get<{ nonce: number; free: bigint; reserved: bigint }>(accountKey(who)) ?? EMPTY_ACCOUNT;
}

/** Writes an account; an account with nothing left (no balance, nonce 0) is removed. */
export function putAccount(state: State, who: string, acct: AccountInfo): void {
  if (acct.free === 0n && acct.reserved === 0n && acct.nonce === 0) state.delete(accountKey(who));
  else state.set(accountKey(who), { nonce: acct.nonce, free: acct.free, reserved: acct.reserved });
}

export function incNonce(state: State, who: string): void {
  const a = getAccount(state, who);
  putAccount(state, who, { ...a, nonce: a.nonce + 1 });
}

/** Every account, ascending by address (used by invariant checks and genesis dumps). */
export function allAccounts(state: State): [string, AccountInfo][] {
  return state
    .scan<{ nonce: number; free: bigint; reserved: bigint }>('system/account/')
    .map(([k, v]) => [k.slice(15), v]);
}

export const system: ModuleDef = {
  name: 'system',
  calls: [
    {
      name: 'remark',
      args: [{ name: 'remark', type: 'bytes' }],
      origin: 'signed',
      doc: 'Does nothing but pay the fee; the bytes are kept in the block.',
      handler: () => {},
    },
  ],
  errors: {},
  events: {
    ExtrinsicSuccess: 'An extrinsic completed successfully.',
    ExtrinsicFailed: 'An extrinsic failed; its changes were reverted except the fee and nonce.',
    NewAccount: 'An account was created.',
    KilledAccount: 'An account was reaped.',
  },
  onInitialize(ctx: Ctx) {
    ctx.state.set('system/block', {
      number: ctx.block.number,
      timestamp: ctx.block.timestamp,
      author: ctx.block.author,
    });
  },
  genesis(ctx, spec) {
    for (const [name, value] of Object.entries(spec.params)) setParam(ctx.state, name, value);
    if (spec.sudo) ctx.state.set('system/sudo', spec.sudo);
    // The chain's identity is part of genesis state, so two chains never share a genesis hash.
    ctx.state.set('system/chain', { name: spec.name, id: spec.id });
    ctx.state.set('system/block', { number: 0, timestamp: spec.genesisTimestamp, author: spec.authority });
  },
};

/** The sudo key, if the chain has one. */
export function getSudo(state: State): string | undefined {
  return state.get<string>('system/sudo');
}

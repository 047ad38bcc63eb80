/**
 * balances: TAO balances in RAO, transfers, the existential deposit and reaping, total issuance.
 *
 * Storage
 *   balances/issuance   bigint: total TAO issued (balances + TAO held by the runtime elsewhere, e.g. pools)
 * Parameters
 *   existential_deposit  RAO (500 on the reference chain)
 *
 * An account whose free + reserved balance would fall below the existential deposit is reaped: it is
 * removed and its dust is burned (issuance decreases). Transfers that would create an account below the
 * existential deposit fail with `BelowMinimum`; `transfer_keep_alive` fails with `NotExpendable`
 * instead of reaping the sender.
 */
import { U64_MAX } from '@tensorium/primitives';
import { fail } from '../../framework/errors.js';
import type { Ctx, ModuleDef, Origin } from '../../framework/module.js';
import { paramBig } from '../../framework/params.js';
import type { State } from '../../state/state.js';
import { type AccountInfo, getAccount, putAccount } from '../system/index.js';

const M = 'balances';
export const ISSUANCE_KEY = 'balances/issuance';

export function totalIssuance(state: State): bigint {
  return state.get<bigint>(ISSUANCE_KEY) ?? 0n;
}

export function setIssuance(state: State, v: bigint): void {
  state.set(ISSUANCE_KEY, v);
}

export function freeBalance(state: State, who: string): bigint {
  return getAccount(state, who).free;
}

function who(origin: Origin): string {
  if (origin.kind !== 'signed') fail(M, 'BadOrigin');
  return origin.who;
}

/** Stores an account after a balance change, reaping it (and burning its dust) below the existential deposit. */
function settle(ctx: Ctx, addr: string, acct: AccountInfo, existed: boolean): void {
  const ed = paramBig(ctx.state, 'existential_deposit');
  const total = acct.free + acct.reserved;
  if (total < ed) {
    if (total > 0n) setIssuance(ctx.state, totalIssuance(ctx.state) - total);
    // The nonce survives reaping, so that a transaction can never be replayed after an account is emptied.
    putAccount(ctx.state, addr, { nonce: acct.nonce, free: 0n, reserved: 0n });
    if (existed) ctx.emit(M, 'DustLost', { account: addr, amount: total });
    if (existed) ctx.emit('system', 'KilledAccount', { account: addr });
    return;
  }
  putAccount(ctx.state, addr, acct);
  if (!existed) ctx.emit('system', 'NewAccount', { account: addr });
}

/** An account "exists" while it holds at least something (a reaped account keeps only its nonce). */
const exists = (state: State, addr: string): boolean => {
  const a = getAccount(state, addr);
  return a.free + a.reserved > 0n;
};

/**
 * Takes `amount` from `addr`'s free balance without changing issuance (the TAO moves elsewhere in the
 * runtime, e.g. into a pool). `keepAlive` refuses to reap the account.
 */
export function withdraw(ctx: Ctx, addr: string, amount: bigint, keepAlive: boolean): void {
  const a = getAccount(ctx.state, addr);
  if (amount === 0n) return;
  if (a.free < amount) fail(M, 'FundsUnavailable');
  const next = { ...a, free: a.free - amount };
  if (keepAlive && next.free + next.reserved < paramBig(ctx.state, 'existential_deposit')) fail(M, 'NotExpendable');
  settle(ctx, addr, next, exists(ctx.state, addr));
}

/**
 * Adds `amount` to `addr`'s free balance without changing issuance (the TAO comes from elsewhere in the
 * runtime). Fails with `BelowMinimum` if it would create an account below the existential deposit.
 */
export function deposit(ctx: Ctx, addr: string, amount: bigint): void {
  if (amount === 0n) return;
  const a = getAccount(ctx.state, addr);
  const existed = exists(ctx.state, addr);
  const free = a.free + amount;
  if (free > U64_MAX) fail(M, 'Overflow');
  if (!existed && free < paramBig(ctx.state, 'existential_deposit')) fail(M, 'BelowMinimum');
  settle(ctx, addr, { ...a, free }, existed);
}

/** Creates new TAO in `addr`'s free balance (issuance grows). */
export function mint(ctx: Ctx, addr: string, amount: bigint): void {
  deposit(ctx, addr, amount);
  setIssuance(ctx.state, totalIssuance(ctx.state) + amount);
}

/** Destroys `amount` of `addr`'s free balance (issuance shrinks). */
export function burn(ctx: Ctx, addr: string, amount: bigint, keepAlive: boolean): void {
  withdraw(ctx, addr, amount, keepAlive);
  setIssuance(ctx.state, totalIssuance(ctx.state) - amount);
}

export function transfer(ctx: Ctx, from: string, to: string, amount: bigint, keepAlive: boolean): void {
  if (from === to) {
    if (getAccount(ctx.state, from).free < amount) fail(M, 'FundsUnavailable');
    return;
  }
  withdraw(ctx, from, amount, keepAlive);
  deposit(ctx, to, amount);
  ctx.emit(M, 'Transfer', { from, to, amount });
}

export const balances: ModuleDef = {
  name: M,
  calls: [
    {
      name: 'transfer_allow_death',
      args: [
        { name: 'dest', type: 'account' },
        { name: 'value', type: 'u64' },
      ],
      origin: 'signed',
      doc: 'Transfers `value` RAO to `dest`; the sender may be reaped.',
      handler: (ctx, origin, a: { dest: string; value: bigint }) => transfer(ctx, who(origin), a.dest, a.value, false),
    },
    {
      name: 'transfer_keep_alive',
      args: [
        { name: 'dest', type: 'account' },
        { name: 'value', type: 'u64' },
      ],
      origin: 'signed',
      doc: 'Transfers `value` RAO to `dest`; fails rather than reap the sender.',
      handler: (ctx, origin, a: { dest: string; value: bigint }) => transfer(ctx, who(origin), a.dest, a.value, true),
    },
    {
      name: 'transfer_all',
      args: [
        { name: 'dest', type: 'account' },
        { name: 'keep_alive', type: 'bool' },
      ],
      origin: 'signed',
      doc: 'Transfers the whole free balance (less the existential deposit with `keep_alive`).',
      handler: (ctx, origin, a: { dest: string; keep_alive: boolean }) => {
        const from = who(origin);
        const free = getAccount(ctx.state, from).free;
        const ed = paramBig(ctx.state, 'existential_deposit');
        const amount = a.keep_alive ? (free > ed ? free - ed : 0n) : free;
        transfer(ctx, from, a.dest, amount, a.keep_alive);
      },
    },
  ],
  errors: {
    FundsUnavailable: "The free balance is lower than the amount (the reference chain's TokenError::FundsUnavailable).",
    BelowMinimum: 'The amount would create an account below the existential deposit (TokenError::BelowMinimum).',
    NotExpendable: 'The transfer would reap the sender, and keep-alive was asked (TokenError::NotExpendable).',
    Overflow: 'The balance would exceed u64.',
    BadOrigin: 'The call needs a signed origin.',
  },
  events: {
    Transfer: 'TAO moved between accounts.',
    DustLost: 'An account was reaped and its dust below the existential deposit burned.',
    FeePaid: 'A transaction fee (and tip) was burned.',
  },
  genesis(ctx, spec) {
    let total = 0n;
    for (const [addr, amount] of Object.entries(spec.balances)) {
      if (amount === 0n) continue;
      putAccount(ctx.state, addr, { nonce: 0, free: amount, reserved: 0n });
      total += amount;
    }
    setIssuance(ctx.state, totalIssuance(ctx.state) + total);
  },
};

/**
 * TAO moving between accounts and subnets (spec/economics.md §1.2). A subnet's TAO is not an account balance here: it
 * is the pool reserve (`SubnetTAO`) plus the subnet ledger's `heldTao`. Conservation: total issuance equals every
 * account's balance plus every subnet's reserve and held TAO plus burned TAO plus the genesis offset.
 */
import { fail } from '../../framework/errors.js';
import type { Ctx } from '../../framework/module.js';
import { paramBig } from '../../framework/params.js';
import type { State } from '../../state/state.js';
import { deposit, freeBalance, setIssuance, totalIssuance, withdraw } from '../balances/index.js';
import { getAccount } from '../system/index.js';

/** Free balance that can leave an account without reaping it (`reducible_balance(Preserve)`). */
export function keepAliveBalance(state: State, who: string): bigint {
  const a = getAccount(state, who);
  const ed = paramBig(state, 'existential_deposit');
  const total = a.free + a.reserved;
  if (total <= ed) return 0n;
  const room = total - ed;
  if (room < a.free) return room;
  return a.free;
}

/** Whole free balance (`get_coldkey_balance`, `can_remove_balance_from_coldkey_account`). */
export function coldkeyBalance(state: State, who: string): bigint {
  return freeBalance(state, who);
}

/**
 * `transfer_tao_to_subnet`: takes `min(amount, keep-alive balance)` from the coldkey (never reaping it) and returns what
 * was taken; the caller puts it into the pool or the subnet ledger. Fails with `InsufficientBalance` when nothing can
 * be taken.
 */
export function takeFromColdkey(ctx: Ctx, module: string, coldkey: string, amount: bigint): bigint {
  if (amount === 0n) return 0n;
  const max = keepAliveBalance(ctx.state, coldkey);
  const take = amount < max ? amount : max;
  if (take === 0n) fail(module, 'InsufficientBalance');
  withdraw(ctx, coldkey, take, true);
  return take;
}

/** Pays TAO held by the runtime (a pool or a subnet ledger) to an account; fails below the existential deposit. */
export function payToAccount(ctx: Ctx, to: string, amount: bigint): void {
  if (amount > 0n) deposit(ctx, to, amount);
}

/** Creates `amount` new TAO held by the runtime (the block's minted emission spent on a pool). */
export function mintHeld(state: State, amount: bigint): void {
  if (amount > 0n) setIssuance(state, totalIssuance(state) + amount);
}

/** Destroys `amount` of runtime-held TAO (`recycle_tao`): issuance shrinks. */
export function recycleHeld(state: State, amount: bigint): void {
  if (amount > 0n) setIssuance(state, totalIssuance(state) - amount);
}

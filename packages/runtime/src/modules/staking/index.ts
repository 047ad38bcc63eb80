/**
 * staking: stake share pools per (hotkey, subnet), staking and unstaking through the subnet pools with limit prices,
 * stake transitions, delegate takes and root-dividend claims (spec/economics.md §5.9, §6). Storage is documented in
 * storage.ts and rootClaims.ts. Amounts are RAO (TAO in) or alpha base units (alpha in); limit prices are RAO per alpha.
 *
 * | call                      | origin  | args                                                                              |
 * |---------------------------|---------|-----------------------------------------------------------------------------------|
 * | `add_stake`               | coldkey | `hotkey`, `netuid` u16, `amount_staked` u64                                        |
 * | `add_stake_limit`         | coldkey | `hotkey`, `netuid`, `amount_staked`, `limit_price` u64, `allow_partial` bool       |
 * | `remove_stake`            | coldkey | `hotkey`, `netuid`, `amount_unstaked` u64 (capped at the holdings)                 |
 * | `remove_stake_limit`      | coldkey | `hotkey`, `netuid`, `amount_unstaked`, `limit_price`, `allow_partial`              |
 * | `remove_stake_full_limit` | coldkey | `hotkey`, `netuid`, `limit_price` u64 (optional)                                   |
 * | `unstake_all`             | coldkey | `hotkey`                                                                          |
 * | `unstake_all_alpha`       | coldkey | `hotkey` (every subnet but root, TAO restaked on root)                            |
 * | `move_stake`              | coldkey | `origin_hotkey`, `destination_hotkey`, `origin_netuid`, `destination_netuid`, `alpha_amount` |
 * | `transfer_stake`          | coldkey | `destination_coldkey`, `hotkey`, `origin_netuid`, `destination_netuid`, `alpha_amount` |
 * | `swap_stake`              | coldkey | `hotkey`, `origin_netuid`, `destination_netuid`, `alpha_amount`                    |
 * | `swap_stake_limit`        | coldkey | as swap_stake plus `limit_price`, `allow_partial`                                  |
 * | `recycle_alpha`           | coldkey | `hotkey`, `amount` u64, `netuid` (lowers alpha issuance)                           |
 * | `burn_alpha`              | coldkey | `hotkey`, `amount` u64, `netuid`                                                   |
 * | `decrease_take`           | coldkey | `hotkey`, `take` u16                                                               |
 * | `increase_take`           | coldkey | `hotkey`, `take` u16 (rate-limited)                                                |
 * | `claim_root`              | coldkey | `subnets` u16[] (optional)                                                         |
 * | `set_root_claim_type`     | coldkey | `claim_type` string: `swap` or `keep`                                              |
 */

import type { ArgSpec } from '../../framework/args.js';
import { fail } from '../../framework/errors.js';
import type { CallDef, Ctx, ModuleDef, Origin } from '../../framework/module.js';
import {
  addStake,
  addStakeLimit,
  changeTake,
  destroyOwnAlpha,
  removeStake,
  removeStakeFullLimit,
  removeStakeLimit,
  transitionStake,
  unstakeAll,
} from './calls.js';
import { STAKING } from './ops.js';
import { claimRoot, setRootClaimType } from './rootClaims.js';
import type { Transition } from './validate.js';

function signer(origin: Origin): string {
  if (origin.kind !== 'signed') fail(STAKING, 'BadOrigin');
  return origin.who;
}

const A = {
  hotkey: { name: 'hotkey', type: 'account' },
  netuid: { name: 'netuid', type: 'u16' },
  limit: { name: 'limit_price', type: 'u64' },
  partial: { name: 'allow_partial', type: 'bool' },
} as const satisfies Record<string, ArgSpec>;

function call(
  name: string,
  args: readonly ArgSpec[],
  doc: string,
  run: (ctx: Ctx, who: string, a: any) => unknown,
): CallDef {
  return { name, args, origin: 'signed', doc, handler: (ctx, origin, a) => void run(ctx, signer(origin), a) };
}

/**
 * The route of a stake transition made by `who`: from and to its own coldkey and the call's `hotkey`, between the
 * call's netuids, unless `over` names other keys (move_stake's two hotkeys, transfer_stake's destination coldkey).
 */
function route(
  who: string,
  a: { hotkey?: string; origin_netuid: number; destination_netuid: number },
  over: Partial<Transition> = {},
): Transition {
  return {
    originColdkey: who,
    destinationColdkey: who,
    originHotkey: a.hotkey ?? '',
    destinationHotkey: a.hotkey ?? '',
    originNetuid: a.origin_netuid,
    destinationNetuid: a.destination_netuid,
    ...over,
  };
}

export const staking: ModuleDef = {
  name: STAKING,
  calls: [
    call(
      'add_stake',
      [A.hotkey, A.netuid, { name: 'amount_staked', type: 'u64' }],
      'Stakes TAO to a hotkey on a subnet (buys alpha at any price).',
      (ctx, who, a) => addStake(ctx, who, a.hotkey, a.netuid, a.amount_staked),
    ),
    call(
      'add_stake_limit',
      [A.hotkey, A.netuid, { name: 'amount_staked', type: 'u64' }, A.limit, A.partial],
      'Stakes TAO, buying only while the price stays below `limit_price`; fill-or-kill unless `allow_partial`.',
      (ctx, who, a) => addStakeLimit(ctx, who, a.hotkey, a.netuid, a.amount_staked, a.limit_price, a.allow_partial),
    ),
    call(
      'remove_stake',
      [A.hotkey, A.netuid, { name: 'amount_unstaked', type: 'u64' }],
      'Unstakes alpha for TAO at any price.',
      (ctx, who, a) => removeStake(ctx, who, a.hotkey, a.netuid, a.amount_unstaked),
    ),
    call(
      'remove_stake_limit',
      [A.hotkey, A.netuid, { name: 'amount_unstaked', type: 'u64' }, A.limit, A.partial],
      'Unstakes alpha, selling only while the price stays above `limit_price`.',
      (ctx, who, a) =>
        removeStakeLimit(ctx, who, a.hotkey, a.netuid, a.amount_unstaked, a.limit_price, a.allow_partial),
    ),
    call(
      'remove_stake_full_limit',
      [A.hotkey, A.netuid, { ...A.limit, optional: true }],
      'Unstakes everything on one hotkey and subnet.',
      (ctx, who, a) => removeStakeFullLimit(ctx, who, a.hotkey, a.netuid, a.limit_price),
    ),
    call('unstake_all', [A.hotkey], 'Unstakes from a hotkey on every subnet (root included).', (ctx, who, a) =>
      unstakeAll(ctx, who, a.hotkey, false),
    ),
    call(
      'unstake_all_alpha',
      [A.hotkey],
      'Unstakes from a hotkey on every subnet but root and stakes the TAO on root.',
      (ctx, who, a) => unstakeAll(ctx, who, a.hotkey, true),
    ),
    call(
      'move_stake',
      [
        { name: 'origin_hotkey', type: 'account' },
        { name: 'destination_hotkey', type: 'account' },
        { name: 'origin_netuid', type: 'u16' },
        { name: 'destination_netuid', type: 'u16' },
        { name: 'alpha_amount', type: 'u64' },
      ],
      'Moves own stake to another hotkey and/or subnet.',
      (ctx, who, a) =>
        transitionStake(
          ctx,
          route(who, a, { originHotkey: a.origin_hotkey, destinationHotkey: a.destination_hotkey }),
          a.alpha_amount,
          undefined,
          undefined,
          false,
        ),
    ),
    call(
      'transfer_stake',
      [
        { name: 'destination_coldkey', type: 'account' },
        A.hotkey,
        { name: 'origin_netuid', type: 'u16' },
        { name: 'destination_netuid', type: 'u16' },
        { name: 'alpha_amount', type: 'u64' },
      ],
      'Gives stake to another coldkey (same hotkey), optionally on another subnet; needs transfer_toggle.',
      (ctx, who, a) =>
        transitionStake(
          ctx,
          route(who, a, { destinationColdkey: a.destination_coldkey }),
          a.alpha_amount,
          undefined,
          undefined,
          true,
        ),
    ),
    call(
      'swap_stake',
      [
        A.hotkey,
        { name: 'origin_netuid', type: 'u16' },
        { name: 'destination_netuid', type: 'u16' },
        { name: 'alpha_amount', type: 'u64' },
      ],
      'Moves own stake on a hotkey to another subnet.',
      (ctx, who, a) => transitionStake(ctx, route(who, a), a.alpha_amount, undefined, undefined, false),
    ),
    call(
      'swap_stake_limit',
      [
        A.hotkey,
        { name: 'origin_netuid', type: 'u16' },
        { name: 'destination_netuid', type: 'u16' },
        { name: 'alpha_amount', type: 'u64' },
        A.limit,
        A.partial,
      ],
      'swap_stake with a limit on the origin/destination price ratio (RAO per alpha).',
      (ctx, who, a) => transitionStake(ctx, route(who, a), a.alpha_amount, a.limit_price, a.allow_partial, false),
    ),
    call(
      'recycle_alpha',
      [A.hotkey, { name: 'amount', type: 'u64' }, A.netuid],
      'Destroys own alpha and lowers the alpha issuance.',
      (ctx, who, a) => destroyOwnAlpha(ctx, who, a.hotkey, a.netuid, a.amount, true),
    ),
    call(
      'burn_alpha',
      [A.hotkey, { name: 'amount', type: 'u64' }, A.netuid],
      'Destroys own alpha (issuance unchanged).',
      (ctx, who, a) => destroyOwnAlpha(ctx, who, a.hotkey, a.netuid, a.amount, false),
    ),
    call(
      'decrease_take',
      [A.hotkey, { name: 'take', type: 'u16' }],
      'Lowers the delegate take of an owned hotkey.',
      (ctx, who, a) => changeTake(ctx, who, a.hotkey, a.take, false),
    ),
    call(
      'increase_take',
      [A.hotkey, { name: 'take', type: 'u16' }],
      'Raises the delegate take (rate-limited, at most max_delegate_take).',
      (ctx, who, a) => changeTake(ctx, who, a.hotkey, a.take, true),
    ),
    call(
      'claim_root',
      [{ name: 'subnets', type: 'u16[]', optional: true }],
      'Claims root dividends owed to the caller.',
      (ctx, who, a) => claimRoot(ctx, who, a.subnets),
    ),
    call(
      'set_root_claim_type',
      [{ name: 'claim_type', type: 'string' }],
      'Chooses how root dividends are claimed: swap (to root stake) or keep (alpha).',
      (ctx, who, a) => {
        if (a.claim_type !== 'swap' && a.claim_type !== 'keep') fail(STAKING, 'InvalidValue');
        setRootClaimType(ctx.state, who, a.claim_type);
      },
    ),
  ],
  errors: {
    BadOrigin: 'The call needs a signed origin.',
    SubnetNotExists: 'No subnet with this netuid.',
    SubtokenDisabled: 'The subnet has not been started (start_call).',
    AmountTooLow: 'Below the minimum stake, or nothing to move.',
    SlippageTooHigh: 'The price would pass the limit and partial fills are not allowed.',
    NotEnoughBalanceToStake: 'The coldkey cannot pay the amount.',
    HotKeyAccountNotExists: 'The hotkey was never registered.',
    InsufficientLiquidity: 'The pool cannot take or pay this amount.',
    InsufficientBalance: 'Nothing can be paid without reaping the coldkey.',
    NotEnoughStakeToWithdraw: 'More than the stake held.',
    SameNetuid: 'Origin and destination are the same.',
    TransferDisallowed: 'transfer_toggle is off on a subnet.',
    CannotBurnOrRecycleOnRootSubnet: 'Root stake cannot be burned or recycled.',
    NonAssociatedColdKey: 'The hotkey belongs to another coldkey.',
    DelegateTakeTooLow: 'The new take is not above the current one.',
    DelegateTakeTooHigh: 'The take is above the maximum (or not below the current one for a decrease).',
    DelegateTxRateLimitExceeded: 'The take was changed too recently.',
    NotEnoughStake: 'The coldkey has no stake.',
    InvalidValue: 'Invalid argument value.',
  },
  events: {
    StakeAdded: 'TAO was staked into a subnet.',
    StakeRemoved: 'Alpha was unstaked for TAO.',
    StakeMoved: 'Alpha moved between hotkeys/coldkeys on one subnet.',
    AlphaRecycled: 'Alpha was recycled.',
    AlphaBurned: 'Alpha was burned.',
    TakeIncreased: 'A delegate take rose.',
    TakeDecreased: 'A delegate take fell.',
    RootClaimed: 'Root dividends were claimed.',
  },
};

/**
 * subnets: subnet registration with the lock cost, netuid allocation and pruning, the root subnet, owners,
 * start_call, dissolution, and every hyperparameter (spec/economics.md §2). Storage is documented in storage.ts,
 * parameters in params.ts.
 *
 * | call                 | origin  | args                                                                     |
 * |----------------------|---------|--------------------------------------------------------------------------|
 * | `register_network`   | coldkey | `hotkey` account (becomes uid 0 and the owner hotkey)                     |
 * | `start_call`         | owner   | `netuid` u16                                                              |
 * | `set_hyperparameter` | owner   | `netuid` u16, `name` string, `value` string (decimal / true / false / enum) |
 * | `set_tempo`          | owner   | `netuid` u16, `tempo` u16                                                 |
 * | `trigger_epoch`      | owner   | `netuid` u16                                                              |
 * | `set_sn_owner_hotkey`| owner   | `netuid` u16, `hotkey` account (rate-limited; sudo may call it too)       |
 * | `sudo_set`           | sudo    | `netuid` u16 (optional; omit for a global), `name` string, `value` string |
 * | `dissolve_network`   | sudo    | `netuid` u16                                                              |
 */
import { fail } from '../../framework/errors.js';
import type { ModuleDef, Origin } from '../../framework/module.js';
import { setIssuance, totalIssuance } from '../balances/index.js';
import { ownerSet, ownerSetTempo, setOwnerHotkey, sudoSet, triggerEpoch } from './admin.js';
import { dissolveNetwork } from './dissolve.js';
import { createRootSubnet, registerNetwork, SUBNETS, startCall } from './register.js';
import { ROOT_NETUID, setIssuanceOffset, subnetExists } from './storage.js';

function signer(origin: Origin): string {
  if (origin.kind !== 'signed') fail(SUBNETS, 'BadOrigin');
  return origin.who;
}

export const subnets: ModuleDef = {
  name: SUBNETS,
  calls: [
    {
      name: 'register_network',
      args: [{ name: 'hotkey', type: 'account' }],
      origin: 'signed',
      doc: 'Creates a subnet owned by the calling coldkey for the current lock cost; `hotkey` becomes its uid 0.',
      handler: (ctx, origin, a: { hotkey: string }) => {
        registerNetwork(ctx, signer(origin), a.hotkey);
      },
    },
    {
      name: 'start_call',
      args: [{ name: 'netuid', type: 'u16' }],
      origin: 'signed',
      doc: 'The owner starts the subnet: staking and emission from the next block (after start_call_delay).',
      handler: (ctx, origin, a: { netuid: number }) => {
        if (origin.kind !== 'signed') fail(SUBNETS, 'BadOrigin');
        startCall(ctx, origin.who, a.netuid);
      },
    },
    {
      name: 'set_hyperparameter',
      args: [
        { name: 'netuid', type: 'u16' },
        { name: 'name', type: 'string' },
        { name: 'value', type: 'string' },
      ],
      origin: 'signed',
      doc: 'The owner changes an owner-settable hyperparameter (freeze window and rate limit apply).',
      handler: (ctx, origin, a: { netuid: number; name: string; value: string }) =>
        ownerSet(ctx, signer(origin), a.netuid, a.name, a.value),
    },
    {
      name: 'set_tempo',
      args: [
        { name: 'netuid', type: 'u16' },
        { name: 'tempo', type: 'u16' },
      ],
      origin: 'signed',
      doc: 'The owner changes the tempo; the epoch cycle restarts at this block.',
      handler: (ctx, origin, a: { netuid: number; tempo: number }) =>
        ownerSetTempo(ctx, signer(origin), a.netuid, a.tempo),
    },
    {
      name: 'trigger_epoch',
      args: [{ name: 'netuid', type: 'u16' }],
      origin: 'signed',
      doc: 'The owner schedules an epoch admin_freeze_window blocks from now (commit-reveal off).',
      handler: (ctx, origin, a: { netuid: number }) => triggerEpoch(ctx, signer(origin), a.netuid),
    },
    {
      name: 'set_sn_owner_hotkey',
      args: [
        { name: 'netuid', type: 'u16' },
        { name: 'hotkey', type: 'account' },
      ],
      origin: 'signed',
      doc: "The owner (or sudo in a replay) changes the subnet's owner hotkey, at most once per sn_owner_hotkey_rate_limit blocks.",
      handler: (ctx, origin, a: { netuid: number; hotkey: string }) =>
        setOwnerHotkey(ctx, origin.kind === 'signed' ? origin.who : undefined, a.netuid, a.hotkey),
    },
    {
      name: 'sudo_set',
      args: [
        { name: 'netuid', type: 'u16', optional: true },
        { name: 'name', type: 'string' },
        { name: 'value', type: 'string' },
      ],
      origin: 'root',
      doc: 'Sudo sets a parameter: per subnet with `netuid`, else the global value (the default of future subnets).',
      handler: (ctx, _origin, a: { netuid?: number; name: string; value: string }) =>
        sudoSet(ctx, a.netuid, a.name, a.value),
    },
    {
      name: 'dissolve_network',
      args: [{ name: 'netuid', type: 'u16' }],
      origin: 'root',
      doc: 'Sudo dissolves a subnet: the TAO reserve is paid to stakers pro rata, the rest recycled.',
      handler: (ctx, _origin, a: { netuid: number }) => {
        if (a.netuid === ROOT_NETUID || !subnetExists(ctx.state, a.netuid)) fail(SUBNETS, 'SubnetNotExists');
        dissolveNetwork(ctx, a.netuid);
      },
    },
  ],
  errors: {
    BadOrigin: 'The call needs another origin (the subnet owner or a signed account).',
    NonAssociatedColdKey: 'The hotkey belongs to another coldkey.',
    SubNetRegistrationDisabled: 'Subnet registration has not opened yet.',
    NetworkTxRateLimitExceeded: 'A subnet was registered less than network_rate_limit blocks ago.',
    SubnetLimitReached: 'The subnet limit is reached and every subnet is immune.',
    CannotAffordLockCost: 'The coldkey cannot pay the lock cost.',
    InsufficientBalance: 'Nothing can be paid without reaping the coldkey.',
    SubnetNotExists: 'No subnet with this netuid.',
    FirstEmissionBlockNumberAlreadySet: 'The subnet was already started.',
    NeedWaitingMoreBlocksToStarCall: 'start_call_delay blocks have not passed since registration.',
    InvalidParameter: 'No such parameter (or not settable this way).',
    InvalidValue: 'The value is out of range or of the wrong type.',
    NotSubnetOwner: 'Only the subnet owner may do this.',
    NotOwnerSettable: 'This parameter is set by sudo only.',
    AdminActionProhibitedDuringWeightsWindow:
      'Too close to the next epoch (admin_freeze_window) or an epoch is pending.',
    TxRateLimitExceeded: 'Changed too recently (owner_hyperparam_rate_limit tempos).',
    TempoOutOfBounds: 'The tempo is outside [owner_min_tempo, owner_max_tempo].',
    DynamicTempoBlockedByCommitReveal: 'Epochs cannot be triggered while commit-reveal is on.',
    EpochTriggerAlreadyPending: 'An epoch is already scheduled.',
    AutoEpochAlreadyImminent: 'The next epoch is nearer than admin_freeze_window blocks.',
    AlphaLowOutOfRange: 'alpha_low must not exceed alpha_high.',
    AlphaHighTooLow: 'alpha_high must not be below alpha_low.',
  },
  events: {
    NetworkAdded: 'A subnet was registered.',
    NetworkRemoved: 'A subnet was dissolved.',
    FirstEmissionBlockNumberSet: 'A subnet was started.',
    HyperparameterSet: 'A subnet hyperparameter changed.',
    ParameterSet: 'A global parameter changed.',
    EpochTriggered: 'An owner scheduled an epoch.',
    SubnetOwnerHotkeySet: "A subnet's owner hotkey changed.",
  },
  genesis(ctx, spec) {
    createRootSubnet(ctx.state);
    const target = BigInt((spec.params.total_issuance as bigint | number | string | undefined) ?? 0);
    const have = totalIssuance(ctx.state);
    if (target > have) {
      setIssuance(ctx.state, target);
      setIssuanceOffset(ctx.state, target - have);
    }
  },
};

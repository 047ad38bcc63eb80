/**
 * neurons: registration of hotkeys on subnets (burned registration, UID assignment and replacement, immunity) and
 * axon serving (spec/economics.md §3). Storage is documented in storage.ts.
 *
 * | call              | origin  | args                                                                  |
 * |-------------------|---------|-----------------------------------------------------------------------|
 * | `burned_register` | coldkey | `netuid` u16, `hotkey` account                                        |
 * | `register_limit`  | coldkey | `netuid` u16, `hotkey` account, `limit_price` u64 (RAO, max burn)      |
 * | `serve_axon`      | hotkey  | `netuid` u16, `version` u32, `ip` string (IPv4/IPv6 text or decimal),  |
 * |                   |         | `port` u16, `ip_type` u8 (4/6), `protocol` u8, `placeholder1/2` u8 opt |
 */
import { fail } from '../../framework/errors.js';
import type { ModuleDef, Origin } from '../../framework/module.js';
import { type ServeAxonArgs, serveAxon } from './axon.js';
import { NEURONS, registerNeuron, registerNeuronLimit } from './register.js';

function signer(origin: Origin): string {
  if (origin.kind !== 'signed') fail(NEURONS, 'BadOrigin');
  return origin.who;
}

export const neurons: ModuleDef = {
  name: NEURONS,
  calls: [
    {
      name: 'burned_register',
      args: [
        { name: 'netuid', type: 'u16' },
        { name: 'hotkey', type: 'account' },
      ],
      origin: 'signed',
      doc: 'Registers `hotkey` on a subnet for the current burn price, paid by the calling coldkey.',
      handler: (ctx, origin, a: { netuid: number; hotkey: string }) => {
        registerNeuron(ctx, signer(origin), a.netuid, a.hotkey);
      },
    },
    {
      name: 'register_limit',
      args: [
        { name: 'netuid', type: 'u16' },
        { name: 'hotkey', type: 'account' },
        { name: 'limit_price', type: 'u64' },
      ],
      origin: 'signed',
      doc: 'Like burned_register, but fails with RegistrationPriceLimitExceeded when the burn is above `limit_price`.',
      handler: (ctx, origin, a: { netuid: number; hotkey: string; limit_price: bigint }) => {
        registerNeuronLimit(ctx, signer(origin), a.netuid, a.hotkey, a.limit_price);
      },
    },
    {
      name: 'serve_axon',
      args: [
        { name: 'netuid', type: 'u16' },
        { name: 'version', type: 'u32' },
        { name: 'ip', type: 'string' },
        { name: 'port', type: 'u16' },
        { name: 'ip_type', type: 'u8' },
        { name: 'protocol', type: 'u8' },
        { name: 'placeholder1', type: 'u8', optional: true },
        { name: 'placeholder2', type: 'u8', optional: true },
      ],
      origin: 'signed',
      feeless: true,
      doc: "Publishes the calling hotkey's axon endpoint (IP, port, protocol, version) on a subnet.",
      handler: (ctx, origin, a: ServeAxonArgs) => serveAxon(ctx, signer(origin), a),
    },
  ],
  errors: {
    BadOrigin: 'The call needs a signed origin.',
    RegistrationNotPermittedOnRootSubnet: 'Neurons cannot be burn-registered on the root subnet.',
    SubnetNotExists: 'No subnet with this netuid.',
    SubNetRegistrationDisabled: 'Registration is closed on this subnet.',
    HotKeyAlreadyRegisteredInSubNet: 'The hotkey already holds a uid on this subnet.',
    NotEnoughBalanceToStake: 'The coldkey cannot pay the registration price.',
    NonAssociatedColdKey: 'The hotkey belongs to another coldkey.',
    NoNeuronIdAvailable: 'The subnet is full and no neuron can be replaced.',
    InsufficientBalance: 'Nothing can be paid without reaping the coldkey.',
    RegistrationPriceLimitExceeded: 'The registration price is above the given limit.',
    HotKeyNotRegisteredInNetwork: 'The hotkey holds no uid on this subnet.',
    InvalidIpType: 'The IP type is not 4 or 6.',
    InvalidIpAddress: 'The IP address is malformed or not allowed (localhost, all-ones).',
    ServingRateLimitExceeded: 'Served too recently (serving_rate_limit).',
    InvalidPort: 'The port is 0.',
  },
  events: {
    NeuronRegistered: 'A hotkey got a uid on a subnet.',
    AxonServed: 'A hotkey published its axon.',
  },
};

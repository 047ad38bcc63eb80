/**
 * Sets up a subnet on a dev chain or local node for tests and examples: registers the network and starts it, funds
 * hotkeys if asked (serve_axon and the weight calls are feeless), registers neurons in order (so uids are predictable:
 * the owner hotkey is uid 0, then the neurons as listed) and adds stake. Every step waits for inclusion and fails
 * loudly with the chain's error.
 */
import type { Keypair, Value } from '@tensorium/primitives';
import type { TensoriumClient, TxOutcome } from '../client/client.js';
import { NeuronError } from './errors.js';

export interface LocalNeuron {
  readonly coldkey: Keypair;
  readonly hotkey: Keypair;
  /** TAO (RAO) to stake on the hotkey on this subnet. */
  readonly stake?: bigint;
}

export interface LocalSubnetOptions {
  /** Pays the lock cost and owns the subnet; funds the hotkeys. */
  readonly owner: Keypair;
  readonly ownerHotkey: Keypair;
  readonly neurons: readonly LocalNeuron[];
  /** Owner-settable hyperparameters to set after start (name → value). */
  readonly hyperparameters?: Readonly<Record<string, string>>;
  /**
   * RAO sent to each hotkey (default 0: serve_axon and the weight calls are feeless, as on the reference chain, so
   * hotkeys need no TAO).
   */
  readonly fundHotkeys?: bigint;
}

export interface LocalSubnet {
  readonly netuid: number;
  /** uid of each neuron, in the order given. */
  readonly uids: readonly number[];
}

async function must(p: Promise<TxOutcome>, what: string): Promise<TxOutcome> {
  const out = await p;
  if (out.success === false) throw new NeuronError('TNS_NEURON_SETUP', `${what} failed on chain: ${out.error}`);
  return out;
}

function call(module: string, fn: string, args: Record<string, Value>) {
  return { module, fn, args };
}

/** Sends calls from one account in parallel with consecutive nonces, waiting for all. */
async function batch(
  client: TensoriumClient,
  from: Keypair,
  calls: { module: string; fn: string; args: Record<string, Value> }[],
  what: string,
): Promise<void> {
  const { nonce } = await client.getAccount(from.address);
  await Promise.all(calls.map((c, i) => must(client.send(from, c, { nonce: nonce + i }), `${what} ${i}`)));
}

export async function createLocalSubnet(client: TensoriumClient, o: LocalSubnetOptions): Promise<LocalSubnet> {
  const before = new Set((await client.request('subnet_list')).map((s) => s.netuid));
  await must(
    client.send(o.owner, call('subnets', 'register_network', { hotkey: o.ownerHotkey.address })),
    'register_network',
  );
  const created = (await client.request('subnet_list')).find(
    (s) => !before.has(s.netuid) && s.ownerHotkey === o.ownerHotkey.address,
  );
  if (!created)
    throw new NeuronError('TNS_NEURON_SETUP', 'register_network succeeded but the new subnet is not listed');
  const netuid = created.netuid;
  await must(client.send(o.owner, call('subnets', 'start_call', { netuid })), 'start_call');
  for (const [name, value] of Object.entries(o.hyperparameters ?? {})) {
    await must(
      client.send(o.owner, call('subnets', 'set_hyperparameter', { netuid, name, value })),
      `set_hyperparameter ${name}`,
    );
  }
  const fund = o.fundHotkeys ?? 0n;
  if (fund > 0n) {
    await batch(
      client,
      o.owner,
      o.neurons.map((n) => call('balances', 'transfer_keep_alive', { dest: n.hotkey.address, value: fund })),
      'fund hotkey',
    );
  }
  for (const n of o.neurons) {
    await must(
      client.send(n.coldkey, call('neurons', 'burned_register', { netuid, hotkey: n.hotkey.address })),
      `burned_register ${n.hotkey.address}`,
    );
  }
  const byColdkey = new Map<string, { from: Keypair; calls: ReturnType<typeof call>[] }>();
  for (const n of o.neurons) {
    if (!n.stake) continue;
    const e = byColdkey.get(n.coldkey.address) ?? { from: n.coldkey, calls: [] };
    e.calls.push(call('staking', 'add_stake', { hotkey: n.hotkey.address, netuid, amount_staked: n.stake }));
    byColdkey.set(n.coldkey.address, e);
  }
  await Promise.all([...byColdkey.values()].map((e) => batch(client, e.from, e.calls, 'add_stake')));
  const mg = await client.request('subnet_metagraph', netuid);
  const uids = o.neurons.map((n) => mg?.neurons.find((x) => x.hotkey === n.hotkey.address)?.uid ?? -1);
  return { netuid, uids };
}

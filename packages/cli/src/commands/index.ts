/**
 * The command table: each entry lazily imports its module so that `tensorium --help` and every
 * command start fast. A command module exports `run(args, io)` returning the exit code.
 */
import type { Io } from '../io.js';

export interface CommandModule {
  run(args: string[], io: Io): Promise<number>;
}

export interface CommandEntry {
  summary: string;
  load: () => Promise<CommandModule>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  axon: { summary: "Publish a hotkey's axon endpoint on a subnet (serve_axon)", load: () => import('./axon.js') },
  balance: { summary: 'Show TAO balances of addresses or of a wallet', load: () => import('./balance.js') },
  block: { summary: 'Show a block: header, transactions and events', load: () => import('./block.js') },
  epoch: {
    summary: 'Run one Yuma Consensus epoch case (JSON) and print its outputs',
    load: () => import('./epoch.js'),
  },
  neuron: { summary: 'Register a hotkey on a subnet (burned registration)', load: () => import('./neuron.js') },
  node: {
    summary: 'Run a Tensorium node (authority or follower) with JSON-RPC over HTTP and WebSocket',
    load: () => import('./node.js'),
  },
  replay: {
    summary: 'Run a state-transition case (JSON) and print the resulting state',
    load: () => import('./replay.js'),
  },
  stake: {
    summary: 'Stake, unstake, move, transfer and list stake, with quotes and slippage guards',
    load: () => import('./stake.js'),
  },
  subnet: {
    summary: 'List, show, create, start and configure subnets; metagraph and prices',
    load: () => import('./subnet.js'),
  },
  transfer: { summary: 'Transfer TAO to another account', load: () => import('./transfer.js') },
  wallet: {
    summary: 'Create, list, show, regenerate and import wallets (btcli layout)',
    load: () => import('./wallet.js'),
  },
  weights: { summary: "Set, commit and reveal a validator's weights on a subnet", load: () => import('./weights.js') },
};

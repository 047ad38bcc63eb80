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
  balance: { summary: 'Show TAO balances of addresses or of a wallet', load: () => import('./balance.js') },
  block: { summary: 'Show a block: header, transactions and events', load: () => import('./block.js') },
  epoch: { summary: 'Run one Yuma Consensus epoch case (JSON) and print its outputs', load: () => import('./epoch.js') },
  node: { summary: 'Run a Tensorium node (authority or follower) with JSON-RPC over HTTP and WebSocket', load: () => import('./node.js') },
  replay: { summary: 'Run a state-transition case (JSON) and print the resulting state', load: () => import('./replay.js') },
  transfer: { summary: 'Transfer TAO to another account', load: () => import('./transfer.js') },
  wallet: { summary: 'Create, list, show, regenerate and import wallets (btcli layout)', load: () => import('./wallet.js') },
};

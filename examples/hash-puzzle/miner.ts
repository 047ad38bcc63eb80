/** The hash-puzzle miner: solves the puzzle (or, with `cheat`, answers a wrong nonce at once, to show what that costs). */
import type { Keypair } from '@tensorium/primitives';
import { createMiner, type NeuronLogger, type TensoriumClient } from '@tensorium/sdk';
import { HashPuzzle, solve, verify } from './protocol.js';

export interface PuzzleMinerOptions {
  client: TensoriumClient;
  netuid: number;
  hotkey: Keypair;
  port?: number;
  host?: string;
  /** The address validators dial (published with serve_axon). */
  externalIp?: string;
  cheat?: boolean;
  logger?: NeuronLogger;
}

export function puzzleMiner(o: PuzzleMinerOptions) {
  return createMiner({
    client: o.client,
    netuid: o.netuid,
    hotkey: o.hotkey,
    synapses: [HashPuzzle],
    forward: async ({ seed, difficulty }, ctx) => ({
      nonce: o.cheat ? wrongNonce(seed, difficulty) : await solve(seed, difficulty, ctx.signal),
    }),
    axon: { port: o.port ?? 8091, host: o.host ?? '0.0.0.0', ...(o.externalIp ? { externalIp: o.externalIp } : {}) },
    ...(o.logger ? { logger: o.logger } : {}),
  });
}

/** A random nonce that fails the check (a lucky guess would make the demo nondeterministic). */
function wrongNonce(seed: string, difficulty: number): number {
  let n = Math.floor(Math.random() * 2 ** 32);
  while (verify(seed, difficulty, n)) n++;
  return n;
}

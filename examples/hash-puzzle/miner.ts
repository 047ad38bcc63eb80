/** The hash-puzzle miner: solves the puzzle (or, with `cheat`, answers a random nonce to show what being wrong costs). */
import type { Keypair } from '@tensorium/primitives';
import { createMiner, type NeuronLogger, type TensoriumClient } from '@tensorium/sdk';
import { HashPuzzle, solve } from './protocol.js';

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
      nonce: o.cheat ? Math.floor(Math.random() * 2 ** 32) : await solve(seed, difficulty, ctx.signal),
    }),
    axon: { port: o.port ?? 8091, host: o.host ?? '0.0.0.0', ...(o.externalIp ? { externalIp: o.externalIp } : {}) },
    ...(o.logger ? { logger: o.logger } : {}),
  });
}

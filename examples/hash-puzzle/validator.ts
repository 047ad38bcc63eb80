/**
 * The hash-puzzle validator: each round draws a seed from the round's RNG (derived from the block hash, so challenges
 * can be replayed from the logs), asks the sampled miners, and scores each answer: 0 if wrong or missing, otherwise
 * 0.8 for correctness plus up to 0.2 for speed (linear in the fraction of the timeout left).
 */
import type { Keypair } from '@tensorium/primitives';
import { createValidator, type NeuronLogger, type SynapseResult, type TensoriumClient } from '@tensorium/sdk';
import { HashPuzzle, verify } from './protocol.js';

export interface Task {
  readonly seed: string;
  readonly difficulty: number;
}

export function score(task: Task, r: SynapseResult<{ nonce?: number | null | undefined }>, timeout: number): number {
  if (!r.ok || !verify(task.seed, task.difficulty, r.response.nonce)) return 0;
  return 0.8 + 0.2 * (1 - Math.min(1, r.processTime / timeout));
}

export interface PuzzleValidatorOptions {
  client: TensoriumClient;
  netuid: number;
  hotkey: Keypair;
  difficulty?: number;
  /** Seconds per query (default 6). */
  timeout?: number;
  epochLength?: number;
  sampleSize?: number;
  logger?: NeuronLogger;
}

export function puzzleValidator(o: PuzzleValidatorOptions) {
  const timeout = o.timeout ?? 6;
  return createValidator({
    client: o.client,
    netuid: o.netuid,
    hotkey: o.hotkey,
    synapses: [HashPuzzle],
    forward: async (ctx) => {
      const task: Task = { seed: Buffer.from(ctx.rng.bytes(32)).toString('hex'), difficulty: o.difficulty ?? 12 };
      return { task, results: await ctx.query(HashPuzzle, task, { timeout }) };
    },
    reward: ({ task, results }) => results.map((r) => score(task, r, timeout)),
    movingAverageAlpha: 0.1,
    sampleSize: o.sampleSize ?? 50,
    epochLength: o.epochLength ?? 100,
    ...(o.logger ? { logger: o.logger } : {}),
  });
}

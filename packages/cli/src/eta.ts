/**
 * "When does it take effect" in blocks and wall-clock time: `block #N (in k blocks, ~12 s)`, from the head and the
 * chain's block time.
 */
import type { ChainReader } from './chainReader.js';

/** `250 ms`, `12 s`, `3 min 20 s`, `2 h 5 min`, `1 d 3 h`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** Blocks as time at the chain's block time: `~12 s`. */
export async function blocksAsTime(chain: ChainReader, blocks: number): Promise<string> {
  return `~${formatDuration(Math.max(0, blocks) * (await chain.blockTimeMs()))}`;
}

/** `block #N (in k blocks, ~t)` relative to the head. */
export async function atBlock(chain: ChainReader, block: number, head?: number): Promise<string> {
  const h = head ?? (await chain.head());
  const k = block - h;
  if (k <= 0) return `block #${block} (already reached)`;
  return `block #${block} (in ${k} block${k === 1 ? '' : 's'}, ${await blocksAsTime(chain, k)})`;
}

/** The block a transaction submitted now lands in, at the earliest. */
export async function nextBlock(chain: ChainReader): Promise<string> {
  const h = await chain.head();
  return `in the block that includes it (#${h + 1} at the earliest, ${await blocksAsTime(chain, 1)})`;
}

/**
 * The first epoch of the subnet that sees a transaction submitted now, as text. An epoch runs at the start of its
 * block, before the block's transactions, so one due in the next block is too early.
 */
export async function nextEpoch(
  chain: ChainReader,
  info: { nextEpochBlock: number | null; tempo: number },
): Promise<string> {
  if (info.nextEpochBlock === null) return 'never (tempo 0: no epochs)';
  const h = await chain.head();
  let next = info.nextEpochBlock;
  while (next <= h + 1 && info.tempo > 0) next += info.tempo;
  return `the next epoch at ${await atBlock(chain, next, h)}`;
}

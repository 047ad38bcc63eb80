/**
 * Block storage beside state. A `ChainStore` commits a block, its execution result and its state changes in one
 * atomic step, so a crash leaves either the whole block or none of it.
 */
import { type ChangeSet, MemoryBackend, type WritableBackend } from '../state/backend.js';

export interface StoredBlock {
  readonly number: number;
  /** 0x-hex header hash. */
  readonly hash: string;
  /** Canonical block bytes (header, signature, transactions). */
  readonly block: Uint8Array;
  /** Canonical encoding of `{events, receipts}` from executing it. */
  readonly result: Uint8Array;
  /** Hashes of its transactions, in order. */
  readonly txHashes: readonly string[];
}

export interface ChainStore extends WritableBackend {
  /** Commits state changes, metadata and the block atomically. */
  commitBlock(block: StoredBlock, changes: ChangeSet, meta: Map<string, Uint8Array>): void;
  blockByNumber(n: number): StoredBlock | undefined;
  blockNumberByHash(hash: string): number | undefined;
  txLocation(hash: string): { block: number; index: number } | undefined;
  /** Highest committed block number, or undefined for an empty store. */
  headNumber(): number | undefined;
  close?(): void;
}

/** The in-memory chain store (tests, dev chain, simulator). */
export class MemoryStore extends MemoryBackend implements ChainStore {
  private blocks: StoredBlock[] = [];
  private byHash = new Map<string, number>();
  private txs = new Map<string, { block: number; index: number }>();

  commitBlock(block: StoredBlock, changes: ChangeSet, meta: Map<string, Uint8Array>): void {
    if (block.number !== this.blocks.length)
      throw new Error(`expected block ${this.blocks.length}, got ${block.number}`);
    this.commit(changes, meta);
    this.blocks.push(block);
    this.byHash.set(block.hash, block.number);
    for (const [index, h] of block.txHashes.entries()) this.txs.set(h, { block: block.number, index });
  }

  blockByNumber(n: number): StoredBlock | undefined {
    return this.blocks[n];
  }

  blockNumberByHash(hash: string): number | undefined {
    return this.byHash.get(hash.toLowerCase());
  }

  txLocation(hash: string): { block: number; index: number } | undefined {
    return this.txs.get(hash.toLowerCase());
  }

  headNumber(): number | undefined {
    return this.blocks.length ? this.blocks.length - 1 : undefined;
  }

  /** A full copy, for the dev chain's snapshot/restore. */
  override snapshot(): MemoryStore {
    const c = new MemoryStore();
    const base = super.snapshot();
    Object.assign(c, base);
    c.blocks = [...this.blocks];
    c.byHash = new Map(this.byHash);
    c.txs = new Map(this.txs);
    return c;
  }
}

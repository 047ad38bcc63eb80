/**
 * The chain engine: genesis, the transaction pool, block production and block import over a `ChainStore`.
 * It has no clock, timer, network or disk of its own: the node (or the in-process dev chain) tells it when to
 * produce and with which timestamp, and gives it a signer for the author's signature.
 */
import { bytesEqual, decode, encode, toHex, type Value } from '@tensorium/primitives';
import { InvalidTransaction } from '../framework/errors.js';
import type { ChainSpec, RuntimeEvent } from '../framework/module.js';
import { paramNum } from '../framework/params.js';
import type { Runtime } from '../framework/runtime.js';
import { getAccount } from '../modules/system/index.js';
import { META_ACCUMULATOR, State } from '../state/state.js';
import {
  type Block,
  BlockFormatError,
  decodeBlock,
  encodeBlock,
  type Header,
  headerHash,
  headerSigningMessage,
  txRoot,
  verifyHeaderSignature,
} from './block.js';
import {
  BlockExecutor,
  type BlockResult,
  checkFeelessCall,
  checkTx,
  type Receipt,
  signatureValid,
} from './executive.js';
import { TxPool } from './pool.js';
import type { ChainStore, StoredBlock } from './store.js';
import { decodeTx, type SignedTx } from './transaction.js';

const ZERO32 = new Uint8Array(32);
const META_SPEC = 'chain-spec';

export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ExecutedBlock {
  readonly block: Block;
  readonly hash: string;
  readonly events: RuntimeEvent[];
  readonly receipts: Receipt[];
}

export type BlockListener = (b: ExecutedBlock) => void;

/** Encodes the execution result stored beside a block. */
export function encodeResult(events: RuntimeEvent[], receipts: Receipt[]): Uint8Array {
  return encode({
    events: events.map((e) => ({ module: e.module, name: e.name, data: e.data, extrinsic: e.extrinsic })),
    receipts: receipts.map((r) => ({ hash: r.hash, index: r.index, success: r.success, error: r.error, fee: r.fee })),
  });
}

export function decodeResult(bytes: Uint8Array): { events: RuntimeEvent[]; receipts: Receipt[] } {
  return decode(bytes) as unknown as { events: RuntimeEvent[]; receipts: Receipt[] };
}

/** Canonical form of a chain spec, hashed into store metadata so a data dir is never reused for another chain. */
export function specValue(spec: ChainSpec): Value {
  return {
    name: spec.name,
    id: spec.id,
    blockTimeMs: spec.blockTimeMs,
    authority: spec.authority,
    sudo: spec.sudo,
    balances: Object.fromEntries(Object.entries(spec.balances).map(([k, v]) => [k, v])),
    params: spec.params as Record<string, Value>,
    genesisTimestamp: spec.genesisTimestamp,
  };
}

export class Chain {
  readonly pool = new TxPool();
  private listeners = new Set<BlockListener>();
  private headBlock!: Block;
  private headHashHex!: string;
  readonly genesisHash: Uint8Array;

  private constructor(
    readonly store: ChainStore,
    readonly runtime: Runtime,
    readonly spec: ChainSpec,
  ) {
    const head = store.headNumber();
    if (head === undefined) this.writeGenesis();
    else {
      const stored = store.getMeta(META_SPEC);
      if (!stored || !bytesEqual(stored, encode(specValue(spec)))) {
        throw new ImportError('SpecMismatch', 'the data directory holds another chain (its chain spec differs)');
      }
    }
    this.genesisHash = headerHash(decodeBlock(store.blockByNumber(0)!.block).header);
    this.loadHead();
  }

  /** Opens a chain on a store, writing genesis from the spec if the store is empty. */
  static open(store: ChainStore, runtime: Runtime, spec: ChainSpec): Chain {
    return new Chain(store, runtime, spec);
  }

  private writeGenesis(): void {
    const state = new State(this.store);
    const ctx = {
      state,
      block: { number: 0, timestamp: this.spec.genesisTimestamp, author: this.spec.authority },
      emit() {},
    };
    for (const m of this.runtime.modules) m.genesis?.(ctx, this.spec);
    const { changes, accumulator, stateRoot } = state.finish();
    const header: Header = {
      number: 0,
      parent: ZERO32,
      stateRoot,
      txRoot: txRoot([]),
      timestamp: this.spec.genesisTimestamp,
      author: this.spec.authority,
    };
    const block: Block = { header, sig: new Uint8Array(64), txs: [] };
    const hash = toHex(headerHash(header));
    const meta = new Map([
      [META_ACCUMULATOR, accumulator.bytes()],
      [META_SPEC, encode(specValue(this.spec))],
    ]);
    this.store.commitBlock(
      { number: 0, hash, block: encodeBlock(block), result: encodeResult([], []), txHashes: [] },
      changes,
      meta,
    );
  }

  private loadHead(): void {
    const n = this.store.headNumber()!;
    const sb = this.store.blockByNumber(n)!;
    this.headBlock = decodeBlock(sb.block);
    this.headHashHex = sb.hash;
  }

  get head(): Block {
    return this.headBlock;
  }

  get headNumber(): number {
    return this.headBlock.header.number;
  }

  get headHash(): string {
    return this.headHashHex;
  }

  /** A fresh read-only view of the head state (do not write through it). */
  readState(): State {
    return new State(this.store);
  }

  onBlock(cb: BlockListener): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Validates a transaction against the head state and adds it to the pool. Throws InvalidTransaction. */
  submit(bytes: Uint8Array): SignedTx {
    const state = this.readState();
    const tx = decodeTx(bytes, paramNum(state, 'max_tx_bytes'));
    if (this.pool.has(tx.hash) || this.store.txLocation(tx.hash)) throw new InvalidTransaction('AlreadyImported');
    const check = checkTx(this.runtime, state, tx, this.headNumber + 1, this.genesisHash, 'pool');
    if (check.feeless && tx.payload.nonce === getAccount(state, tx.payload.signer).nonce) {
      // A feeless call must succeed to be valid: dry-run it on the head state as the next block would see it.
      const head = this.headBlock.header;
      const block = { number: this.headNumber + 1, timestamp: head.timestamp, author: this.spec.authority };
      checkFeelessCall(this.runtime, state, check, tx.payload.call.fn, block);
    }
    this.pool.add(tx);
    return tx;
  }

  /**
   * Produces the next block: takes ready transactions from the pool, applies them, commits, and notifies
   * listeners. `sign` signs the header message with the authority key.
   */
  produce(timestamp: number, sign: (message: Uint8Array) => Uint8Array): ExecutedBlock {
    const number = this.headNumber + 1;
    const ts = Math.max(timestamp, this.headBlock.header.timestamp);
    const ex = new BlockExecutor(
      this.runtime,
      this.store,
      { number, timestamp: ts, author: this.spec.authority },
      this.genesisHash,
    );
    const included: SignedTx[] = [];
    const drop: string[] = [];
    const maxTxs = paramNum(ex.state, 'max_block_txs');
    this.pool.select(
      (signer) => getAccount(ex.state, signer).nonce,
      (tx) => {
        try {
          ex.applyTx(tx, true);
          included.push(tx);
          return true;
        } catch (e) {
          if (!(e instanceof InvalidTransaction)) throw e;
          if (e.reason !== 'Payment' && e.reason !== 'Future') drop.push(tx.hash);
          return false;
        }
      },
      maxTxs,
    );
    const result = ex.finish();
    const header: Header = {
      number,
      parent: headerHash(this.headBlock.header),
      stateRoot: result.stateRoot,
      txRoot: txRoot(included.map((t) => t.hash)),
      timestamp: ts,
      author: this.spec.authority,
    };
    const block: Block = {
      header,
      sig: sign(headerSigningMessage(headerHash(header))),
      txs: included.map((t) => t.bytes),
    };
    for (const h of drop) this.pool.remove(h);
    return this.commit(
      block,
      result,
      included.map((t) => t.hash),
    );
  }

  /**
   * Imports a block produced elsewhere (a follower): checks parent, number, author and signature, re-executes every
   * transaction and compares the state root and transaction root. Throws ImportError and changes nothing if any
   * check fails.
   */
  import(bytes: Uint8Array): ExecutedBlock {
    let block: Block;
    try {
      block = decodeBlock(bytes);
    } catch (e) {
      throw new ImportError(
        'Malformed',
        e instanceof BlockFormatError ? e.message : `undecodable block: ${(e as Error).message}`,
      );
    }
    const h = block.header;
    if (h.number !== this.headNumber + 1)
      throw new ImportError('WrongNumber', `expected block ${this.headNumber + 1}, got ${h.number}`);
    if (!bytesEqual(h.parent, headerHash(this.headBlock.header)))
      throw new ImportError('WrongParent', `block ${h.number} does not build on our head`);
    if (h.author !== this.spec.authority)
      throw new ImportError('WrongAuthor', `block ${h.number} authored by ${h.author}, not the authority`);
    if (!verifyHeaderSignature(block))
      throw new ImportError('BadSignature', `block ${h.number} has a bad author signature`);
    if (h.timestamp < this.headBlock.header.timestamp)
      throw new ImportError('BadTimestamp', `block ${h.number} goes back in time`);
    const ex = new BlockExecutor(
      this.runtime,
      this.store,
      { number: h.number, timestamp: h.timestamp, author: h.author },
      this.genesisHash,
    );
    const invalid = (i: number, e: unknown): never => {
      if (e instanceof InvalidTransaction)
        throw new ImportError('InvalidTransaction', `block ${h.number} tx ${i}: ${e.message}`);
      throw e;
    };
    // Decode every transaction, check every signature in one tight loop (the WebAssembly verifier runs hot: about
    // 15% faster than interleaving it with execution), then execute; the size limit is checked again per
    // transaction at execution, against the parameter's value at that point of the block.
    const txs: SignedTx[] = [];
    for (const [i, txBytes] of block.txs.entries()) {
      try {
        txs.push(decodeTx(txBytes));
      } catch (e) {
        invalid(i, e);
      }
    }
    for (const [i, tx] of txs.entries()) if (!signatureValid(tx)) invalid(i, new InvalidTransaction('BadSignature'));
    const hashes: string[] = [];
    for (const [i, tx] of txs.entries()) {
      try {
        ex.applyTx(tx, true);
        hashes.push(tx.hash);
      } catch (e) {
        invalid(i, e);
      }
    }
    if (!bytesEqual(txRoot(hashes), h.txRoot))
      throw new ImportError('TxRootMismatch', `block ${h.number}: transaction root differs`);
    const result = ex.finish();
    if (!bytesEqual(result.stateRoot, h.stateRoot)) {
      throw new ImportError(
        'StateRootMismatch',
        `block ${h.number}: state root ${toHex(h.stateRoot)} but re-execution gives ${toHex(result.stateRoot)}`,
      );
    }
    return this.commit(block, result, hashes, bytes);
  }

  /** `raw`: the block's bytes when they are at hand (an import), so they are not encoded again. */
  private commit(block: Block, result: BlockResult, txHashes: string[], raw?: Uint8Array): ExecutedBlock {
    const hash = toHex(headerHash(block.header));
    const stored: StoredBlock = {
      number: block.header.number,
      hash,
      block: raw ?? encodeBlock(block),
      result: encodeResult(result.events, result.receipts),
      txHashes,
    };
    this.store.commitBlock(stored, result.changes, new Map([[META_ACCUMULATOR, result.accumulator]]));
    this.headBlock = block;
    this.headHashHex = hash;
    for (const h of txHashes) this.pool.remove(h);
    this.prunePool();
    const executed: ExecutedBlock = { block, hash, events: result.events, receipts: result.receipts };
    for (const l of this.listeners) l(executed);
    return executed;
  }

  /** Drops pool transactions that can no longer be included (stale nonce or expired). */
  private prunePool(): void {
    if (this.pool.size === 0) return;
    const state = this.readState();
    const next = this.headNumber + 1;
    for (const tx of this.pool.all()) {
      if (tx.payload.validUntil < next || tx.payload.nonce < getAccount(state, tx.payload.signer).nonce)
        this.pool.remove(tx.hash);
    }
  }

  /** A stored block by number or 0x hash. */
  getBlock(id: number | string): StoredBlock | undefined {
    const n = typeof id === 'number' ? id : this.store.blockNumberByHash(id);
    return n === undefined ? undefined : this.store.blockByNumber(n);
  }
}

/**
 * The chain store on SQLite (better-sqlite3, WAL journal). One database file holds the state, the metadata
 * beside it (state-root accumulator, chain spec), the blocks and a transaction index:
 *
 *   state(key TEXT PK, value BLOB)        the hashed state, ascending key order = the runtime's scan order
 *   meta(key TEXT PK, value BLOB)         outside the hashed state
 *   blocks(number INTEGER PK, hash TEXT UNIQUE, block BLOB, result BLOB, txs BLOB = concatenated 32-byte hashes)
 *   txs(hash BLOB PK (32 bytes), block INTEGER, idx INTEGER)
 *
 * Every `commitBlock` is one SQLite transaction holding the state changes, the metadata, the block row and its
 * transaction index, so a crash (even `kill -9` in the middle of a commit) leaves the whole block or none of it.
 * `synchronous=FULL` (the default here) syncs the WAL on every commit, so a block reported as committed also
 * survives an operating-system crash or power loss; `synchronous: 'normal'` keeps the crash-of-the-process
 * guarantee only, for bulk imports that can redo their work.
 *
 * Reads are synchronous prepared statements, behind a bounded cache of raw values (and of absent keys) that the
 * commits write through; the store holds an exclusive lock, so nothing else changes the file. It pays for itself
 * on block import, where the same accounts are read block after block (bench/import.bench.ts). No decoded-value
 * cache: the runtime's `State` decodes once per block.
 */

import { fromHex, TensoriumError, toHex } from '@tensorium/primitives';
import type { ChainStore, ChangeSet, StoredBlock } from '@tensorium/runtime';
import Database from 'better-sqlite3';

export interface SqliteStoreOptions {
  /** Most raw state values kept in memory (default 100k; 0 disables the cache). */
  cacheEntries?: number;
  /** `full` (default): every committed block is on disk before commitBlock returns. `normal`: durable across a
   * crash of the process, possibly not across a power loss. */
  synchronous?: 'full' | 'normal';
  readonly?: boolean;
  /** Holds an exclusive lock on the database for the life of the store (default true), so that a second node on
   * the same data directory fails at start instead of writing beside the first. The OS drops it if we die. */
  exclusive?: boolean;
}

const SCHEMA_VERSION = 2;

/** The smallest string greater than every string starting with `prefix` (for a key range scan). */
export function prefixUpperBound(prefix: string): string | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xffff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return undefined;
}

const view = (b: Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

interface BlockRow {
  number: number;
  hash: string;
  block: Uint8Array;
  result: Uint8Array;
  txs: Uint8Array;
}

export class SqliteStore implements ChainStore {
  readonly db: Database.Database;
  private head: number | undefined;
  private readonly q;
  /**
   * Two generations instead of a least-recently-used order: evicting the oldest entry of one big `Map` through
   * `keys().next()` walks every deleted slot at the front of V8's table (tens of µs per insertion once full). When
   * the young map holds half the budget it becomes the old one; a hit in the old one moves the entry back.
   */
  private young = new Map<string, Uint8Array | null>();
  private old = new Map<string, Uint8Array | null>();
  private readonly cacheMax: number;

  constructor(
    readonly path: string,
    opts: SqliteStoreOptions = {},
  ) {
    try {
      this.db = new Database(path, { readonly: opts.readonly ?? false, timeout: 200 });
    } catch (e) {
      throw new TensoriumError('TNS_STORE_OPEN', `cannot open the chain database at ${path}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    const db = this.db;
    this.cacheMax = opts.cacheEntries ?? 100_000;
    if (!opts.readonly) {
      if (opts.exclusive !== false) db.pragma('locking_mode = EXCLUSIVE');
      try {
        db.pragma('journal_mode = WAL');
      } catch (e) {
        db.close();
        if ((e as { code?: string }).code === 'SQLITE_BUSY')
          throw new TensoriumError('TNS_STORE_LOCKED', `${path} is in use by another node`, { cause: e });
        throw new TensoriumError(
          'TNS_STORE_OPEN',
          `cannot open the chain database at ${path}: ${(e as Error).message}`,
          { cause: e },
        );
      }
      db.pragma(`synchronous = ${opts.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
      db.exec(`
        CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS blocks (number INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, block BLOB NOT NULL, result BLOB NOT NULL, txs BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS txs (hash BLOB PRIMARY KEY, block INTEGER NOT NULL, idx INTEGER NOT NULL) WITHOUT ROWID;
      `);
      const v = db.pragma('user_version', { simple: true }) as number;
      if (v === 0) db.pragma(`user_version = ${SCHEMA_VERSION}`);
      else if (v !== SCHEMA_VERSION)
        throw new TensoriumError(
          'TNS_STORE_SCHEMA',
          `chain database schema ${v} is not supported (expected ${SCHEMA_VERSION})`,
        );
    }
    this.q = {
      get: db.prepare<[string], Uint8Array>('SELECT value FROM state WHERE key = ?').pluck(),
      scan: db
        .prepare<[string, string], [string, Uint8Array]>(
          'SELECT key, value FROM state WHERE key >= ? AND key < ? ORDER BY key',
        )
        .raw(),
      scanOpen: db
        .prepare<[string], [string, Uint8Array]>('SELECT key, value FROM state WHERE key >= ? ORDER BY key')
        .raw(),
      getMeta: db.prepare<[string], Uint8Array>('SELECT value FROM meta WHERE key = ?').pluck(),
      put: db.prepare<[string, Uint8Array]>(
        'INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      del: db.prepare<[string]>('DELETE FROM state WHERE key = ?'),
      putMeta: db.prepare<[string, Uint8Array]>(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      putBlock: db.prepare<[number, string, Uint8Array, Uint8Array, Uint8Array]>(
        'INSERT INTO blocks (number, hash, block, result, txs) VALUES (?, ?, ?, ?, ?)',
      ),
      putTx: db.prepare<[Uint8Array, number, number]>('INSERT OR REPLACE INTO txs (hash, block, idx) VALUES (?, ?, ?)'),
      block: db.prepare<[number], BlockRow>('SELECT number, hash, block, result, txs FROM blocks WHERE number = ?'),
      blockNumber: db.prepare<[string], number>('SELECT number FROM blocks WHERE hash = ?').pluck(),
      tx: db.prepare<[Uint8Array], { block: number; idx: number }>('SELECT block, idx FROM txs WHERE hash = ?'),
      head: db.prepare<[], number | null>('SELECT max(number) FROM blocks').pluck(),
    };
    this.head = this.q.head.get() ?? undefined;
  }

  get(key: string): Uint8Array | undefined {
    let c = this.young.get(key);
    if (c === undefined) {
      c = this.old.get(key);
      if (c !== undefined) this.remember(key, c);
    }
    if (c !== undefined) return c ?? undefined;
    const raw = this.q.get.get(key);
    const v = raw === undefined ? undefined : view(raw);
    this.remember(key, v ?? null);
    return v;
  }

  private remember(key: string, v: Uint8Array | null): void {
    if (this.cacheMax === 0) return;
    if (!this.young.has(key) && this.young.size >= this.cacheMax / 2) {
      const cleared = this.old;
      cleared.clear();
      this.old = this.young;
      this.young = cleared;
    }
    this.young.set(key, v);
  }

  private cached(key: string): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  scan(prefix: string): [string, Uint8Array][] {
    const hi = prefixUpperBound(prefix);
    const rows = hi === undefined ? this.q.scanOpen.all(prefix) : this.q.scan.all(prefix, hi);
    for (const r of rows) r[1] = view(r[1]);
    return rows;
  }

  getMeta(key: string): Uint8Array | undefined {
    const v = this.q.getMeta.get(key);
    return v === undefined ? undefined : view(v);
  }

  private write(changes: ChangeSet, meta: Map<string, Uint8Array>): void {
    for (const [k, v] of changes) {
      if (v === null) this.q.del.run(k);
      else this.q.put.run(k, v);
    }
    for (const [k, v] of meta) this.q.putMeta.run(k, v);
  }

  /** After a successful commit: the cache takes the new values (a failed commit leaves it untouched). */
  private writeThrough(changes: ChangeSet): void {
    for (const [k, v] of changes) {
      if (!this.cached(k)) continue;
      this.old.delete(k); // the young generation takes the new value
      this.remember(k, v);
    }
  }

  commit(changes: ChangeSet, meta: Map<string, Uint8Array>): void {
    this.db.transaction(() => this.write(changes, meta))();
    this.writeThrough(changes);
  }

  commitBlock(block: StoredBlock, changes: ChangeSet, meta: Map<string, Uint8Array>): void {
    const expected = this.head === undefined ? 0 : this.head + 1;
    if (block.number !== expected)
      throw new TensoriumError('TNS_STORE_ORDER', `expected block ${expected}, got ${block.number}`);
    const txs = new Uint8Array(block.txHashes.length * 32);
    for (let i = 0; i < block.txHashes.length; i++) txs.set(fromHex(block.txHashes[i]!), i * 32);
    this.db.transaction(() => {
      this.write(changes, meta);
      this.q.putBlock.run(block.number, block.hash.toLowerCase(), block.block, block.result, txs);
      for (let i = 0; i < block.txHashes.length; i++)
        this.q.putTx.run(txs.subarray(i * 32, i * 32 + 32), block.number, i);
    })();
    this.writeThrough(changes);
    this.head = block.number;
  }

  blockByNumber(n: number): StoredBlock | undefined {
    if (!Number.isSafeInteger(n) || n < 0) return undefined;
    const r = this.q.block.get(n);
    if (!r) return undefined;
    const txHashes: string[] = [];
    for (let i = 0; i < r.txs.length; i += 32) txHashes.push(toHex(r.txs.subarray(i, i + 32)));
    return { number: r.number, hash: r.hash, block: view(r.block), result: view(r.result), txHashes };
  }

  blockNumberByHash(hash: string): number | undefined {
    return this.q.blockNumber.get(hash.toLowerCase());
  }

  txLocation(hash: string): { block: number; index: number } | undefined {
    if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) return undefined;
    const r = this.q.tx.get(fromHex(hash.toLowerCase()));
    return r ? { block: r.block, index: r.idx } : undefined;
  }

  headNumber(): number | undefined {
    return this.head;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

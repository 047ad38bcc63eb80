import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prefixUpperBound, SqliteStore } from '@tensorium/node';
import { cryptoReady, keypairFromUri, sign, utf8Encode } from '@tensorium/primitives';
import {
  Chain,
  type ChainStore,
  type ChangeSet,
  MemoryStore,
  presetSpec,
  type StoredBlock,
  tensoriumRuntime,
} from '@tensorium/runtime';

const dir = mkdtempSync(join(tmpdir(), 'tns-store-'));
let files = 0;
const newSqlite = () => new SqliteStore(join(dir, `s${files++}.sqlite`));
after(() => rmSync(dir, { recursive: true, force: true }));
before(() => cryptoReady());

const b = (s: string) => utf8Encode(s);
const block = (number: number, txHashes: string[] = []): StoredBlock => ({
  number,
  hash: `0x${number.toString(16).padStart(64, '0')}`,
  block: b(`block ${number}`),
  result: b(`result ${number}`),
  txHashes,
});
const txh = (i: number) => `0x${'ab'.repeat(31)}${i.toString(16).padStart(2, '0')}`;

/** The ChainStore contract, run against both implementations. */
function contract(name: string, make: () => ChainStore) {
  describe(`${name} (ChainStore contract)`, () => {
    it('starts empty', () => {
      const s = make();
      assert.equal(s.headNumber(), undefined);
      assert.equal(s.get('a/b'), undefined);
      assert.equal(s.getMeta('m'), undefined);
      assert.deepEqual(s.scan('a/'), []);
      assert.equal(s.blockByNumber(0), undefined);
      assert.equal(s.blockNumberByHash(block(0).hash), undefined);
      assert.equal(s.txLocation(txh(1)), undefined);
      s.close?.();
    });

    it('commits state, metadata, blocks and the transaction index together', () => {
      const s = make();
      const changes: ChangeSet = new Map([
        ['acct/b', b('2')],
        ['acct/a', b('1')],
        ['acct/sub/x', b('x')],
        ['other/z', b('z')],
      ]);
      s.commitBlock(block(0), changes, new Map([['acc', b('acc0')]]));
      s.commitBlock(
        block(1, [txh(1), txh(2)]),
        new Map<string, Uint8Array | null>([
          ['acct/a', b('1b')],
          ['acct/b', null],
        ]),
        new Map([['acc', b('acc1')]]),
      );
      assert.equal(s.headNumber(), 1);
      assert.deepEqual(s.get('acct/a'), b('1b'));
      assert.equal(s.get('acct/b'), undefined);
      assert.deepEqual(s.getMeta('acc'), b('acc1'));
      assert.deepEqual(s.blockByNumber(1), block(1, [txh(1), txh(2)]));
      assert.deepEqual(s.blockByNumber(0), block(0));
      assert.equal(s.blockByNumber(2), undefined);
      assert.equal(s.blockNumberByHash(block(1).hash), 1);
      assert.equal(s.blockNumberByHash(block(1).hash.toUpperCase().replace('0X', '0x')), 1, 'hash lookup ignores case');
      assert.deepEqual(s.txLocation(txh(2)), { block: 1, index: 1 });
      s.close?.();
    });

    it('scans a prefix in ascending key order, including nested keys, and nothing outside it', () => {
      const s = make();
      const keys = ['p/b', 'p/a', 'p/a/deep', 'p/c', 'q/a', 'p', 'pa/x', 'o/p/'];
      s.commit(new Map(keys.map((k) => [k, b(k)])), new Map());
      assert.deepEqual(
        s.scan('p/').map(([k]) => k),
        ['p/a', 'p/a/deep', 'p/b', 'p/c'],
      );
      assert.deepEqual(
        s.scan('p/a/').map(([k, v]) => [k, v]),
        [['p/a/deep', b('p/a/deep')]],
      );
      assert.deepEqual(s.scan('zz/'), []);
      s.close?.();
    });

    it('refuses a block out of order and changes nothing', () => {
      const s = make();
      s.commitBlock(block(0), new Map([['k/a', b('0')]]), new Map());
      assert.throws(() => s.commitBlock(block(2), new Map([['k/a', b('2')]]), new Map()));
      assert.deepEqual(s.get('k/a'), b('0'));
      assert.equal(s.headNumber(), 0);
      s.close?.();
    });
  });
}

contract('MemoryStore', () => new MemoryStore());
contract('SqliteStore', newSqlite);

describe('SqliteStore', () => {
  it('keeps everything across close and reopen', () => {
    const path = join(dir, 'reopen.sqlite');
    const s = new SqliteStore(path);
    s.commitBlock(block(0, [txh(9)]), new Map([['a/x', b('1')]]), new Map([['m', b('meta')]]));
    s.close();
    const r = new SqliteStore(path);
    assert.equal(r.headNumber(), 0);
    assert.deepEqual(r.get('a/x'), b('1'));
    assert.deepEqual(r.getMeta('m'), b('meta'));
    assert.deepEqual(r.txLocation(txh(9)), { block: 0, index: 0 });
    r.close();
  });

  it('a failing commit leaves no part of the block (one SQLite transaction)', () => {
    const s = newSqlite();
    s.commitBlock(block(0), new Map([['a/x', b('0')]]), new Map([['m', b('0')]]));
    assert.deepEqual(s.get('a/x'), b('0')); // now in the read cache
    assert.equal(s.get('a/y'), undefined); // cached as absent
    // Block 1 reuses block 0's hash: the block row fails its UNIQUE constraint after the state rows were written.
    const bad = { ...block(1, [txh(3)]), hash: block(0).hash };
    assert.throws(() =>
      s.commitBlock(
        bad,
        new Map([
          ['a/x', b('1')],
          ['a/y', b('new')],
        ]),
        new Map([['m', b('1')]]),
      ),
    );
    assert.deepEqual(s.get('a/x'), b('0'));
    assert.equal(s.get('a/y'), undefined);
    assert.deepEqual(s.getMeta('m'), b('0'));
    assert.equal(s.txLocation(txh(3)), undefined);
    assert.equal(s.headNumber(), 0);
    s.commitBlock(
      block(1),
      new Map([
        ['a/x', null],
        ['a/y', b('y')],
      ]),
      new Map(),
    );
    assert.equal(s.headNumber(), 1);
    assert.equal(s.get('a/x'), undefined, 'the cache follows committed deletes');
    assert.deepEqual(s.get('a/y'), b('y'), 'and committed writes');
    s.close();
  });

  it('a second store on the same file is refused while the first is open', () => {
    const path = join(dir, 'locked.sqlite');
    const s = new SqliteStore(path);
    s.commitBlock(block(0), new Map(), new Map());
    assert.throws(
      () => new SqliteStore(path),
      (e: unknown) => (e as { code?: string }).code === 'TNS_STORE_LOCKED',
    );
    s.close();
    const again = new SqliteStore(path);
    assert.equal(again.headNumber(), 0);
    again.close();
  });

  it('a small read cache never serves a stale or forgotten value, whatever the access pattern', () => {
    const s = new SqliteStore(join(dir, `s${files++}.sqlite`), { cacheEntries: 6 });
    const truth = new Map<string, string | undefined>();
    let n = 0;
    for (let round = 0; round < 40; round++) {
      const changes: ChangeSet = new Map();
      for (let k = 0; k < 5; k++) {
        const key = `k/${(round * 7 + k * 3) % 23}`;
        const value = (round + k) % 4 === 0 ? null : b(`${key}@${round}`);
        changes.set(key, value);
        truth.set(key, value ? `${key}@${round}` : undefined);
      }
      s.commit(changes, new Map());
      for (let r = 0; r < 30; r++) {
        const key = `k/${(r * 5 + round) % 25}`; // includes keys never written
        const got = s.get(key);
        assert.equal(
          got === undefined ? undefined : new TextDecoder().decode(got),
          truth.get(key),
          `round ${round} ${key}`,
        );
        n++;
      }
    }
    assert.equal(n, 1200);
    // A key that aged into the old generation, then changed: the write reaches the cache.
    s.commit(new Map([['x', b('A')]]), new Map());
    assert.equal(new TextDecoder().decode(s.get('x')!), 'A');
    for (const k of ['y1', 'y2', 'y3']) s.get(k);
    s.commit(new Map([['x', b('B')]]), new Map());
    assert.equal(new TextDecoder().decode(s.get('x')!), 'B');
    s.close();
  });

  it('prefixUpperBound gives the smallest string past the prefix', () => {
    assert.equal(prefixUpperBound('a/'), 'a0');
    assert.equal(prefixUpperBound('x'), 'y');
  });

  it('a chain on SQLite gives the same blocks and state roots as on memory, and resumes after reopen', () => {
    const alice = keypairFromUri('//Alice');
    const spec = presetSpec('dev');
    const path = join(dir, 'chain.sqlite');
    const mem = Chain.open(new MemoryStore(), tensoriumRuntime, spec);
    let sql = Chain.open(new SqliteStore(path), tensoriumRuntime, spec);
    assert.equal(sql.headHash, mem.headHash, 'same genesis');
    for (let i = 1; i <= 3; i++) {
      const blk = mem.produce(i * 1000, (m) => sign(alice, m));
      sql.import(mem.getBlock(i)!.block);
      assert.equal(sql.headHash, blk.hash);
    }
    sql.store.close?.();
    sql = Chain.open(new SqliteStore(path), tensoriumRuntime, spec);
    assert.equal(sql.headNumber, 3);
    assert.equal(sql.headHash, mem.headHash);
    mem.produce(5000, (m) => sign(alice, m));
    sql.import(mem.getBlock(4)!.block);
    assert.equal(sql.headHash, mem.headHash);
    sql.store.close?.();
    assert.throws(
      () => Chain.open(new SqliteStore(path), tensoriumRuntime, presetSpec('mainnet-like')),
      /another chain/,
    );
  });
});

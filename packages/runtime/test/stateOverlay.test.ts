// The block overlay: what a block writes reads back in the next block exactly as a node that restarts from the stored
// bytes would read it, and the state root does not depend on the caches behind it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cryptoReady, decode, encode, toHex, type Value } from '@tensorium/primitives';
import { LtAccumulator, META_ACCUMULATOR, MemoryBackend, State } from '@tensorium/runtime';

await cryptoReady();

function commitBlock(backend: MemoryBackend, write: (s: State) => void): Uint8Array {
  const s = new State(backend);
  write(s);
  const r = s.finish();
  backend.commit(r.changes, new Map([[META_ACCUMULATOR, r.accumulator.bytes()]]));
  return r.stateRoot;
}

describe('state overlay', () => {
  it('reads back a written value as its decoding (canonical key order, no undefined fields)', () => {
    const backend = new MemoryBackend();
    const unsorted = { b: 1, a: [2n, { d: 'x', c: null }] } as Value;
    const withUndefined = { a: 1, z: undefined } as unknown as Value;
    const tuple = [1n, 2, 'x', [3n, true, -0, { z: 1, '10': 2, '2': 3 }]] as Value;
    commitBlock(backend, (s) => {
      s.set('t/unsorted', unsorted);
      s.set('t/undef', withUndefined);
      s.set('t/tuple', tuple);
    });
    const next = new State(backend);
    for (const k of ['t/unsorted', 't/undef', 't/tuple']) {
      const v = next.get<Value>(k)!;
      const fresh = decode(backend.get(k)!);
      assert.deepEqual(v, fresh, k);
      assert.deepEqual(
        JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x)),
        JSON.stringify(fresh, (_, x) => (typeof x === 'bigint' ? `${x}n` : x)),
        `${k}: same key order`,
      );
    }
    assert.deepEqual(Object.keys(next.get<Record<string, Value>>('t/unsorted')!), ['a', 'b']);
    assert.deepEqual(Object.keys(next.get<Record<string, Value>>('t/undef')!), ['a']);
    const t = next.get<Value[]>('t/tuple')!;
    assert.ok(Object.is((t[3] as Value[])[2], 0), '-0 reads back as 0');
  });

  it('gives the same root as hashing every entry from scratch, across blocks that rewrite, restore and delete entries', () => {
    const backend = new MemoryBackend();
    let root = new Uint8Array();
    for (let b = 0; b < 30; b++) {
      root = commitBlock(backend, (s) => {
        for (let i = 0; i < 40; i++) {
          const k = `k/${String((i * 7 + b * 3) % 50).padStart(3, '0')}`;
          if ((i + b) % 11 === 0) s.delete(k);
          else s.set(k, [BigInt(b % 4), i % 3, 'v']);
        }
      });
    }
    const scratch = new LtAccumulator();
    for (const [k, v] of backend.entries()) scratch.add(k, encode(decode(v)));
    assert.equal(toHex(root), toHex(scratch.root()));
  });

  it('scans stored entries merged with writes, deletions and reverted checkpoints, in key order', () => {
    const backend = new MemoryBackend();
    commitBlock(backend, (s) => {
      for (const k of ['p/b', 'p/d', 'p/a', 'q/x']) s.set(k, k);
    });
    const s = new State(backend);
    const keys = (prefix: string) => s.scan(prefix).map(([k, v]) => `${k}=${String(v)}`);
    assert.deepEqual(keys('p/'), ['p/a=p/a', 'p/b=p/b', 'p/d=p/d']);
    s.set('p/c', 'new');
    s.delete('p/a');
    assert.deepEqual(keys('p/'), ['p/b=p/b', 'p/c=new', 'p/d=p/d']);
    s.checkpoint();
    s.set('p/e', 'tmp');
    s.set('p/b', 'changed');
    s.set('r/1', 'other');
    assert.deepEqual(keys('p/'), ['p/b=changed', 'p/c=new', 'p/d=p/d', 'p/e=tmp']);
    s.revertCheckpoint();
    assert.deepEqual(keys('p/'), ['p/b=p/b', 'p/c=new', 'p/d=p/d']);
    assert.deepEqual(keys('r/'), []);
    assert.deepEqual(keys('q/'), ['q/x=q/x']);
    const r = s.finish();
    backend.commit(r.changes, new Map([[META_ACCUMULATOR, r.accumulator.bytes()]]));
    assert.deepEqual(
      new State(backend).scan('p/').map(([k]) => k),
      ['p/b', 'p/c', 'p/d'],
    );
  });

  it("removing what was added returns to the empty root, past the vector cache's capacity", () => {
    const acc = new LtAccumulator();
    const value = (i: number) => Uint8Array.of(i & 0xff, (i >>> 8) & 0xff, (i >>> 16) & 0xff);
    const n = 70_000;
    for (let i = 0; i < n; i++) acc.add(`k/${i}`, value(i));
    assert.notEqual(toHex(acc.root()), toHex(new LtAccumulator().root()));
    // Removed with equal bytes in fresh arrays (not the arrays added), oldest first: some are recalled, some rehashed.
    for (let i = 0; i < n; i++) acc.remove(`k/${i}`, value(i));
    assert.equal(toHex(acc.root()), toHex(new LtAccumulator().root()));
  });
});

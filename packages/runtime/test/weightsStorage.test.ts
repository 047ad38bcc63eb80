// Weight rows are stored packed; the API still hands out rows of pairs, and the epoch's matrix is the one
// yumaPackRows builds from those rows (also for rows stored as arrays of pairs by earlier versions).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cryptoReady, type Value } from '@tensorium/primitives';
import { META_ACCUMULATOR, MemoryBackend, State, yumaPackRows } from '@tensorium/runtime';
import {
  clearUidWeights,
  getWeightMatrix,
  getWeightRow,
  getWeightRows,
  setWeightRow,
  WEIGHT_KEYS,
} from '../src/modules/weights/storage.js';

await cryptoReady();

function commit(backend: MemoryBackend, s: State): State {
  const r = s.finish();
  backend.commit(r.changes, new Map([[META_ACCUMULATOR, r.accumulator.bytes()]]));
  return new State(backend);
}

describe('weight storage', () => {
  it('round-trips rows, reads rows stored as pairs, and packs the same matrix as the rows give', () => {
    const backend = new MemoryBackend();
    let s = new State(backend);
    setWeightRow(s, 3, 0, [
      [5, 65_535],
      [1, 0],
      [5, 7],
    ]);
    setWeightRow(s, 3, 2, []);
    // A row as an earlier version stored it.
    s.set(WEIGHT_KEYS.w(3, 4), [
      [0, 300],
      [70_000, 1],
    ] as unknown as Value);
    s = commit(backend, s);
    assert.deepEqual(getWeightRow(s, 3, 0), [
      [5, 65_535],
      [1, 0],
      [5, 7],
    ]);
    assert.deepEqual(getWeightRow(s, 3, 1), []);
    const rows = getWeightRows(s, 3, 6);
    assert.deepEqual(rows[2], []);
    assert.deepEqual(rows[4], [
      [0, 300],
      [70_000, 1],
    ]);
    for (const n of [6, 3])
      assert.deepEqual(getWeightMatrix(s, 3, n), yumaPackRows(getWeightRows(s, 3, n), n), `n = ${n}`);
    clearUidWeights(s, 3, 5);
    assert.deepEqual(getWeightRow(s, 3, 0), [
      [5, 0],
      [1, 0],
      [5, 0],
    ]);
    assert.deepEqual(getWeightMatrix(s, 3, 6), yumaPackRows(getWeightRows(s, 3, 6), 6));
  });

  it('refuses entries that are not u16 pairs', () => {
    const s = new State(new MemoryBackend());
    assert.throws(() => setWeightRow(s, 1, 0, [[0, 65_536]]));
    assert.throws(() => setWeightRow(s, 1, 0, [[-1, 1]]));
  });
});

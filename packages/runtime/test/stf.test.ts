/**
 * Every state-transition case in vectors/stf/ runs through the replay function and matches its `expected` exactly;
 * the economy's invariants hold after every block of every case.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { cryptoReady } from '@tensorium/primitives';
import { CaseError, checkInvariants, judgeStfOutput, runStfCase } from '@tensorium/runtime';

const DIR = join(import.meta.dirname, '../../../vectors/stf');
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();

before(async () => {
  await cryptoReady();
});

describe('state-transition cases (vectors/stf)', () => {
  for (const file of FILES) {
    it(file, () => {
      const c = JSON.parse(readFileSync(join(DIR, file), 'utf8'));
      const violations: string[] = [];
      const out = runStfCase(c, {
        onBlock: (state, block) => {
          for (const v of checkInvariants(state)) violations.push(`block ${block}: ${v}`);
        },
      });
      assert.deepEqual(violations, []);
      assert.deepEqual(judgeStfOutput(out, c.expected), []);
      // Deterministic: a second run gives byte-identical output.
      assert.equal(JSON.stringify(runStfCase(c)), JSON.stringify(out));
    });
  }

  it('names the offending field of a case it cannot read', () => {
    const base = JSON.parse(readFileSync(join(DIR, FILES[0]!), 'utf8'));
    const bad = (mutate: (c: any) => void): string => {
      const c = structuredClone(base);
      mutate(c);
      try {
        runStfCase(c);
      } catch (e) {
        if (e instanceof CaseError) return e.field;
        throw e;
      }
      return 'accepted';
    };
    assert.equal(
      bad((c) => (c.genesis.params.no_such_param = 1)),
      'genesis.params.no_such_param',
    );
    assert.equal(
      bad((c) => (c.genesis.params.tempo = 'ten')),
      'genesis.params.tempo',
    );
    assert.equal(
      bad((c) => (c.blocks[0].calls[0].call = 'steal')),
      'blocks[0].calls[0].call',
    );
    assert.equal(
      bad((c) => (c.blocks[0].calls[0].args.extra = 1)),
      'blocks[0].calls[0].args',
    );
    assert.equal(
      bad((c) => (c.blocks[0].calls[0].args.hotkey = 42)),
      'blocks[0].calls[0].args',
    );
    assert.equal(
      bad((c) => (c.snapshots[0].after = 10_000)),
      'snapshots[0].after',
    );
  });
});

/**
 * `tensorium epoch --case FILE` through main(): the JSON of vectors/yuma/README.md §1 for a good case (including
 * multi-epoch steps and --explain), one line naming the field on stderr and a non-zero exit for a malformed case.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../src/index.js';
import type { Io } from '../src/io.js';

const cases = JSON.parse(readFileSync(new URL('../../../vectors/yuma/cases.json', import.meta.url), 'utf8'))
  .cases as any[];
const dir = mkdtempSync(join(tmpdir(), 'tns-epoch-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function io(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), env: {} };
}

function caseFile(name: string, c: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof c === 'string' ? c : JSON.stringify(c));
  return file;
}

describe('tensorium epoch', () => {
  it('runs test_active_stake (4 epochs) and prints the README example entries', async () => {
    const c = cases.find((x) => x.source.endsWith('::test_active_stake'));
    const a = io();
    assert.equal(await main(['epoch', '--case', caseFile('active.json', c)], a), 0);
    assert.deepEqual(a.stderr, []);
    assert.equal(a.stdout.length, 1);
    const out = JSON.parse(a.stdout[0]!);
    assert.equal(out.epochs.length, 1 + c.steps.length);
    assert.deepEqual(out.epochs[0], {
      block: 0,
      incentive: [0, 0, 0, 0],
      dividends: [0, 0, 0, 0],
      consensus: [0, 0, 0, 0],
      validator_trust: [0, 0, 0, 0],
      validator_permit: [true, true, true, true],
      active: [true, true, true, true],
      emission: ['250000000', '250000000', '250000000', '250000000'],
      server_emission: ['0', '0', '0', '0'],
      validator_emission: ['250000000', '250000000', '250000000', '250000000'],
      bonds: [],
    });
    assert.deepEqual(out.epochs[1], {
      block: 1,
      incentive: [0, 0, 32767, 32767],
      dividends: [32767, 32767, 0, 0],
      consensus: [0, 0, 32767, 32767],
      validator_trust: [65535, 65535, 0, 0],
      validator_permit: [true, true, true, true],
      active: [true, true, true, true],
      emission: ['250000000', '250000000', '250000000', '250000000'],
      server_emission: ['0', '0', '250000000', '250000000'],
      validator_emission: ['250000000', '250000000', '0', '0'],
      bonds: [
        [
          0,
          [
            [2, 65535],
            [3, 65535],
          ],
        ],
        [
          1,
          [
            [2, 65535],
            [3, 65535],
          ],
        ],
      ],
    });
    // each invocation is independent and deterministic
    const b = io();
    assert.equal(await main(['epoch', '--case', caseFile('active2.json', c)], b), 0);
    assert.equal(b.stdout[0], a.stdout[0]);
  });

  it('runs a 512-uid case with steps well under a second, and --explain adds the trace', async () => {
    const c = cases.find((x) => x.source.endsWith('::test_512_graph'));
    const file = caseFile('512.json', c);
    const t0 = performance.now();
    const a = io();
    assert.equal(await main(['epoch', '--case', file], a), 0);
    assert.ok(performance.now() - t0 < 5000); // generous: the test machine is shared
    const out = JSON.parse(a.stdout[0]!);
    assert.equal(out.epochs.length, 1 + c.steps.length);
    assert.equal(out.epochs[0].incentive.length, 512);

    const small = cases.find((x) => x.source.endsWith('::test_validator_splits_weight_across_two_servers'));
    const e = io();
    assert.equal(await main(['epoch', '--case', caseFile('split.json', small), '--explain'], e), 0);
    const ex = JSON.parse(e.stdout[0]!).epochs[0].explain;
    assert.deepEqual(ex.active_stake.slice(0, 3), ['0.3333333333', '0.3333333333', '0.3333333333']);
    assert.deepEqual(ex.weights_normalized[1], [
      [3, '0'],
      [4, '1'],
    ]);
    assert.ok(Array.isArray(ex.consensus) && Array.isArray(ex.ema_bonds));
  });

  it('names the offending field on one stderr line and prints nothing on stdout', async () => {
    const c = structuredClone(cases.find((x) => x.source.endsWith('::test_active_stake')));
    delete c.neurons[1].stake;
    const a = io();
    assert.equal(await main(['epoch', '--case', caseFile('bad1.json', c)], a), 1);
    assert.deepEqual(a.stdout, []);
    assert.equal(a.stderr.length, 1);
    assert.match(a.stderr[0]!, /TNS_CLI_CASE.*neurons\[1\]\.stake: missing/);
    assert.doesNotMatch(a.stderr[0]!, /\n\s+at /);

    c.neurons[1].stake = 12.5;
    const b = io();
    assert.equal(await main(['epoch', '--case', caseFile('bad2.json', c)], b), 1);
    assert.match(b.stderr[0]!, /neurons\[1\]\.stake: expected a non-negative integer/);

    const c3 = structuredClone(cases.find((x) => x.source.endsWith('::test_active_stake')));
    c3.steps[1].actions[0] = { set_weights: { uid: 0, weights: [[9, 1]], last_update: 1 } };
    const d = io();
    assert.equal(await main(['epoch', '--case', caseFile('bad3.json', c3)], d), 1);
    assert.match(d.stderr[0]!, /steps\[1\]\.actions\[0\]\.set_weights\.weights\[0\]\[0\]/);

    const f = io();
    assert.equal(await main(['epoch', '--case', caseFile('bad4.json', '{"hyperparams": ')], f), 1);
    assert.match(f.stderr[0]!, /not valid JSON/);

    const g = io();
    const all = caseFile('all.json', { cases });
    assert.equal(await main(['epoch', '--case', all], g), 1);
    assert.match(g.stderr[0]!, new RegExp(`holds ${cases.length} cases .*--index 0\\.\\.${cases.length - 1}`));
    const g2 = io();
    assert.equal(await main(['epoch', '--case', all, '--index', String(cases.length)], g2), 2);
    assert.match(g2.stderr[0]!, /--index: expected an integer/);
    // --index picks one case of the list: the same output as that case on its own.
    const i = cases.findIndex((x) => x.source.endsWith('::test_active_stake'));
    const [g3, g4] = [io(), io()];
    assert.equal(await main(['epoch', '--case', all, '--index', String(i)], g3), 0);
    assert.equal(await main(['epoch', '--case', caseFile('one.json', cases[i])], g4), 0);
    assert.deepEqual(JSON.parse(g3.stdout.join('')), JSON.parse(g4.stdout.join('')));

    const h = io();
    assert.equal(await main(['epoch', '--case', join(dir, 'missing.json')], h), 1);
    assert.match(h.stderr[0]!, /cannot read case file/);

    const u = io();
    assert.equal(await main(['epoch'], u), 2);
    assert.match(u.stderr[0]!, /missing --case/);
  });
});

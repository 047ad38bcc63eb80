/**
 * `tensorium replay --case FILE` through main(): one JSON object on stdout for a good case, one line naming the field
 * on stderr (and a non-zero exit) for a case it cannot read.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../src/index.js';
import type { Io } from '../src/io.js';

const CASE = new URL('../../../vectors/stf/01-transfers-and-issuance.json', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'tns-replay-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function io(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), env: {} };
}

describe('tensorium replay', () => {
  it('prints the calls and snapshots of a case as one JSON object, identical on every run', async () => {
    const a = io();
    assert.equal(await main(['replay', '--case', CASE.pathname, '--check'], a), 0);
    assert.equal(a.stdout.length, 1);
    assert.deepEqual(a.stderr, []);
    const out = JSON.parse(a.stdout[0]!);
    assert.equal(out.calls[0].call, 'register_network');
    assert.equal(out.snapshots.at(-1).block, 30);
    const b = io();
    assert.equal(await main(['replay', '--case', CASE.pathname], b), 0);
    assert.equal(b.stdout[0], a.stdout[0]);
  });

  it('names the offending field and prints nothing on stdout for an unreadable case', async () => {
    const c = JSON.parse(readFileSync(CASE, 'utf8'));
    c.blocks[0].calls[1].call = 'transfer_everything';
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(c));
    const r = io();
    assert.equal(await main(['replay', '--case', file], r), 1);
    assert.deepEqual(r.stdout, []);
    assert.equal(r.stderr.length, 1);
    assert.match(r.stderr[0]!, /blocks\[0\]\.calls\[1\]\.call/);
  });

  it('reports a missing --case', async () => {
    const r = io();
    assert.equal(await main(['replay'], r), 2);
    assert.match(r.stderr[0]!, /--case/);
  });
});

#!/usr/bin/env node
// One test runner for the whole repository: Node's built-in `node:test`, run on the TypeScript sources
// through tsx, with the `tensorium-src` export condition so that packages import each other's sources.
//   node scripts/test.mjs                 all tests (unit, vectors, e2e)
//   node scripts/test.mjs --unit          skip e2e/ and *.e2e.test.ts
//   node scripts/test.mjs PATH...         only test files under these paths
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const roots = args.filter((a) => !a.startsWith('--'));

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (/\.test\.ts$/.test(name)) out.push(p);
  }
  return out;
}

const searchRoots = roots.length
  ? roots.map((r) => join(process.cwd(), r))
  : ['packages', 'e2e', 'examples'].map((d) => join(root, d));
let files = [];
for (const r of searchRoots) {
  try {
    if (statSync(r).isFile()) files.push(r);
    else walk(r, files);
  } catch {}
}
if (unitOnly) files = files.filter((f) => !f.includes('/e2e/') && !f.endsWith('.e2e.test.ts'));
files.sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const res = spawnSync(
  process.execPath,
  [
    '--conditions=tensorium-src',
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    ...files.map((f) => relative(root, f)),
  ],
  { stdio: 'inherit', cwd: root, env: { ...process.env, TENSORIUM_TEST: '1' } },
);
process.exit(res.status ?? 1);

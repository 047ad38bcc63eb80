#!/usr/bin/env node
// Runs every benchmark under bench/ (or those named) one after the other, on the TypeScript sources.
//   npm run bench                 all benchmarks
//   npm run bench -- yuma         only bench/yuma*.bench.ts
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== bench/${f}`);
  const r = spawnSync(
    process.execPath,
    ['--conditions=tensorium-src', '--import', 'tsx', '--expose-gc', join('bench', f)],
    { stdio: 'inherit', cwd: root },
  );
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

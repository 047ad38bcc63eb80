#!/usr/bin/env node
import { main } from '../dist/src/index.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`tensorium: ${err?.message ?? err}\n`);
    process.exitCode = 1;
  },
);

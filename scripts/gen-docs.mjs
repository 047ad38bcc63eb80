#!/usr/bin/env node
// Writes the generated docs: docs/rpc.md from the RPC method table and docs/errors.md from the error codes.
// Run with `npm run docs` (on the TypeScript sources through tsx); tests fail when either file is out of date.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRpcDocs } from '@tensorium/rpc';

const root = new URL('..', import.meta.url).pathname;
writeFileSync(join(root, 'docs/rpc.md'), renderRpcDocs());
console.log('wrote docs/rpc.md');
const { renderErrorDocs } = await import('./errorDocs.ts');
writeFileSync(join(root, 'docs/errors.md'), renderErrorDocs());
console.log('wrote docs/errors.md');

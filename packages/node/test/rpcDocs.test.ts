import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { renderRpcDocs } from '@tensorium/rpc';

it('docs/rpc.md is generated from the method table (run `npm run docs` after changing METHODS)', () => {
  const onDisk = readFileSync(new URL('../../../docs/rpc.md', import.meta.url), 'utf8');
  assert.equal(onDisk, renderRpcDocs());
});

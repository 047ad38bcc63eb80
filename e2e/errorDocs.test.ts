import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { renderErrorDocs } from '../scripts/errorDocs.js';

it('docs/errors.md lists every error code in use (run `npm run docs` after adding one)', () => {
  const onDisk = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
  assert.equal(onDisk, renderErrorDocs());
});

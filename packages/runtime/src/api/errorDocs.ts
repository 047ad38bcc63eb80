/**
 * Renders the on-chain part of docs/errors.md from the runtime itself: every module's errors (the reference
 * chain's names) and every reason a transaction can be rejected. A test keeps docs/errors.md current.
 */
import { INVALID_TX_MESSAGES } from '../framework/errors.js';
import type { Runtime } from '../framework/runtime.js';

export function renderChainErrorDocs(runtime: Runtime): string {
  const lines = [
    '## On-chain errors (per module)',
    '',
    'A failed call records `ExtrinsicFailed` with `module.Error`; its changes are reverted except the fee and nonce.',
    '',
  ];
  for (const m of runtime.modules) {
    const entries = Object.entries(m.errors);
    if (!entries.length) continue;
    lines.push(`### ${m.name}`, '', '| error | meaning |', '|---|---|');
    for (const [name, doc] of entries) lines.push(`| \`${name}\` | ${doc} |`);
    lines.push('');
  }
  lines.push(
    '## Transaction rejection reasons',
    '',
    'A rejected transaction is neither included nor charged. RPC error 1010 carries the reason in `data.reason`.',
    '',
    '| reason | meaning |',
    '|---|---|',
  );
  for (const [name, doc] of Object.entries(INVALID_TX_MESSAGES)) lines.push(`| \`${name}\` | ${doc} |`);
  lines.push('');
  return lines.join('\n');
}

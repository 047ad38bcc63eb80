/** Renders docs/rpc.md from the method table (`npm run docs` writes it; a test keeps it current). */
import { RPC_ERRORS } from './errors.js';
import { METHODS, type MethodDef } from './methods.js';

export function renderRpcDocs(): string {
  const lines = [
    '# Tensorium JSON-RPC',
    '',
    '<!-- Generated from packages/rpc/src/methods.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'JSON-RPC 2.0 over HTTP (`POST /`) and WebSocket on one port (default 9944). Amounts are RAO as decimal strings,',
    'block numbers JSON integers, hashes and bytes 0x-hex. Batches are accepted over both transports.',
    '',
    '## Methods',
    '',
  ];
  for (const [name, m] of Object.entries(METHODS) as [string, MethodDef][]) {
    lines.push(`### \`${name}\``, '', m.doc, '');
    if (m.params.length) {
      lines.push('| param | type | |', '|---|---|---|');
      for (const p of m.params)
        lines.push(`| \`${p.name}\`${p.optional ? ' (optional)' : ''} | ${p.type} | ${p.doc} |`);
      lines.push('');
    }
    lines.push(`Result: \`${m.result}\``, '');
    if (m.subscription)
      lines.push(
        `Notifications: \`${m.subscription.notification}\`; unsubscribe with \`${m.subscription.unsubscribe}\`.`,
        '',
      );
    if (m.dev) lines.push('Enabled only on dev chains.', '');
  }
  lines.push('## Errors', '', '| code | data.code | meaning |', '|---|---|---|');
  for (const e of Object.values(RPC_ERRORS)) lines.push(`| ${e.code} | \`${e.tns}\` | ${e.doc} |`);
  lines.push('');
  return lines.join('\n');
}

/**
 * What network commands share: the RPC URL (`--rpc`, `$TENSORIUM_RPC`, default http://127.0.0.1:9944), a client,
 * output helpers (tables by default, `--json` for scripts) and the confirmation prompt (`--yes` skips it).
 */
import { createInterface } from 'node:readline/promises';
import { formatTao } from '@tensorium/primitives';
import { createClient, type TensoriumClient } from '@tensorium/sdk';
import type { Io } from './io.js';

export const DEFAULT_RPC = 'http://127.0.0.1:9944';

export function rpcUrl(values: { rpc?: string }, io: Io): string {
  return values.rpc ?? io.env.TENSORIUM_RPC ?? DEFAULT_RPC;
}

export function connect(values: { rpc?: string }, io: Io): TensoriumClient {
  return createClient(rpcUrl(values, io));
}

/** `1.5 τ`-style amount (exact, trailing zeros dropped). */
export function tao(rao: bigint | string): string {
  return `${formatTao(BigInt(rao))} TAO`;
}

/** A plain aligned table. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function printJson(io: Io, v: unknown): void {
  io.out(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x), 2));
}

/** Asks "question [y/N]" on the terminal unless `--yes`; without a terminal and without --yes it refuses. */
export async function confirm(io: Io, yes: boolean | undefined, question: string): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) {
    io.err(`${question}\nrefusing without a terminal to confirm: pass --yes`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const a = (await rl.question(`${question} [y/N] `)).trim().toLowerCase();
    return a === 'y' || a === 'yes';
  } finally {
    rl.close();
  }
}

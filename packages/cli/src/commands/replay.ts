/**
 * tensorium replay --case FILE [--check]
 * Runs a state-transition case (vectors/stf/README.md) on the chain's runtime with an in-memory state and prints the
 * resulting calls and snapshots as one JSON object. A case that cannot be read prints one line naming the offending
 * field on stderr and exits 1; `--check` also verifies the economy's invariants after every block and compares the run
 * with the case's `expected` (mismatches on stderr, exit 1).
 */
import { readFileSync } from 'node:fs';
import { CaseError, checkInvariants, judgeStfOutput, runStfCaseAsync } from '@tensorium/runtime';
import { parse } from '../args.js';
import type { Io } from '../io.js';

const HELP = `Usage: tensorium replay --case FILE [--check]

Runs a state-transition case and prints {calls, snapshots} as JSON (vectors/stf/README.md).
  --check   also check the invariants after every block and compare with the case's "expected"`;

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(
    args,
    { case: { type: 'string' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    false,
  );
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (!values.case) {
    io.err('replay: --case: missing (the case file to run)');
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(values.case, 'utf8'));
  } catch (e) {
    io.err(`replay: --case: cannot read ${values.case}: ${(e as Error).message}`);
    return 1;
  }
  const violations: string[] = [];
  let output: Awaited<ReturnType<typeof runStfCaseAsync>>;
  try {
    output = await runStfCaseAsync(
      json,
      values.check ? { onBlock: (s, b) => violations.push(...checkInvariants(s).map((v) => `block ${b}: ${v}`)) } : {},
    );
  } catch (e) {
    if (e instanceof CaseError) {
      io.err(`replay: ${e.field}: ${e.message.slice(e.field.length + 2)}`);
      return 1;
    }
    throw e;
  }
  io.out(JSON.stringify(output));
  if (values.check) {
    const mismatches = judgeStfOutput(output, (json as { expected?: unknown }).expected);
    for (const v of [...violations.map((v) => `invariant: ${v}`), ...mismatches.map((m) => `expected: ${m}`)])
      io.err(v);
    if (violations.length || mismatches.length) return 1;
  }
  return 0;
}

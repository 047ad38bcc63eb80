// Nothing heavy here: `--help` and the command table load no package; a command's module (and what it imports) is
// loaded only once that command is chosen.
import { COMMANDS } from './commands/index.js';
import { type Io, processIo } from './io.js';

export type { Io } from './io.js';

function usage(): string {
  const names = Object.keys(COMMANDS).sort();
  const w = Math.max(...names.map((n) => n.length), 8);
  return [
    'tensorium — a decentralized incentive network for machine intelligence',
    '',
    'Usage: tensorium <command> [options]   (tensorium <command> --help for details)',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(w)}  ${COMMANDS[n]!.summary}`),
  ].join('\n');
}

/** Entry point of the `tensorium` bin. Returns the process exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.out(usage());
    return 0;
  }
  if (cmd === '--version' || cmd === '-V') {
    io.out('tensorium 0.1.0');
    return 0;
  }
  const entry = COMMANDS[cmd];
  if (!entry) {
    io.err(`tensorium: unknown command "${cmd}"\n\n${usage()}`);
    return 2;
  }
  try {
    const mod = await entry.load();
    return await mod.run(rest, io);
  } catch (e) {
    const { TensoriumError } = await import('@tensorium/primitives/errors');
    if (e instanceof TensoriumError) {
      io.err(`error [${e.code}]: ${e.message}`);
      return e.code === 'TNS_CLI_USAGE' ? 2 : 1;
    }
    throw e;
  }
}

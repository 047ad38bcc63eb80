import { type ParseArgsConfig, parseArgs } from 'node:util';
import { TensoriumError } from '@tensorium/primitives/errors';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every network command accepts (btcli-like). */
export const COMMON_OPTIONS = {
  rpc: { type: 'string' },
  json: { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  help: { type: 'boolean', short: 'h' },
  wallet: { type: 'string' },
  hotkey: { type: 'string' },
  'wallets-dir': { type: 'string' },
  'no-password': { type: 'boolean' },
  'password-file': { type: 'string' },
} as const satisfies Options;

/** Strict option parsing: unknown flags are a clear error, not a silent no-op. */
export function parse<T extends Options>(
  args: string[],
  options: T,
  allowPositionals = true,
): { values: Record<string, any>; positionals: string[] } {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new TensoriumError('TNS_CLI_USAGE', (e as Error).message);
  }
}

/**
 * `tensorium epoch --case FILE [--explain]`: run one Yuma Consensus epoch case (the public vector format of
 * vectors/yuma/README.md, including multi-epoch `steps`) and print `{"epochs": [...]}` as one JSON object.
 */
import { readFile } from 'node:fs/promises';
import { TensoriumError } from '@tensorium/primitives/errors';
// The Yuma entry alone: the command does not load the chain runtime (half the start-up time).
import { runYumaCaseText } from '@tensorium/runtime/yuma';
import { parse } from '../args.js';
import type { Io } from '../io.js';

const HELP = `Usage: tensorium epoch --case FILE [--index N] [--explain]

Runs one Yuma Consensus epoch case (a JSON object in the format of vectors/yuma/README.md: hyperparams, block,
emission, neurons, weights, bonds, optional steps) from an empty state, then every step in order, and prints
{"epochs": [...]} with one entry per epoch (incentive, dividends, consensus, validator_trust, validator_permit,
active, emission, server_emission, validator_emission, bonds).

Options:
  --case FILE   the case file: one case object, or a file of {"cases": [...]} such as vectors/yuma/cases.json
  --index N     which case of such a file to run (0-based)
  --explain     add every intermediate vector of each epoch under "explain" (I32F32 values as decimals)
  -h, --help    show this help`;

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(
    args,
    {
      case: { type: 'string' },
      index: { type: 'string' },
      explain: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const file = values.case as string | undefined;
  if (!file) throw new TensoriumError('TNS_CLI_USAGE', 'missing --case FILE (see tensorium epoch --help)');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new TensoriumError('TNS_CLI_CASE', `cannot read case file ${file}: ${(e as Error).message}`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TensoriumError('TNS_CLI_CASE', `case file ${file} is not valid JSON: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const list =
    json && typeof json === 'object' && !Array.isArray(json) ? (json as { cases?: unknown }).cases : undefined;
  if (Array.isArray(list) && !('hyperparams' in (json as object))) {
    const raw = values.index as string | undefined;
    if (raw === undefined)
      throw new TensoriumError(
        'TNS_CLI_CASE',
        `case: the file holds ${list.length} cases ("cases"); choose one with --index 0..${list.length - 1}`,
      );
    const i = Number(raw);
    if (!/^\d+$/.test(raw) || i >= list.length)
      throw new TensoriumError('TNS_CLI_USAGE', `--index: expected an integer in 0..${list.length - 1}, got ${raw}`);
    json = list[i];
  } else if (values.index !== undefined) {
    throw new TensoriumError('TNS_CLI_USAGE', '--index: the file holds one case, not a list of cases');
  }
  let result: string;
  try {
    result = runYumaCaseText(json, { explain: values.explain === true });
  } catch (e) {
    if (e instanceof TensoriumError && e.code === 'TNS_YUMA_CASE') {
      throw new TensoriumError('TNS_CLI_CASE', `invalid case: ${e.message}`, {
        ...(e.details ? { details: e.details } : {}),
        cause: e,
      });
    }
    throw e;
  }
  io.out(result);
  return 0;
}

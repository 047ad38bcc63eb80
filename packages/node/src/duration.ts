/** Parses a duration such as `250ms`, `12s`, `1.5s`, `2m`, `1h` or `500` (milliseconds) into whole milliseconds. */
import { TensoriumError } from '@tensorium/primitives';

export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) throw new TensoriumError('TNS_CLI_USAGE', `invalid duration "${text}" (use e.g. 250ms, 12s or 1m)`);
  const unit = m[2] ?? 'ms';
  const ms = Math.round(Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000));
  if (!Number.isSafeInteger(ms) || ms < 1)
    throw new TensoriumError('TNS_CLI_USAGE', `duration "${text}" must be at least 1 ms`);
  return ms;
}

/**
 * Structured logs for the axon and dendrite: an event name plus fields. Silent unless a logger is given.
 */
export interface NeuronLogger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

const noop = (): void => {};
export const silentLogger: NeuronLogger = Object.freeze({ debug: noop, info: noop, warn: noop, error: noop });

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LEVELS;

function replacer(_k: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Error) return { name: v.name, message: v.message };
  return v;
}

/** One JSON object per line: `{"t":…,"level":…,"event":…,…fields}`. */
export function jsonLogger(
  opts: { level?: LogLevel; write?: (line: string) => void; name?: string } = {},
): NeuronLogger {
  const min = LEVELS[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const make =
    (level: LogLevel) =>
    (event: string, fields?: Record<string, unknown>): void => {
      if (LEVELS[level] < min) return;
      write(
        JSON.stringify(
          { t: new Date().toISOString(), level, ...(opts.name ? { name: opts.name } : {}), event, ...fields },
          replacer,
        ),
      );
    };
  return { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error') };
}

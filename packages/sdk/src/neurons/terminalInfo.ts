/**
 * `TerminalInfo` (spec/neurons.md §2.2): one side of a call, as the Python `TerminalInfo` model has it.
 * Field names are camelCase here and snake_case on the wire; `nonce` is a bigint (ns since the epoch).
 */
import { pyFloatRepr } from './pyRepr.js';

export interface TerminalInfo {
  statusCode: number | null;
  statusMessage: string | null;
  /** Seconds. */
  processTime: number | null;
  ip: string | null;
  port: number | null;
  version: number | null;
  nonce: bigint | null;
  uuid: string | null;
  hotkey: string | null;
  /** `0x` + hex of a 64-byte sr25519 signature. */
  signature: string | null;
}

/** Wire names in the reference model's field order (the order of JSON keys and of headers). */
export const TERMINAL_FIELDS = [
  ['statusCode', 'status_code'],
  ['statusMessage', 'status_message'],
  ['processTime', 'process_time'],
  ['ip', 'ip'],
  ['port', 'port'],
  ['version', 'version'],
  ['nonce', 'nonce'],
  ['uuid', 'uuid'],
  ['hotkey', 'hotkey'],
  ['signature', 'signature'],
] as const satisfies readonly (readonly [keyof TerminalInfo, string])[];

export function emptyTerminalInfo(): TerminalInfo {
  return {
    statusCode: null,
    statusMessage: null,
    processTime: null,
    ip: null,
    port: null,
    version: null,
    nonce: null,
    uuid: null,
    hotkey: null,
    signature: null,
  };
}

/** The JSON object the reference dumps (all keys, nulls included). */
export function terminalInfoToJson(t: TerminalInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, wire] of TERMINAL_FIELDS) out[wire] = t[k];
  return out;
}

/** Header values: Python `str(v)` of every non-null field, keyed by wire name. */
export function terminalInfoToHeaderValues(t: TerminalInfo): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, wire] of TERMINAL_FIELDS) {
    const v = t[k];
    if (v === null) continue;
    out.push([wire, k === 'processTime' ? pyFloatRepr(v as number) : String(v)]);
  }
  return out;
}

const INT_RE = /^\s*[+-]?\d+\s*$/;

/** Python `int(raw)` for the header forms that occur (no underscores or other bases). */
export function parsePyInt(raw: string): bigint {
  if (!INT_RE.test(raw)) throw new TypeError(`invalid int: ${JSON.stringify(raw.slice(0, 40))}`);
  return BigInt(raw.trim());
}

/** Python `float(raw)` for finite values. */
export function parsePyFloat(raw: string): number {
  const t = raw.trim();
  const v = t === '' ? Number.NaN : Number(t);
  if (!Number.isFinite(v)) throw new TypeError(`invalid float: ${JSON.stringify(raw.slice(0, 40))}`);
  return v;
}

function smallInt(raw: string): number {
  const v = parsePyInt(raw);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER))
    throw new TypeError('int out of range');
  return Number(v);
}

/** Casts the raw strings of `bt_header_{axon|dendrite}_*` into a TerminalInfo; throws on a bad number. */
export function terminalInfoFromRaw(raw: Readonly<Record<string, string>>): TerminalInfo {
  const t = emptyTerminalInfo();
  const g = (k: string): string | undefined => raw[k];
  let v: string | undefined;
  if ((v = g('status_code')) !== undefined) t.statusCode = smallInt(v);
  if ((v = g('status_message')) !== undefined) t.statusMessage = v;
  if ((v = g('process_time')) !== undefined) t.processTime = parsePyFloat(v);
  if ((v = g('ip')) !== undefined) t.ip = v;
  if ((v = g('port')) !== undefined) t.port = smallInt(v);
  if ((v = g('version')) !== undefined) t.version = smallInt(v);
  if ((v = g('nonce')) !== undefined) t.nonce = parsePyInt(v);
  if ((v = g('uuid')) !== undefined) t.uuid = v;
  if ((v = g('hotkey')) !== undefined) t.hotkey = v;
  if ((v = g('signature')) !== undefined) t.signature = v;
  return t;
}

/** Reads a TerminalInfo from a JSON body (lenient: wrong types become null; nonces may be imprecise). */
export function terminalInfoFromJson(value: unknown): TerminalInfo {
  const t = emptyTerminalInfo();
  if (value === null || typeof value !== 'object') return t;
  const o = value as Record<string, unknown>;
  const num = (x: unknown): number | null =>
    typeof x === 'number' && Number.isFinite(x)
      ? x
      : typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x))
        ? Number(x)
        : null;
  const str = (x: unknown): string | null => (typeof x === 'string' ? x : null);
  t.statusCode = num(o.status_code);
  t.statusMessage = str(o.status_message);
  t.processTime = num(o.process_time);
  t.ip = str(o.ip);
  t.port = num(o.port);
  t.version = num(o.version);
  const n = o.nonce;
  t.nonce =
    typeof n === 'number' && Number.isInteger(n)
      ? BigInt(n)
      : typeof n === 'string' && INT_RE.test(n)
        ? BigInt(n.trim())
        : null;
  t.uuid = str(o.uuid);
  t.hotkey = str(o.hotkey);
  t.signature = str(o.signature);
  return t;
}

/** Copies the non-null fields of `from` over `into` (the reference's header merge). */
export function mergeTerminalInfo(into: TerminalInfo, from: TerminalInfo): void {
  for (const [k] of TERMINAL_FIELDS) {
    const v = from[k];
    if (v !== null) (into as unknown as Record<string, unknown>)[k] = v;
  }
}

/**
 * Synapse headers (spec/neurons.md §2.3): lower-case names, string values, in the reference's order:
 * `name`, `timeout`, `bt_header_axon_*`, `bt_header_dendrite_*`, `bt_header_input_obj_*`,
 * `header_size`, `total_size`, `computed_body_hash`.
 */
import { pyFloatRepr } from './pyRepr.js';
import {
  parsePyFloat,
  parsePyInt,
  type TerminalInfo,
  terminalInfoFromRaw,
  terminalInfoToHeaderValues,
} from './terminalInfo.js';

export const AXON_PREFIX = 'bt_header_axon_';
export const DENDRITE_PREFIX = 'bt_header_dendrite_';
export const INPUT_OBJ_PREFIX = 'bt_header_input_obj_';

export interface SynapseHeaderParts {
  name: string;
  /** Seconds; printed as a Python float (`12.0`). */
  timeout: number | null;
  axon: TerminalInfo;
  dendrite: TerminalInfo;
  /** `[field, base64 JSON]` pairs. */
  inputObjs?: readonly (readonly [string, string])[];
  headerSize?: number;
  totalSize?: number;
  bodyHash: string;
}

/** Characters allowed in an HTTP header value; anything else is replaced so a header never throws. */
export function headerSafe(v: string): string {
  return /^[\t\x20-\x7e\x80-\xff]*$/.test(v) ? v : v.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
}

export function buildSynapseHeaders(p: SynapseHeaderParts): Record<string, string> {
  const h: Record<string, string> = { name: p.name };
  if (p.timeout !== null) h.timeout = pyFloatRepr(p.timeout);
  for (const [k, v] of terminalInfoToHeaderValues(p.axon)) h[AXON_PREFIX + k] = headerSafe(v);
  for (const [k, v] of terminalInfoToHeaderValues(p.dendrite)) h[DENDRITE_PREFIX + k] = headerSafe(v);
  for (const [k, v] of p.inputObjs ?? []) h[INPUT_OBJ_PREFIX + k] = v;
  let size = 0;
  for (const [k, v] of Object.entries(h)) size += k.length + v.length + 4;
  h.header_size = String(p.headerSize ?? size + 64);
  h.total_size = String(p.totalSize ?? 0);
  h.computed_body_hash = p.bodyHash;
  return h;
}

export type HeaderBag = Readonly<Record<string, string | string[] | undefined>>;

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The reference's `parse_headers_to_inputs`: raw strings grouped by prefix; input objects JSON-decoded. */
export interface RawSynapseInputs {
  axon: Record<string, string>;
  dendrite: Record<string, string>;
  inputs: Record<string, unknown>;
  timeout: string | undefined;
  name: string | undefined;
  header_size: string | undefined;
  total_size: string | undefined;
  computed_body_hash: string | undefined;
}

export function parseHeadersToInputs(headers: HeaderBag): RawSynapseInputs {
  const out: RawSynapseInputs = {
    axon: {},
    dendrite: {},
    inputs: {},
    timeout: one(headers.timeout),
    name: one(headers.name),
    header_size: one(headers.header_size),
    total_size: one(headers.total_size),
    computed_body_hash: one(headers.computed_body_hash),
  };
  for (const [key, raw] of Object.entries(headers)) {
    const value = one(raw);
    if (value === undefined) continue;
    if (key.startsWith(AXON_PREFIX)) out.axon[key.slice(AXON_PREFIX.length)] = value;
    else if (key.startsWith(DENDRITE_PREFIX)) out.dendrite[key.slice(DENDRITE_PREFIX.length)] = value;
    else if (key.startsWith(INPUT_OBJ_PREFIX)) {
      try {
        out.inputs[key.slice(INPUT_OBJ_PREFIX.length)] = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
      } catch {
        // the reference logs and skips an undecodable input object
      }
    }
  }
  return out;
}

export interface ParsedSynapseHeaders {
  name: string | undefined;
  timeout: number | null;
  axon: TerminalInfo;
  dendrite: TerminalInfo;
  inputs: Record<string, unknown>;
  headerSize: bigint | null;
  totalSize: bigint | null;
  computedBodyHash: string | null;
}

/** Parses and type-checks synapse headers; throws (a 400 on the axon) when a number does not parse. */
export function parseSynapseHeaders(headers: HeaderBag): ParsedSynapseHeaders {
  const raw = parseHeadersToInputs(headers);
  let timeout: number | null = null;
  if (raw.timeout !== undefined) {
    timeout = parsePyFloat(raw.timeout);
    if (timeout < 0) throw new TypeError('negative timeout');
  }
  return {
    name: raw.name,
    timeout,
    axon: terminalInfoFromRaw(raw.axon),
    dendrite: terminalInfoFromRaw(raw.dendrite),
    inputs: raw.inputs,
    headerSize: raw.header_size === undefined ? null : parsePyInt(raw.header_size),
    totalSize: raw.total_size === undefined ? null : parsePyInt(raw.total_size),
    computedBodyHash: raw.computed_body_hash ?? null,
  };
}

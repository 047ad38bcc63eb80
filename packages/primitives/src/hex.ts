import { InvalidInputError } from './errors.js';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex with a `0x` prefix. */
export function toHex(bytes: Uint8Array): string {
  let s = '0x';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!];
  return s;
}

/** Parses hex with or without `0x`; throws `TNS_CODEC_HEX` on odd length or non-hex characters. */
export function fromHex(hex: string): Uint8Array {
  const h = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) {
    throw new InvalidInputError(
      'TNS_CODEC_HEX',
      `invalid hex string: ${hex.length > 20 ? `${hex.slice(0, 20)}…` : hex}`,
    );
  }
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** In every runtime this package targets, but not in its type libraries (it compiles without DOM or Node types). */
const { TextEncoder, TextDecoder } = globalThis as unknown as {
  TextEncoder: new () => { encode(s: string): Uint8Array };
  TextDecoder: new (label: string, opts: { fatal: boolean }) => { decode(b: Uint8Array): string };
};
const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });
export const utf8Encode = (s: string): Uint8Array => enc.encode(s);
export const utf8Decode = (b: Uint8Array): string => dec.decode(b);

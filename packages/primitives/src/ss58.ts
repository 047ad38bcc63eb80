/**
 * SS58 addresses (Substrate's address format): base58( prefix ‖ public key ‖ checksum ), where the prefix is one
 * byte for network identifiers 0–63 and two bytes for 64–16383, and the checksum is the first 2 bytes of
 * blake2b-512("SS58PRE" ‖ prefix ‖ public key) for 32- and 33-byte keys (1 byte for the 1/2/4/8-byte account
 * indices). Identifiers 46 and 47 are reserved and never valid.
 */
import { blake2b } from './blake2b.js';
import { InvalidInputError } from './errors.js';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

/** Bitcoin-alphabet base58 (leading zero bytes become leading `1`s). */
export function base58Encode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const digits: number[] = []; // little-endian base-58 digits of the number
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i]!;
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j]! * 256;
      digits[j] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let s = '1'.repeat(zeros);
  for (let j = digits.length - 1; j >= 0; j--) s += ALPHABET[digits[j]!];
  return s;
}

/** Inverse of `base58Encode`; undefined on a character outside the alphabet. */
export function base58Decode(text: string): Uint8Array | undefined {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  const bytes: number[] = []; // little-endian base-256 digits
  for (let i = zeros; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const d = code < 128 ? DIGIT[code]! : -1;
    if (d < 0) return undefined;
    let carry = d;
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j]! * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  const out = new Uint8Array(zeros + bytes.length);
  for (let j = 0; j < bytes.length; j++) out[out.length - 1 - j] = bytes[j]!;
  return out;
}

const SS58PRE = new Uint8Array([83, 83, 53, 56, 80, 82, 69]); // "SS58PRE"
const KEY_LENGTHS = [1, 2, 4, 8, 32, 33];

function checksum(body: Uint8Array): Uint8Array {
  const pre = new Uint8Array(SS58PRE.length + body.length);
  pre.set(SS58PRE, 0);
  pre.set(body, SS58PRE.length);
  return blake2b(pre, 64);
}

function prefixBytes(prefix: number): number[] {
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 16383 || prefix === 46 || prefix === 47)
    throw new InvalidInputError('TNS_KEY_ADDRESS', `SS58 prefix out of range: ${prefix}`);
  if (prefix < 64) return [prefix];
  return [((prefix & 0xfc) >> 2) | 0x40, (prefix >> 8) | ((prefix & 0x03) << 6)];
}

/** SS58 address of a public key (32 bytes, or 1/2/4/8/33 bytes as Substrate allows) under a network prefix. */
export function encodeSs58(key: Uint8Array, prefix: number): string {
  if (!KEY_LENGTHS.includes(key.length))
    throw new InvalidInputError('TNS_KEY_ADDRESS', `an SS58 key is 1, 2, 4, 8, 32 or 33 bytes, got ${key.length}`);
  const pre = prefixBytes(prefix);
  const body = new Uint8Array(pre.length + key.length);
  body.set(pre, 0);
  body.set(key, pre.length);
  const sumLen = key.length >= 32 ? 2 : 1;
  const full = new Uint8Array(body.length + sumLen);
  full.set(body, 0);
  full.set(checksum(body).subarray(0, sumLen), body.length);
  return base58Encode(full);
}

/**
 * The 32-byte public key in an SS58 address of any prefix, or undefined when the text is not base58, has another
 * length, a reserved or malformed prefix, or a wrong checksum.
 */
export function decodeSs58PublicKey(address: string): Uint8Array | undefined {
  const raw = base58Decode(address);
  if (!raw || raw.length === 0) return undefined;
  const first = raw[0]!;
  if (first & 0x80) return undefined;
  const preLen = first & 0x40 ? 2 : 1;
  if (raw.length !== preLen + 32 + 2 || (preLen === 1 && (first === 46 || first === 47))) return undefined;
  const sum = checksum(raw.subarray(0, preLen + 32));
  if (sum[0] !== raw[preLen + 32] || sum[1] !== raw[preLen + 33]) return undefined;
  return raw.slice(preLen, preLen + 32);
}

/**
 * sr25519 keys and SS58 addresses, compatible with Bittensor (spec/neurons.md §1.2–1.3):
 * substrate-bip39 mini-secrets from BIP39 mnemonics, `//hard` and `/soft` derivation junctions,
 * SS58 prefix 42. Key expansion, derivation, signing and verification use the schnorrkel WebAssembly build;
 * mnemonics use `@scure/bip39` (English word list) and PBKDF2-HMAC-SHA512 from `@noble/hashes`; SS58 and secret
 * URIs are ss58.ts and secretUri.ts. All of it loads in a few tens of milliseconds (polkadot-js util-crypto, which
 * this module used to import, took about a second).
 */

import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha512 } from '@noble/hashes/sha2.js';
import {
  sr25519_derive_keypair_hard,
  sr25519_derive_keypair_soft,
  sr25519_keypair_from_seed,
  sr25519_pubkey,
  sr25519_sign,
  sr25519_verify,
} from '@polkadot-labs/schnorrkel-wasm';
import { generateMnemonic as bip39Generate, mnemonicToEntropy, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import type * as Sr25519Js from '@scure/sr25519';
import { InvalidInputError, TensoriumError } from './errors.js';
import { fromHex, toHex, utf8Encode } from './hex.js';
import { parseSecretUri } from './secretUri.js';
import { decodeSs58PublicKey, encodeSs58 } from './ss58.js';

/** The SS58 prefix of Bittensor and Tensorium addresses. */
export const SS58_PREFIX = 42;
/** The Substrate development phrase behind `//Alice` … `//Ferdie`. */
export const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
export const DEV_ACCOUNTS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const;

export interface Keypair {
  readonly publicKey: Uint8Array;
  /** 64-byte sr25519 secret (key + nonce) in the form schnorrkel's wasm and polkadot-js use (see keypairFromSecretKey). */
  readonly secretKey: Uint8Array;
  readonly address: string;
}

let reference: typeof Sr25519Js | undefined;
let ready: Promise<boolean> | undefined;

/**
 * Loads the pure-JavaScript sr25519 verifier behind `verifyReference` (about 0.1 s, so not at import time).
 * Everything else in this module works without it: its WebAssembly modules are ready as soon as it is imported.
 * Awaiting it once before using keys stays harmless and is what callers have always done.
 */
export function cryptoReady(): Promise<boolean> {
  ready ??= import('@scure/sr25519').then((m) => {
    reference = m;
    return true;
  });
  return ready;
}

/** SS58 address of a 32-byte public key (prefix 0–16383 except the reserved 46 and 47; throws `TNS_KEY_ADDRESS`). */
export function ss58Encode(publicKey: Uint8Array, prefix: number = SS58_PREFIX): string {
  return encodeSs58(publicKey, prefix);
}

const decodedAddresses = new Map<string, Uint8Array>();
/** A 0x-hex 32-byte value: a public key where an address is expected, a seed where a secret URI is. */
const HEX32 = /^0x[0-9a-fA-F]{64}$/;

/**
 * Decodes an SS58 address (checksum verified) or a 0x-hex 32-byte public key. Valid results are memoised (bounded):
 * decoding costs a base58 conversion and a blake2b-512 checksum, and block import decodes the same accounts again
 * and again.
 */
export function ss58Decode(address: string): Uint8Array {
  const hit = decodedAddresses.get(address);
  if (hit) return hit.slice();
  const pk = HEX32.test(address) ? fromHex(address) : decodeSs58PublicKey(address);
  if (!pk) throw new InvalidInputError('TNS_KEY_ADDRESS', `invalid SS58 address: "${address}"`);
  if (decodedAddresses.size >= 65_536) decodedAddresses.delete(decodedAddresses.keys().next().value!);
  decodedAddresses.set(address, pk.slice());
  return pk;
}

export function isAddress(address: string): boolean {
  try {
    ss58Decode(address);
    return !address.startsWith('0x');
  } catch {
    return false;
  }
}

/** BIP39 sentence lengths btcli offers (12 is the default). */
export type MnemonicWords = 12 | 15 | 18 | 21 | 24;

/** A random BIP39 mnemonic (English word list) of 12, 15, 18, 21 or 24 words. */
export function generateMnemonic(words: MnemonicWords = 12): string {
  if (![12, 15, 18, 21, 24].includes(words))
    throw new InvalidInputError('TNS_KEY_MNEMONIC', `a mnemonic has 12, 15, 18, 21 or 24 words, not ${words}`);
  return bip39Generate(wordlist, (words / 3) * 32);
}

/** Whether the phrase is a BIP39 English mnemonic (words separated by single spaces, valid checksum). */
export function isValidMnemonic(phrase: string): boolean {
  return validateMnemonic(phrase, wordlist);
}

/**
 * The public mini-secret of DEV_PHRASE (no password), written out: `//Alice` and friends are derived in every
 * local chain and test, and PBKDF2 in JavaScript costs 50–100 ms on a cold start (the tests check this value).
 */
const DEV_MINI_SECRET = '0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e';

/**
 * substrate-bip39: PBKDF2-HMAC-SHA512 over the mnemonic's entropy (not its sentence) with the salt
 * "mnemonic" + password, 2048 rounds, first 32 bytes.
 */
function miniSecret(phrase: string, password: string): Uint8Array {
  if (phrase === DEV_PHRASE && password === '') return fromHex(DEV_MINI_SECRET);
  let entropy: Uint8Array;
  try {
    entropy = mnemonicToEntropy(phrase, wordlist);
  } catch (e) {
    throw new InvalidInputError('TNS_KEY_MNEMONIC', 'invalid mnemonic (checksum or word list)', { cause: e });
  }
  return pbkdf2(sha512, entropy, utf8Encode(`mnemonic${password}`), { c: 2048, dkLen: 32 });
}

/** The 32-byte substrate-bip39 mini-secret of a mnemonic (what keyfiles store as `secretSeed`). */
export function miniSecretFromMnemonic(phrase: string): Uint8Array {
  return miniSecret(phrase, '');
}

/** `secret(64) ‖ public(32)`, the keypair layout of the schnorrkel wasm, as a Keypair. */
function fromWasmKeypair(kp: Uint8Array): Keypair {
  const publicKey = kp.slice(64, 96);
  return { publicKey, secretKey: kp.slice(0, 64), address: ss58Encode(publicKey) };
}

/** Keypair from a 32-byte mini-secret seed (expanded in Ed25519 mode, as Substrate does). */
export function keypairFromSeed(seed: Uint8Array): Keypair {
  if (seed.length !== 32) throw new InvalidInputError('TNS_KEY_SEED', `a seed is 32 bytes, got ${seed.length}`);
  return fromWasmKeypair(sr25519_keypair_from_seed(seed));
}

/**
 * Keypair from a 64-byte secret in the form this module (and polkadot-js) uses: the
 * "ed25519-expanded" scalar (schnorrkel scalar × 8) followed by the 32-byte nonce.
 */
export function keypairFromSecretKey(secretKey: Uint8Array): Keypair {
  if (secretKey.length !== 64)
    throw new InvalidInputError('TNS_KEY_SECRET', `a secret key is 64 bytes, got ${secretKey.length}`);
  let publicKey: Uint8Array;
  try {
    publicKey = sr25519_pubkey(secretKey);
  } catch (e) {
    throw new InvalidInputError('TNS_KEY_SECRET', 'invalid sr25519 secret key', { cause: e });
  }
  return { publicKey, secretKey: secretKey.slice(), address: ss58Encode(publicKey) };
}

/** Multiplies (`shift` > 0) or divides (`shift` < 0) the 32-byte little-endian scalar by 2^|shift|. */
function shiftScalar(scalar: Uint8Array, shift: number): Uint8Array {
  let n = 0n;
  for (let i = 31; i >= 0; i--) n = (n << 8n) | BigInt(scalar[i]!);
  n = shift > 0 ? (n << BigInt(shift)) & ((1n << 256n) - 1n) : n >> BigInt(-shift);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/**
 * Keypair from a 64-byte secret in schnorrkel's canonical `SecretKey::to_bytes` form (scalar ‖ nonce),
 * which is what btwallet writes as `privateKey` in keyfiles (spec/neurons.md §1.5). The scalar is
 * multiplied by the cofactor 8 to get the form `sign` uses.
 */
export function keypairFromSchnorrkelSecret(secret: Uint8Array): Keypair {
  if (secret.length !== 64)
    throw new InvalidInputError('TNS_KEY_SECRET', `a private key is 64 bytes, got ${secret.length}`);
  if ((secret[31]! & 0xe0) !== 0)
    throw new InvalidInputError('TNS_KEY_SECRET', 'not a canonical schnorrkel secret (scalar too large)');
  const expanded = new Uint8Array(64);
  expanded.set(shiftScalar(secret.subarray(0, 32), 3), 0);
  expanded.set(secret.subarray(32, 64), 32);
  return keypairFromSecretKey(expanded);
}

/** The canonical schnorrkel form of a keypair's secret (the keyfile `privateKey`); inverse of `keypairFromSchnorrkelSecret`. */
export function schnorrkelSecret(pair: Keypair): Uint8Array {
  const out = new Uint8Array(64);
  out.set(shiftScalar(pair.secretKey.subarray(0, 32), -3), 0);
  out.set(pair.secretKey.subarray(32, 64), 32);
  return out;
}

/**
 * Keypair from a secret URI: a mnemonic, a 0x seed, or either followed by derivation junctions,
 * e.g. `//Alice` (dev phrase), `<mnemonic>//hot/1`, `0x…//stash`. Passwords (`///pw`) are supported
 * (ignored after a 0x seed, as in Substrate). See secretUri.ts for the junction encoding.
 */
export function keypairFromUri(uri: string): Keypair {
  const parsed = parseSecretUri(uri.startsWith('/') ? `${DEV_PHRASE}${uri}` : uri);
  if (!parsed) throw new InvalidInputError('TNS_KEY_URI', 'invalid secret URI');
  const { phrase, path, password } = parsed;
  const seed = HEX32.test(phrase) ? fromHex(phrase) : miniSecret(phrase, password);
  let kp = sr25519_keypair_from_seed(seed);
  for (const j of path) kp = (j.hard ? sr25519_derive_keypair_hard : sr25519_derive_keypair_soft)(kp, j.chainCode);
  return fromWasmKeypair(kp);
}

/** Signs with the schnorrkel WebAssembly build (about 10× faster than a JavaScript signer, same keys). */
export function sign(pair: Keypair, message: Uint8Array): Uint8Array {
  return sr25519_sign(pair.publicKey, pair.secretKey, message);
}

/** Verifies an sr25519 signature with the fast WebAssembly verifier. Never throws. */
export function verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return sr25519_verify(publicKey, message, signature);
  } catch {
    return false;
  }
}

const BYTES_OPEN = new Uint8Array([60, 66, 121, 116, 101, 115, 62]); // "<Bytes>"
const BYTES_CLOSE = new Uint8Array([60, 47, 66, 121, 116, 101, 115, 62]); // "</Bytes>"

/**
 * Verifies a signed off-chain message the way btwallet does: the raw message first, then the message
 * wrapped as `<Bytes>…</Bytes>` (what browser extensions sign). Never use this for transactions.
 */
export function verifyMessage(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (verify(message, signature, publicKey)) return true;
  const wrapped = new Uint8Array(BYTES_OPEN.length + message.length + BYTES_CLOSE.length);
  wrapped.set(BYTES_OPEN, 0);
  wrapped.set(message, BYTES_OPEN.length);
  wrapped.set(BYTES_CLOSE, BYTES_OPEN.length + message.length);
  return verify(wrapped, signature, publicKey);
}

/**
 * The same check with an independent pure-JavaScript sr25519 (`@scure/sr25519`, what polkadot-js util-crypto
 * verifies with); slower, used to cross-check the fast verifier. Needs `await cryptoReady()` first
 * (throws `TNS_KEY_NOT_READY` otherwise). Never throws on malformed input.
 */
export function verifyReference(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (!reference) throw new TensoriumError('TNS_KEY_NOT_READY', 'verifyReference needs `await cryptoReady()` first');
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return reference.verify(message, signature, publicKey);
  } catch {
    return false;
  }
}

export function publicKeyHex(address: string): string {
  return toHex(ss58Decode(address));
}

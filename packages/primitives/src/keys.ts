/**
 * sr25519 keys and SS58 addresses, compatible with Bittensor (spec/neurons.md §1.2–1.3):
 * substrate-bip39 mini-secrets from BIP39 mnemonics, `//hard` and `/soft` derivation junctions,
 * SS58 prefix 42. Key derivation uses `@polkadot/util-crypto`; signing and verification use the
 * schnorrkel WebAssembly build (about 10× faster here, and interchangeable: same keys, same signatures).
 */

import {
  cryptoWaitReady,
  decodeAddress,
  encodeAddress,
  keyExtractSuri,
  keyFromPath,
  mnemonicGenerate,
  mnemonicToMiniSecret,
  mnemonicValidate,
  sr25519PairFromSeed,
  sr25519Verify,
} from '@polkadot/util-crypto';
import { sr25519_pubkey, sr25519_sign, sr25519_verify } from '@polkadot-labs/schnorrkel-wasm';
import { InvalidInputError } from './errors.js';
import { fromHex, toHex } from './hex.js';

/** The SS58 prefix of Bittensor and Tensorium addresses. */
export const SS58_PREFIX = 42;
/** The Substrate development phrase behind `//Alice` … `//Ferdie`. */
export const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
export const DEV_ACCOUNTS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const;

export interface Keypair {
  readonly publicKey: Uint8Array;
  /** 64-byte sr25519 secret (key + nonce), as util-crypto and schnorrkel use it. */
  readonly secretKey: Uint8Array;
  readonly address: string;
}

let ready: Promise<boolean> | undefined;
/** Must be awaited once before deriving keys or signing (initialises the WebAssembly crypto). */
export function cryptoReady(): Promise<boolean> {
  ready ??= cryptoWaitReady();
  return ready;
}

export function ss58Encode(publicKey: Uint8Array, prefix: number = SS58_PREFIX): string {
  return encodeAddress(publicKey, prefix);
}

const decodedAddresses = new Map<string, Uint8Array>();

/**
 * Decodes an SS58 address (checksum verified) or a 0x-hex 32-byte public key. Valid results are memoised (bounded):
 * decoding costs a base58 conversion and a blake2b-512 checksum, and block import decodes the same accounts again
 * and again.
 */
export function ss58Decode(address: string): Uint8Array {
  const hit = decodedAddresses.get(address);
  if (hit) return hit.slice();
  try {
    const pk = decodeAddress(address);
    if (pk.length !== 32) throw new Error('not 32 bytes');
    if (decodedAddresses.size >= 65_536) decodedAddresses.delete(decodedAddresses.keys().next().value!);
    decodedAddresses.set(address, pk.slice());
    return pk;
  } catch (e) {
    throw new InvalidInputError('TNS_KEY_ADDRESS', `invalid SS58 address: "${address}"`, { cause: e });
  }
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

export function generateMnemonic(words: MnemonicWords = 12): string {
  return mnemonicGenerate(words);
}

export function isValidMnemonic(phrase: string): boolean {
  return mnemonicValidate(phrase);
}

/** The 32-byte substrate-bip39 mini-secret of a mnemonic (what keyfiles store as `secretSeed`). */
export function miniSecretFromMnemonic(phrase: string): Uint8Array {
  if (!mnemonicValidate(phrase))
    throw new InvalidInputError('TNS_KEY_MNEMONIC', 'invalid mnemonic (checksum or word list)');
  return mnemonicToMiniSecret(phrase);
}

/** Keypair from a 32-byte mini-secret seed. */
export function keypairFromSeed(seed: Uint8Array): Keypair {
  if (seed.length !== 32) throw new InvalidInputError('TNS_KEY_SEED', `a seed is 32 bytes, got ${seed.length}`);
  const p = sr25519PairFromSeed(seed);
  return { publicKey: p.publicKey, secretKey: p.secretKey, address: ss58Encode(p.publicKey) };
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
 * e.g. `//Alice` (dev phrase), `<mnemonic>//hot/1`, `0x…//stash`. Passwords (`///pw`) are supported.
 */
export function keypairFromUri(uri: string): Keypair {
  const suri = uri.startsWith('/') ? `${DEV_PHRASE}${uri}` : uri;
  let extracted: ReturnType<typeof keyExtractSuri>;
  try {
    extracted = keyExtractSuri(suri);
  } catch (e) {
    throw new InvalidInputError('TNS_KEY_URI', 'invalid secret URI', { cause: e });
  }
  const { phrase, path, password } = extracted;
  let seed: Uint8Array;
  if (/^0x[0-9a-fA-F]{64}$/.test(phrase)) seed = fromHex(phrase);
  else {
    if (!mnemonicValidate(phrase))
      throw new InvalidInputError('TNS_KEY_MNEMONIC', 'invalid mnemonic (checksum or word list)');
    seed = mnemonicToMiniSecret(phrase, password);
  }
  const base = sr25519PairFromSeed(seed);
  const derived = path.length ? keyFromPath(base, path, 'sr25519') : base;
  return { publicKey: derived.publicKey, secretKey: derived.secretKey, address: ss58Encode(derived.publicKey) };
}

/** Signs with the schnorrkel WebAssembly build (about 10× faster than util-crypto's JS signer, same keys). */
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

/** The same check with `@polkadot/util-crypto` (slower; used to cross-check the fast verifier). */
export function verifyReference(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return sr25519Verify(message, signature, publicKey);
  } catch {
    return false;
  }
}

export function publicKeyHex(address: string): string {
  return toHex(ss58Decode(address));
}

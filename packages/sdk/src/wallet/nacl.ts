/**
 * The `$NACL` keyfile encryption of Bittensor (spec/neurons.md §1.6.1), byte-compatible with btcli and
 * btwallet: `"$NACL" ‖ nonce(24) ‖ crypto_secretbox_easy(plaintext)`, keyed by Argon2i v1.3 of the
 * password with a fixed, public 16-byte salt, opslimit 8 and memlimit 512 MiB.
 *
 * One derivation takes seconds and 512 MiB, so callers derive a key once per command with
 * `deriveNaclKey` and use it for every decrypt/encrypt of that command.
 */
import { TensoriumError, utf8Encode } from '@tensorium/primitives';
import sodium from 'libsodium-wrappers-sumo';

export const NACL_PREFIX = '$NACL';
/** The salt every Bittensor user shares (Python literal `\x13q\x83\xdf\xf1Z\t\xbc\x9c\x90\xb5Q\x879\xe9\xb1`). */
export const NACL_SALT: Uint8Array = Uint8Array.from([
  0x13, 0x71, 0x83, 0xdf, 0xf1, 0x5a, 0x09, 0xbc, 0x9c, 0x90, 0xb5, 0x51, 0x87, 0x39, 0xe9, 0xb1,
]);
const NONCE_BYTES = 24;
const MAC_BYTES = 16;

/** Argon2i cost parameters. Only `NACL_KDF` gives files btcli can open; cheaper values exist for tests. */
export interface NaclKdf {
  readonly opslimit: number;
  readonly memlimit: number;
}
/** libsodium's argon2i "sensitive" limits, which btcli and btwallet use. */
export const NACL_KDF: NaclKdf = Object.freeze({ opslimit: 8, memlimit: 536_870_912 });

/** A key derived from a password, tagged with the parameters it was derived with. */
export interface NaclKey {
  readonly key: Uint8Array;
  readonly kdf: NaclKdf;
}

let ready: Promise<void> | undefined;
/** Initialises libsodium (WebAssembly); the functions below call it themselves. */
export function sodiumReady(): Promise<void> {
  ready ??= sodium.ready;
  return ready;
}

/** Argon2i13 of the UTF-8 password with the Bittensor salt. Synchronous CPU work of seconds with `NACL_KDF`. */
export async function deriveNaclKey(password: string, kdf: NaclKdf = NACL_KDF): Promise<NaclKey> {
  await sodiumReady();
  const key = sodium.crypto_pwhash(
    32,
    utf8Encode(password),
    NACL_SALT,
    kdf.opslimit,
    kdf.memlimit,
    sodium.crypto_pwhash_ALG_ARGON2I13,
  );
  return { key, kdf };
}

export type KeyfileEncoding = 'nacl' | 'ansible-vault' | 'fernet' | 'plain';

/** Which format a keyfile uses, decided by its first bytes (spec §1.6). */
export function keyfileEncoding(data: Uint8Array): KeyfileEncoding {
  const head = String.fromCharCode(...data.subarray(0, 14));
  if (head.startsWith(NACL_PREFIX)) return 'nacl';
  if (head.startsWith('$ANSIBLE_VAULT')) return 'ansible-vault';
  if (head.startsWith('gAAAAA')) return 'fernet';
  return 'plain';
}

export function isEncrypted(data: Uint8Array): boolean {
  return keyfileEncoding(data) !== 'plain';
}

/** `$NACL` ‖ random nonce ‖ secretbox(plaintext). */
export async function naclEncrypt(plaintext: Uint8Array, key: NaclKey): Promise<Uint8Array> {
  await sodiumReady();
  const nonce = sodium.randombytes_buf(NONCE_BYTES);
  const box = sodium.crypto_secretbox_easy(plaintext, nonce, key.key);
  const out = new Uint8Array(NACL_PREFIX.length + NONCE_BYTES + box.length);
  out.set(utf8Encode(NACL_PREFIX), 0);
  out.set(nonce, NACL_PREFIX.length);
  out.set(box, NACL_PREFIX.length + NONCE_BYTES);
  return out;
}

/** Opens a `$NACL` file; a wrong password (or a damaged file) is `TNS_WALLET_PASSWORD`. */
export async function naclDecrypt(data: Uint8Array, key: NaclKey): Promise<Uint8Array> {
  await sodiumReady();
  if (keyfileEncoding(data) !== 'nacl') throw new TensoriumError('TNS_WALLET_KEYFILE', 'not a $NACL-encrypted keyfile');
  const body = data.subarray(NACL_PREFIX.length);
  if (body.length < NONCE_BYTES + MAC_BYTES)
    throw new TensoriumError('TNS_WALLET_KEYFILE', '$NACL keyfile is truncated');
  try {
    return sodium.crypto_secretbox_open_easy(body.subarray(NONCE_BYTES), body.subarray(0, NONCE_BYTES), key.key);
  } catch {
    throw new TensoriumError('TNS_WALLET_PASSWORD', 'wrong password for decryption (or the keyfile is damaged)');
  }
}

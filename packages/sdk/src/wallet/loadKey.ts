/**
 * Opening keyfiles: plain JSON as is, `$NACL` with a password (derived once, with progress reported),
 * legacy formats refused with a clear message. Loading never writes anything.
 */
import { TensoriumError, utf8Decode } from '@tensorium/primitives';
import type { KeyMaterial, PublicKeyInfo } from './keyfile.js';
import { parseKeyfile } from './keyfile.js';
import { readKeyfileBytes } from './keyfileStore.js';
import { deriveNaclKey, keyfileEncoding, NACL_KDF, type NaclKdf, type NaclKey, naclDecrypt } from './nacl.js';
import { passwordFromEnv } from './password.js';
import { DEFAULT_HOTKEY, walletPaths } from './walletPaths.js';

/** Asked for a password when a keyfile turns out to be encrypted (e.g. an interactive prompt). */
export type PasswordPrompt = (request: { readonly path: string }) => string | Promise<string>;

export interface UnlockOptions {
  /**
   * The password of an encrypted keyfile: a string, a prompt called only if the file is encrypted, or
   * `null` to require an unencrypted file. When absent, `env` is consulted (see `passwordFromEnv`).
   */
  readonly password?: string | PasswordPrompt | null;
  /** Environment for `TENSORIUM_PASSWORD` / `BT_PW_…`; not read unless given. */
  readonly env?: Record<string, string | undefined>;
  /** Progress lines (Argon2i takes seconds). */
  readonly onProgress?: (message: string) => void;
  /** Argon2i parameters; only tests change them (files written with others are not btcli-compatible). */
  readonly kdf?: NaclKdf;
  /** A key already derived from the password in this command: used instead of deriving again. */
  readonly naclKey?: NaclKey;
}

export interface WalletKeyOptions extends UnlockOptions {
  readonly walletsDir: string;
  readonly wallet: string;
}

function legacy(path: string, format: string): TensoriumError {
  return new TensoriumError(
    'TNS_WALLET_LEGACY_FORMAT',
    `${path} is encrypted in the legacy ${format} format, which Tensorium does not read; open it once with btcli and let it re-encrypt the file to $NACL`,
    { details: { path, format } },
  );
}

async function passwordFor(path: string, opts: UnlockOptions): Promise<string> {
  const p = opts.password;
  if (typeof p === 'string') return p;
  if (p === undefined && opts.env) {
    const fromEnv = passwordFromEnv(opts.env, path);
    if (fromEnv) return fromEnv.password;
  }
  if (typeof p === 'function') return p({ path });
  throw new TensoriumError(
    'TNS_WALLET_PASSWORD_REQUIRED',
    `${path} is encrypted and no password was given (use --password-file FILE or the TENSORIUM_PASSWORD environment variable)`,
    { details: { path } },
  );
}

/** Decrypts (if needed) and parses the keyfile's plaintext bytes. */
export async function openKeyfile(path: string, opts: UnlockOptions = {}): Promise<Uint8Array> {
  const data = readKeyfileBytes(path);
  const enc = keyfileEncoding(data);
  if (enc === 'plain') return data;
  if (enc === 'ansible-vault') throw legacy(path, '$ANSIBLE_VAULT');
  if (enc === 'fernet') throw legacy(path, 'Fernet (gAAAAA)');
  let key = opts.naclKey;
  const started = Date.now();
  if (!key) {
    const password = await passwordFor(path, opts);
    const kdf = opts.kdf ?? NACL_KDF;
    opts.onProgress?.(`Decrypting ${path} (Argon2i, ${kdf.memlimit >> 20} MiB; this takes several seconds)…`);
    key = await deriveNaclKey(password, kdf);
  }
  try {
    const plain = await naclDecrypt(data, key);
    if (!opts.naclKey) opts.onProgress?.(`Decrypted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return plain;
  } catch (e) {
    if (e instanceof TensoriumError && e.code === 'TNS_WALLET_PASSWORD') {
      throw new TensoriumError('TNS_WALLET_PASSWORD', `wrong password for ${path} (nothing was changed)`, {
        details: { path },
        cause: e,
      });
    }
    throw e;
  } finally {
    if (key !== opts.naclKey) key.key.fill(0);
  }
}

/** The secret key of a keyfile. A public-only file is `TNS_WALLET_PUBLIC_ONLY`. */
export async function loadKey(path: string, opts: UnlockOptions = {}): Promise<KeyMaterial> {
  const parsed = parseKeyfile(utf8Decode(await openKeyfile(path, opts)));
  if (parsed.kind === 'public')
    throw new TensoriumError('TNS_WALLET_PUBLIC_ONLY', `${path} holds only a public key`, { details: { path } });
  return parsed.key;
}

/** The public key of a keyfile that is not encrypted (a `…pub.txt`, or a plain hotkey); undefined otherwise. */
export function readPublicKey(path: string): PublicKeyInfo | undefined {
  const data = readKeyfileBytes(path);
  if (keyfileEncoding(data) !== 'plain') return undefined;
  const parsed = parseKeyfile(utf8Decode(data));
  return parsed.kind === 'public'
    ? parsed.info
    : { publicKey: parsed.key.pair.publicKey, address: parsed.key.pair.address };
}

export function loadColdkey(opts: WalletKeyOptions): Promise<KeyMaterial> {
  return loadKey(walletPaths(opts.walletsDir, opts.wallet).coldkey, opts);
}

export function loadHotkey(opts: WalletKeyOptions & { readonly hotkey?: string }): Promise<KeyMaterial> {
  return loadKey(walletPaths(opts.walletsDir, opts.wallet).hotkey(opts.hotkey ?? DEFAULT_HOTKEY), opts);
}

/** The coldkey's public key without a password: from `coldkeypub.txt`, else from a plain coldkey. */
export function coldkeyPublic(walletsDir: string, wallet: string): PublicKeyInfo {
  const paths = walletPaths(walletsDir, wallet);
  try {
    const pub = readPublicKey(paths.coldkeypub);
    if (pub) return pub;
  } catch (e) {
    if (!(e instanceof TensoriumError && e.code === 'TNS_WALLET_NOT_FOUND')) throw e;
  }
  const pub = readPublicKey(paths.coldkey);
  if (!pub)
    throw new TensoriumError(
      'TNS_WALLET_NOT_FOUND',
      `wallet "${wallet}" has no coldkeypub.txt and its coldkey is encrypted`,
      { details: { path: paths.coldkeypub } },
    );
  return pub;
}

/** A hotkey's public key without a password: from `<name>pub.txt`, else from the (plain) hotkey file. */
export function hotkeyPublic(walletsDir: string, wallet: string, hotkey: string = DEFAULT_HOTKEY): PublicKeyInfo {
  const paths = walletPaths(walletsDir, wallet);
  try {
    const pub = readPublicKey(paths.hotkeypub(hotkey));
    if (pub) return pub;
  } catch (e) {
    if (!(e instanceof TensoriumError && e.code === 'TNS_WALLET_NOT_FOUND')) throw e;
  }
  const pub = readPublicKey(paths.hotkey(hotkey));
  if (!pub)
    throw new TensoriumError(
      'TNS_WALLET_NOT_FOUND',
      `hotkey "${hotkey}" of wallet "${wallet}" is encrypted and has no public file`,
      { details: { path: paths.hotkey(hotkey) } },
    );
  return pub;
}

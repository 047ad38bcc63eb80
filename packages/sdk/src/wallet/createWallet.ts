/**
 * Writing wallets in the btcli layout: a coldkey (encrypted with `$NACL` unless the password is `null`)
 * with its `coldkeypub.txt`, and hotkeys (plain JSON by default, as btcli) with their `<name>pub.txt`.
 * Every check and the encryption happen before the first file is written.
 */
import { generateMnemonic, type MnemonicWords, utf8Encode } from '@tensorium/primitives';
import { type KeyMaterial, keyFromMnemonic, serializeKeyfile, serializePublicKeyfile } from './keyfile.js';
import { checkWritable, writeKeyfiles } from './keyfileStore.js';
import { deriveNaclKey, NACL_KDF, type NaclKdf, type NaclKey, naclEncrypt } from './nacl.js';
import { DEFAULT_HOTKEY, walletPaths } from './walletPaths.js';

export interface WriteOptions {
  readonly walletsDir: string;
  readonly wallet: string;
  /** Replace existing files (otherwise `TNS_WALLET_EXISTS`). */
  readonly overwrite?: boolean;
  /** Argon2i parameters; only tests change them (files written with others are not btcli-compatible). */
  readonly kdf?: NaclKdf;
  /** A key already derived from the password in this command: used instead of deriving again. */
  readonly naclKey?: NaclKey;
  readonly onProgress?: (message: string) => void;
}

interface PlannedFile {
  path: string;
  data: Uint8Array | string;
}

async function encryptedKeyfile(
  key: KeyMaterial,
  password: string | null,
  opts: WriteOptions,
): Promise<Uint8Array | string> {
  const plain = serializeKeyfile(key);
  if (password === null) return plain;
  if (opts.naclKey) return naclEncrypt(utf8Encode(plain), opts.naclKey);
  const kdf = opts.kdf ?? NACL_KDF;
  opts.onProgress?.(`Encrypting (Argon2i, ${kdf.memlimit >> 20} MiB; this takes several seconds)…`);
  const derived = await deriveNaclKey(password, kdf);
  try {
    return await naclEncrypt(utf8Encode(plain), derived);
  } finally {
    derived.key.fill(0);
  }
}

async function coldkeyFiles(key: KeyMaterial, password: string | null, opts: WriteOptions): Promise<PlannedFile[]> {
  const paths = walletPaths(opts.walletsDir, opts.wallet);
  checkWritable([paths.coldkey, paths.coldkeypub], opts.overwrite ?? false);
  return [
    { path: paths.coldkey, data: await encryptedKeyfile(key, password, opts) },
    { path: paths.coldkeypub, data: serializePublicKeyfile(key.pair.publicKey) },
  ];
}

async function hotkeyFiles(
  hotkey: string,
  key: KeyMaterial,
  password: string | null,
  opts: WriteOptions,
): Promise<PlannedFile[]> {
  const paths = walletPaths(opts.walletsDir, opts.wallet);
  checkWritable([paths.hotkey(hotkey), paths.hotkeypub(hotkey)], opts.overwrite ?? false);
  return [
    { path: paths.hotkey(hotkey), data: await encryptedKeyfile(key, password, opts) },
    { path: paths.hotkeypub(hotkey), data: serializePublicKeyfile(key.pair.publicKey) },
  ];
}

/** Writes `coldkey` (encrypted with `password`, plain if `null`) and `coldkeypub.txt`. */
export async function writeColdkey(key: KeyMaterial, password: string | null, opts: WriteOptions): Promise<void> {
  writeKeyfiles(await coldkeyFiles(key, password, opts), opts.overwrite ?? false);
}

/** Writes `hotkeys/<name>` (plain unless a password is given, as btcli) and `hotkeys/<name>pub.txt`. */
export async function writeHotkey(
  hotkey: string,
  key: KeyMaterial,
  opts: WriteOptions & { readonly password?: string | null },
): Promise<void> {
  writeKeyfiles(await hotkeyFiles(hotkey, key, opts.password ?? null, opts), opts.overwrite ?? false);
}

/** Writes only `coldkeypub.txt` (btcli `regen-coldkeypub`): enough for balances, not for signing. */
export function writeColdkeypub(publicKey: Uint8Array, opts: WriteOptions): void {
  const paths = walletPaths(opts.walletsDir, opts.wallet);
  writeKeyfiles([{ path: paths.coldkeypub, data: serializePublicKeyfile(publicKey) }], opts.overwrite ?? false);
}

export interface CreateWalletOptions extends WriteOptions {
  /** Coldkey password; `null` writes it unencrypted (btcli `--no-use-password`). */
  readonly password: string | null;
  /** Hotkey to create alongside (default `default`); `null` for none. */
  readonly hotkey?: string | null;
  readonly words?: MnemonicWords;
  /** Use these instead of fresh mnemonics (tests, regeneration). */
  readonly coldkeyMnemonic?: string;
  readonly hotkeyMnemonic?: string;
}

export interface CreatedKey {
  readonly address: string;
  /** Shown to the user once; the only way to restore the key later. */
  readonly mnemonic: string;
}

export interface CreatedWallet {
  readonly wallet: string;
  readonly dir: string;
  readonly coldkey: CreatedKey & { readonly encrypted: boolean };
  readonly hotkey?: CreatedKey & { readonly name: string };
}

/** A new wallet: a fresh coldkey and (by default) a fresh `default` hotkey. Refuses to overwrite unless asked. */
export async function createWallet(opts: CreateWalletOptions): Promise<CreatedWallet> {
  const words = opts.words ?? 12;
  const hotkeyName = opts.hotkey === undefined ? DEFAULT_HOTKEY : opts.hotkey;
  const cold = keyFromMnemonic(opts.coldkeyMnemonic ?? generateMnemonic(words));
  const hot = hotkeyName === null ? undefined : keyFromMnemonic(opts.hotkeyMnemonic ?? generateMnemonic(words));
  const paths = walletPaths(opts.walletsDir, opts.wallet);
  if (hotkeyName !== null)
    checkWritable([paths.hotkey(hotkeyName), paths.hotkeypub(hotkeyName)], opts.overwrite ?? false);
  const files = await coldkeyFiles(cold, opts.password, opts);
  if (hot && hotkeyName !== null) files.push(...(await hotkeyFiles(hotkeyName, hot, null, opts)));
  writeKeyfiles(files, opts.overwrite ?? false);
  return {
    wallet: opts.wallet,
    dir: paths.dir,
    coldkey: { address: cold.pair.address, mnemonic: cold.secretPhrase!, encrypted: opts.password !== null },
    ...(hot && hotkeyName !== null
      ? { hotkey: { name: hotkeyName, address: hot.pair.address, mnemonic: hot.secretPhrase! } }
      : {}),
  };
}

/**
 * Turning "which key" into a key, wherever a wallet is accepted: a wallet name (files in the btcli
 * layout) or a secret URI starting with `/` (`//Alice`, `//Bob/stash`: the Substrate dev phrase).
 * No wallet name can start with `/`, so the two never collide.
 */
import { isAddress, type Keypair, keypairFromUri, TensoriumError } from '@tensorium/primitives';
import { coldkeyPublic, hotkeyPublic, loadColdkey, loadHotkey, type UnlockOptions } from './loadKey.js';
import { DEFAULT_HOTKEY, DEFAULT_WALLET, defaultWalletsDir } from './walletPaths.js';

export interface KeySelector {
  /** Wallet name (default `default`), or a secret URI such as `//Alice`. */
  readonly wallet?: string;
  /** Hotkey name (default `default`), or a secret URI such as `//Alice//hot`. */
  readonly hotkey?: string;
  /** Select the hotkey instead of the coldkey. */
  readonly useHotkey?: boolean;
  /** Wallets root; default `$TENSORIUM_WALLETS_DIR` or `~/.tensorium/wallets`. */
  readonly walletsDir?: string;
}

export type SignerOptions = KeySelector & UnlockOptions;

export function isSecretUri(name: string): boolean {
  return name.startsWith('/');
}

function devHotkeyError(wallet: string): TensoriumError {
  return new TensoriumError(
    'TNS_WALLET_HOTKEY',
    `"${wallet}" is a dev key, not a wallet: it has no hotkeys; pass the hotkey as a URI too (e.g. --hotkey //Bob)`,
  );
}

/** The keypair to sign with. Decrypts the coldkey (seconds of Argon2i) only when it is encrypted. */
export async function resolveSigner(opts: SignerOptions): Promise<Keypair> {
  const wallet = opts.wallet ?? DEFAULT_WALLET;
  const hotkey = opts.hotkey ?? DEFAULT_HOTKEY;
  if (opts.useHotkey && isSecretUri(hotkey)) return keypairFromUri(hotkey);
  if (isSecretUri(wallet)) {
    if (opts.useHotkey) throw devHotkeyError(wallet);
    return keypairFromUri(wallet);
  }
  const walletsDir = opts.walletsDir ?? defaultWalletsDir(opts.env);
  const key = opts.useHotkey
    ? await loadHotkey({ ...opts, walletsDir, wallet, hotkey })
    : await loadColdkey({ ...opts, walletsDir, wallet });
  return key.pair;
}

/**
 * The SS58 address of the selected key without any password (from `coldkeypub.txt` / `<hotkey>pub.txt`).
 * An SS58 address given as the wallet is returned as is, so read-only commands accept either.
 */
export function resolveAddress(opts: KeySelector & { readonly env?: Record<string, string | undefined> }): string {
  const wallet = opts.wallet ?? DEFAULT_WALLET;
  const hotkey = opts.hotkey ?? DEFAULT_HOTKEY;
  if (opts.useHotkey && isSecretUri(hotkey)) return keypairFromUri(hotkey).address;
  if (opts.useHotkey && isAddress(hotkey)) return hotkey;
  if (isSecretUri(wallet)) {
    if (opts.useHotkey) throw devHotkeyError(wallet);
    return keypairFromUri(wallet).address;
  }
  if (!opts.useHotkey && isAddress(wallet)) return wallet;
  const walletsDir = opts.walletsDir ?? defaultWalletsDir(opts.env);
  return opts.useHotkey ? hotkeyPublic(walletsDir, wallet, hotkey).address : coldkeyPublic(walletsDir, wallet).address;
}

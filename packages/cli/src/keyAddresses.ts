/**
 * The addresses behind `--wallet` and `--hotkey`, read without any password (public key files, dev URIs, or an SS58
 * address given directly), so that `--explain` and previews never unlock a key.
 */
import { resolveAddress } from '@tensorium/sdk';
import type { Io } from './io.js';
import { type KeyValues, walletsDirOf } from './signer.js';

function selector(values: KeyValues, io: Io) {
  return {
    ...(values.wallet !== undefined ? { wallet: values.wallet } : {}),
    ...(values.hotkey !== undefined ? { hotkey: values.hotkey } : {}),
    walletsDir: walletsDirOf(values, io),
    env: io.env,
  };
}

/** The coldkey address of `--wallet` (a wallet name, a dev URI such as //Alice, or an SS58 address). */
export function coldkeyAddress(values: KeyValues, io: Io): string {
  return resolveAddress(selector(values, io));
}

/** The hotkey address of `--hotkey` (a hotkey name of the wallet, a dev URI such as //Alice//hot, or an SS58 address). */
export function hotkeyAddress(values: KeyValues, io: Io): string {
  return resolveAddress({ ...selector(values, io), useHotkey: true });
}

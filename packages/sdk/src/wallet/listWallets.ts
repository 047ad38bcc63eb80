/**
 * What is in a wallets directory, read without any password (as `btcli wallet list`): every directory
 * is a wallet (its coldkey address unknown when it has no readable public key), every file under
 * `hotkeys/` not ending in `pub.txt` is a hotkey.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { TensoriumError } from '@tensorium/primitives';
import { readKeyfileBytes } from './keyfileStore.js';
import { coldkeyPublic, hotkeyPublic } from './loadKey.js';
import { keyfileEncoding } from './nacl.js';
import { walletPaths } from './walletPaths.js';

export interface HotkeySummary {
  readonly name: string;
  readonly address?: string;
  readonly path: string;
  /** Only `<name>pub.txt` exists: the hotkey can be watched but not used to sign. */
  readonly publicOnly: boolean;
  readonly encrypted: boolean;
}

export interface WalletSummary {
  readonly name: string;
  readonly dir: string;
  readonly coldkeyAddress?: string;
  /** `undefined` when there is no coldkey file (e.g. only `coldkeypub.txt`). */
  readonly coldkeyEncrypted?: boolean;
  readonly hotkeys: readonly HotkeySummary[];
}

function tryAddress(read: () => { address: string }): string | undefined {
  try {
    return read().address;
  } catch {
    return undefined;
  }
}

function isEncryptedFile(path: string): boolean | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return keyfileEncoding(readKeyfileBytes(path)) !== 'plain';
  } catch {
    return undefined;
  }
}

/** One wallet; `TNS_WALLET_NOT_FOUND` when its directory does not exist. */
export function describeWallet(walletsDir: string, wallet: string): WalletSummary {
  const paths = walletPaths(walletsDir, wallet);
  if (!existsSync(paths.dir) || !statSync(paths.dir).isDirectory()) {
    throw new TensoriumError('TNS_WALLET_NOT_FOUND', `no wallet "${wallet}" in ${paths.root}`, {
      details: { path: paths.dir },
    });
  }
  const names = new Set<string>();
  const entries = existsSync(paths.hotkeysDir) ? readdirSync(paths.hotkeysDir, { withFileTypes: true }) : [];
  for (const e of entries) {
    if (!e.isFile() || e.name.startsWith('.')) continue;
    names.add(e.name.endsWith('pub.txt') && e.name.length > 7 ? e.name.slice(0, -7) : e.name);
  }
  const hotkeys = [...names].sort().map((name): HotkeySummary => {
    const path = paths.hotkey(name);
    const hasSecret = existsSync(path);
    const address = tryAddress(() => hotkeyPublic(walletsDir, wallet, name));
    return {
      name,
      path,
      publicOnly: !hasSecret,
      encrypted: hasSecret ? (isEncryptedFile(path) ?? false) : false,
      ...(address ? { address } : {}),
    };
  });
  const coldkeyAddress = tryAddress(() => coldkeyPublic(walletsDir, wallet));
  const coldkeyEncrypted = isEncryptedFile(paths.coldkey);
  return {
    name: wallet,
    dir: paths.dir,
    ...(coldkeyAddress ? { coldkeyAddress } : {}),
    ...(coldkeyEncrypted === undefined ? {} : { coldkeyEncrypted }),
    hotkeys,
  };
}

/** Every wallet under the root, sorted by name; an absent root is an empty list. */
export function listWallets(walletsDir: string): WalletSummary[] {
  const root = walletPaths(walletsDir, 'x').root;
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort()
    .map((name) => describeWallet(root, name));
}

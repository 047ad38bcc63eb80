/**
 * Where a wallet's files live: the btcli layout (spec/neurons.md §1.4) under a wallets root that
 * defaults to `~/.tensorium/wallets` (point it at `~/.bittensor/wallets` to use btcli wallets).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { TensoriumError } from '@tensorium/primitives';

export const DEFAULT_WALLET = 'default';
export const DEFAULT_HOTKEY = 'default';
export const WALLETS_DIR_ENV = 'TENSORIUM_WALLETS_DIR';

export function defaultWalletsDir(env: Record<string, string | undefined> = process.env): string {
  const fromEnv = env[WALLETS_DIR_ENV];
  if (fromEnv) return resolve(expandHome(fromEnv, env));
  return join(env.HOME || homedir(), '.tensorium', 'wallets');
}

/** `~` and `~/x` expand to the home directory (shells do not expand `--flag=~/x`). */
export function expandHome(path: string, env: Record<string, string | undefined> = process.env): string {
  if (path === '~') return env.HOME || homedir();
  if (path.startsWith('~/')) return join(env.HOME || homedir(), path.slice(2));
  return path;
}

/** Wallet and hotkey names are single path components. */
export function checkKeyName(name: string, what: 'wallet' | 'hotkey'): string {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name) || name.length > 255) {
    throw new TensoriumError('TNS_WALLET_NAME', `invalid ${what} name ${JSON.stringify(name)}`);
  }
  return name;
}

export interface WalletPaths {
  readonly root: string;
  readonly dir: string;
  readonly coldkey: string;
  readonly coldkeypub: string;
  readonly hotkeysDir: string;
  hotkey(name: string): string;
  hotkeypub(name: string): string;
}

export function walletPaths(walletsDir: string, wallet: string): WalletPaths {
  const root = resolve(expandHome(walletsDir));
  const dir = join(root, checkKeyName(wallet, 'wallet'));
  const hotkeysDir = join(dir, 'hotkeys');
  return {
    root,
    dir,
    coldkey: join(dir, 'coldkey'),
    coldkeypub: join(dir, 'coldkeypub.txt'),
    hotkeysDir,
    hotkey: (name) => join(hotkeysDir, checkKeyName(name, 'hotkey')),
    hotkeypub: (name) => join(hotkeysDir, `${checkKeyName(name, 'hotkey')}pub.txt`),
  };
}

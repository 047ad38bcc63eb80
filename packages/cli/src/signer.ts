/**
 * Keys for commands that sign: `--wallet NAME|//URI`, `--hotkey NAME|//URI`, `--wallets-dir DIR`, and the
 * password from `--password-file FILE`, `$TENSORIUM_PASSWORD` (or btcli's `BT_PW_…`), or a hidden prompt on
 * a terminal. `--no-password` means "never ask": the key must be unencrypted. Argon2i runs at most once
 * per command and prints a progress line to stderr while it does.
 */
import { readFileSync } from 'node:fs';
import { type Keypair, TensoriumError } from '@tensorium/primitives';
import {
  defaultWalletsDir,
  expandHome,
  type NaclKdf,
  PASSWORD_ENV,
  PASSWORD_ENV_ALIASES,
  type PasswordPrompt,
  resolveSigner,
} from '@tensorium/sdk';
import type { Io } from './io.js';

/** The parsed CLI values these helpers read (names as in `COMMON_OPTIONS`). */
export interface KeyValues {
  wallet?: string;
  hotkey?: string;
  'wallets-dir'?: string;
  'no-password'?: boolean;
  'password-file'?: string;
}

/**
 * Tests may hand commands an `Io` carrying cheaper Argon2i parameters. Nothing on the command line or in
 * the environment reaches this, so real wallets are always written with the btcli parameters.
 */
export function testKdf(io: Io): NaclKdf | undefined {
  return (io as Io & { walletKdf?: NaclKdf }).walletKdf;
}

export function walletsDirOf(values: KeyValues, io: Io): string {
  const dir = values['wallets-dir'];
  return dir ? expandHome(dir, io.env) : defaultWalletsDir(io.env);
}

/** The first line of the file (a trailing newline is not part of the password). */
export function readPasswordFile(path: string, io: Io): string {
  let text: string;
  try {
    text = readFileSync(expandHome(path, io.env), 'utf8');
  } catch (e) {
    throw new TensoriumError('TNS_CLI_PASSWORD_FILE', `cannot read --password-file ${path}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line === '') throw new TensoriumError('TNS_CLI_PASSWORD_FILE', `--password-file ${path} is empty`);
  return line;
}

function envPassword(io: Io): string | undefined {
  for (const name of [PASSWORD_ENV, ...PASSWORD_ENV_ALIASES]) {
    const v = io.env[name];
    if (v) return v;
  }
  return undefined;
}

export function canPrompt(): boolean {
  return process.stdin.isTTY === true && typeof process.stdin.setRawMode === 'function';
}

/** Reads a line from the terminal without echoing it; whitespace-trimmed as btcli does. */
export function promptHidden(question: string): Promise<string> {
  const { stdin, stderr } = process;
  stderr.write(question);
  return new Promise((resolve, reject) => {
    let buf = '';
    const done = (fn: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      fn();
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done(() => resolve(buf.trim()));
        if (ch === '\u0003') return done(() => reject(new TensoriumError('TNS_CLI_CANCELLED', 'cancelled')));
        if (ch === '\u007f' || ch === '\b') buf = buf.slice(0, -1);
        else buf += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** The password to open an existing encrypted keyfile: a string, a prompt, or `null` (must be plain). */
function passwordForOpening(values: KeyValues, io: Io): string | PasswordPrompt | null | undefined {
  if (values['no-password']) return null;
  if (values['password-file']) return readPasswordFile(values['password-file'], io);
  if (envPassword(io) !== undefined) return undefined; // the SDK reads io.env (also BT_PW_…)
  if (canPrompt()) return ({ path }) => promptHidden(`Enter your password (${path}): `);
  return undefined;
}

/**
 * The password for a new coldkey: `null` with `--no-password`, else from `--password-file`, the
 * environment, or asked twice on a terminal. Without any of these it is a usage error, never a hang.
 */
export async function passwordForNewKey(values: KeyValues, io: Io): Promise<string | null> {
  if (values['no-password']) return null;
  if (values['password-file']) return readPasswordFile(values['password-file'], io);
  const fromEnv = envPassword(io);
  if (fromEnv !== undefined) return fromEnv;
  if (!canPrompt()) {
    throw new TensoriumError(
      'TNS_WALLET_PASSWORD_REQUIRED',
      `no password for the new coldkey: pass --password-file FILE, set ${PASSWORD_ENV}, or --no-password to store it unencrypted`,
    );
  }
  for (;;) {
    const pw = await promptHidden('Enter your password: ');
    if (pw.length < 6) {
      io.err('Password too short: use at least 6 characters.');
      continue;
    }
    if ((await promptHidden('Retype your password: ')) === pw) return pw;
    io.err('Passwords do not match, try again.');
  }
}

/**
 * The keypair selected by `--wallet` / `--hotkey` (the coldkey unless `useHotkey`). Dev URIs such as
 * `//Alice` need no files and no password.
 */
export async function loadSigner(values: KeyValues, io: Io, opts: { useHotkey?: boolean } = {}): Promise<Keypair> {
  const kdf = testKdf(io);
  const password = passwordForOpening(values, io);
  return resolveSigner({
    ...(values.wallet !== undefined ? { wallet: values.wallet } : {}),
    ...(values.hotkey !== undefined ? { hotkey: values.hotkey } : {}),
    useHotkey: opts.useHotkey ?? false,
    walletsDir: walletsDirOf(values, io),
    env: io.env,
    ...(password !== undefined ? { password } : {}),
    ...(kdf ? { kdf } : {}),
    onProgress: (m) => io.err(m),
  });
}

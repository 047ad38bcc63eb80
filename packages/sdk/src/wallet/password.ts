/**
 * Passwords from the environment (spec/neurons.md §1.7). Tensorium reads a plain `TENSORIUM_PASSWORD`
 * (alias `TENSORIUM_COLDKEY_PASSWORD`) and, for btcli compatibility, the per-keyfile `BT_PW_<PATH>`
 * variable, whose value is base64(password XOR the variable's own name): obfuscation, not secrecy.
 * None of these keep a password secret from other code running as the same user.
 */
import { resolve } from 'node:path';

export const PASSWORD_ENV = 'TENSORIUM_PASSWORD';
export const PASSWORD_ENV_ALIASES = ['TENSORIUM_COLDKEY_PASSWORD'] as const;

/** `BT_PW_` + the keyfile's absolute path with `/` and `.` replaced by `_`, upper-cased. */
export function btPasswordEnvName(keyfilePath: string): string {
  return `BT_PW_${resolve(keyfilePath).replace(/[/.]/g, '_').toUpperCase()}`;
}

function xorWithName(data: Uint8Array, name: string): Uint8Array {
  const key = Buffer.from(name, 'utf8');
  return data.map((b, i) => b ^ key[i % key.length]!);
}

/** The value btcli's `save_password_to_env` stores for `password`. */
export function encodeBtPassword(envName: string, password: string): string {
  return Buffer.from(xorWithName(Buffer.from(password, 'utf8'), envName)).toString('base64');
}

export function decodeBtPassword(envName: string, value: string): string {
  return Buffer.from(xorWithName(Buffer.from(value, 'base64'), envName)).toString('utf8');
}

export interface EnvPassword {
  readonly password: string;
  /** The variable it came from, for messages. */
  readonly source: string;
}

/** The password the environment gives for a keyfile, if any (Tensorium's variables first). */
export function passwordFromEnv(env: Record<string, string | undefined>, keyfilePath: string): EnvPassword | undefined {
  for (const name of [PASSWORD_ENV, ...PASSWORD_ENV_ALIASES]) {
    const v = env[name];
    if (v !== undefined && v !== '') return { password: v, source: name };
  }
  const bt = btPasswordEnvName(keyfilePath);
  const v = env[bt];
  if (v !== undefined && v !== '') return { password: decodeBtPassword(bt, v), source: bt };
  return undefined;
}

/**
 * Reading and writing keyfiles: files are written whole (temp file + rename, so a crash never leaves
 * a truncated key) with mode 0600, in directories created 0700. Nothing is overwritten unless asked.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { TensoriumError } from '@tensorium/primitives';

export const KEYFILE_MODE = 0o600;
export const WALLET_DIR_MODE = 0o700;

export function readKeyfileBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new TensoriumError('TNS_WALLET_NOT_FOUND', `keyfile not found: ${path}`, { details: { path } });
    throw new TensoriumError('TNS_WALLET_IO', `cannot read keyfile ${path}: ${(e as Error).message}`, {
      cause: e,
      details: { path },
    });
  }
}

/** Fails with `TNS_WALLET_EXISTS` for each path that exists, unless `overwrite`. */
export function checkWritable(paths: readonly string[], overwrite: boolean): void {
  if (overwrite) return;
  for (const p of paths) {
    if (existsSync(p))
      throw new TensoriumError(
        'TNS_WALLET_EXISTS',
        `${p} already exists (pass overwrite / --overwrite to replace it)`,
        { details: { path: p } },
      );
  }
}

/** Writes the files in order, each atomically with mode 0600. */
export function writeKeyfiles(
  files: ReadonlyArray<{ path: string; data: Uint8Array | string }>,
  overwrite: boolean,
): void {
  checkWritable(
    files.map((f) => f.path),
    overwrite,
  );
  for (const { path, data } of files) {
    mkdirSync(dirname(path), { recursive: true, mode: WALLET_DIR_MODE });
    const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      writeFileSync(tmp, data, { mode: KEYFILE_MODE, flag: 'wx' });
      chmodSync(tmp, KEYFILE_MODE);
      renameSync(tmp, path);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new TensoriumError('TNS_WALLET_IO', `cannot write keyfile ${path}: ${(e as Error).message}`, {
        cause: e,
        details: { path },
      });
    }
  }
}

/**
 * Spawns `tensorium node …` as a child process for e2e tests. It runs the compiled CLI (packages/cli/bin) when
 * the build is newer than every source it depends on (as after `npm test`, which runs `tsc -b` first), and the
 * TypeScript sources through tsx otherwise, so a test never runs stale code.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// What `tensorium node` loads (the sdk is not on its path).
const PACKAGES = ['primitives', 'rpc', 'runtime', 'node', 'cli'];

function newestMtime(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return t;
}

let useDist: boolean | undefined;
/** True when every package's build is newer than its sources. */
export function distIsFresh(): boolean {
  if (useDist !== undefined) return useDist;
  useDist = PACKAGES.every((p) => {
    try {
      return (
        statSync(join(root, 'packages', p, 'dist', 'tsconfig.tsbuildinfo')).mtimeMs >=
        newestMtime(join(root, 'packages', p, 'src'))
      );
    } catch {
      return false;
    }
  });
  return useDist;
}

export function nodeCommand(args: string[]): [string, string[]] {
  if (distIsFresh()) return [process.execPath, [join(root, 'packages/cli/bin/tensorium.js'), 'node', ...args]];
  return [process.execPath, ['--conditions=tensorium-src', '--import', 'tsx', join(root, 'e2e/nodeMain.ts'), ...args]];
}

export interface NodeProc {
  readonly proc: ChildProcess;
  readonly lines: string[];
  /** http://… once listening. */
  url: string;
  wsUrl: string;
  readonly spawnedAt: number;
  /** Resolves with the first line matching `re` (including lines already seen). */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<number | NodeJS.Signals>;
}

/** Starts a node and resolves once it prints its RPC URL. */
export async function spawnNode(args: string[], timeoutMs = 30_000): Promise<NodeProc> {
  const [cmd, argv] = nodeCommand(args);
  const spawnedAt = Date.now();
  const proc = spawn(cmd, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  const onData = (buf: Buffer, acc: { rest: string }) => {
    acc.rest += buf.toString('utf8');
    const parts = acc.rest.split('\n');
    acc.rest = parts.pop()!;
    for (const l of parts) lines.push(l);
    for (const w of waiters.splice(0)) w();
  };
  const out = { rest: '' };
  const err = { rest: '' };
  proc.stdout!.on('data', (b: Buffer) => onData(b, out));
  proc.stderr!.on('data', (b: Buffer) => onData(b, err));
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    proc.on('exit', (code, sig) => {
      for (const w of waiters.splice(0)) w();
      resolve(code ?? sig!);
    }),
  );
  let done = false;
  void exited.then(() => (done = true));
  const waitForLine = async (re: RegExp, ms = timeoutMs): Promise<string> => {
    const end = Date.now() + ms;
    for (;;) {
      const l = lines.find((x) => re.test(x));
      if (l !== undefined) return l;
      if (done) throw new Error(`node exited before printing ${re}:\n${lines.join('\n')}`);
      const left = end - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${re}:\n${lines.join('\n')}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  };
  const np: NodeProc = { proc, lines, url: '', wsUrl: '', spawnedAt, waitForLine, exited };
  try {
    const line = await waitForLine(/^RPC listening on /);
    const m = /^RPC listening on (http:\/\/\S+) \((ws:\/\/\S+)\)/.exec(line)!;
    np.url = m[1]!;
    np.wsUrl = m[2]!;
  } catch (e) {
    proc.kill('SIGKILL');
    throw e;
  }
  return np;
}

export async function rpc(url: string, method: string, params: unknown[] = []): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw Object.assign(new Error(body.error.message), body.error);
  return body.result;
}

export async function until(
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The torch Yuma simulator (bactensor/yuma-simulation), timed by our driver bench/torch/yumaTorch.py in a Python
 * process that stays up between requests, so a benchmark can interleave torch runs with its own.
 *
 * Optional: it needs a Python with torch (`/usr/bin/python3` from Debian's `python3-torch`, or the interpreter named
 * by TORCH_PYTHON) and the simulator's `src` directory in YUMA_SIMULATION_SRC. Without them `start` says why.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** The simulator's epoch functions: Yuma 3, and its model of the chain's Yuma 2 (compared with our classic path). */
export type TorchYumaFn = 'Yuma3' | 'YumaRust';

export interface TorchTiming {
  fn: TorchYumaFn;
  v: number;
  n: number;
  medianMs: number;
  p10Ms: number;
  cpuMedianMs: number;
  runs: number;
  samplesMs: number[];
  cpuSamplesMs: number[];
}

export const ENABLE_TORCH_HINT =
  'to enable: apt-get install -y python3-torch, extract bactensor/yuma-simulation outside the project and set ' +
  'YUMA_SIMULATION_SRC=<its src dir> (TORCH_PYTHON=<interpreter> for a Python other than /usr/bin/python3)';

const DRIVER = new URL('./yumaTorch.py', import.meta.url).pathname;

export class TorchSimulator {
  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly lines: AsyncIterator<string>,
    private readonly stderr: () => string,
    /** torch's version string. */
    readonly version: string,
    readonly python: string,
  ) {}

  /** Starts the driver; resolves to a one-line reason instead when the comparison cannot run here. */
  static async start(env: NodeJS.ProcessEnv = process.env): Promise<TorchSimulator | string> {
    const src = env.YUMA_SIMULATION_SRC;
    if (!src) return 'YUMA_SIMULATION_SRC is not set';
    if (!existsSync(src)) return `YUMA_SIMULATION_SRC=${src} does not exist`;
    const python = env.TORCH_PYTHON || '/usr/bin/python3';
    if (!existsSync(python)) return `no ${python}`;
    const child = spawn(python, [DRIVER, '--serve', '--src', src], { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      err = (err + d).slice(-4000);
    });
    const failed = new Promise<null>((resolve) => {
      child.on('error', (e) => {
        err += String(e);
        resolve(null);
      });
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await Promise.race([lines.next(), failed]);
    const ready = first && !first.done ? (JSON.parse(first.value) as { ready?: boolean; torch?: string }) : null;
    if (!ready?.ready) {
      child.kill();
      const lastLine = err.trim().split('\n').pop() || 'the driver exited';
      return `${python} could not run the driver (${lastLine})`;
    }
    return new TorchSimulator(child, lines, () => err, ready.torch ?? '?', python);
  }

  /** Times `fn` on the V×N dense inputs of bench/yuma.bench.ts for at least `minMs` (after a warm-up). */
  async time(fn: TorchYumaFn, v: number, n: number, minMs: number): Promise<TorchTiming> {
    this.child.stdin.write(`${fn} ${v}x${n} ${minMs}\n`);
    const next = await this.lines.next();
    if (next.done) throw new Error(`torch driver exited: ${this.stderr().trim().split('\n').pop() ?? ''}`);
    const r = JSON.parse(next.value) as Record<string, unknown>;
    if (typeof r.error === 'string') throw new Error(`torch driver: ${r.error}`);
    return {
      fn,
      v,
      n,
      medianMs: r.median_ms as number,
      p10Ms: r.p10_ms as number,
      cpuMedianMs: r.cpu_median_ms as number,
      runs: r.runs as number,
      samplesMs: r.samples_ms as number[],
      cpuSamplesMs: r.cpu_samples_ms as number[],
    };
  }

  close(): void {
    this.child.stdin.end();
  }
}

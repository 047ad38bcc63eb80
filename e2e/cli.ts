/** Runs `tensorium …` in-process through main() with a captured stdout/stderr and HOME set to `home`. */
import { main } from '@tensorium/cli';

export async function runCli(args: string[], home: string): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: { HOME: home } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

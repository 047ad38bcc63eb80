/**
 * Test harness of the economy commands: an in-process dev chain (the real runtime, blocks on demand) whose client the
 * commands get through the `Io` test seam, and `cli(...)` running `tensorium …` through `main`. Keys are dev URIs:
 * //Alice is the coldkey and sudo key, //Alice//h0 the subnet owner hotkey, //Alice//h1 and //Alice//h2 neurons.
 */
import assert from 'node:assert/strict';
import { keypairFromUri } from '@tensorium/primitives';
import { createDevChain, type DevChain, type DevChainOptions } from '@tensorium/sdk';
import { main } from '../src/index.js';
import type { Io } from '../src/io.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export interface Harness {
  dev: DevChain;
  cli(args: string[]): Promise<CliResult>;
  /** cli(...) that must exit 0; returns stdout parsed as JSON when `--json` is among the args. */
  ok(args: string[]): Promise<CliResult & { json: any }>;
}

export const ALICE = ['--wallet', '//Alice'];
export const HOT = (n: number): string => keypairFromUri(`//Alice//h${n}`).address;

export async function harness(opts: DevChainOptions = { preset: 'dev' }): Promise<Harness> {
  // These tests exercise the reference chain's start_call lifecycle, so subnets do not start at creation here.
  const dev = await createDevChain({
    ...opts,
    spec: { ...opts.spec, params: { subnet_auto_start: false, ...opts.spec?.params } },
  });
  const cli = async (args: string[]): Promise<CliResult> => {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io & { client: DevChain['client'] } = {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: {},
      client: dev.client,
    };
    const code = await main(args, io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const ok = async (args: string[]) => {
    const r = await cli(args);
    assert.equal(r.code, 0, `tensorium ${args.join(' ')}\n${r.out}\n${r.err}`);
    return { ...r, json: args.includes('--json') ? JSON.parse(r.out) : undefined };
  };
  return { dev, cli, ok };
}

/**
 * Subnet 1 owned by //Alice (hotkey h0), started, with h1 and h2 registered (uids 1 and 2) and the hotkeys funded so
 * that they can pay transaction fees. `frozen`: see {@link freeze}.
 */
export async function subnetWithNeurons(h: Harness, opts: { frozen?: boolean } = {}): Promise<void> {
  await h.ok(['subnet', 'create', ...ALICE, '--hotkey', '//Alice//h0', '--yes']);
  await h.ok(['subnet', 'start', ...ALICE, '--netuid', '1', '--yes']);
  for (const n of [1, 2])
    await h.ok(['neuron', 'register', ...ALICE, '--hotkey', `//Alice//h${n}`, '--netuid', '1', '--yes']);
  for (const n of [0, 1, 2]) await fund(h, HOT(n));
  if (opts.frozen) await freeze(h, 1);
  h.dev.advanceBlocks(1);
}

/**
 * Switches a subnet's emission off and its epochs far away (sudo), so that nothing but the tests' own calls moves its
 * pool between a preview and the block that executes it.
 */
export async function freeze(h: Harness, netuid: number): Promise<void> {
  for (const [param, value] of [
    ['subnet_emission_enabled', 'false'],
    ['tempo', '10000'],
  ]) {
    await h.ok([
      'subnet',
      'set',
      ...ALICE,
      '--sudo',
      '--netuid',
      String(netuid),
      '--param',
      param!,
      '--value',
      value!,
      '--yes',
    ]);
  }
}

/** Sends 10 TAO from //Alice (hotkeys pay the fees of the calls they sign). */
export async function fund(h: Harness, address: string): Promise<void> {
  const out = await h.dev.client.send(keypairFromUri('//Alice'), {
    module: 'balances',
    fn: 'transfer_keep_alive',
    args: { dest: address, value: 10_000_000_000n },
  });
  assert.equal(out.success, true, out.error);
}

/** Failing usage: exit 2 and a TNS_CLI_USAGE line on stderr matching `re`. */
export async function usage(h: Harness, args: string[], re: RegExp): Promise<void> {
  const r = await h.cli(args);
  assert.equal(r.code, 2, `expected a usage error for: tensorium ${args.join(' ')}\n${r.out}\n${r.err}`);
  assert.match(r.err, /TNS_CLI_USAGE/);
  assert.match(r.err, re);
}

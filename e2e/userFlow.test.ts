/**
 * A new user's first minutes, through the real `tensorium` commands against a real node process:
 * create two wallets, fund one from //Alice, transfer to the other, read both balances.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { runCli } from './cli.js';
import { type NodeProc, spawnNode } from './nodeProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'tns-userflow-'));
let node: NodeProc | undefined;
after(async () => {
  node?.proc.kill('SIGTERM');
  if (node) await node.exited;
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(args, dir);

it('create wallets, fund from //Alice, transfer, see balances', async () => {
  node = await spawnNode(['--dev', '--block-time', '250ms', '--rpc-port', '0']);
  const common = ['--wallets-dir', join(dir, 'wallets'), '--rpc', node.url];
  for (const w of ['alpha', 'beta']) {
    const r = await cli([
      'wallet',
      'create',
      '--wallet',
      w,
      '--hotkey',
      'default',
      '--no-password',
      ...common.slice(0, 2),
    ]);
    assert.equal(r.code, 0, r.err);
  }
  const addr = async (w: string) => {
    const r = await cli(['wallet', 'show', '--wallet', w, '--json', ...common.slice(0, 2)]);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    return (j.coldkey?.ss58Address ?? j.coldkey?.address ?? j.coldkeyAddress ?? j.address) as string;
  };
  const alpha = await addr('alpha');
  const beta = await addr('beta');
  assert.match(alpha, /^5/);
  assert.notEqual(alpha, beta);

  let r = await cli(['transfer', '--wallet', '//Alice', '--dest', alpha, '--amount', '100', '--yes', ...common]);
  assert.equal(r.code, 0, r.err + r.out);
  r = await cli(['transfer', '--wallet', 'alpha', '--dest', beta, '--amount', '12.5', '--yes', '--json', ...common]);
  assert.equal(r.code, 0, r.err + r.out);
  const sent = JSON.parse(r.out);
  assert.equal(sent.success, true);

  r = await cli(['balance', alpha, beta, '--json', ...common.slice(2)]);
  assert.equal(r.code, 0, r.err);
  const [a, b] = JSON.parse(r.out) as { free: string }[];
  assert.equal(b!.free, '12500000000');
  // alpha paid 12.5 TAO and one fee (burned); the fee is the same one the chain reported.
  const block = await cli(['block', String(sent.block), '--json', ...common.slice(2)]);
  const fee = JSON.parse(block.out).extrinsics.find((x: { hash: string }) => x.hash === sent.hash).fee;
  assert.equal(BigInt(a!.free), 100_000_000_000n - 12_500_000_000n - BigInt(fee));
  r = await cli(['balance', '--wallet', 'beta', ...common]);
  assert.match(r.out, /12\.5 TAO/);
});

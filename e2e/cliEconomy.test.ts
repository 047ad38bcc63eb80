/**
 * The economy through the real `tensorium` commands against a real dev node process: create and start a subnet,
 * register two hotkeys, stake on one (quote and confirmation skipped by --yes), list the stake, let the validator get
 * its permit and set weights on the miner, see the epoch's results in the metagraph, then unstake with a limit price
 * that the chain refuses (SlippageTooHigh) and with one that it accepts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { keypairFromUri } from '@tensorium/primitives';
import { runCli } from './cli.js';
import { type NodeProc, spawnNode, until } from './nodeProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'tns-cli-economy-'));
let node: NodeProc | undefined;
after(async () => {
  node?.proc.kill('SIGTERM');
  if (node) await node.exited;
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(args, dir);

it('subnet create → start → register 2 hotkeys → stake → list → weights → metagraph → guarded unstakes', async () => {
  node = await spawnNode(['--dev', '--rpc-port', '0']);
  const rpc = ['--rpc', node.url];
  const ALICE = ['--wallet', '//Alice', ...rpc];
  const ok = async (args: string[]) => {
    const r = await cli(args);
    assert.equal(r.code, 0, `tensorium ${args.join(' ')}\n${r.out}\n${r.err}`);
    return args.includes('--json') ? JSON.parse(r.out) : r.out;
  };
  const validator = keypairFromUri('//Alice//validator').address;
  const miner = keypairFromUri('//Alice//miner').address;

  const created = await ok(['subnet', 'create', ...ALICE, '--hotkey', '//Alice//owner', '--yes', '--json']);
  const netuid = String(created.netuid);
  assert.equal(created.success, true);
  await ok(['subnet', 'start', ...ALICE, '--netuid', netuid, '--yes']);
  for (const hk of ['//Alice//validator', '//Alice//miner'])
    await ok(['neuron', 'register', ...ALICE, '--netuid', netuid, '--hotkey', hk, '--yes']);
  await ok(['transfer', ...ALICE, '--dest', validator, '--amount', '1', '--yes']); // the hotkey pays its weights' fee

  const staked = await ok([
    'stake',
    'add',
    ...ALICE,
    '--netuid',
    netuid,
    '--hotkey',
    '//Alice//validator',
    '--amount',
    '50',
    '--yes',
    '--json',
  ]);
  assert.equal(staked.success, true);
  assert.equal(staked.call.fn, 'add_stake');
  assert.ok(BigInt(staked.preview.quote.amountOut) > 0n);
  const list = await ok(['stake', 'list', ...ALICE, '--json']);
  const mine = list.stakes.find(
    (s: { hotkey: string; netuid: number }) => s.hotkey === validator && s.netuid === Number(netuid),
  );
  assert.ok(mine && BigInt(mine.stake) >= BigInt(staked.stake), JSON.stringify(list));
  assert.match(await ok(['stake', 'list', ...ALICE]), /total value at spot prices/);

  // The next epoch gives the staked validator its permit; then it weights the miner.
  const metagraph = async () =>
    (await ok(['subnet', 'metagraph', '--netuid', netuid, ...rpc, '--json'])) as { block: number; neurons: any[] };
  await until(
    async () => (await metagraph()).neurons.find((n) => n.hotkey === validator)?.validatorPermit === true,
    20_000,
    'a validator permit',
  );
  const set = await ok([
    'weights',
    'set',
    '--hotkey',
    '//Alice//validator',
    '--netuid',
    netuid,
    '--uids',
    '2',
    '--weights',
    '1',
    ...rpc,
    '--yes',
    '--json',
  ]);
  assert.equal(set.success, true, JSON.stringify(set));
  const after = set.block as number;
  await until(
    async () => {
      const m = await metagraph();
      return m.neurons.find((n) => n.hotkey === miner)?.incentive > 0;
    },
    20_000,
    'an epoch with the weights',
  );
  const m = await metagraph();
  const v = m.neurons.find((n) => n.hotkey === validator);
  const mi = m.neurons.find((n) => n.hotkey === miner);
  assert.equal(v.lastUpdate, after);
  assert.equal(mi.incentive, 65535, 'the only weighted miner gets all the incentive');
  assert.ok(v.dividends > 0);
  assert.match(await ok(['subnet', 'metagraph', '--netuid', netuid, ...rpc]), /uid +hotkey +coldkey +stake/);

  // Unstake 20 α: a limit 0.01 % under the price is crossed by the sale itself → SlippageTooHigh, stake unchanged.
  const remove = ['stake', 'remove', ...ALICE, '--netuid', netuid, '--hotkey', '//Alice//validator', '--amount', '20'];
  const before = (await ok(['stake', 'list', ...ALICE, '--json'])).stakes.find(
    (s: { hotkey: string }) => s.hotkey === validator,
  ).stake;
  const tight = await cli([...remove, '--tolerance', '0.0001', '--yes', '--json']);
  assert.equal(tight.code, 1, tight.out + tight.err);
  const failed = JSON.parse(tight.out);
  assert.equal(failed.success, false);
  assert.equal(failed.error, 'staking.SlippageTooHigh');
  assert.equal(failed.call.fn, 'remove_stake_limit');
  assert.equal(failed.preview.guard.chainError, 'staking.SlippageTooHigh', 'the preview predicted it');
  const kept = (await ok(['stake', 'list', ...ALICE, '--json'])).stakes.find(
    (s: { hotkey: string }) => s.hotkey === validator,
  ).stake;
  assert.ok(BigInt(kept) >= BigInt(before), 'nothing was unstaked (emission may have added stake)');
  const wide = await ok([...remove, '--tolerance', '0.5', '--yes', '--json']);
  assert.equal(wide.success, true, JSON.stringify(wide));
  const removed = wide.events.find((e: { name: string }) => e.name === 'StakeRemoved').data;
  assert.equal(BigInt(removed.alpha) + BigInt(removed.fee), 20_000_000_000n);
});

/**
 * `tensorium subnet …`, `neuron register` and `axon serve` on an in-process dev chain: argument validation, the lock
 * cost and registration price `--explain` shows against what the chain charges, the read views (tables and JSON),
 * owner and sudo parameter changes, and predicted failures that the chain then reports the same way.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { keypairFromUri } from '@tensorium/primitives';
import { resolveAddress } from '@tensorium/sdk';
import { ALICE, freeze, fund, type Harness, HOT, harness, usage } from './subnetHarness.js';

const ALICE_ADDR = keypairFromUri('//Alice').address;
const BOB = ['--wallet', '//Bob'];

describe('subnet, neuron, axon: argument validation', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  it('rejects bad options with TNS_CLI_USAGE', async () => {
    await usage(h, ['subnet'], /missing subcommand \(list\|show\|create\|hyperparams\|set\|metagraph\|price\|start\)/);
    await usage(h, ['subnet', 'show'], /--netuid is required/);
    await usage(h, ['subnet', 'show', '--netuid', '-1'], /--netuid|Unknown option/);
    await usage(h, ['subnet', 'list', '--explain'], /--explain applies to create, start and set/);
    await usage(h, ['subnet', 'create', ...ALICE, '--param', 'tempo'], /belong to `subnet set`/);
    await usage(h, ['subnet', 'list', 'extra'], /unexpected argument "extra"/);
    await usage(h, ['neuron', 'register', ...ALICE, '--netuid', '0', '--hotkey', '//Alice//h1'], /root subnet/);
    await usage(
      h,
      ['neuron', 'register', ...ALICE, '--netuid', '1', '--hotkey', '//Alice//h1', '--max-cost', 'x'],
      /--max-cost/,
    );
    await usage(h, ['neuron', 'deregister'], /unknown subcommand "deregister" \(register\)/);
    const axon = ['axon', 'serve', '--hotkey', '//Alice//h1', '--netuid', '1', '--port', '8091'];
    await usage(h, [...axon, '--ip', '127.0.0.1'], /not allowed on chain .*InvalidIpAddress/);
    await usage(h, [...axon, '--ip', 'example.com'], /--ip must be an IPv4 or IPv6 address/);
    await usage(h, [...axon, '--ip', '300.1.1.1'], /--ip must be an IPv4 or IPv6 address/);
    await usage(
      h,
      ['axon', 'serve', '--hotkey', '//Alice//h1', '--netuid', '1', '--ip', '8.8.8.8', '--port', '0'],
      /--port must be 1–65535/,
    );
    await usage(h, [...axon, '--ip', '8.8.8.8', '--protocol', '256'], /--protocol must be a u8/);
  });
});

describe('subnet lifecycle', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });

  it('create --explain shows the lock cost the chain then charges; create makes subnet 1', async () => {
    const ex = await h.ok(['subnet', 'create', ...ALICE, '--hotkey', '//Alice//h0', '--explain', '--json']);
    assert.equal(ex.json.submitted, false);
    assert.equal(ex.json.call.fn, 'register_network');
    assert.equal(ex.json.call.args.hotkey, HOT(0));
    assert.equal(ex.json.expectedNetuid, 1);
    assert.equal(h.dev.head, 0);
    const r = await h.ok(['subnet', 'create', ...ALICE, '--hotkey', '//Alice//h0', '--yes', '--json']);
    assert.equal(r.json.netuid, 1);
    const added = r.json.events.find((e: { name: string }) => e.name === 'NetworkAdded').data;
    assert.equal(added.lock, ex.json.lockCost);
    // The second subnet costs twice the last lock minus its decay: the preview says exactly what is charged.
    const ex2 = await h.ok(['subnet', 'create', ...ALICE, '--hotkey', '//Alice//h0', '--explain', '--json']);
    assert.ok(BigInt(ex2.json.lockCost) > BigInt(ex.json.lockCost));
    const r2 = await h.ok(['subnet', 'create', ...ALICE, '--hotkey', '//Alice//h0', '--yes', '--json']);
    assert.equal(r2.json.netuid, 2);
    assert.equal(r2.json.events.find((e: { name: string }) => e.name === 'NetworkAdded').data.lock, ex2.json.lockCost);
    const text = await h.ok(['subnet', 'create', ...ALICE, '--hotkey', '//Alice//h0', '--explain']);
    assert.match(text.out, /^Lock cost: +[\d.]+ TAO at block #\d+ \(it doubles/m);
    assert.match(text.out, /^Netuid: +3 if no other subnet is registered first/m);
    assert.match(
      text.out,
      /When: +the subnet exists in the block that includes it .*`tensorium subnet start --netuid N`/,
    );
  });

  it('list and show, as tables and JSON', async () => {
    const list = await h.ok(['subnet', 'list', '--json']);
    assert.deepEqual(list.json, await h.dev.client.request('subnet_list'));
    assert.deepEqual(
      list.json.map((s: { netuid: number; started: boolean }) => [s.netuid, s.started]),
      [
        [1, false],
        [2, false],
      ],
    );
    const table = await h.ok(['subnet', 'list']);
    assert.match(table.out, /^netuid +owner +neurons +tempo +price/);
    assert.match(table.out, /^1 +5Grwva…GKutQY +1\/256 +10 +/m);
    const show = await h.ok(['subnet', 'show', '--netuid', '1']);
    assert.match(show.out, /started +no \(the owner runs `tensorium subnet start`\)/);
    assert.match(show.out, /next epoch +block #\d+/);
    const missing = await h.cli(['subnet', 'show', '--netuid', '9']);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /TNS_CLI_NOT_FOUND.*no subnet 9/);
  });

  it('start: explained, done, and a second start is predicted to fail as the chain fails it', async () => {
    const ex = await h.ok(['subnet', 'start', ...ALICE, '--netuid', '1', '--explain']);
    assert.match(ex.out, /What: +Start subnet 1: open staking and switch on its emission \(subnets\.start_call\)/);
    assert.match(ex.out, /When: +staking opens and emission starts the block after the one that includes it/);
    await h.ok(['subnet', 'start', ...ALICE, '--netuid', '1', '--yes']);
    const block = h.dev.head;
    assert.equal((await h.dev.client.request('subnet_info', 1))!.firstEmissionBlock, block + 1);
    const again = await h.ok(['subnet', 'start', ...ALICE, '--netuid', '1', '--explain']);
    assert.match(
      again.out,
      /Note: +subnet 1 was started at block #\d+: the chain will reject it \(subnets\.FirstEmissionBlockNumberAlreadySet\)/,
    );
    const r = await h.cli(['subnet', 'start', ...ALICE, '--netuid', '1', '--yes']);
    assert.equal(r.code, 1);
    assert.match(r.out, /failed on chain .*subnets\.FirstEmissionBlockNumberAlreadySet/);
    const notOwner = await h.ok(['subnet', 'start', ...BOB, '--netuid', '2', '--explain']);
    assert.match(notOwner.out, /does not own subnet 2 .*subnets\.BadOrigin/);
  });

  it('set: owner within bounds, sudo for the rest; bad names and values never reach the chain', async () => {
    await freeze(h, 1); // far from any epoch: no admin freeze window
    await usage(h, ['subnet', 'set', ...ALICE, '--netuid', '1', '--value', '1'], /--param NAME is required/);
    await usage(
      h,
      ['subnet', 'set', ...ALICE, '--netuid', '1', '--param', 'speed', '--value', '1'],
      /no parameter "speed"/,
    );
    await usage(
      h,
      ['subnet', 'set', ...ALICE, '--netuid', '1', '--param', 'kappa', '--value', '1'],
      /kappa is set by sudo only/,
    );
    await usage(
      h,
      ['subnet', 'set', ...ALICE, '--netuid', '1', '--param', 'reveal_period_epochs', '--value', '0'],
      /within \[1, 100\], got 0/,
    );
    await usage(
      h,
      ['subnet', 'set', ...ALICE, '--netuid', '1', '--param', 'yuma3_enabled', '--value', 'maybe'],
      /must be a boolean/,
    );
    await usage(
      h,
      ['subnet', 'set', ...ALICE, '--netuid', '1', '--param', 'min_stake', '--value', '1'],
      /global parameter: only sudo/,
    );
    await usage(
      h,
      ['subnet', 'set', ...ALICE, '--sudo', '--netuid', '1', '--param', 'min_stake', '--value', '1'],
      /global parameter: drop --netuid/,
    );
    const setTempo = ['subnet', 'set', ...ALICE, '--netuid', '1', '--param', 'tempo'];
    await usage(h, [...setTempo, '--value', '1'], /within \[2, 50400\], got 1/);
    const tempo = await h.ok([...setTempo, '--value', '5000', '--yes', '--json']);
    assert.equal(tempo.json.call.fn, 'set_tempo');
    assert.equal((await h.dev.client.request('subnet_info', 1))!.tempo, 5000);
    const ex = await h.ok([
      'subnet',
      'set',
      ...ALICE,
      '--netuid',
      '1',
      '--param',
      'immunity_period',
      '--value',
      '250',
      '--explain',
    ]);
    assert.match(ex.out, /Change: +immunity_period: 100 → 250/);
    assert.match(ex.out, /\(subnets\.set_hyperparameter\)/);
    await h.ok(['subnet', 'set', ...ALICE, '--netuid', '1', '--param', 'immunity_period', '--value', '250', '--yes']);
    const hp = await h.ok(['subnet', 'hyperparams', '--netuid', '1', '--json']);
    assert.equal(hp.json.hyperparameters.immunity_period, '250');
    assert.equal(hp.json.settable.immunity_period, 'owner');
    assert.equal(hp.json.settable.kappa, 'sudo');
    assert.equal(hp.json.settable.tempo, 'owner (set_tempo)');
    assert.equal(hp.json.settable.reveal_period_epochs, 'owner [1, 100]');
    const bob = await h.cli([
      'subnet',
      'set',
      ...BOB,
      '--netuid',
      '1',
      '--param',
      'serving_rate_limit',
      '--value',
      '5',
      '--yes',
    ]);
    assert.equal(bob.code, 1);
    assert.match(bob.err, /Note: +5FHneW.* does not own subnet 1 .*subnets\.NotSubnetOwner/);
    assert.match(bob.out, /failed on chain .*subnets\.NotSubnetOwner/);
    await h.ok(['subnet', 'set', ...ALICE, '--sudo', '--param', 'min_stake', '--value', '3000000', '--yes']);
    assert.equal(await h.dev.client.request('state_getStorage', 'params/min_stake'), '3000000');
    const notSudo = await h.ok([
      'subnet',
      'set',
      ...BOB,
      '--sudo',
      '--param',
      'min_stake',
      '--value',
      '1',
      '--explain',
    ]);
    assert.match(notSudo.out, /is not the sudo key: the chain will reject it/);
  });

  it('neuron register: the price shown is the price burned; duplicates and price limits are predicted', async () => {
    const info = (await h.dev.client.request('subnet_info', 1))!;
    const ex = await h.ok([
      'neuron',
      'register',
      ...ALICE,
      '--hotkey',
      '//Alice//h1',
      '--netuid',
      '1',
      '--explain',
      '--json',
    ]);
    assert.equal(ex.json.call.fn, 'burned_register');
    assert.equal(ex.json.priceNow, info.burn);
    assert.ok(BigInt(ex.json.price) < BigInt(info.burn), 'the price decays by the next block');
    const freeBefore = BigInt((await h.dev.client.getAccount(ALICE_ADDR)).free);
    const r = await h.ok([
      'neuron',
      'register',
      ...ALICE,
      '--hotkey',
      '//Alice//h1',
      '--netuid',
      '1',
      '--yes',
      '--json',
    ]);
    assert.equal(r.json.uid, 1);
    const paid = freeBefore - BigInt((await h.dev.client.getAccount(ALICE_ADDR)).free) - BigInt(r.json.fee);
    assert.equal(paid, BigInt(ex.json.price), 'the price shown for the next block is the price burned');
    const dup = await h.cli(['neuron', 'register', ...ALICE, '--hotkey', '//Alice//h1', '--netuid', '1', '--yes']);
    assert.equal(dup.code, 1);
    assert.match(dup.err, /already holds uid 1: the chain will reject it \(neurons\.HotKeyAlreadyRegisteredInSubNet\)/);
    assert.match(dup.out, /failed on chain .*neurons\.HotKeyAlreadyRegisteredInSubNet/);
    const cheap = await h.cli([
      'neuron',
      'register',
      ...ALICE,
      '--hotkey',
      '//Alice//h2',
      '--netuid',
      '1',
      '--max-cost',
      '0.001',
      '--yes',
    ]);
    assert.equal(cheap.code, 1);
    assert.match(cheap.err, /above --max-cost 0\.001 TAO: .*RegistrationPriceLimitExceeded/);
    assert.match(cheap.out, /neurons\.register_limit failed on chain .*neurons\.RegistrationPriceLimitExceeded/);
  });

  it('metagraph and price views match the RPC', async () => {
    const m = await h.ok(['subnet', 'metagraph', '--netuid', '1', '--json']);
    assert.deepEqual(m.json, await h.dev.client.request('subnet_metagraph', 1));
    const t = await h.ok(['subnet', 'metagraph', '--netuid', '1']);
    assert.match(t.out, /^subnet 1 metagraph at block #\d+: 2 neurons/);
    assert.match(t.out, new RegExp(`^1 +${HOT(1).slice(0, 6)}…`, 'm'));
    const p = await h.ok(['subnet', 'price', '--netuid', '1', '--json']);
    assert.equal(
      p.json.stakeQuotes[1].alphaOut,
      (await h.dev.client.request('swap_quote', 1, 'stake', '10000000000')).amountOut,
    );
    const all = await h.ok(['subnet', 'price']);
    assert.match(all.out, /^netuid +price +moving price/);
  });

  it('axon serve publishes the endpoint; serving again within the rate limit is predicted and refused alike', async () => {
    await fund(h, HOT(1));
    const args = ['axon', 'serve', '--hotkey', '//Alice//h1', '--netuid', '1', '--ip', '203.0.113.7', '--port', '8091'];
    const ex = await h.ok([...args, '--explain', '--json']);
    assert.equal(ex.json.call.fn, 'serve_axon');
    assert.equal(ex.json.call.args.ip_type, 4);
    await h.ok([...args, '--yes']);
    const n = (await h.dev.client.request('subnet_metagraph', 1))!.neurons[1]!;
    assert.deepEqual([n.axon?.ip, n.axon?.port, n.axon?.protocol], ['203.0.113.7', 8091, 4]);
    const again = await h.cli([...args.slice(0, -1), '9000', '--yes']);
    assert.equal(again.code, 1);
    assert.match(again.err, /serving again is allowed from block #\d+ .*ServingRateLimitExceeded/);
    assert.match(again.out, /refused by the chain: neurons\.ServingRateLimitExceeded .*nothing was included/);
    const v6 = await h.ok([
      'axon',
      'serve',
      '--hotkey',
      '//Alice//h1',
      '--netuid',
      '1',
      '--ip',
      '2001:db8::1',
      '--port',
      '8091',
      '--explain',
      '--json',
    ]);
    assert.equal(v6.json.call.args.ip_type, 6);
    const unfunded = await h.ok([
      'axon',
      'serve',
      '--hotkey',
      '//Alice//h9',
      '--netuid',
      '1',
      '--ip',
      '203.0.113.8',
      '--port',
      '1',
      '--explain',
    ]);
    assert.match(unfunded.out, /is not registered on subnet 1/);
    // serve_axon is feeless: an unfunded hotkey is fine, only the missing registration is reported.
    assert.match(unfunded.out, /no transaction fee/);
    assert.doesNotMatch(unfunded.out, /Payment/);
  });

  it('works with a btcli-layout wallet: the coldkey pays the registration, the hotkey file signs serve_axon', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tns-cli-subnet-'));
    try {
      const w = ['--wallet', 'miner', '--wallets-dir', dir];
      await h.ok(['wallet', 'create', ...w, '--hotkey', 'default', '--no-password']);
      const coldkey = resolveAddress({ wallet: 'miner', walletsDir: dir });
      const hotkey = resolveAddress({ wallet: 'miner', walletsDir: dir, useHotkey: true });
      await fund(h, coldkey);
      await fund(h, hotkey);
      const r = await h.ok(['neuron', 'register', ...w, '--netuid', '1', '--yes', '--json']);
      assert.equal(r.json.signer, coldkey);
      assert.equal(r.json.call.args.hotkey, hotkey);
      const a = await h.ok([
        'axon',
        'serve',
        ...w,
        '--netuid',
        '1',
        '--ip',
        '198.51.100.1',
        '--port',
        '7000',
        '--yes',
        '--json',
      ]);
      assert.equal(a.json.signer, hotkey);
      assert.equal((await h.dev.client.request('subnet_metagraph', 1))!.neurons[r.json.uid]!.axon?.port, 7000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

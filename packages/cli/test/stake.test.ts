/**
 * `tensorium stake …` on an in-process dev chain: argument validation, the quote/fee/slippage preview against the
 * chain's `swap_quote`, `--explain` submitting nothing, slippage guards through the `*_limit` calls (full fill,
 * SlippageTooHigh, partial fill), confirmation without a terminal, moves, transfers and the stake list.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { keypairFromUri } from '@tensorium/primitives';
import { ALICE, freeze, type Harness, HOT, harness, subnetWithNeurons, usage } from './subnetHarness.js';

const ALICE_ADDR = keypairFromUri('//Alice').address;
const BOB_ADDR = keypairFromUri('//Bob').address;
const ADD = ['stake', 'add', ...ALICE, '--hotkey', '//Alice//h1', '--netuid', '1'];
const REMOVE = ['stake', 'remove', ...ALICE, '--hotkey', '//Alice//h1', '--netuid', '1'];

async function held(h: Harness, coldkey: string, hotkey: string, netuid: number): Promise<bigint> {
  const s = (await h.dev.client.request('stake_list', coldkey)).find((x) => x.hotkey === hotkey && x.netuid === netuid);
  return s ? BigInt(s.stake) : 0n;
}

describe('stake: argument validation (no chain call)', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  it('rejects bad and conflicting options with TNS_CLI_USAGE', async () => {
    await usage(h, ['stake'], /missing subcommand/);
    await usage(h, ['stake', 'stash'], /unknown subcommand "stash"/);
    await usage(h, [...ADD.slice(0, -2), '--amount', '1'], /--netuid is required/);
    await usage(h, [...ADD.slice(0, -1), 'one', '--amount', '1'], /--netuid must be a whole number/);
    await usage(h, [...ADD.slice(0, -1), '70000', '--amount', '1'], /--netuid must be at most 65535/);
    await usage(h, ADD, /--amount AMOUNT is required/);
    await usage(h, [...ADD, '--amount', '0'], /--amount must be more than 0/);
    await usage(h, [...ADD, '--amount', '1.0000000001'], /more than 9 decimals/);
    await usage(
      h,
      [...ADD, '--amount', '1', '--limit-price', '1', '--tolerance', '0.01'],
      /either --limit-price or --tolerance/,
    );
    await usage(h, [...ADD, '--amount', '1', '--partial'], /--partial needs --limit-price or --tolerance/);
    await usage(h, [...ADD, '--amount', '1', '--tolerance', '1.5'], /--tolerance must be below 1/);
    await usage(h, [...ADD, '--amount', '1', '--tolerance', 'lots'], /--tolerance must be a fraction/);
    await usage(h, [...ADD, '--amount', '1', '--limit-price', '0'], /--limit-price: must be more than 0/);
    await usage(h, [...ADD, '--amount', '1', '--all'], /--all belongs to `stake remove`/);
    await usage(h, [...REMOVE, '--amount', '1', '--all'], /--amount or --all, not both/);
    await usage(h, [...REMOVE, '--all', '--tolerance', '0.1', '--partial'], /everything or nothing/);
    await usage(h, [...ADD, '--amount', '1', '--bogus'], /Unknown option '--bogus'/);
  });
});

describe('stake on a frozen pool (emission off: previews are exact)', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await subnetWithNeurons(h, { frozen: true });
  });

  it('add --explain shows the chain quote, fee and slippage and submits nothing', async () => {
    const head = h.dev.head;
    const before = await h.dev.client.getAccount(ALICE_ADDR);
    const q = await h.dev.client.request('swap_quote', 1, 'stake', '10000000000');
    const r = await h.ok([...ADD, '--amount', '10', '--explain']);
    assert.match(r.out, /^What: +Stake 10 TAO to hotkey .* on subnet 1 \(staking\.add_stake\)/m);
    assert.match(r.out, new RegExp(`Quote: +10 TAO → ${Number(q.amountOut) / 1e9} α`));
    assert.match(r.out, /Fee: +0\.005035477 TAO \(swap fee/);
    assert.match(r.out, /Slippage: +\d+\.\d+% \(price impact/);
    assert.match(r.out, /Cost: +10 TAO from the coldkey's free balance .* \+ transaction fee ~0\.\d+ TAO \(burned\)/);
    assert.match(r.out, /When: +the stake changes in the block that includes it .*next epoch at block #\d+/);
    assert.match(r.out, /--explain: nothing was submitted/);
    assert.equal(h.dev.head, head);
    assert.deepEqual(await h.dev.client.getAccount(ALICE_ADDR), before);
  });

  it('add executes exactly the quoted swap (same code as the chain) and stake list shows it', async () => {
    const ex = await h.ok([...ADD, '--amount', '10', '--explain', '--json']);
    assert.equal(ex.json.explain, true);
    assert.equal(ex.json.call.fn, 'add_stake');
    const quote = ex.json.preview.quote;
    assert.deepEqual(quote, await h.dev.client.request('swap_quote', 1, 'stake', '10000000000'));
    const r = await h.ok([...ADD, '--amount', '10', '--yes', '--json']);
    assert.equal(r.json.success, true);
    const added = r.json.events.find((e: { name: string }) => e.name === 'StakeAdded').data;
    assert.equal(added.alpha, quote.amountOut);
    assert.equal(added.fee, quote.fee);
    assert.equal(r.json.stake, quote.amountOut);
    assert.equal(BigInt(r.json.fee), BigInt(ex.json.fee), 'the fee estimate of --explain is the fee charged');
    const list = await h.ok(['stake', 'list', ...ALICE, '--json']);
    const row = list.json.stakes.find((s: { hotkey: string }) => s.hotkey === HOT(1));
    assert.equal(row.stake, quote.amountOut);
    assert.equal(row.unstakeNow, (await h.dev.client.request('swap_quote', 1, 'unstake', quote.amountOut)).amountOut);
    const table = await h.ok(['stake', 'list', ALICE_ADDR]);
    assert.match(table.out, /netuid +hotkey +stake +price +value \(spot\)/);
    assert.match(table.out, new RegExp(`^1 +${HOT(1).slice(0, 6)}…`, 'm'));
  });

  it('a tolerance becomes add_stake_limit with limit = price × (1 + tolerance); the whole amount fills', async () => {
    const info = (await h.dev.client.request('subnet_info', 1))!;
    const r = await h.ok([...ADD, '--amount', '1', '--tolerance', '5%', '--explain', '--json']);
    assert.equal(r.json.call.fn, 'add_stake_limit');
    assert.equal(r.json.call.args.limit_price, ((BigInt(info.price) * 1_050_000_000n) / 1_000_000_000n).toString());
    assert.equal(r.json.call.args.allow_partial, false);
    assert.equal(r.json.preview.guard.outcome, 'full');
    const before = await held(h, ALICE_ADDR, HOT(1), 1);
    const done = await h.ok([...ADD, '--amount', '1', '--tolerance', '5%', '--yes', '--json']);
    assert.equal(BigInt(done.json.stake) - before, BigInt(r.json.preview.quote.amountOut));
  });

  it('remove with a tight --limit-price: predicted and failed SlippageTooHigh, nothing but the fee charged', async () => {
    const info = (await h.dev.client.request('subnet_info', 1))!;
    const limit = (BigInt(info.price) * 9_999n) / 10_000n; // 0.01 % below the price: a 5 α sale passes it
    const limitTao = `${limit / 1_000_000_000n}.${(limit % 1_000_000_000n).toString().padStart(9, '0')}`;
    const ex = await h.ok([...REMOVE, '--amount', '5', '--limit-price', limitTao, '--explain']);
    assert.match(ex.out, /Guard: +limit price .* the chain will reject it \(staking\.SlippageTooHigh\)/);
    assert.match(ex.out, /Without guard: +5 α → /);
    const stake = await held(h, ALICE_ADDR, HOT(1), 1);
    const freeBefore = (await h.dev.client.getAccount(ALICE_ADDR)).free;
    const r = await h.cli([...REMOVE, '--amount', '5', '--limit-price', limitTao, '--yes']);
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      /✗ staking\.remove_stake_limit failed on chain in block #\d+: staking\.SlippageTooHigh — The price would pass the limit/,
    );
    assert.equal(await held(h, ALICE_ADDR, HOT(1), 1), stake);
    const block = (await h.dev.client.getBlock(h.dev.head))!;
    assert.equal(
      BigInt(freeBefore) - BigInt((await h.dev.client.getAccount(ALICE_ADDR)).free),
      BigInt(block.extrinsics[0]!.fee),
    );
  });

  it('--partial fills what fits within the limit (the preview says how much)', async () => {
    const stake = await held(h, ALICE_ADDR, HOT(1), 1);
    const ex = await h.ok([...REMOVE, '--amount', '5', '--tolerance', '0.001', '--partial', '--explain', '--json']);
    const g = ex.json.preview.guard;
    assert.equal(g.outcome, 'partial');
    assert.ok(BigInt(g.fills) > 0n && BigInt(g.fills) < 5_000_000_000n);
    const r = await h.ok([...REMOVE, '--amount', '5', '--tolerance', '0.001', '--partial', '--yes', '--json']);
    const removed = r.json.events.find((e: { name: string }) => e.name === 'StakeRemoved').data;
    assert.equal(
      BigInt(removed.alpha) + BigInt(removed.fee),
      BigInt(g.fills),
      'the event counts the alpha swapped net of its fee',
    );
    assert.equal(removed.fee, ex.json.preview.quote.fee);
    assert.equal(removed.tao, ex.json.preview.quote.amountOut);
    assert.equal(await held(h, ALICE_ADDR, HOT(1), 1), stake - BigInt(g.fills));
  });

  it('refuses to submit without a terminal and without --yes', async () => {
    const head = h.dev.head;
    const r = await h.cli([...ADD, '--amount', '1']);
    assert.equal(r.code, 1);
    assert.match(r.err, /Stake 1 TAO on subnet 1\?\nrefusing without a terminal to confirm: pass --yes/);
    assert.equal(h.dev.head, head);
  });

  it('remove of a stake never held, and of more than held, are explained before anything is sent', async () => {
    const r = await h.cli([
      'stake',
      'remove',
      ...ALICE,
      '--hotkey',
      '//Alice//h2',
      '--netuid',
      '1',
      '--amount',
      '1',
      '--explain',
    ]);
    assert.equal(r.code, 1);
    assert.match(r.err, /TNS_CLI_NOT_FOUND.*holds no stake on hotkey/);
    const more = await h.ok([...REMOVE, '--amount', '100000', '--explain']);
    assert.match(more.out, /Note: +only [\d.]+ α is staked: the chain unstakes that much/);
  });

  it('move to another hotkey on the same subnet swaps nothing; transfer gives stake to another coldkey', async () => {
    const ex = await h.ok([
      'stake',
      'move',
      ...ALICE,
      '--hotkey',
      '//Alice//h1',
      '--netuid',
      '1',
      '--dest-hotkey',
      '//Alice//h2',
      '--amount',
      '1',
      '--explain',
    ]);
    assert.match(ex.out, /Swap: +none: 1 α change hands on subnet 1 as is, without a fee/);
    assert.match(ex.out, /\(staking\.move_stake\)/);
    const h1 = await held(h, ALICE_ADDR, HOT(1), 1);
    await h.ok([
      'stake',
      'move',
      ...ALICE,
      '--hotkey',
      '//Alice//h1',
      '--netuid',
      '1',
      '--dest-hotkey',
      HOT(2),
      '--amount',
      '1',
      '--yes',
    ]);
    assert.equal(await held(h, ALICE_ADDR, HOT(1), 1), h1 - 1_000_000_000n);
    assert.equal(await held(h, ALICE_ADDR, HOT(2), 1), 1_000_000_000n);
    await h.ok([
      'stake',
      'transfer',
      ...ALICE,
      '--hotkey',
      '//Alice//h2',
      '--netuid',
      '1',
      '--dest',
      BOB_ADDR,
      '--amount',
      '0.5',
      '--yes',
    ]);
    assert.equal(await held(h, BOB_ADDR, HOT(2), 1), 500_000_000n);
    await usage(
      h,
      [
        'stake',
        'transfer',
        ...ALICE,
        '--hotkey',
        '//Alice//h2',
        '--netuid',
        '1',
        '--dest',
        BOB_ADDR,
        '--amount',
        '0.1',
        '--tolerance',
        '0.1',
      ],
      /no transfer_stake_limit/,
    );
    await usage(
      h,
      [
        'stake',
        'transfer',
        ...ALICE,
        '--hotkey',
        '//Alice//h2',
        '--netuid',
        '1',
        '--dest',
        'nobody',
        '--amount',
        '0.1',
      ],
      /--dest must be an SS58 address/,
    );
    await usage(
      h,
      ['stake', 'move', ...ALICE, '--hotkey', '//Alice//h1', '--netuid', '1', '--amount', '1'],
      /nothing to move/,
    );
  });
});

describe('stake move between subnets', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await subnetWithNeurons(h, { frozen: true });
    await h.ok(['subnet', 'create', ...ALICE, '--hotkey', '//Alice//h0', '--yes']);
    await h.ok(['subnet', 'start', ...ALICE, '--netuid', '2', '--yes']);
    await h.ok(['neuron', 'register', ...ALICE, '--hotkey', '//Alice//h1', '--netuid', '2', '--yes']);
    await freeze(h, 2);
    await h.ok([...ADD, '--amount', '20', '--yes']);
  });

  it('previews both legs with one fee and lands exactly what the preview says', async () => {
    const args = [
      'stake',
      'move',
      ...ALICE,
      '--hotkey',
      '//Alice//h1',
      '--netuid',
      '1',
      '--dest-netuid',
      '2',
      '--amount',
      '3',
    ];
    const ex = await h.ok([...args, '--explain', '--json']);
    const p = ex.json.preview;
    assert.equal(p.unstakeQuote.amountOut, p.stakeQuote.amountIn);
    assert.notEqual(p.unstakeQuote.fee, '0');
    assert.equal(p.stakeQuote.fee, '0', 'the destination leg of a move is fee-free');
    const text = await h.ok([...args, '--explain']);
    assert.match(text.out, /Unstake \(subnet 1\): +3 α → /);
    assert.match(text.out, /Stake \(subnet 2\): +[\d.]+ TAO → [\d.]+ α/);
    await h.ok([...args, '--yes']);
    assert.equal(await held(h, ALICE_ADDR, HOT(1), 2), BigInt(p.stakeQuote.amountOut));
  });

  it('a guarded move uses swap_stake_limit with the price ratio, and needs the same hotkey', async () => {
    const r = await h.ok([
      'stake',
      'move',
      ...ALICE,
      '--hotkey',
      '//Alice//h1',
      '--netuid',
      '1',
      '--dest-netuid',
      '2',
      '--amount',
      '1',
      '--tolerance',
      '0.2',
      '--explain',
      '--json',
    ]);
    assert.equal(r.json.call.fn, 'swap_stake_limit');
    const ratio = BigInt(r.json.preview.priceRatio);
    assert.equal(r.json.call.args.limit_price, ((ratio * 800_000_000n) / 1_000_000_000n).toString());
    await h.ok([
      'stake',
      'move',
      ...ALICE,
      '--hotkey',
      '//Alice//h1',
      '--netuid',
      '1',
      '--dest-netuid',
      '2',
      '--amount',
      '1',
      '--tolerance',
      '0.2',
      '--yes',
    ]);
    await usage(
      h,
      [
        'stake',
        'move',
        ...ALICE,
        '--hotkey',
        '//Alice//h1',
        '--netuid',
        '1',
        '--dest-netuid',
        '2',
        '--dest-hotkey',
        '//Alice//h2',
        '--amount',
        '1',
        '--tolerance',
        '0.2',
      ],
      /a guarded move keeps the hotkey/,
    );
  });

  it('remove --all without --netuid unstakes the hotkey everywhere (unstake_all), quoting each subnet', async () => {
    await usage(
      h,
      ['stake', 'remove', ...ALICE, '--hotkey', '//Alice//h1', '--all', '--tolerance', '0.1'],
      /no unstake_all with a limit/,
    );
    const ex = await h.ok(['stake', 'remove', ...ALICE, '--hotkey', '//Alice//h1', '--all', '--explain', '--json']);
    assert.equal(ex.json.call.fn, 'unstake_all');
    assert.deepEqual(
      ex.json.quotes.map((q: { netuid: number }) => q.netuid),
      [1, 2],
    );
    for (const q of ex.json.quotes)
      assert.deepEqual(q.quote, await h.dev.client.request('swap_quote', q.netuid, 'unstake', q.stake));
    const text = await h.ok(['stake', 'remove', ...ALICE, '--hotkey', '//Alice//h1', '--all', '--explain']);
    assert.match(text.out, /^Subnet 1: +[\d.]+ α → [\d.]+ TAO \(fee [\d.]+ α, slippage [\d.]+%\)/m);
    const r = await h.ok(['stake', 'remove', ...ALICE, '--hotkey', '//Alice//h1', '--all', '--yes', '--json']);
    assert.equal(await held(h, ALICE_ADDR, HOT(1), 1), 0n);
    assert.equal(await held(h, ALICE_ADDR, HOT(1), 2), 0n);
    const removed = r.json.events.filter((e: { name: string }) => e.name === 'StakeRemoved');
    assert.deepEqual(
      removed.map((e: { data: { netuid: number; tao: string } }) => [e.data.netuid, e.data.tao]),
      ex.json.quotes.map((q: { netuid: number; quote: { amountOut: string } }) => [q.netuid, q.quote.amountOut]),
    );
  });
});

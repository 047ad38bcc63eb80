/**
 * `tensorium weights set|commit|reveal`: the conversion of typed weights to u16 (the chain's max-upscaling, no floats),
 * argument validation, the chain's own set_weights checks as previews (and the chain agreeing), and a full
 * commit → reveal cycle using the salt and the reveal window the commit printed.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { weightsToU16 } from '../src/weightValues.js';
import { ALICE, type Harness, harness, subnetWithNeurons, usage } from './subnetHarness.js';

describe('weightsToU16', () => {
  it('keeps u16 integers, max-upscales decimals and larger integers exactly', () => {
    assert.deepEqual(weightsToU16('3,1', 2), [3, 1]);
    assert.deepEqual(weightsToU16('65535,0', 2), [65535, 0]);
    assert.deepEqual(weightsToU16('0.5,0.25', 2), [65535, 32768]);
    assert.deepEqual(weightsToU16('1.0,0.5', 2), [65535, 32768]);
    assert.deepEqual(weightsToU16('.2,.1,.1', 3), [65535, 32768, 32768]);
    // Above 32768 the chain scales by the I32F32 ratio 65535/max first: 50000 · (65535/100000) rounds to 32767.
    assert.deepEqual(weightsToU16('100000,50000', 2), [65535, 32767]);
    assert.deepEqual(weightsToU16('0,0', 2), [0, 0]);
    assert.deepEqual(weightsToU16('0.333333333,0.666666667', 2), [32767, 65535]);
  });
  it('rejects what is not a list of non-negative numbers, or of the wrong length', () => {
    assert.throws(() => weightsToU16('1,-1', 2), /TNS_CLI_USAGE|non-negative numbers/);
    assert.throws(() => weightsToU16('1,x', 2), /non-negative numbers/);
    assert.throws(() => weightsToU16('1', 2), /1 values for 2 uids/);
    assert.throws(() => weightsToU16('1e3,1', 2), /non-negative numbers/);
    assert.throws(() => weightsToU16('12345.123456789,1', 2), /too many digits/);
  });
});

describe('weights: argument validation', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  it('rejects bad options with TNS_CLI_USAGE', async () => {
    const base = ['weights', 'set', '--hotkey', '//Alice//h0', '--netuid', '1'];
    await usage(h, ['weights', 'burn'], /unknown subcommand "burn" \(set\|commit\|reveal\)/);
    await usage(h, base, /--uids 0,1,… is required/);
    await usage(h, [...base, '--uids', '1,2'], /--weights w0,w1,… is required/);
    await usage(h, [...base, '--uids', '1,2', '--weights', '1'], /1 values for 2 uids/);
    await usage(h, [...base, '--uids', '1,,2', '--weights', '1,1'], /--uids must be a comma-separated list/);
    await usage(h, [...base, '--uids', '70000', '--weights', '1'], /--uids must be at most 65535/);
    await usage(h, [...base, '--uids', '1', '--weights', '1', '--salt', '1'], /--salt belongs to commit and reveal/);
    await usage(h, [...base, '--uids', '1', '--weights', '1', '--version-key', 'v2'], /--version-key must be a u64/);
    await usage(
      h,
      ['weights', 'reveal', '--hotkey', '//Alice//h0', '--netuid', '1', '--uids', '1', '--weights', '1'],
      /--salt is required to reveal/,
    );
  });
});

describe('weights on a subnet', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
    await subnetWithNeurons(h);
  });

  it('set: the preview runs the chain checks (no permit yet) and the chain agrees', async () => {
    const args = ['weights', 'set', '--hotkey', '//Alice//h1', '--netuid', '1', '--uids', '2', '--weights', '1'];
    const ex = await h.ok([...args, '--explain', '--json']);
    assert.equal(ex.json.chainError, 'weights.NeuronNoValidatorPermit');
    const r = await h.cli([...args, '--yes']);
    assert.equal(r.code, 1);
    assert.match(r.err, /Note: +the chain would reject it now: weights\.NeuronNoValidatorPermit/);
    assert.match(r.out, /refused by the chain: weights\.NeuronNoValidatorPermit .*no fee/);
  });

  it('set by the owner hotkey: stored max-upscaled, shown in the metagraph; too fast again is predicted', async () => {
    const args = [
      'weights',
      'set',
      '--hotkey',
      '//Alice//h0',
      '--netuid',
      '1',
      '--uids',
      '1,2',
      '--weights',
      '0.25,0.75',
    ];
    const ex = await h.ok([...args, '--explain']);
    assert.match(ex.out, /Weights: +uid 1: 21845 → 25(\.0)?%, uid 2: 65535 → 75(\.0)?%/);
    assert.match(ex.out, /Stored: +1:21845 2:65535/);
    assert.match(ex.out, /When: +stored in the block that includes it; used by the next epoch at block #\d+/);
    const r = await h.ok([...args, '--yes', '--json']);
    assert.deepEqual(r.json.call.args.weights, [21845, 65535]);
    const m = (await h.dev.client.request('subnet_metagraph', 1))!;
    assert.equal(m.neurons[0]!.lastUpdate, r.json.block);
    const fast = await h.ok([...args, '--explain', '--json']);
    assert.equal(fast.json.chainError, 'weights.SettingWeightsTooFast');
  });

  it('commit → reveal in the printed window, with the printed salt; early and mismatched reveals fail as explained', async () => {
    await h.ok([
      'subnet',
      'set',
      ...ALICE,
      '--sudo',
      '--netuid',
      '1',
      '--param',
      'commit_reveal_weights_enabled',
      '--value',
      'true',
      '--yes',
    ]);
    const set = await h.ok([
      'weights',
      'set',
      '--hotkey',
      '//Alice//h0',
      '--netuid',
      '1',
      '--uids',
      '1',
      '--weights',
      '1',
      '--explain',
      '--json',
    ]);
    assert.equal(set.json.chainError, 'weights.CommitRevealEnabled');
    h.dev.advanceBlocks(2); // past the weights rate limit of the set above
    // The hard case: the commit lands in an epoch's block, after that epoch ran.
    while ((await h.dev.client.request('subnet_info', 1))!.nextEpochBlock !== h.dev.head + 1) h.dev.advanceBlocks(1);
    const c = await h.ok([
      'weights',
      'commit',
      '--hotkey',
      '//Alice//h0',
      '--netuid',
      '1',
      '--uids',
      '1,2',
      '--weights',
      '2,1',
      '--yes',
      '--json',
    ]);
    assert.equal(c.json.success, true);
    const { salt, revealWindow, reveal } = c.json;
    assert.equal(salt.length, 8);
    assert.match(
      reveal,
      new RegExp(`^tensorium weights reveal --netuid 1 --uids 1,2 --weights 2,1 --salt ${salt.join(',')}$`),
    );
    const revealArgs = [...reveal.split(' ').slice(1), '--hotkey', '//Alice//h0', '--yes'];
    const early = await h.cli(revealArgs);
    assert.equal(early.code, 1);
    assert.match(early.out, /weights\.RevealTooEarly/);
    while (h.dev.head + 1 < revealWindow.from) h.dev.advanceBlocks(1);
    const wrong = await h.cli([...revealArgs.map((a: string) => (a === salt.join(',') ? '1,2,3' : a))]);
    assert.match(wrong.out, /weights\.InvalidRevealCommitHashNotMatch/);
    assert.ok(h.dev.head + 1 <= revealWindow.to, 'still inside the reveal window');
    const r = await h.ok([...revealArgs, '--json']);
    assert.equal(r.json.success, true, JSON.stringify(r.json));
    assert.ok(r.json.block >= revealWindow.from && r.json.block <= revealWindow.to);
    assert.ok(r.json.events.some((e: { name: string }) => e.name === 'WeightsRevealed'));
  });
});

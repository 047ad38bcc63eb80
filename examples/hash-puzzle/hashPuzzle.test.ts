/**
 * The hash-puzzle subnet on the in-process dev chain: the puzzle is verifiable (solutions check, wrong nonces do
 * not), the score rewards correctness and speed, and a subnet of three miners (one cheating) and a validator ends with
 * weights on chain, incentive for the honest miners and none for the cheater.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, keypairFromUri } from '@tensorium/primitives';
import { createDevChain, createLocalSubnet, type SynapseResult } from '@tensorium/sdk';
import { puzzleMiner } from './miner.js';
import { leadingZeroBits, puzzleHash, solve, verify } from './protocol.js';
import { puzzleValidator, score } from './validator.js';

const TAO = 1_000_000_000n;
const k = (uri: string) => keypairFromUri(uri);
const stops: (() => Promise<void>)[] = [];

before(async () => {
  await cryptoReady();
});
after(async () => {
  for (const s of stops) await s().catch(() => {});
});

describe('hash-puzzle subnet', () => {
  it('has verifiable answers and scores correctness, then speed', async () => {
    assert.equal(leadingZeroBits(Uint8Array.of(0, 0x1f, 0xff)), 11);
    assert.equal(leadingZeroBits(new Uint8Array(4)), 32);
    const seed = 'ab'.repeat(32);
    const nonce = (await solve(seed, 10))!;
    assert.ok(leadingZeroBits(puzzleHash(seed, nonce)) >= 10);
    assert.ok(verify(seed, 10, nonce));
    for (let n = 0; n < nonce; n++) assert.equal(verify(seed, 10, n), false, 'the first solution is the smallest');
    assert.equal(verify(seed, 10, null), false);
    assert.equal(verify(seed, 10, -1), false);
    const aborted = new AbortController();
    aborted.abort();
    assert.equal(await solve(seed, 30, aborted.signal), null);
    const result = (nonce: number | null, processTime: number, ok = true) =>
      ({ ok, response: ok ? { nonce } : undefined, processTime }) as unknown as SynapseResult<{
        nonce?: number | null;
      }>;
    const task = { seed, difficulty: 10 };
    assert.equal(score(task, result(nonce, 0), 6), 1);
    assert.equal(score(task, result(nonce, 3), 6), 0.9);
    assert.equal(score(task, result(nonce, 60), 6), 0.8);
    assert.equal(score(task, result(nonce + 1, 0), 6), verify(seed, 10, nonce + 1) ? 1 : 0);
    assert.equal(score(task, result(null, 0, false), 6), 0);
  });

  it('pays the honest miners and not the cheater', async () => {
    const dev = await createDevChain();
    const miners = [0, 1, 2].map((i) => ({ coldkey: k('//Bob'), hotkey: k(`//Bob//miner${i}`) }));
    const validator = { coldkey: k('//Charlie'), hotkey: k('//Charlie//validator0'), stake: 100n * TAO };
    const { netuid, uids } = await createLocalSubnet(dev.client, {
      owner: dev.alice,
      ownerHotkey: k('//Alice//owner'),
      neurons: [...miners, validator],
    });
    const running = miners.map((m, i) =>
      puzzleMiner({
        client: dev.client,
        netuid,
        hotkey: m.hotkey,
        port: 0,
        host: '127.0.0.2',
        externalIp: '127.0.0.2',
        cheat: i === 2,
      }),
    );
    for (const m of running) {
      stops.push(() => m.stop());
      await m.start();
    }
    dev.advanceEpochs(1, netuid);
    const v = puzzleValidator({ client: dev.client, netuid, hotkey: validator.hotkey, difficulty: 8, epochLength: 5 });
    stops.push(() => v.stop());
    const decisions = [];
    for (let i = 0; i < 12; i++) {
      decisions.push(...(await v.step()).weights);
      dev.advanceBlocks(1);
    }
    const set = decisions.filter((d) => d.action === 'set');
    assert.ok(set.length >= 1, decisions.map((d) => d.reason).join('\n'));
    const cheater = uids[2]!;
    assert.ok(
      set.every((d) => !d.vector!.some(([u]) => u === cheater)),
      'the cheater never gets a weight',
    );
    dev.advanceEpochs(2, netuid);
    const mg = (await dev.client.request('subnet_metagraph', netuid))!;
    for (const u of uids.slice(0, 2)) assert.ok(mg.neurons[u]!.incentive > 0, `honest miner ${u}`);
    assert.equal(mg.neurons[cheater]!.incentive, 0);
    assert.equal(v.scores[cheater], 0);
  });
});

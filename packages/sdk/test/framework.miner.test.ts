/**
 * createMiner against the in-process dev chain, with its axon on a loopback address: the registration check, the axon
 * published on chain once (then "unchanged", or refused by serving_rate_limit with the block it may retry at), the
 * metagraph as the axon's caller policy (validators served, unregistered and non-validator callers 403), the
 * author's blacklist, and re-serving after the metagraph shows the hotkey again under a new uid.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, type Keypair, keypairFromUri } from '@tensorium/primitives';
import {
  createDendrite,
  createDevChain,
  createLocalSubnet,
  createMiner,
  defineSynapse,
  type Miner,
  NeuronError,
  type NeuronLogger,
} from '@tensorium/sdk';
import { z } from 'zod';

const TAO = 1_000_000_000n;
const HOST = '127.0.0.2'; // 127.0.0.1 is refused by serve_axon (as on the reference chain); the rest of 127/8 is loopback too
const k = (uri: string): Keypair => keypairFromUri(uri);

const Square = defineSynapse({
  name: 'Square',
  request: z.object({ x: z.int() }),
  response: z.object({ y: z.int().nullable().optional() }),
});

function capture(): { logger: NeuronLogger; lines: ({ level: string; event: string } & Record<string, unknown>)[] } {
  const lines: ({ level: string; event: string } & Record<string, unknown>)[] = [];
  const at =
    (level: string) =>
    (event: string, fields: Record<string, unknown> = {}) =>
      lines.push({ level, event, ...fields });
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

before(async () => {
  await cryptoReady();
});

/** Waits until `cond` holds (polling), failing after `ms`. */
async function eventually(cond: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Miners to stop after the tests even when an assertion failed (a listening axon keeps the process alive). */
const started: Miner<typeof Square>[] = [];
after(async () => {
  for (const m of started) await m.stop().catch(() => {});
});

describe('createMiner', () => {
  it('checks registration, publishes its axon once, and serves only registered validators', async () => {
    const dev = await createDevChain();
    const miner = { coldkey: k('//Bob'), hotkey: k('//Bob//miner') };
    const other = { coldkey: k('//Bob'), hotkey: k('//Bob//other') };
    const validator = { coldkey: k('//Charlie'), hotkey: k('//Charlie//val'), stake: 20n * TAO };
    const { netuid, uids } = await createLocalSubnet(dev.client, {
      owner: dev.alice,
      ownerHotkey: k('//Alice//owner'),
      neurons: [miner, other, validator],
    });
    dev.advanceEpochs(1, netuid); // validator permits are assigned at epochs
    const common = { client: dev.client, netuid, synapses: [Square], axon: { host: HOST, externalIp: HOST, port: 0 } };

    const stranger = createMiner({ ...common, hotkey: k('//Eve//nope'), forward: ({ x }) => ({ y: x * x }) });
    await assert.rejects(
      stranger.start(),
      (e: unknown) => e instanceof NeuronError && e.code === 'TNS_NEURON_NOT_REGISTERED',
    );

    const log = capture();
    const m = createMiner({
      ...common,
      hotkey: miner.hotkey,
      forward: ({ x }) => ({ y: x * x }),
      blacklist: (ctx) => (ctx.hotkey === k('//Alice//owner').address ? [true, 'not you'] : false),
      logger: log.logger,
    });
    started.push(m);
    await m.start();
    assert.equal(m.uid, uids[0]);
    const served = log.lines.find((l) => l.event === 'miner.axon_served');
    assert.ok(served, 'axon served');
    const mg = (await dev.client.request('subnet_metagraph', netuid))!;
    const axon = mg.neurons[uids[0]!]!.axon!;
    assert.deepEqual([axon.ip, axon.port, axon.ipType, axon.protocol], [HOST, m.axon.port, 4, 4]);
    assert.equal(axon.block, served.txBlock);
    assert.equal(await m.serve(), 'unchanged');

    const target = { ip: HOST, port: m.axon.port, hotkey: miner.hotkey.address };
    const ask = async (hotkey: Keypair) => {
      const d = createDendrite({ hotkey });
      try {
        return await d.call(target, Square, { x: 12 }, { timeout: 5 });
      } finally {
        d.close();
      }
    };
    const ok = await ask(validator.hotkey);
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.ok && ok.response.y, 144);
    const unregistered = await ask(k('//Ferdie//x'));
    assert.deepEqual(
      [unregistered.statusCode, unregistered.statusMessage],
      [403, 'Forbidden. Key is blacklisted: Unrecognized hotkey.'],
    );
    const nonValidator = await ask(other.hotkey);
    assert.deepEqual(
      [nonValidator.statusCode, nonValidator.statusMessage],
      [403, 'Forbidden. Key is blacklisted: Non-validator hotkey.'],
    );
    // The owner hotkey has stake and a permit, so only the author's blacklist refuses it.
    const owner = await ask(k('//Alice//owner'));
    assert.deepEqual([owner.statusCode, owner.statusMessage], [403, 'Forbidden. Key is blacklisted: not you.']);
    await m.stop();

    // The same hotkey on another port right away: serving_rate_limit (50 blocks on dev) refuses, with the retry block.
    const log2 = capture();
    const again = createMiner({ ...common, hotkey: miner.hotkey, forward: ({ x }) => ({ y: x }), logger: log2.logger });
    started.push(again);
    await again.start();
    const limited = log2.lines.find((l) => l.event === 'miner.serve_rate_limited');
    assert.ok(limited, 'rate limited');
    assert.match(
      String(limited.reason),
      new RegExp(`served at block ${axon.block}; serving_rate_limit 50: next at block ${axon.block + 50}`),
    );
    // Past the limit, the next epoch sync re-serves the new endpoint.
    dev.advanceBlocks(axon.block + 50 - dev.head);
    dev.advanceEpochs(1, netuid);
    await eventually(() => log2.lines.some((l) => l.event === 'miner.axon_served'), 'the axon served again');
    const now = (await dev.client.request('subnet_metagraph', netuid))!.neurons[uids[0]!]!.axon!;
    assert.equal(now.port, again.axon.port);
    assert.ok(log2.lines.some((l) => l.event === 'miner.axon_served'));
    await again.stop();
  });

  it('follows its registration: logs a deregistration and re-serves under the new uid', async () => {
    const dev = await createDevChain();
    const neurons = Array.from({ length: 7 }, (_, i) => ({ coldkey: k('//Bob'), hotkey: k(`//Bob//n${i}`) }));
    const { netuid } = await createLocalSubnet(dev.client, {
      owner: dev.alice,
      ownerHotkey: k('//Alice//owner'),
      neurons,
      hyperparameters: { max_allowed_uids: '8' },
    });
    const log = capture();
    // uid 1 is the earliest registration with no emission: the next registration on the full subnet replaces it.
    const m = createMiner({
      client: dev.client,
      netuid,
      hotkey: neurons[0]!.hotkey,
      synapses: [Square],
      forward: ({ x }) => ({ y: x * x }),
      axon: { host: HOST, externalIp: HOST, port: 0 },
      resync: 'block',
      logger: log.logger,
    });
    started.push(m);
    await m.start();
    assert.equal(m.uid, 1);
    await dev.client.send(k('//Bob'), {
      module: 'neurons',
      fn: 'burned_register',
      args: { netuid, hotkey: k('//Bob//newcomer').address },
    });
    await eventually(() => m.uid === undefined, 'the deregistration seen');
    assert.ok(log.lines.some((l) => l.event === 'miner.deregistered' && l.previousUid === 1));
    // Registered again (replacing the next neuron): it publishes its axon for the new uid.
    await dev.client.send(k('//Bob'), {
      module: 'neurons',
      fn: 'burned_register',
      args: { netuid, hotkey: neurons[0]!.hotkey.address },
    });
    await eventually(
      () => log.lines.some((l) => l.event === 'miner.axon_served' && l.uid !== 1),
      'the axon served for the new uid',
    );
    const uid = m.uid!;
    assert.ok(uid > 1, `new uid ${uid}`);
    assert.ok(log.lines.some((l) => l.event === 'miner.registered' && l.uid === uid));
    const axon = (await dev.client.request('subnet_metagraph', netuid))!.neurons[uid]!.axon;
    assert.equal(axon?.port, m.axon.port);
    await m.stop();
  });
});

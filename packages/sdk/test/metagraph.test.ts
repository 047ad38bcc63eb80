/**
 * The metagraph against the in-process dev chain: arrays and axons equal to `subnet_metagraph`, float views and the
 * reference's field names, lookups for the axon's `callers`, a `sync()` that fetches nothing when the head has not
 * moved and `subnet_info` only after an epoch, diffs that report new uids, replaced hotkeys and changed axons, and
 * `watch()` following epochs. Also `devChain.advanceEpochs`.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoReady, type Keypair, keypairFromUri } from '@tensorium/primitives';
import {
  createDevChain,
  createLocalSubnet,
  createMetagraph,
  type DevChain,
  type MetagraphDiff,
  TensoriumClient,
} from '@tensorium/sdk';

const TAO = 1_000_000_000n;
const k = (uri: string): Keypair => keypairFromUri(uri);

/** A client over the dev chain that records every method it calls. */
function countingClient(dev: DevChain): { client: TensoriumClient; calls: string[] } {
  const calls: string[] = [];
  const t = dev.client.transport;
  const client = new TensoriumClient({
    request: (m, p) => {
      calls.push(m);
      return t.request(m, p);
    },
    subscribe: (...a) => t.subscribe(...a),
    close: () => t.close(),
  });
  return { client, calls };
}

async function subnet(dev: DevChain, miners = 3) {
  const neurons = [
    ...Array.from({ length: miners }, (_, i) => ({ coldkey: k('//Bob'), hotkey: k(`//Bob//m${i}`) })),
    { coldkey: k('//Charlie'), hotkey: k('//Charlie//v'), stake: 50n * TAO },
  ];
  const s = await createLocalSubnet(dev.client, { owner: dev.alice, ownerHotkey: k('//Alice//owner'), neurons });
  return { ...s, neurons };
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

describe('metagraph', () => {
  it('mirrors subnet_metagraph, with float views, reference names and caller lookups', async () => {
    const dev = await createDevChain();
    const { netuid, neurons } = await subnet(dev);
    await dev.client.send(neurons[0]!.hotkey, {
      module: 'neurons',
      fn: 'serve_axon',
      args: { netuid, version: 7, ip: '203.0.113.9', port: 8091, ip_type: 4, protocol: 4 },
    });
    dev.advanceEpochs(2, netuid);
    const m = createMetagraph(dev.client, netuid);
    const diff = await m.sync();
    const raw = (await dev.client.request('subnet_metagraph', netuid))!;
    assert.equal(m.block, raw.block);
    assert.equal(m.block, dev.head);
    assert.equal(m.blockHash, (await dev.client.getHeader())!.hash);
    assert.equal(m.n, 5);
    assert.deepEqual(m.uids, [0, 1, 2, 3, 4]);
    assert.deepEqual(diff.added, [0, 1, 2, 3, 4]);
    assert.deepEqual(
      m.hotkeys,
      raw.neurons.map((x) => x.hotkey),
    );
    assert.deepEqual(
      m.stakeWeightRao,
      raw.neurons.map((x) => BigInt(x.stakeWeight)),
    );
    assert.deepEqual(
      m.incentiveU16,
      raw.neurons.map((x) => x.incentive),
    );
    assert.deepEqual(
      m.lastUpdate,
      raw.neurons.map((x) => x.lastUpdate),
    );
    // The validator (uid 4) holds stake and a permit; its float stake is stake weight / 1e9.
    assert.equal(m.validatorPermit[4], true);
    assert.ok(m.stakeWeightRao[4]! > 0n);
    assert.equal(m.S[4], Number(m.stakeWeightRao[4]) / 1e9);
    assert.equal(m.validator_permit, m.validatorPermit);
    assert.equal(m.last_update, m.lastUpdate);
    assert.deepEqual(
      m.I,
      m.incentiveU16.map((v) => v / 65535),
    );
    assert.deepEqual(
      m.E,
      m.emissionRao.map((v) => Number(v) / 1e9),
    );
    assert.equal(m.hotkeys.indexOf(neurons[3]!.hotkey.address), 4);
    // Axons: uid 1 serves, the others publish nothing (not serving).
    assert.equal(m.axons[1]!.ip, '203.0.113.9');
    assert.equal(m.axons[1]!.port, 8091);
    assert.equal(m.axons[1]!.version, 7);
    assert.equal(m.axons[1]!.isServing, true);
    assert.equal(m.axons[1]!.hotkey, neurons[0]!.hotkey.address);
    assert.equal(m.axons[1]!.coldkey, k('//Bob').address);
    assert.equal(m.axons[2]!.isServing, false);
    assert.equal(m.axons[2]!.ip, '0.0.0.0');
    // Lookups for the axon's caller policy.
    assert.deepEqual(m.lookup(neurons[3]!.hotkey.address), {
      registered: true,
      validatorPermit: true,
      stake: m.stakeWeightRao[4],
      uid: 4,
    });
    assert.equal(m.callers(k('//Nobody').address), undefined);
    assert.equal(m.uidOf(neurons[1]!.hotkey.address), 2);
    // Subnet-level values.
    assert.equal(m.tempo, 10);
    assert.equal(m.hpNumber('weights_set_rate_limit'), 2);
    assert.equal(m.hpBool('commit_reveal_weights_enabled'), false);
    assert.equal(m.ownerHotkey, k('//Alice//owner').address);
  });

  it('fetches nothing when the head has not moved and subnet_info only after an epoch', async () => {
    const dev = await createDevChain();
    const { netuid } = await subnet(dev, 1);
    const { client, calls } = countingClient(dev);
    const m = createMetagraph(client, netuid);
    await m.sync();
    assert.deepEqual(calls.sort(), ['chain_getHeader', 'subnet_info', 'subnet_metagraph']);
    calls.length = 0;
    const same = await m.sync();
    assert.equal(same.fetched, false);
    assert.deepEqual(calls, ['chain_getHeader']);
    // A block before the next epoch: the metagraph only.
    const next = m.nextEpochBlock!;
    assert.ok(next > dev.head + 1, `next epoch ${next}, head ${dev.head}`);
    dev.advanceBlocks(1);
    calls.length = 0;
    const d1 = await m.sync();
    assert.equal(d1.fetched, true);
    assert.equal(d1.subnetInfoFetched, false);
    assert.equal(d1.epoch, false);
    assert.deepEqual(calls.sort(), ['chain_getHeader', 'subnet_metagraph']);
    // At the epoch block: subnet_info again, and the diff says an epoch ran.
    const epochBefore = m.epochIndex;
    dev.advanceBlocks(next - dev.head);
    calls.length = 0;
    const d2 = await m.sync();
    assert.equal(d2.subnetInfoFetched, true);
    assert.equal(d2.epoch, true);
    assert.equal(m.epochIndex, epochBefore + 1);
    assert.equal(m.nextEpochBlock, next + m.tempo);
    // force refetches everything.
    calls.length = 0;
    await m.sync({ force: true });
    assert.deepEqual(calls.sort(), ['chain_getHeader', 'subnet_info', 'subnet_metagraph']);
  });

  it('reports new uids, replaced hotkeys and changed axons', async () => {
    const dev = await createDevChain();
    // 8 slots (the smallest max_allowed_uids), filled: the next registration replaces a neuron.
    const neurons = Array.from({ length: 7 }, (_, i) => ({ coldkey: k('//Bob'), hotkey: k(`//Bob//n${i}`) }));
    const { netuid } = await createLocalSubnet(dev.client, {
      owner: dev.alice,
      ownerHotkey: k('//Alice//owner'),
      neurons: neurons.slice(0, 6),
      hyperparameters: { max_allowed_uids: '8' },
    });
    const m = createMetagraph(dev.client, netuid);
    await m.sync();
    assert.equal(m.n, 7);
    await dev.client.send(k('//Bob'), {
      module: 'neurons',
      fn: 'burned_register',
      args: { netuid, hotkey: neurons[6]!.hotkey.address },
    });
    await dev.client.send(neurons[2]!.hotkey, {
      module: 'neurons',
      fn: 'serve_axon',
      args: { netuid, version: 1, ip: '198.51.100.4', port: 9000, ip_type: 4, protocol: 4 },
    });
    const d1 = await m.sync();
    assert.deepEqual(d1.added, [7]);
    assert.deepEqual(d1.replaced, []);
    assert.deepEqual(d1.axonsChanged, [3]);
    // Full: a new hotkey takes the place of an existing neuron.
    const newcomer = k('//Bob//newcomer');
    await dev.client.send(k('//Bob'), {
      module: 'neurons',
      fn: 'burned_register',
      args: { netuid, hotkey: newcomer.address },
    });
    const d2 = await m.sync();
    assert.equal(m.n, 8);
    assert.equal(d2.added.length, 0);
    assert.equal(d2.replaced.length, 1);
    const uid = d2.replaced[0]!;
    assert.equal(m.hotkeys[uid], newcomer.address);
    assert.equal(m.uidOf(newcomer.address), uid);
    assert.equal(m.registeredAt[uid], m.block);
  });

  it('watch() syncs after every epoch; advanceEpochs jumps to epoch blocks', async () => {
    const dev = await createDevChain();
    const { netuid } = await subnet(dev, 1);
    const m = createMetagraph(dev.client, netuid);
    const seen: MetagraphDiff[] = [];
    const stop = await m.watch((d) => {
      seen.push(d);
    });
    dev.advanceBlocks(1); // the first head triggers the first sync
    await eventually(() => seen.length === 1, 'the first sync');
    const epoch0 = m.epochIndex;
    dev.advanceBlocks(1); // not an epoch: no sync
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(seen.length, 1);
    dev.advanceEpochs(1, netuid);
    await eventually(() => seen.length === 2, 'a sync after the epoch');
    const head = dev.advanceEpochs(1, netuid);
    await eventually(() => seen.length === 3, 'a sync after the second epoch');
    const info = (await dev.client.request('subnet_info', netuid))!;
    assert.equal(info.epochIndex, epoch0 + 2);
    assert.equal(info.lastEpochBlock, head, 'advanceEpochs stops at the epoch block');
    assert.equal(seen.length, 3);
    assert.ok(seen.slice(1).every((d) => d.epoch && d.subnetInfoFetched));
    assert.equal(m.epochIndex, epoch0 + 2);
    await stop();
    dev.advanceEpochs(1);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(seen.length, 3, 'no sync after stop');
    // Without a netuid every subnet advances; a subnet with tempo 0 cannot.
    assert.throws(() => dev.advanceEpochs(1, 99), /no subnet 99/);
    // Blocks produced faster than a sync are coalesced: one sync at the end, at the latest head.
    const before = seen.length;
    const stop2 = await m.watch((d) => {
      seen.push(d);
    });
    dev.advanceBlocks(1);
    await eventually(() => seen.length === before + 1, 'the first sync of the second watch');
    const end = dev.advanceEpochs(3, netuid);
    await eventually(() => m.block === end, 'a sync at the last head');
    await stop2();
    assert.ok(seen.length - before <= 3, `${seen.length - before} syncs`);
    assert.equal(seen.at(-1)!.block, end);
    assert.equal(m.block, end);
  });
});

/**
 * Command line for the hash-puzzle subnet against a node (see README.md):
 *   main.ts setup      registers a subnet and dev-key neurons on a dev node, prints the commands to run them
 *   main.ts miner      runs a miner          main.ts validator   runs a validator
 *   main.ts status     prints the metagraph (incentive, dividends, emission, stake, axon)
 */
import { parseArgs } from 'node:util';
import { cryptoReady, keypairFromUri } from '@tensorium/primitives';
import { createClient, createLocalSubnet, createSyncedMetagraph, jsonLogger, resolveSigner } from '@tensorium/sdk';
import { puzzleMiner } from './miner.js';
import { puzzleValidator } from './validator.js';

const { positionals, values: v } = parseArgs({
  allowPositionals: true,
  options: {
    rpc: { type: 'string', default: 'ws://127.0.0.1:9944' },
    netuid: { type: 'string', default: '1' },
    wallet: { type: 'string' },
    hotkey: { type: 'string' },
    port: { type: 'string', default: '8091' },
    host: { type: 'string', default: '0.0.0.0' },
    'external-ip': { type: 'string' },
    cheat: { type: 'boolean', default: false },
    difficulty: { type: 'string', default: '12' },
    'epoch-length': { type: 'string', default: '20' },
    'sample-size': { type: 'string', default: '50' },
    miners: { type: 'string', default: '4' },
    validators: { type: 'string', default: '2' },
  },
});

const TAO = 1_000_000_000n;
const command = positionals[0];
await cryptoReady();
const client = createClient(v.rpc);
const netuid = Number(v.netuid);
const logger = jsonLogger({ name: `${command}${v.hotkey ? ` ${v.hotkey}` : ''}` });
const hotkey = async () =>
  resolveSigner({ ...(v.wallet ? { wallet: v.wallet } : {}), hotkey: v.hotkey ?? 'default', useHotkey: true });

if (command === 'setup') {
  const miners = Array.from({ length: Number(v.miners) }, (_, i) => ({
    coldkey: keypairFromUri('//Bob'),
    hotkey: keypairFromUri(`//Bob//miner${i}`),
  }));
  const validators = Array.from({ length: Number(v.validators) }, (_, i) => ({
    coldkey: keypairFromUri('//Charlie'),
    hotkey: keypairFromUri(`//Charlie//validator${i}`),
    stake: 100n * TAO,
  }));
  const owner = keypairFromUri('//Alice');
  const s = await createLocalSubnet(client, {
    owner,
    ownerHotkey: keypairFromUri('//Alice//owner'),
    neurons: [...miners, ...validators],
  });
  console.log(
    `subnet ${s.netuid}: miners at uids ${s.uids.slice(0, miners.length)}, validators at ${s.uids.slice(miners.length)}`,
  );
  const rpc = v.rpc === 'ws://127.0.0.1:9944' ? '' : ` --rpc ${v.rpc}`;
  const run = `node --conditions=tensorium-src --import tsx examples/hash-puzzle/main.ts`;
  miners.forEach((_, i) => {
    const cheat = i === miners.length - 1 ? ' --cheat' : '';
    console.log(
      `${run} miner${rpc} --netuid ${s.netuid} --hotkey //Bob//miner${i} --port ${8091 + i} --host 127.0.0.2 --external-ip 127.0.0.2${cheat}`,
    );
  });
  for (const i of validators.keys()) {
    console.log(`${run} validator${rpc} --netuid ${s.netuid} --hotkey //Charlie//validator${i}`);
  }
  await client.close();
} else if (command === 'miner') {
  const m = puzzleMiner({
    client,
    netuid,
    hotkey: await hotkey(),
    port: Number(v.port),
    host: v.host,
    ...(v['external-ip'] ? { externalIp: v['external-ip'] } : {}),
    cheat: v.cheat,
    logger,
  });
  await m.start();
  process.once('SIGINT', () => void m.stop().then(() => client.close()));
} else if (command === 'validator') {
  const val = puzzleValidator({
    client,
    netuid,
    hotkey: await hotkey(),
    difficulty: Number(v.difficulty),
    epochLength: Number(v['epoch-length']),
    sampleSize: Number(v['sample-size']),
    logger,
  });
  await val.start();
  process.once('SIGINT', () => void val.stop().then(() => client.close()));
} else if (command === 'status') {
  const m = await createSyncedMetagraph(client, netuid);
  console.log(
    `subnet ${netuid} at block ${m.block}: ${m.n} neurons, tempo ${m.tempo}, next epoch at block ${m.nextEpochBlock}`,
  );
  console.log('uid  hotkey            stake(τ)   incentive  dividends  emission(α)  permit  last_update  axon');
  for (const uid of m.uids) {
    const a = m.axons[uid]!;
    const cols = [
      String(uid).padEnd(4),
      `${m.hotkeys[uid]!.slice(0, 16)}…`,
      m.S[uid]!.toFixed(3).padStart(9),
      m.I[uid]!.toFixed(4).padStart(10),
      m.D[uid]!.toFixed(4).padStart(10),
      m.E[uid]!.toFixed(4).padStart(12),
      String(m.validatorPermit[uid]).padStart(7),
      String(m.lastUpdate[uid]).padStart(12),
      a.isServing ? `${a.ip}:${a.port}` : '-',
    ];
    console.log(cols.join(' '));
  }
  await client.close();
} else {
  console.error(
    'usage: main.ts setup|miner|validator|status [--rpc ws://127.0.0.1:9944] [--netuid N] [--hotkey URI] …',
  );
  process.exitCode = 2;
  await client.close();
}

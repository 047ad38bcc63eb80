/**
 * A whole subnet on a real node process (dev preset: 250 ms blocks, tempo 10): the hash-puzzle example with 4 miners
 * (the last one answers wrong on purpose) and 2 validators, all talking over loopback HTTP and a WebSocket RPC client.
 * Within 5 tempos of the validators starting: both validators' weights are on chain, the wrong miner earns least
 * (nothing), honest miners and validators receive emission, and every set_weights transaction on chain is explained
 * by a `weights.set` log line of its validator with the same hash and vector.
 */
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { cryptoReady, keypairFromUri } from '@tensorium/primitives';
import type { ExtrinsicJson } from '@tensorium/rpc';
import {
  createClient,
  createLocalSubnet,
  createSyncedMetagraph,
  type NeuronLogger,
  type TensoriumClient,
} from '@tensorium/sdk';
import { puzzleMiner } from '../examples/hash-puzzle/miner.js';
import { puzzleValidator } from '../examples/hash-puzzle/validator.js';
import { type NodeProc, spawnNode } from './nodeProcess.js';

const TAO = 1_000_000_000n;
const TEMPO = 10;
const k = (uri: string) => keypairFromUri(uri);

type Line = { event: string } & Record<string, any>;
function capture(): { logger: NeuronLogger; lines: Line[] } {
  const lines: Line[] = [];
  const at = (event: string, fields: Record<string, unknown> = {}) => {
    lines.push({ event, ...fields });
  };
  return { logger: { debug: () => {}, info: at, warn: at, error: at }, lines };
}

let node: NodeProc | undefined;
let client: TensoriumClient | undefined;
const stops: (() => Promise<void>)[] = [];
after(async () => {
  for (const s of stops) await s().catch(() => {});
  await client?.close();
  node?.proc.kill('SIGTERM');
  if (node) await node.exited;
});

it('4 miners (one wrong) and 2 validators: weights, emission and explained submissions within 5 tempos', async () => {
  const t0 = Date.now();
  await cryptoReady();
  node = await spawnNode(['--dev', '--rpc-port', '0']);
  client = createClient(node.wsUrl);
  const miners = [0, 1, 2, 3].map((i) => ({ coldkey: k('//Bob'), hotkey: k(`//Bob//e2e-miner${i}`) }));
  const validators = [
    { coldkey: k('//Charlie'), hotkey: k('//Charlie//e2e-validator'), stake: 100n * TAO },
    { coldkey: k('//Dave'), hotkey: k('//Dave//e2e-validator'), stake: 60n * TAO },
  ];
  const { netuid, uids } = await createLocalSubnet(client, {
    owner: k('//Alice'),
    ownerHotkey: k('//Alice//owner'),
    neurons: [...miners, ...validators],
  });
  const tSetup = Date.now();
  const minerUids = uids.slice(0, 4);
  const validatorUids = uids.slice(4);
  const wrong = minerUids[3]!;
  for (const [i, m] of miners.entries()) {
    const miner = puzzleMiner({
      client,
      netuid,
      hotkey: m.hotkey,
      port: 0,
      host: '127.0.0.2',
      externalIp: '127.0.0.2',
      cheat: i === 3,
    });
    stops.push(() => miner.stop());
    await miner.start();
  }
  const before = await createSyncedMetagraph(client, netuid);
  const startBlock = before.block;
  const logs = validators.map(() => capture());
  for (const [i, v] of validators.entries()) {
    const val = puzzleValidator({
      client,
      netuid,
      hotkey: v.hotkey,
      difficulty: 10,
      epochLength: TEMPO,
      logger: logs[i]!.logger,
    });
    stops.unshift(() => val.stop());
    await val.start();
  }
  // Run for 5 tempos from the validators' start.
  const endBlock = startBlock + 5 * TEMPO;
  for (;;) {
    const h = (await client.getHeader())!.number;
    if (h >= endBlock) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const s of stops.splice(0, validators.length)) await s();
  const after5 = await createSyncedMetagraph(client, netuid);

  const gained = (uid: number) => after5.alphaStakeRao[uid]! - before.alphaStakeRao[uid]!;
  // On failure, say what each validator did.
  const story = () =>
    logs
      .map((l, i) => {
        const d = l.lines.filter((x) => x.event.startsWith('weights.') || x.event === 'tx.retry');
        return `validator ${validatorUids[i]}: ${d.map((x) => `${x.block}:${x.code ?? x.event}${x.tx ? `@${x.tx.block}` : ''}`).join(' ')}`;
      })
      .join('\n') + `\ngains ${after5.uids.map(gained).join(', ')}; incentive ${after5.incentiveU16.join(', ')}`;
  try {
    // 1. Both validators' weights are on chain, set within the 5 tempos.
    for (const [i, uid] of validatorUids.entries()) {
      // A stored weight row: 0x-hex of little-endian (u16 uid, u16 weight) pairs.
      const hex = (await client.request(
        'state_getStorage',
        `weights/w/${String(netuid).padStart(5, '0')}/${String(uid).padStart(5, '0')}`,
      )) as string | null;
      const bytes = hex === null ? null : Buffer.from(hex.slice(2), 'hex');
      const row =
        bytes &&
        Array.from({ length: bytes.length / 4 }, (_, i) => [bytes.readUInt16LE(4 * i), bytes.readUInt16LE(4 * i + 2)]);
      assert.ok(row && row.length > 0, `validator ${uid} has weights on chain`);
      assert.ok(!row.some(([u]) => u === wrong), `validator ${uid} gives the wrong miner no weight`);
      const firstSet = logs[i]!.lines.find((l) => l.event === 'weights.set');
      assert.ok(
        firstSet && firstSet.tx.block <= endBlock,
        `validator ${uid}: first weights at block ${firstSet?.tx.block}, start ${startBlock}`,
      );
    }
    // 2. The wrong miner earns least (nothing); honest miners and both validators receive emission.
    for (const u of minerUids.slice(0, 3)) {
      assert.ok(gained(u) > 0n, `honest miner ${u} gained ${gained(u)}`);
      assert.ok(gained(u) > gained(wrong));
    }
    assert.equal(gained(wrong), 0n);
    assert.equal(after5.incentiveU16[wrong], 0);
    for (const u of validatorUids) assert.ok(gained(u) > 0n, `validator ${u} gained ${gained(u)} (dividends)`);
    // 3. Every set_weights on chain is explained by its validator's log, and every logged submission is on chain.
    const onChain: ExtrinsicJson[] = [];
    for (let b = startBlock; b <= after5.block; b++) {
      const block = await client.getBlock(b);
      for (const x of block?.extrinsics ?? []) if (x.fn === 'set_weights') onChain.push(x);
    }
    const logged = logs.flatMap((l, i) =>
      l.lines
        .filter((x) => x.event === 'weights.set')
        .map((x): Line => ({ ...x, signer: validators[i]!.hotkey.address })),
    );
    assert.ok(onChain.length >= 2, `${onChain.length} submissions`);
    assert.equal(logged.length, onChain.length);
    for (const x of onChain) {
      const line = logged.find((l) => l.tx.hash === x.hash);
      assert.ok(line, `set_weights ${x.hash} by ${x.signer} is logged`);
      assert.equal(line.signer, x.signer);
      assert.equal(x.success, true);
      const args = x.args as { dests: number[]; weights: number[] };
      assert.deepEqual(
        line.vector,
        args.dests.map((u, j) => [u, args.weights[j]]),
      );
      assert.match(
        line.reason,
        /^\d+ blocks since last update \(block \d+\) > epoch_length 10; rate limit 2 ok; commit-reveal off; included in block \d+$/,
      );
    }
    // Every step logged exactly one decision; skips say why.
    for (const l of logs) {
      const rounds = l.lines.filter((x) => x.event === 'validator.round').length;
      const decisions = l.lines.filter((x) => x.event.startsWith('weights.'));
      assert.equal(decisions.length, rounds);
      assert.ok(
        decisions.every((d) => typeof d.reason === 'string' && d.reason.length > 0 && 'blocksSinceLastUpdate' in d),
      );
    }
    console.log(
      `e2e subnet: node+setup ${tSetup - t0} ms, 5 tempos from block ${startBlock} to ${after5.block} in ${Date.now() - tSetup} ms; ` +
        `${onChain.length} weight submissions; miner gains ${minerUids.map(gained).join(', ')}; validator gains ${validatorUids.map(gained).join(', ')}`,
    );
  } catch (e) {
    (e as Error).message += `\n${story()}`;
    throw e;
  }
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { memoryLogger, type Node } from '@tensorium/node';
import { cryptoReady, type Keypair, keypairFromUri, sign } from '@tensorium/primitives';
import {
  Chain,
  decodeBlock,
  encodeBlock,
  headerHash,
  headerJson,
  headerSigningMessage,
  MemoryStore,
  presetSpec,
  tensoriumRuntime,
} from '@tensorium/runtime';
import { WebSocketServer } from 'ws';
import { call, hex, startNode, TestWs, transfer, until } from './helpers.js';

let alice: Keypair;
let bob: Keypair;
const dir = mkdtempSync(join(tmpdir(), 'tns-follow-'));
before(async () => {
  await cryptoReady();
  alice = keypairFromUri('//Alice');
  bob = keypairFromUri('//Bob');
});
after(() => rmSync(dir, { recursive: true, force: true }));

const fast = { backoffMinMs: 50, backoffMaxMs: 200 };

describe('follower', () => {
  it('reaches the authority head, serves identical answers, forwards submissions, resumes after restart', async () => {
    const auth = await startNode();
    const data = join(dir, 'f1');
    let fol: Node = await startNode({ follow: auth.wsUrl, dataDir: data, followerOptions: fast });
    try {
      for (let i = 0; i < 3; i++) {
        await call(auth.url, 'author_submitExtrinsic', [
          hex(transfer(auth.chain, alice, bob.address, 1_000_000_000n + BigInt(i)).bytes),
        ]);
        await call(auth.url, 'dev_advanceBlocks', [2]);
      }
      await until(() => fol.chain.headNumber === auth.chain.headNumber, 10_000, 'follower at head');
      for (let n = 0; n <= auth.chain.headNumber; n++)
        assert.deepEqual(await call(fol.url, 'chain_getHeader', [n]), await call(auth.url, 'chain_getHeader', [n]));
      assert.deepEqual(await call(fol.url, 'chain_getHeader'), await call(auth.url, 'chain_getHeader'));
      for (const who of [alice.address, bob.address])
        assert.deepEqual(
          await call(fol.url, 'state_getAccount', [who]),
          await call(auth.url, 'state_getAccount', [who]),
        );
      assert.deepEqual(await call(fol.url, 'chain_getBlock', [3]), await call(auth.url, 'chain_getBlock', [3]));
      const h = await call(fol.url, 'system_health');
      assert.equal(h.isSyncing, false);
      assert.equal(h.peers, 1);
      assert.equal(h.role, 'follower');
      assert.equal((await call(fol.url, 'system_chainInfo')).dev, false, 'no dev_* methods on a follower');

      // Submissions to the follower go to the authority; watching through the follower sees the inclusion.
      const ws = await TestWs.open(fol.wsUrl);
      const tx = transfer(auth.chain, alice, bob.address, 5_000_000_000n);
      const sub = await ws.call('author_submitAndWatchExtrinsic', [hex(tx.bytes)]);
      assert.deepEqual(await call(auth.url, 'author_pendingExtrinsics'), [tx.hash]);
      await call(auth.url, 'dev_advanceBlocks', [1]);
      await ws.waitFor((m) => m.params?.subscription === sub && m.params.result.status === 'finalized');
      assert.deepEqual(
        ws.notifications(sub).map((u) => u.status),
        ['ready', 'inBlock', 'finalized'],
      );
      const rejected = await ws.call('author_submitExtrinsic', [hex(tx.bytes)]).catch((e) => e);
      assert.equal(rejected.data?.reason, 'AlreadyImported', 'the authority’s rejection comes back unchanged');
      ws.close();

      // Restart the follower on its data directory: it resumes at its head and catches up.
      const had = fol.chain.headNumber;
      await fol.stop();
      await call(auth.url, 'dev_advanceBlocks', [3]);
      fol = await startNode({ follow: auth.wsUrl, dataDir: data, followerOptions: fast });
      assert.equal(fol.chain.headNumber, had, 'resumed at the last committed block');
      await until(() => fol.chain.headNumber === auth.chain.headNumber, 10_000, 'caught up after restart');
      assert.equal(fol.chain.headHash, auth.chain.headHash);
    } finally {
      await fol.stop();
      await auth.stop();
    }
  });

  it('reconnects after the authority goes away and comes back', async () => {
    const data = join(dir, 'a2');
    let auth = await startNode({ dataDir: data });
    const port = Number(new URL(auth.url).port);
    const fol = await startNode({ follow: auth.wsUrl, followerOptions: fast });
    try {
      await call(auth.url, 'dev_advanceBlocks', [2]);
      await until(() => fol.chain.headNumber === 2, 5000, 'first sync');
      await auth.stop();
      await until(async () => (await call(fol.url, 'system_health')).peers === 0, 5000, 'disconnect seen');
      auth = await startNode({ dataDir: data, rpcPort: port });
      await call(auth.url, 'dev_advanceBlocks', [2]);
      await until(() => fol.chain.headNumber === 4, 5000, 'sync after reconnect');
      assert.equal(fol.chain.headHash, auth.chain.headHash);
    } finally {
      await fol.stop();
      await auth.stop();
    }
  });

  it('refuses a tampered block, reports it, and imports the genuine block once served', async () => {
    // A fake authority: a real chain, but block 3 is served with a wrong state root, correctly re-signed.
    const spec = presetSpec('dev');
    const real = Chain.open(new MemoryStore(), tensoriumRuntime, spec);
    for (let i = 1; i <= 4; i++) {
      real.submit(transfer(real, alice, bob.address, 1_000_000_000n).bytes);
      real.produce(i * 1000, (m) => sign(alice, m));
    }
    const b3 = decodeBlock(real.getBlock(3)!.block);
    const badHeader = { ...b3.header, stateRoot: new Uint8Array(32).fill(9) };
    const tampered = encodeBlock({
      ...b3,
      header: badHeader,
      sig: sign(alice, headerSigningMessage(headerHash(badHeader))),
    });
    let tamper = true;
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss.on('connection', (ws) => {
      ws.on('message', (d) => {
        const req = JSON.parse(d.toString());
        const reply = (result: unknown) => ws.send(JSON.stringify({ jsonrpc: '2.0', id: req.id, result }));
        const p = req.params ?? [];
        if (req.method === 'chain_getBlockHash') reply(real.getBlock(p[0] ?? real.headNumber)?.hash ?? null);
        else if (req.method === 'chain_getHeader') reply(headerJson(real.head));
        else if (req.method === 'chain_subscribeNewHeads') {
          reply('sub1');
          ws.send(
            JSON.stringify({
              jsonrpc: '2.0',
              method: 'chain_newHead',
              params: { subscription: 'sub1', result: headerJson(real.head) },
            }),
          );
        } else if (req.method === 'chain_getRawBlock')
          reply(p[0] === 3 && tamper ? hex(tampered) : hex(real.getBlock(p[0])!.block));
        else ws.send(JSON.stringify({ jsonrpc: '2.0', id: req.id, error: { code: -32601, message: 'nope' } }));
      });
    });
    await new Promise((r) => wss.once('listening', r));
    const log = memoryLogger();
    const fol = await startNode({
      follow: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
      followerOptions: fast,
      log,
    });
    try {
      await until(async () => (await call(fol.url, 'system_health')).refused !== undefined, 5000, 'refusal');
      const h = await call(fol.url, 'system_health');
      assert.equal(h.best, 2, 'blocks before the bad one are imported, the bad one is not');
      assert.equal(h.isSyncing, true);
      assert.deepEqual({ block: h.refused.block, reason: h.refused.reason }, { block: 3, reason: 'StateRootMismatch' });
      assert.ok(
        log.lines.some((l) => /REFUSED block #3 .*StateRootMismatch/.test(l)),
        log.lines.join('\n'),
      );
      const res = await fetch(`${fol.url}/health`);
      assert.equal(res.status, 503);
      assert.equal((await res.json()).status, 'refusing');
      assert.equal(fol.chain.headNumber, 2);
      tamper = false;
      await until(() => fol.chain.headNumber === 4, 5000, 'genuine block imported');
      assert.equal(fol.chain.headHash, real.headHash);
      assert.equal((await call(fol.url, 'system_health')).refused, undefined);
    } finally {
      await fol.stop();
      wss.close();
    }
  });

  it('refuses an authority with another genesis', async () => {
    const auth = await startNode();
    const log = memoryLogger();
    const other = presetSpec('dev', { balances: { [bob.address]: 10n ** 15n } });
    const fol = await startNode({ spec: other, follow: auth.wsUrl, followerOptions: fast, log });
    try {
      await until(
        async () => (await call(fol.url, 'system_health')).refused?.reason === 'GenesisMismatch',
        5000,
        'genesis refusal',
      );
      assert.ok(log.lines.some((l) => l.includes('GenesisMismatch')));
    } finally {
      await fol.stop();
      await auth.stop();
    }
  });
});

import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Node } from '@tensorium/node';
import { handleMessage } from '@tensorium/node';
import { type Keypair, keypairFromUri } from '@tensorium/primitives';
import { METHODS, RPC_ERRORS } from '@tensorium/rpc';
import { DEV_ADDRESSES, headerJson } from '@tensorium/runtime';
import { call, callError, hex, post, startNode, TestWs, transfer } from './helpers.js';

const E = Object.fromEntries(Object.entries(RPC_ERRORS).map(([k, v]) => [k, v.code])) as Record<
  keyof typeof RPC_ERRORS,
  number
>;

let node: Node;
let url: string;
let alice: Keypair;
let bob: Keypair;
const tested = new Set<string>();
const rpc = (m: string, p: unknown[] = []) => {
  tested.add(m);
  return call(url, m, p);
};

before(async () => {
  node = await startNode();
  url = node.url;
  alice = keypairFromUri('//Alice');
  bob = keypairFromUri('//Bob');
});
after(() => node.stop());

describe('JSON-RPC over HTTP: methods', () => {
  it('system_*', async () => {
    assert.deepEqual(await rpc('system_health'), {
      peers: 0,
      isSyncing: false,
      shouldHavePeers: false,
      best: 0,
      role: 'authority',
    });
    assert.equal(await rpc('system_chain'), 'Tensorium Development');
    assert.match(await rpc('system_version'), /^tensorium-node\/\d+\.\d+\.\d+$/);
    const info = await rpc('system_chainInfo');
    assert.equal(info.genesisHash, hex(node.chain.genesisHash));
    assert.equal(info.dev, true);
    assert.equal(info.ss58Prefix, 42);
  });

  it('dev_advanceBlocks and chain_* by number, hash and head', async () => {
    assert.equal(await rpc('dev_advanceBlocks', [3]), 3);
    const head = await rpc('chain_getHeader');
    assert.equal(head.number, 3);
    assert.deepEqual(head, headerJson(node.chain.head));
    const h2 = await rpc('chain_getBlockHash', [2]);
    assert.equal((await rpc('chain_getHeader', [h2])).number, 2);
    assert.equal((await rpc('chain_getHeader', [2])).hash, h2);
    assert.equal(await rpc('chain_getBlockHash'), head.hash);
    assert.equal(await rpc('chain_getHeader', [99]), null);
    assert.equal(await rpc('chain_getBlockHash', [99]), null);
    assert.equal(await rpc('chain_getBlock', [`0x${'00'.repeat(32)}`]), null);
    assert.equal(await rpc('chain_getRawBlock', [2]), hex(node.chain.getBlock(2)!.block));
    assert.equal(await rpc('chain_getRawBlock', [99]), null);
  });

  it('author_submitExtrinsic, author_pendingExtrinsics, chain_getBlock, state_getAccount, state_getStorage', async () => {
    const tx = transfer(node.chain, alice, bob.address, 7_000_000_000n);
    const before = await rpc('state_getAccount', [bob.address]);
    assert.equal(await rpc('author_submitExtrinsic', [hex(tx.bytes)]), tx.hash);
    assert.deepEqual(await rpc('author_pendingExtrinsics'), [tx.hash]);
    const n = await rpc('dev_advanceBlocks', [1]);
    assert.deepEqual(await rpc('author_pendingExtrinsics'), []);
    const blk = await rpc('chain_getBlock', [n]);
    assert.equal(blk.extrinsics.length, 1);
    assert.equal(blk.extrinsics[0].hash, tx.hash);
    assert.equal(blk.extrinsics[0].success, true);
    assert.ok(blk.events.some((e: any) => e.module === 'balances' && e.name === 'Transfer'));
    const afterAcct = await rpc('state_getAccount', [bob.address]);
    assert.equal(BigInt(afterAcct.free) - BigInt(before.free), 7_000_000_000n);
    assert.equal((await rpc('state_getAccount', [alice.address])).nonce, 1);
    assert.equal(typeof (await rpc('state_getStorage', ['balances/issuance'])), 'string');
    assert.equal(await rpc('state_getStorage', ['no/such/key']), null);
  });

  it('dev_snapshot / dev_restore on a memory node', async () => {
    const id = await rpc('dev_snapshot');
    const at = node.chain.headNumber;
    await rpc('dev_advanceBlocks', [2]);
    assert.equal(await rpc('dev_restore', [id]), at);
    assert.equal((await rpc('chain_getHeader')).number, at);
    assert.equal((await callError(url, 'dev_restore', ['0xdead'])).code, E.NOT_FOUND);
  });

  it('every core method was exercised, and every method in METHODS is served', async () => {
    const core = [
      'system_health',
      'system_chain',
      'system_version',
      'system_chainInfo',
      'chain_getHeader',
      'chain_getBlock',
      'chain_getBlockHash',
      'chain_getRawBlock',
      'author_submitExtrinsic',
      'author_pendingExtrinsics',
      'state_getAccount',
      'state_getStorage',
      'dev_advanceBlocks',
      'dev_snapshot',
      'dev_restore',
    ];
    for (const m of core) assert.ok(tested.has(m), `${m} not tested`);
    // Module methods (subnets, staking …) come from allRpcHandlers: the node must route each of them.
    for (const m of Object.keys(METHODS)) {
      const r = await post(url, { jsonrpc: '2.0', id: 1, method: m, params: [] });
      if (r.body.error) assert.doesNotMatch(r.body.error.message, /not served|method not found/, m);
    }
  });
});

describe('JSON-RPC errors', () => {
  it('PARSE_ERROR for malformed JSON', async () => {
    const r = await post(url, '{"jsonrpc": "2.0", "method": ');
    assert.equal(r.body.error.code, E.PARSE_ERROR);
    assert.equal(r.body.error.data.code, 'TNS_RPC_PARSE');
    assert.equal(r.body.id, null);
  });

  it('INVALID_REQUEST for non-requests, bad versions, bad ids, empty batches and oversized bodies', async () => {
    for (const bad of [
      '42',
      '"x"',
      'null',
      '{"method":"system_chain","id":1}',
      '{"jsonrpc":"1.0","method":"system_chain","id":1}',
      '{"jsonrpc":"2.0","id":1}',
      '{"jsonrpc":"2.0","method":"system_chain","id":{}}',
      '{"jsonrpc":"2.0","method":"system_chain","id":1,"params":5}',
      '[]',
    ]) {
      const r = await post(url, bad);
      assert.equal(r.body.error?.code, E.INVALID_REQUEST, bad);
    }
    const big = await post(url, {
      jsonrpc: '2.0',
      id: 1,
      method: 'system_chain',
      params: ['x'.repeat(1024 * 1024 + 10)],
    });
    assert.equal(big.status, 413);
    assert.equal(big.body.error.code, E.INVALID_REQUEST);
    const many = await post(
      url,
      Array.from({ length: 300 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'system_chain' })),
    );
    assert.equal(many.body.error.code, E.INVALID_REQUEST);
  });

  it('METHOD_NOT_FOUND for unknown methods, subscriptions over HTTP, and dev_* off a dev chain', async () => {
    assert.equal((await callError(url, 'system_nope')).code, E.METHOD_NOT_FOUND);
    assert.equal((await callError(url, 'chain_subscribeNewHeads')).code, E.METHOD_NOT_FOUND);
    assert.equal((await callError(url, 'author_unwatchExtrinsic', ['x'])).code, E.METHOD_NOT_FOUND);
    const prod = await startNode({ dev: false });
    try {
      const e = await callError(prod.url, 'dev_advanceBlocks', [1]);
      assert.equal(e.code, E.METHOD_NOT_FOUND);
      assert.match(e.message, /dev chain/);
      assert.equal((await call(prod.url, 'system_chainInfo')).dev, false);
    } finally {
      await prod.stop();
    }
  });

  it('INVALID_PARAMS for wrong types, counts and missing params', async () => {
    for (const [m, p] of [
      ['chain_getHeader', ['zz']],
      ['chain_getHeader', [-1]],
      ['chain_getBlockHash', ['1']],
      ['state_getAccount', ['not-an-address']],
      ['state_getAccount', []],
      ['author_submitExtrinsic', ['0xz1']],
      ['system_chain', [1]],
      ['dev_advanceBlocks', [1.5]],
      ['dev_advanceBlocks', [1_000_000]],
    ] as [string, unknown[]][]) {
      assert.equal((await callError(url, m, p)).code, E.INVALID_PARAMS, `${m} ${JSON.stringify(p)}`);
    }
    const r = await post(url, { jsonrpc: '2.0', id: 1, method: 'chain_getHeader', params: { at: 1 } });
    assert.equal(r.body.error.code, E.INVALID_PARAMS, 'named params are not supported');
  });

  it('INVALID_TRANSACTION with data.reason', async () => {
    const e1 = await callError(url, 'author_submitExtrinsic', ['0x0102']);
    assert.equal(e1.code, E.INVALID_TRANSACTION);
    assert.equal(e1.data.reason, 'Malformed');
    const future = transfer(node.chain, alice, bob.address, 1n, { nonce: 10_000 });
    assert.equal((await callError(url, 'author_submitExtrinsic', [hex(future.bytes)])).data.reason, 'Future');
    const expired = transfer(node.chain, alice, bob.address, 1n, { validUntil: 0 });
    assert.equal((await callError(url, 'author_submitExtrinsic', [hex(expired.bytes)])).data.reason, 'Expired');
    const ok = transfer(node.chain, alice, bob.address, 600n);
    await call(url, 'author_submitExtrinsic', [hex(ok.bytes)]);
    assert.equal((await callError(url, 'author_submitExtrinsic', [hex(ok.bytes)])).data.reason, 'AlreadyImported');
    await call(url, 'dev_advanceBlocks', [1]);
  });

  it('INTERNAL_ERROR when a handler fails unexpectedly', async () => {
    const r = await handleMessage('{"jsonrpc":"2.0","id":7,"method":"x"}', () => {
      throw new TypeError('boom');
    });
    const body = JSON.parse(r.text!);
    assert.equal(body.id, 7);
    assert.equal(body.error.code, E.INTERNAL_ERROR);
  });

  it('NOT_FOUND and METHOD_NOT_FOUND for snapshots on a SQLite node', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'tns-rpc-'));
    const sq = await startNode({ dataDir: dir });
    try {
      assert.equal(await call(sq.url, 'dev_advanceBlocks', [2]), 2);
      const e = await callError(sq.url, 'dev_snapshot');
      assert.equal(e.code, E.METHOD_NOT_FOUND);
      assert.match(e.message, /SQLite/);
    } finally {
      await sq.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('batches: mixed results in order, notifications get no answer, a batch of notifications gets 204', async () => {
    const r = await post(url, [
      { jsonrpc: '2.0', id: 1, method: 'system_chain' },
      { jsonrpc: '2.0', method: 'system_chain' },
      { jsonrpc: '2.0', id: 2, method: 'nope' },
      5,
      { jsonrpc: '2.0', id: 3, method: 'chain_getBlockHash', params: [0] },
    ]);
    assert.equal(r.body.length, 4);
    assert.equal(r.body[0].result, 'Tensorium Development');
    assert.equal(r.body[1].error.code, E.METHOD_NOT_FOUND);
    assert.equal(r.body[2].error.code, E.INVALID_REQUEST);
    assert.equal(r.body[3].result, hex(node.chain.genesisHash));
    const n = await post(url, [{ jsonrpc: '2.0', method: 'system_chain' }]);
    assert.equal(n.status, 204);
  });

  it('GET /health answers 200 with JSON; other paths 404', async () => {
    const res = await fetch(`${url}/health`);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.status, 'ok');
    assert.equal(body.best, node.chain.headNumber);
    assert.equal((await fetch(`${url}/nope`)).status, 404);
  });
});

describe('WebSocket', () => {
  it('answers plain methods and batches; rejects oversized messages with INVALID_REQUEST', async () => {
    const ws = await TestWs.open(node.wsUrl);
    try {
      assert.equal(await ws.call('system_chain'), 'Tensorium Development');
      ws.send('[{"jsonrpc":"2.0","id":"b1","method":"system_version"},{"jsonrpc":"2.0","id":"b2","method":"x"}]');
      const batch = await ws.waitFor((m) => Array.isArray(m));
      assert.equal(batch[1].error.code, E.METHOD_NOT_FOUND);
      ws.send(`{"jsonrpc":"2.0","id":"big","method":"system_chain","params":["${'x'.repeat(1024 * 1024)}"]}`);
      const big = await ws.waitFor((m) => m.error?.code === E.INVALID_REQUEST);
      assert.match(big.error.message, /exceeds/);
      ws.send('{oops');
      assert.ok(await ws.waitFor((m) => m.error?.code === E.PARSE_ERROR));
    } finally {
      ws.close();
    }
  });

  it('chain_subscribeNewHeads: the current head, then each new head; unsubscribe stops them', async () => {
    const ws = await TestWs.open(node.wsUrl);
    try {
      const sub = await ws.call('chain_subscribeNewHeads');
      const first = await ws.waitFor((m) => m.method === 'chain_newHead' && m.params.subscription === sub);
      assert.equal(first.jsonrpc, '2.0');
      assert.deepEqual(first.params.result, headerJson(node.chain.head));
      const start = node.chain.headNumber;
      await call(url, 'dev_advanceBlocks', [2]);
      await ws.waitFor((m) => m.params?.subscription === sub && m.params.result.number === start + 2);
      assert.deepEqual(
        ws.notifications(sub).map((h) => h.number),
        [start, start + 1, start + 2],
      );
      assert.equal(await ws.call('chain_unsubscribeNewHeads', [sub]), true);
      assert.equal(await ws.call('chain_unsubscribeNewHeads', [sub]), false);
      await call(url, 'dev_advanceBlocks', [1]);
      await ws.call('system_chain'); // a round trip after the block
      assert.equal(ws.notifications(sub).length, 3);
    } finally {
      ws.close();
    }
  });

  it('author_submitAndWatchExtrinsic: ready → inBlock → finalized', async () => {
    const ws = await TestWs.open(node.wsUrl);
    try {
      const tx = transfer(node.chain, alice, bob.address, 1_000_000_000n);
      const sub = await ws.call('author_submitAndWatchExtrinsic', [hex(tx.bytes)]);
      await ws.waitFor((m) => m.params?.subscription === sub && m.params.result.status === 'ready');
      const n = await call(url, 'dev_advanceBlocks', [1]);
      await ws.waitFor((m) => m.params?.subscription === sub && m.params.result.status === 'finalized');
      const updates = ws.notifications(sub);
      assert.deepEqual(
        updates.map((u) => u.status),
        ['ready', 'inBlock', 'finalized'],
      );
      assert.equal(updates[1].block, n);
      assert.equal(updates[1].blockHash, node.chain.headHash);
      assert.equal(updates[1].success, true);
      assert.equal(updates[2].hash, tx.hash);
      assert.equal(await ws.call('author_unwatchExtrinsic', [sub]), false, 'the subscription ended');
    } finally {
      ws.close();
    }
  });

  it('author_submitAndWatchExtrinsic: rejected at submission → INVALID_TRANSACTION; replaced → invalid; restored → dropped; unwatch', async () => {
    const ws = await TestWs.open(node.wsUrl);
    try {
      const stale = transfer(node.chain, alice, bob.address, 1n, { nonce: 0 });
      await assert.rejects(
        ws.call('author_submitAndWatchExtrinsic', [hex(stale.bytes)]),
        (e: any) => e.code === E.INVALID_TRANSACTION && e.data.reason === 'Stale',
      );
      // Replaced by the same nonce with a higher tip: once that one is in a block, the first is invalid (Stale).
      const a = transfer(node.chain, alice, bob.address, 1000n);
      const subA = await ws.call('author_submitAndWatchExtrinsic', [hex(a.bytes)]);
      const b = transfer(node.chain, alice, bob.address, 1000n, { tip: 5n });
      const subB = await ws.call('author_submitAndWatchExtrinsic', [hex(b.bytes)]);
      await call(url, 'dev_advanceBlocks', [1]);
      const inv = await ws.waitFor((m) => m.params?.subscription === subA && m.params.result.status === 'invalid');
      assert.equal(inv.params.result.reason, 'Stale');
      await ws.waitFor((m) => m.params?.subscription === subB && m.params.result.status === 'finalized');
      // A watched transaction that a restore removes is dropped.
      const snap = await call(url, 'dev_snapshot');
      const c = transfer(node.chain, alice, bob.address, 1000n);
      const subC = await ws.call('author_submitAndWatchExtrinsic', [hex(c.bytes)]);
      await call(url, 'dev_restore', [snap]);
      const dropped = await ws.waitFor((m) => m.params?.subscription === subC && m.params.result.status === 'dropped');
      assert.equal(dropped.params.result.hash, c.hash);
      // Unwatch before inclusion: no more updates.
      const d = transfer(node.chain, alice, bob.address, 1000n);
      const subD = await ws.call('author_submitAndWatchExtrinsic', [hex(d.bytes)]);
      assert.equal(await ws.call('author_unwatchExtrinsic', [subD]), true);
      await call(url, 'dev_advanceBlocks', [1]);
      await ws.call('system_chain');
      assert.deepEqual(
        ws.notifications(subD).map((u) => u.status),
        ['ready'],
      );
    } finally {
      ws.close();
    }
  });

  it('RATE_LIMITED past the per-connection subscription limit', async () => {
    const ws = await TestWs.open(node.wsUrl);
    try {
      const reqs = Array.from({ length: 200 }, (_, i) => ({
        jsonrpc: '2.0',
        id: i,
        method: 'chain_subscribeNewHeads',
      }));
      for (let k = 0; k < 6; k++) ws.send(reqs.map((r) => ({ ...r, id: `${k}-${r.id}` })));
      const batches = await (async () => {
        await ws.waitFor(() => ws.messages.filter((m) => Array.isArray(m)).length === 6, 10_000);
        return ws.messages.filter((m) => Array.isArray(m)).flat();
      })();
      const limited = batches.filter((m: any) => m.error?.code === E.RATE_LIMITED);
      assert.equal(batches.length - limited.length, 1024);
      assert.equal(limited.length, 1200 - 1024);
    } finally {
      ws.close();
    }
  });
});

describe('robustness', () => {
  it('a flood of bad requests over HTTP, WebSocket and raw TCP never crashes the node', async () => {
    const bad = [
      '',
      '{',
      '[',
      '[1,2,3]',
      'null',
      '{"jsonrpc":"2.0","method":"chain_getHeader","params":[{"a":1}],"id":1}',
      '\u0000\u0001',
      '{"jsonrpc":"2.0","id":1,"method":"author_submitExtrinsic","params":["0x00"]}',
      '{"jsonrpc":"2.0","id":1,"method":"state_getStorage","params":[[]]}',
      '{"jsonrpc":"2.0","id":1,"method":"__proto__"}',
      '{"jsonrpc":"2.0","id":1,"method":"toString"}',
      '{"jsonrpc":"2.0","id":1,"method":"constructor","params":[]}',
    ];
    const ws = await TestWs.open(node.wsUrl);
    for (let i = 0; i < 400; i++) {
      const b = bad[i % bad.length]!;
      await post(url, b);
      ws.send(b);
    }
    ws.send(Buffer.from([0xff, 0xfe, 0x00]));
    await ws.call('system_chain');
    ws.close();
    // Raw garbage on the HTTP port, a truncated request, and a WebSocket upgrade with a bad key.
    for (const raw of [
      'GARBAGE\r\n\r\n',
      'POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n{',
      'GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\n\r\n',
    ]) {
      await new Promise<void>((resolve) => {
        const s = connect(Number(new URL(url).port), '127.0.0.1', () => s.end(raw));
        s.on('error', () => resolve());
        s.on('close', () => resolve());
        s.resume();
      });
    }
    assert.equal(await call(url, 'system_chain'), 'Tensorium Development');
    assert.ok((await call(url, 'system_health')).best >= 0);
    void DEV_ADDRESSES;
  });
});

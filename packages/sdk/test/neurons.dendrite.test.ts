/**
 * The dendrite against real axons and deliberately broken servers on loopback: fan-out without
 * head-of-line blocking, lanes under concurrency, streaming, failure → status mapping, response
 * signatures, and the axon's priority-by-stake queue.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, type Keypair, keypairFromUri } from '@tensorium/primitives';
import { z } from 'zod';
import {
  type Axon,
  createAxon,
  createDendrite,
  defineStreamingSynapse,
  defineSynapse,
  GateError,
  PriorityGate,
  staticCallers,
} from '../src/neurons/index.js';

const Dummy = defineSynapse({
  name: 'Dummy',
  request: z.object({ dummy_input: z.int() }),
  response: z.object({ dummy_output: z.int().nullable().optional() }),
});
const Slow = defineSynapse({
  name: 'Slow',
  request: z.object({ ms: z.int() }),
  response: z.object({ done: z.boolean().nullable().optional() }),
});
const Tokens = defineStreamingSynapse({ name: 'Tokens', request: z.object({ n: z.int() }) });

let alice: Keypair;
let eve: Keypair;
const axons: Axon[] = [];
const servers: Server[] = [];

/** Sleeps `ms`, or less when the axon aborts the call (deadline or caller gone). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

async function startAxon(
  seed: string,
  opts: { slowMs?: number; maxConcurrency?: number; signResponses?: boolean; order?: string[] } = {},
): Promise<Axon> {
  const a = createAxon({
    hotkey: keypairFromUri(seed),
    port: 0,
    host: '127.0.0.1',
    callers: staticCallers([
      [alice.address, { registered: true, validatorPermit: true, stake: 1000n }],
      [eve.address, { registered: true, validatorPermit: true, stake: 1n }],
    ]),
    maxConcurrency: opts.maxConcurrency,
    signResponses: opts.signResponses,
  });
  a.attach(Dummy, async ({ dummy_input }, ctx) => {
    opts.order?.push(ctx.hotkey === alice.address ? 'alice' : 'eve');
    if (opts.slowMs) await sleep(opts.slowMs, ctx.signal);
    return { dummy_output: dummy_input * 2 };
  });
  a.attach(Slow, async ({ ms }, ctx) => {
    await sleep(ms, ctx.signal);
    return { done: true };
  });
  a.attach(Tokens, async function* ({ n }) {
    for (let i = 0; i < n; i++) {
      yield `tok${i} `;
      await new Promise((r) => setImmediate(r));
    }
  });
  await a.start();
  axons.push(a);
  return a;
}

async function fakeServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const s = createServer(handler);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  servers.push(s);
  return (s.address() as AddressInfo).port;
}

const target = (a: Axon) => ({ ip: '127.0.0.1', port: a.port, hotkey: a.hotkey });

before(async () => {
  await cryptoReady();
  alice = keypairFromUri('//Alice');
  eve = keypairFromUri('//Eve');
});

after(async () => {
  await Promise.all(axons.map((a) => a.stop()));
  for (const s of servers) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

describe('dendrite against axons', () => {
  it('a call returns the validated response and both terminal infos', async () => {
    const a = await startAxon('//Miner1');
    const d = createDendrite({ hotkey: alice });
    try {
      const r = await d.call(target(a), Dummy, { dummy_input: 21 });
      assert.equal(r.ok, true);
      assert.equal(r.statusCode, 200);
      assert.equal(r.statusMessage, 'Success');
      assert.deepEqual(r.response, { dummy_output: 42 });
      assert.equal(r.axon.uuid, a.uuid);
      assert.equal(r.axon.statusCode, 200);
      assert.equal(r.dendrite.statusCode, 200);
      assert.equal(r.dendrite.hotkey, alice.address);
      assert.ok(r.processTime > 0 && r.processTime < 5);
      for (let i = 0; i < 5; i++) assert.equal((await d.call(target(a), Dummy, { dummy_input: i })).statusCode, 200);
      assert.equal(a.stats().connections, 1, 'sequential calls reuse one kept-alive connection');
      await assert.rejects(
        d.call(target(a), Dummy, { dummy_input: 'x' as unknown as number }),
        /invalid Dummy request/,
      );
    } finally {
      d.close();
    }
  });

  it('one slow miner does not stall the others', async () => {
    const slow = await startAxon('//Miner2', { slowMs: 3000 });
    const fast = await Promise.all(['//Miner3', '//Miner4', '//Miner5'].map((s) => startAxon(s)));
    const d = createDendrite({ hotkey: alice });
    try {
      const t0 = performance.now();
      const rs = await d.forward([target(slow), ...fast.map(target)], Dummy, { dummy_input: 2 }, { timeout: 1 });
      const wall = performance.now() - t0;
      assert.deepEqual(
        rs.map((r) => r.statusCode),
        [408, 200, 200, 200],
      );
      assert.equal(rs[0]?.statusMessage, 'Request timeout after 1.0 seconds');
      assert.deepEqual(
        rs.map((r) => r.target.hotkey),
        [slow, ...fast].map((a) => a.hotkey),
      );
      for (const r of rs.slice(1)) assert.ok(r.processTime < 0.5, `fast miner answered in ${r.processTime}s`);
      assert.ok(wall < 1800, `fan-out took ${wall}ms`);
    } finally {
      d.close();
    }
  });

  it('concurrent calls to one axon use lanes and never trip the nonce rule', async () => {
    const a = await startAxon('//Miner6', { slowMs: 5 });
    const d = createDendrite({ hotkey: alice, maxLanesPerAxon: 4 });
    try {
      const rs = await Promise.all(Array.from({ length: 24 }, (_, i) => d.call(target(a), Dummy, { dummy_input: i })));
      assert.deepEqual(
        rs.map((r) => r.statusCode),
        Array(24).fill(200),
      );
      assert.deepEqual(
        rs.map((r) => r.response?.dummy_output),
        Array.from({ length: 24 }, (_, i) => 2 * i),
      );
      const uuids = new Set(rs.map((r) => r.dendrite.uuid));
      assert.ok(uuids.size > 1 && uuids.size <= 4, `${uuids.size} lanes`);
      assert.ok(uuids.has(d.uuid));
    } finally {
      d.close();
    }
  });

  it('streams chunks, then the result', async () => {
    const a = await startAxon('//Miner7');
    const d = createDendrite({ hotkey: alice });
    try {
      const s = d.stream(target(a), Tokens, { n: 5 });
      const chunks: string[] = [];
      for await (const c of s) chunks.push(c);
      assert.equal(chunks.join(''), 'tok0 tok1 tok2 tok3 tok4 ');
      const r = await s.result;
      assert.equal(r.statusCode, 200);
      assert.equal(r.axon.statusMessage, 'Success');
      const refused = createDendrite({ hotkey: keypairFromUri('//Ferdie') });
      const s2 = refused.stream(target(a), Tokens, { n: 5 });
      const none: string[] = [];
      for await (const c of s2) none.push(c);
      assert.deepEqual(none, []);
      assert.deepEqual(
        [(await s2.result).statusCode, (await s2.result).statusMessage],
        [403, 'Forbidden. Key is blacklisted: Unrecognized hotkey.'],
      );
      refused.close();
    } finally {
      d.close();
    }
  });

  it('verifies the axon signature when asked to', async () => {
    const a = await startAxon('//Miner8', { signResponses: true });
    const d = createDendrite({ hotkey: alice, verifyAxonSignature: true });
    try {
      const r = await d.call(target(a), Dummy, { dummy_input: 1 });
      assert.equal(r.statusCode, 200);
      assert.match(r.axon.signature ?? '', /^0x[0-9a-f]{128}$/);
      const fakePort = await fakeServer((_req, res) => {
        res.writeHead(200, {
          'content-type': 'application/json',
          bt_header_axon_nonce: '1',
          bt_header_axon_uuid: 'u',
          bt_header_axon_signature: `0x${'ab'.repeat(64)}`,
        });
        res.end('{"dummy_output": 2}');
      });
      const bad = await d.call({ ip: '127.0.0.1', port: fakePort, hotkey: a.hotkey }, Dummy, { dummy_input: 1 });
      assert.equal(bad.statusCode, 401);
      assert.match(bad.statusMessage, /^Axon signature mismatch/);
    } finally {
      d.close();
    }
  });
});

describe('dendrite failure mapping (§2.8)', () => {
  const hotkey = keypairFromUri('//Bob').address;
  const call = async (port: number, opts: { timeout?: number; maxResponseBytes?: number } = {}) => {
    const d = createDendrite({ hotkey: alice, maxResponseBytes: opts.maxResponseBytes });
    try {
      return await d.call({ ip: '127.0.0.1', port, hotkey }, Dummy, { dummy_input: 1 }, { timeout: opts.timeout ?? 2 });
    } finally {
      d.close();
    }
  };

  it('connection refused → 503', async () => {
    const port = await fakeServer(() => {});
    const s = servers.pop() as Server;
    await new Promise((r) => s.close(r));
    const r = await call(port);
    assert.deepEqual(
      [r.statusCode, r.statusMessage, r.ok],
      [503, `Service unavailable at 127.0.0.1:${port}/Dummy`, false],
    );
    const d = createDendrite({ hotkey: alice });
    const notServing = await d.call({ ip: '0.0.0.0', port: 8091, hotkey }, Dummy, { dummy_input: 1 });
    d.close();
    assert.deepEqual(
      [notServing.statusCode, notServing.statusMessage],
      [503, 'Service unavailable at 0.0.0.0:8091/Dummy'],
    );
  });

  it('disconnect before a response → 503', async () => {
    const r = await call(await fakeServer((req) => req.socket.destroy()));
    assert.equal(r.statusCode, 503);
    assert.match(r.statusMessage, /^Service disconnected/);
  });

  it('body cut short → 400', async () => {
    const port = await fakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"dummy_output"');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const r = await call(port);
    assert.equal(r.statusCode, 400);
    assert.match(r.statusMessage, /^Payload error/);
  });

  it('oversized response → 400', async () => {
    const r = await call(
      await fakeServer((_req, res) => res.end(JSON.stringify({ dummy_output: 1, pad: 'x'.repeat(5000) }))),
      { maxResponseBytes: 1000 },
    );
    assert.equal(r.statusCode, 400);
    assert.match(r.statusMessage, /^Payload error: response body exceeds 1000 bytes/);
  });

  it('unparsable or invalid responses → 422', async () => {
    const notJson = await call(await fakeServer((_req, res) => res.end('<html>')));
    assert.equal(notJson.statusCode, 422);
    assert.match(notJson.statusMessage, /^Failed to parse response/);
    const invalid = await call(await fakeServer((_req, res) => res.end('{"dummy_output": "two"}')));
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.statusMessage, /dummy_output/);
  });

  it('an axon error keeps its status and message', async () => {
    const port = await fakeServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json', bt_header_axon_status_code: '503' });
      res.end('{"message": "Service busy: too many pending requests"}');
    });
    const r = await call(port);
    assert.deepEqual(
      [r.statusCode, r.statusMessage, r.axon.statusCode],
      [503, 'Service busy: too many pending requests', 503],
    );
  });

  it('no answer in time → 408', async () => {
    const r = await call(await fakeServer(() => {}), { timeout: 0.2 });
    assert.deepEqual([r.statusCode, r.statusMessage], [408, 'Request timeout after 0.2 seconds']);
  });

  it('an axon at our own external ip is dialled on loopback', async () => {
    const a = await startAxon('//Miner9');
    const d = createDendrite({ hotkey: alice, externalIp: '203.0.113.5' });
    try {
      const r = await d.call({ ip: '203.0.113.5', port: a.port, hotkey: a.hotkey }, Dummy, { dummy_input: 3 });
      assert.equal(r.statusCode, 200);
      assert.equal(r.axon.ip, '203.0.113.5');
    } finally {
      d.close();
    }
  });
});

describe('concurrency limit with priority by stake', () => {
  it('the gate orders waiters by priority and displaces the lowest when full', async () => {
    const gate = new PriorityGate(1, 2);
    const order: string[] = [];
    const first = await gate.acquire(0);
    const waits = [
      gate.acquire(1).then((rel) => {
        order.push('p1');
        rel();
      }),
      gate.acquire(5).then((rel) => {
        order.push('p5');
        rel();
      }),
    ];
    const displaced = gate.acquire(9).then((rel) => {
      order.push('p9');
      rel();
    });
    await assert.rejects(gate.acquire(0), (e: unknown) => e instanceof GateError && e.reason === 'busy');
    await assert.rejects(waits[0] as Promise<void>, (e: unknown) => e instanceof GateError && e.reason === 'busy');
    first();
    await Promise.all([waits[1], displaced]);
    assert.deepEqual(order, ['p9', 'p5']);
    assert.equal(gate.active, 0);
    const ac = new AbortController();
    const held = await gate.acquire(0);
    const timed = gate.acquire(1, ac.signal);
    ac.abort();
    await assert.rejects(timed, (e: unknown) => e instanceof GateError && e.reason === 'timeout');
    held();
  });

  it('a busy axon serves the higher-stake validator first', async () => {
    const order: string[] = [];
    const a = await startAxon('//Miner10', { maxConcurrency: 1, slowMs: 150, order });
    const da = createDendrite({ hotkey: alice });
    const de = createDendrite({ hotkey: eve });
    try {
      const blocker = da.call(target(a), Dummy, { dummy_input: 0 });
      await new Promise((r) => setTimeout(r, 40));
      const low = de.call(target(a), Dummy, { dummy_input: 1 });
      await new Promise((r) => setTimeout(r, 40));
      const high = da.call(target(a), Dummy, { dummy_input: 2 });
      const rs = await Promise.all([blocker, low, high]);
      assert.deepEqual(
        rs.map((r) => r.statusCode),
        [200, 200, 200],
      );
      assert.deepEqual(order, ['alice', 'alice', 'eve']);
    } finally {
      da.close();
      de.close();
    }
  });
});

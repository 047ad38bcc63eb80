/**
 * The axon over real HTTP on loopback: the reference's HTTP vectors (vectors/protocol axon_http) and
 * every kind of bad input, each answered with its status code, after which the axon still serves.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, type Keypair, keypairFromUri, sign, toHex, utf8Encode } from '@tensorium/primitives';
import { z } from 'zod';
import {
  type Axon,
  buildRequest,
  type CallerInfo,
  createAxon,
  createDendrite,
  defineStreamingSynapse,
  defineSynapse,
  EMPTY_BODY_HASH,
  jsonLogger,
  keypairSigner,
  prepareFields,
  SynapseStatusError,
  sha3Hex,
  staticCallers,
} from '../src/neurons/index.js';

const vectors = JSON.parse(readFileSync(new URL('../../../vectors/protocol/vectors.json', import.meta.url), 'utf8'));
const vector = (id: string) => (vectors.axon_http as { id: string }[]).find((v) => v.id === id) as Record<string, any>;

interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function raw(
  port: number,
  path: string,
  o: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean } = {},
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const body = o.body === undefined ? undefined : Buffer.isBuffer(o.body) ? o.body : Buffer.from(o.body);
    const headers: Record<string, string> = { ...o.headers };
    if (body && !o.chunked) headers['content-length'] = String(body.length);
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: o.method ?? 'POST', headers, agent: false },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers as Record<string, string>,
            body: Buffer.concat(parts).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body && o.chunked) {
      // write in pieces so the request goes out chunked, without a content-length
      for (let i = 0; i < body.length; i += 512) req.write(body.subarray(i, i + 512));
      req.end();
    } else req.end(body);
  });
}

const json = (r: RawReply) => JSON.parse(r.body) as Record<string, any>;

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
const Boom = defineSynapse({
  name: 'Boom',
  request: z.object({ mode: z.string() }),
  response: z.object({ out: z.int().nullable().optional() }),
});
const Tokens = defineStreamingSynapse({
  name: 'CustomStreamingSynapse',
  request: z.object({ n: z.int() }),
  hashFields: [],
});

let alice: Keypair; // registered validator, high stake
let bob: Keypair; // the miner (axon hotkey)
let charlie: Keypair; // registered, no validator permit
let dave: Keypair; // not registered
let eve: Keypair; // registered validator, banned by a synapse hook
let axon: Axon;
let port: number;

function signed(
  synapse: typeof Dummy | typeof Slow | typeof Boom,
  request: Record<string, unknown>,
  o: { from?: Keypair; to?: string; nonce?: bigint; uuid?: string; timeout?: number } = {},
) {
  return buildRequest(synapse, prepareFields(synapse, request as never), {
    target: { ip: '127.0.0.1', port, hotkey: o.to ?? bob.address },
    signer: keypairSigner(o.from ?? alice),
    uuid: o.uuid ?? `test-${Math.random()}`,
    nonce: o.nonce ?? BigInt(Date.now()) * 1_000_000n,
    timeout: o.timeout ?? 12,
    externalIp: '127.0.0.1',
  });
}

before(async () => {
  await cryptoReady();
  alice = keypairFromUri('//Alice');
  bob = keypairFromUri('//Bob');
  charlie = keypairFromUri('//Charlie');
  dave = keypairFromUri('//Dave');
  eve = keypairFromUri('//Eve');
  const info = (validatorPermit: boolean, stake: bigint): CallerInfo => ({ registered: true, validatorPermit, stake });
  axon = createAxon({
    hotkey: bob,
    port: 0,
    host: '127.0.0.1',
    callers: staticCallers([
      [alice.address, info(true, 1000n)],
      [charlie.address, info(false, 5n)],
      [eve.address, info(true, 1n)],
    ]),
    maxBodyBytes: 4096,
  });
  axon.attach(Dummy, ({ dummy_input }) => ({ dummy_output: dummy_input * 2 }));
  axon.attach(
    Slow,
    async ({ ms }, ctx) => {
      await new Promise((r) => {
        const t = setTimeout(r, ms);
        ctx.signal.addEventListener('abort', () => clearTimeout(t));
      });
      return { done: true };
    },
    { blacklist: (ctx) => [ctx.hotkey === eve.address, 'eve is banned'] },
  );
  axon.attach(Boom, ({ mode }, ctx) => {
    if (mode === '404') {
      ctx.setStatus(404, 'Essential resource for Boom not found');
      return {};
    }
    if (mode === '409') throw new SynapseStatusError(409, 'Conflicting request');
    if (mode === 'bad-output') return { out: 'seven' as unknown as number };
    throw new Error('error with potentially sensitive information');
  });
  axon.attach(Tokens, async function* ({ n }) {
    for (let i = 0; i < n; i++) yield `data${i}\n`;
  });
  await axon.start();
  port = axon.port;
});

after(async () => {
  await axon.stop();
});

describe('reference HTTP vectors', () => {
  it('unknown route → 404 with the available synapses', async () => {
    const v = vector('unknown_route');
    const only = createAxon({ hotkey: bob, port: 0, host: '127.0.0.1', callers: () => undefined });
    await only.start();
    try {
      const r = await raw(only.port, '/no_such_path', { method: 'GET' });
      assert.equal(r.status, v.status);
      assert.deepEqual(json(r), v.body);
    } finally {
      await only.stop();
    }
  });

  it('no dendrite hotkey → 401', async () => {
    const v = vector('no_dendrite_hotkey');
    const body = JSON.stringify({
      name: 'Synapse',
      timeout: 12.0,
      total_size: 0,
      header_size: 0,
      dendrite: {},
      axon: {},
      computed_body_hash: '',
    });
    const r = await raw(port, '/Synapse', {
      headers: { computed_body_hash: EMPTY_BODY_HASH, 'content-type': 'application/json' },
      body,
    });
    assert.equal(r.status, v.status);
    assert.deepEqual(json(r), v.body);
  });

  it('ping → 200 with the deterministic headers', async () => {
    const v = vector('ping_without_verification_headers');
    const Ping = axon.routes.get('Synapse')?.synapse as unknown as typeof Dummy;
    const b = signed(Ping, {});
    const r = await raw(port, b.path, { headers: b.headers, body: b.body });
    assert.equal(r.status, v.status);
    for (const [k, val] of Object.entries(v.deterministic_headers)) assert.equal(r.headers[k], val, k);
    for (const k of v.non_deterministic_headers as string[]) assert.ok(r.headers[k] !== undefined, k);
    assert.equal(json(r).axon.status_code, 200);
  });

  it('streaming → 200 text/event-stream, raw chunks', async () => {
    const v = vector('streaming_response');
    const b = buildRequest(Tokens, prepareFields(Tokens, { n: 10 }), {
      target: { ip: '127.0.0.1', port, hotkey: bob.address },
      signer: keypairSigner(alice),
      uuid: 'stream-raw',
      nonce: BigInt(Date.now()) * 1_000_000n,
      timeout: 12,
      externalIp: '127.0.0.1',
    });
    const r = await raw(port, b.path, { headers: b.headers, body: b.body });
    assert.equal(r.status, v.status);
    assert.equal(r.body, Array.from({ length: 10 }, (_, i) => `data${i}\n`).join(''));
    for (const [k, val] of Object.entries(v.headers)) assert.equal(r.headers[k], val, k);
  });

  it('handler-set statuses: 404 with body, 409 message, 500 without details', async () => {
    const a = signed(Boom, { mode: '404' });
    const r404 = await raw(port, a.path, { headers: a.headers, body: a.body });
    assert.equal(r404.status, 404);
    assert.deepEqual(
      [json(r404).axon.status_code, json(r404).axon.status_message],
      [404, 'Essential resource for Boom not found'],
    );
    const b = signed(Boom, { mode: '409' });
    const r409 = await raw(port, b.path, { headers: b.headers, body: b.body });
    assert.deepEqual([r409.status, json(r409)], [409, { message: 'Conflicting request' }]);
    const c = signed(Boom, { mode: 'raise' });
    const r500 = await raw(port, c.path, { headers: c.headers, body: c.body });
    assert.equal(r500.status, 500);
    assert.deepEqual(Object.keys(json(r500)), ['message']);
    assert.match(json(r500).message, /^Internal Server Error #[\da-f-]+$/);
    const d = signed(Boom, { mode: 'bad-output' });
    assert.equal((await raw(port, d.path, { headers: d.headers, body: d.body })).status, 500);
  });
});

describe('bad input: status codes, no crash', () => {
  const send = (
    b: { path: string; headers: Record<string, string>; body: string },
    patch: { headers?: Record<string, string | undefined>; body?: string } = {},
  ) => {
    const headers = { ...b.headers, 'content-type': 'application/json' } as Record<string, string>;
    for (const [k, v] of Object.entries(patch.headers ?? {})) {
      if (v === undefined) delete headers[k];
      else headers[k] = v;
    }
    return raw(port, b.path, { headers, body: patch.body ?? b.body });
  };

  it('a valid request succeeds', async () => {
    const r = await send(signed(Dummy, { dummy_input: 21 }));
    assert.equal(r.status, 200);
    assert.equal(json(r).dummy_output, 42);
    assert.equal(r.headers.bt_header_axon_status_code, '200');
  });

  it('missing signature → 401', async () => {
    const r = await send(signed(Dummy, { dummy_input: 1 }), { headers: { bt_header_dendrite_signature: undefined } });
    assert.deepEqual([r.status, json(r).message], [401, 'Not Verified with error: Missing Signature']);
  });

  it('forged signature → 401', async () => {
    const b = signed(Dummy, { dummy_input: 1 });
    const forged = toHex(sign(charlie, utf8Encode(b.message)));
    const r = await send(b, { headers: { bt_header_dendrite_signature: forged } });
    assert.equal(r.status, 401);
    assert.equal(json(r).message, `Not Verified with error: Signature mismatch with ${b.message} and ${forged}`);
  });

  it('signed for another axon → 401', async () => {
    const r = await send(signed(Dummy, { dummy_input: 1 }, { to: charlie.address }));
    assert.equal(r.status, 401);
    assert.match(
      json(r).message,
      /^Not Verified with error: Signature mismatch with \d+\.\w+\.5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty\./,
    );
  });

  it('replayed nonce → 401', async () => {
    const b = signed(Dummy, { dummy_input: 3 }, { uuid: 'replay' });
    assert.equal((await send(b)).status, 200);
    const again = await send(b);
    assert.deepEqual(
      [again.status, json(again).message],
      [401, 'Not Verified with error: Nonce is too old, a newer one was last processed'],
    );
  });

  it('old nonce → 401', async () => {
    const r = await send(signed(Dummy, { dummy_input: 1 }, { nonce: (BigInt(Date.now()) - 20_000n) * 1_000_000n }));
    assert.equal(r.status, 401);
    assert.match(
      json(r).message,
      /^Not Verified with error: Nonce is too old: acceptable delta is 16\.00 seconds but request was 20\.\d\d seconds old$/,
    );
  });

  it('unknown synapse → 404', async () => {
    const r = await raw(port, '/Nope', { body: '{}' });
    assert.deepEqual(
      [r.status, json(r).message],
      [
        404,
        "Synapse name 'Nope' not found. Available synapses ['Synapse', 'Dummy', 'Slow', 'Boom', 'CustomStreamingSynapse']",
      ],
    );
  });

  it('malformed headers → 400', async () => {
    const r = await send(signed(Dummy, { dummy_input: 1 }), { headers: { bt_header_dendrite_nonce: 'soon' } });
    assert.equal(r.status, 400);
    assert.match(json(r).message, /^Improperly formatted request\. Could not parse headers/);
  });

  it('malformed body → 400', async () => {
    const notJson = await send(signed(Dummy, { dummy_input: 1 }), { body: '{"dummy_input": 1' });
    assert.equal(notJson.status, 400);
    assert.match(
      json(notJson).message,
      /^Improperly formatted request\. Could not parse body into synapse of type Dummy/,
    );
    const wrongType = await send(signed(Dummy, { dummy_input: 1 }), { body: '{"dummy_input": "one"}' });
    assert.equal(wrongType.status, 400);
    assert.match(json(wrongType).message, /dummy_input/);
  });

  it('body hash mismatch → 500', async () => {
    const b = signed(Dummy, { dummy_input: 21 });
    const r = await send(b, { body: b.body.replace('"dummy_input":21', '"dummy_input":22') });
    assert.equal(r.status, 500);
    assert.match(json(r).message, /^Internal Server Error #[\da-f-]+$/);
  });

  it('oversized body → 413 (declared length, and chunked)', async () => {
    const big = JSON.stringify({ dummy_input: 1, pad: 'x'.repeat(5000) });
    const declared = await send(signed(Dummy, { dummy_input: 1 }), { body: big });
    assert.equal(declared.status, 413);
    const b = signed(Dummy, { dummy_input: 1 });
    const chunked = await raw(port, b.path, { headers: { ...b.headers }, body: big, chunked: true });
    assert.equal(chunked.status, 413);
    assert.match(json(chunked).message, /^Payload Too Large/);
  });

  it('blacklisted callers → 403', async () => {
    const unregistered = await send(signed(Dummy, { dummy_input: 1 }, { from: dave }));
    assert.deepEqual(
      [unregistered.status, json(unregistered).message],
      [403, 'Forbidden. Key is blacklisted: Unrecognized hotkey.'],
    );
    const nonValidator = await send(signed(Dummy, { dummy_input: 1 }, { from: charlie }));
    assert.deepEqual(
      [nonValidator.status, json(nonValidator).message],
      [403, 'Forbidden. Key is blacklisted: Non-validator hotkey.'],
    );
    const hooked = await send(signed(Slow, { ms: 1 }, { from: eve }));
    assert.deepEqual([hooked.status, json(hooked).message], [403, 'Forbidden. Key is blacklisted: eve is banned.']);
  });

  it('handler slower than the timeout → 408', async () => {
    const r = await send(signed(Slow, { ms: 2000 }, { timeout: 0.3 }));
    assert.deepEqual([r.status, json(r).message], [408, 'Response timeout after: 0.3s']);
  });

  it('other methods → 405; garbage requests do not crash the server', async () => {
    assert.equal((await raw(port, '/Dummy', { method: 'PUT', body: '{}' })).status, 405);
    const garbage = await new Promise<string>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.write('NOT HTTP AT ALL\r\n\r\n'));
      let got = '';
      s.on('data', (d: Buffer) => {
        got += d.toString();
      });
      s.on('close', () => resolve(got));
    });
    assert.match(garbage, /^HTTP\/1\.1 400/);
  });

  it('a request shaped exactly like the Python dendrite sends is served', async () => {
    // built by hand from the spec: Python json.dumps spacing, float timeout, headers in to_headers() order
    const nonce = BigInt(Date.now()) * 1_000_000n;
    const uuid = 'b6a5c1a4-0000-11ef-8000-0242ac120002';
    const bodyHash = sha3Hex(sha3Hex('5'));
    const message = `${nonce}.${alice.address}.${bob.address}.${uuid}.${bodyHash}`;
    const signature = toHex(sign(alice, utf8Encode(message)));
    const dendrite = `{"status_code": null, "status_message": null, "process_time": null, "ip": "203.0.113.9", "port": null, "version": 10002000, "nonce": ${nonce}, "uuid": "${uuid}", "hotkey": "${alice.address}", "signature": "${signature}"}`;
    const axonInfo = `{"status_code": null, "status_message": null, "process_time": null, "ip": "127.0.0.1", "port": ${port}, "version": null, "nonce": null, "uuid": null, "hotkey": "${bob.address}", "signature": null}`;
    const body = `{"name": "Dummy", "timeout": 12.0, "total_size": 0, "header_size": 0, "dendrite": ${dendrite}, "axon": ${axonInfo}, "computed_body_hash": "", "dummy_input": 5, "dummy_output": null}`;
    const headers = {
      name: 'Dummy',
      timeout: '12.0',
      bt_header_axon_ip: '127.0.0.1',
      bt_header_axon_port: String(port),
      bt_header_axon_hotkey: bob.address,
      bt_header_dendrite_ip: '203.0.113.9',
      bt_header_dendrite_version: '10002000',
      bt_header_dendrite_nonce: String(nonce),
      bt_header_dendrite_uuid: uuid,
      bt_header_dendrite_hotkey: alice.address,
      bt_header_dendrite_signature: signature,
      bt_header_input_obj_dummy_input: Buffer.from('0').toString('base64'),
      header_size: '640',
      total_size: '3128',
      computed_body_hash: bodyHash,
      'content-type': 'application/json',
    };
    const r = await raw(port, '/Dummy', { headers, body });
    assert.equal(r.status, 200, r.body);
    const out = json(r);
    assert.equal(out.dummy_output, 10);
    assert.equal(out.dendrite.hotkey, alice.address);
    assert.equal(r.headers.bt_header_dendrite_nonce, String(nonce));
  });

  it('logs structured lines; a 500 carries an id that finds the details in the log', async () => {
    const lines: Record<string, any>[] = [];
    const logged = createAxon({
      hotkey: bob,
      port: 0,
      host: '127.0.0.1',
      callers: staticCallers([[alice.address, { registered: true, validatorPermit: true, stake: 1n }]]),
      logger: jsonLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l)) }),
    });
    logged.attach(Boom, () => {
      throw new Error('error with potentially sensitive information');
    });
    await logged.start();
    try {
      const b = buildRequest(Boom, prepareFields(Boom, { mode: 'x' }), {
        target: { ip: '127.0.0.1', port: logged.port, hotkey: bob.address },
        signer: keypairSigner(alice),
        uuid: 'log',
        nonce: BigInt(Date.now()) * 1_000_000n,
        timeout: 12,
        externalIp: '127.0.0.1',
      });
      const r = await raw(logged.port, b.path, { headers: b.headers, body: b.body });
      const id = /#([\da-f-]+)$/.exec(json(r).message)?.[1];
      const err = lines.find((l) => l.event === 'axon.internal_error');
      assert.ok(id && err, 'an internal error was logged');
      assert.equal(err.id, id);
      assert.equal(err.error.message, 'error with potentially sensitive information');
      assert.ok(!r.body.includes('sensitive'));
      const req = lines.find((l) => l.event === 'axon.request');
      assert.equal(req?.status, 500);
      assert.equal(req?.hotkey, alice.address);
      assert.ok(lines.every((l) => typeof l.t === 'string' && typeof l.level === 'string'));
    } finally {
      await logged.stop();
    }
  });

  it('still serves after all of the above, and counted every status', async () => {
    const dendrite = createDendrite({ hotkey: alice });
    try {
      const res = await dendrite.call({ ip: '127.0.0.1', port, hotkey: bob.address }, Dummy, { dummy_input: 4 });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.response, { dummy_output: 8 });
    } finally {
      dendrite.close();
    }
    const s = axon.stats();
    for (const code of [200, 400, 401, 403, 404, 405, 408, 409, 413, 500])
      assert.ok((s.byStatus[code] ?? 0) > 0, `status ${code} seen`);
    assert.equal(s.active, 0);
  });
});

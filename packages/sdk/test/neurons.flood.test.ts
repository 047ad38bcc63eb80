/**
 * A flood of 10,000 unsigned requests on loopback (bounded concurrency) does not stop the axon from
 * serving a registered validator: the validator's calls made during and after the flood all succeed.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, it } from 'node:test';
import { cryptoReady, type Keypair, keypairFromUri } from '@tensorium/primitives';
import { z } from 'zod';
import {
  type Axon,
  createAxon,
  createDendrite,
  defineSynapse,
  type SynapseResult,
  staticCallers,
} from '../src/neurons/index.js';

const Dummy = defineSynapse({
  name: 'Dummy',
  request: z.object({ dummy_input: z.int() }),
  response: z.object({ dummy_output: z.int().nullable().optional() }),
});
const FLOOD = 10_000;
const FLOOD_SOCKETS = 48;

let alice: Keypair;
let miner: Keypair;
let axon: Axon;

before(async () => {
  await cryptoReady();
  alice = keypairFromUri('//Alice');
  miner = keypairFromUri('//Bob');
  axon = createAxon({
    hotkey: miner,
    port: 0,
    host: '127.0.0.1',
    callers: staticCallers([[alice.address, { registered: true, validatorPermit: true, stake: 1000n }]]),
  });
  axon.attach(Dummy, ({ dummy_input }) => ({ dummy_output: dummy_input * 2 }));
  await axon.start();
});

after(async () => {
  await axon.stop();
});

/** The i-th flood request, as raw HTTP/1.1 bytes: three kinds of unsigned request, rotating. */
function unsignedRequest(port: number, i: number): Buffer {
  const variants: string[] = [
    '',
    // claims a registered validator's hotkey with a fresh nonce, but carries no signature
    `bt_header_dendrite_hotkey: ${alice.address}\r\nbt_header_dendrite_nonce: ${BigInt(Date.now()) * 1_000_000n}\r\nbt_header_dendrite_uuid: f${i}\r\nbt_header_dendrite_version: 10002000\r\n`,
    // an unregistered hotkey
    `bt_header_dendrite_hotkey: ${miner.address}\r\nbt_header_dendrite_nonce: 1\r\n`,
  ];
  const body = '{"dummy_input": 1}';
  const head = `POST /Dummy HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nname: Dummy\r\ntimeout: 12.0\r\n${variants[i % 3]}content-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`;
  return Buffer.from(head + body);
}

/**
 * One flooding connection: a lean raw-socket client (one request at a time, keep-alive) so that the
 * CPU goes to the axon rather than to an HTTP client. Calls `take()` for the next request index.
 */
function floodConnection(port: number, take: () => number | undefined, statuses: Map<number, number>): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let buf: Buffer = Buffer.alloc(0);
    const sendNext = (): void => {
      const i = take();
      if (i === undefined) {
        socket.end();
        return;
      }
      socket.write(unsignedRequest(port, i));
    };
    socket.on('connect', sendNext);
    socket.on('data', (d: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, d]) : d;
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buf.length < end + 4 + length) return;
        const status = Number(head.slice(9, 12));
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        buf = buf.subarray(end + 4 + length);
        sendNext();
      }
    });
    socket.on('error', () => statuses.set(-1, (statuses.get(-1) ?? 0) + 1));
    socket.on('close', () => resolve());
  });
}

it(`${FLOOD} unsigned requests do not stop a registered validator from being served`, async () => {
  const dendrite = createDendrite({ hotkey: alice });
  const target = { ip: '127.0.0.1', port: axon.port, hotkey: miner.address };
  const statuses = new Map<number, number>();
  let next = 0;
  let flooding = true;
  const t0 = performance.now();
  const take = (): number | undefined => (next < FLOOD ? next++ : undefined);
  const workers = Array.from({ length: FLOOD_SOCKETS }, () => floodConnection(axon.port, take, statuses));
  const flood = Promise.all(workers).then(() => {
    flooding = false;
  });
  const during: SynapseResult<unknown>[] = [];
  const validator = (async () => {
    let i = 0;
    while (flooding) {
      during.push(await dendrite.call(target, Dummy, { dummy_input: i++ }));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await Promise.all([flood, validator]);
  const floodMs = performance.now() - t0;
  const afterwards = await dendrite.call(target, Dummy, { dummy_input: 7 });
  dendrite.close();

  const total = [...statuses.values()].reduce((a, b) => a + b, 0);
  assert.equal(total, FLOOD);
  assert.deepEqual([...statuses.keys()].sort(), [401, 403], `flood statuses ${JSON.stringify([...statuses])}`);
  assert.ok(during.length >= 3, `validator calls during the flood: ${during.length}`);
  for (const r of during) assert.equal(r.statusCode, 200, r.statusMessage);
  assert.equal(afterwards.statusCode, 200);
  assert.deepEqual(afterwards.response, { dummy_output: 14 });
  const times = during.map((r) => r.processTime).sort((a, b) => a - b);
  const worst = times[times.length - 1] as number;
  const median = times[Math.floor(times.length / 2)] as number;
  const stats = axon.stats();
  assert.equal(stats.byStatus[200], during.length + 1);
  assert.equal(stats.nonceEntries, 1, 'unsigned requests leave no nonce state');
  console.log(
    `# flood: ${FLOOD} unsigned in ${Math.round(floodMs)} ms (${Math.round(FLOOD / (floodMs / 1000))}/s); validator ${during.length} calls, all 200, median ${Math.round(median * 1000)} ms, worst ${Math.round(worst * 1000)} ms`,
  );
});

/**
 * Dendrite → axon round trips on loopback (signed by the dendrite, verified by the axon) against a bare
 * node:http JSON round trip carrying the same payload, measured side by side in one run (rounds
 * alternate between the two so both see the same machine load). Also times the per-request pieces:
 * sr25519 sign, sr25519 verify, body hash.
 *   npm run bench -- axon
 */
import { Agent, createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cryptoReady, keypairFromUri, sign, utf8Encode, verifyMessage } from '@tensorium/primitives';
import { createAxon, createDendrite, defineSynapse, prepareFields, staticCallers } from '@tensorium/sdk';
import { z } from 'zod';

const ROUNDS = 5;
const PER_ROUND = Number(process.env.AXON_BENCH_N ?? 300);
const CONCURRENCY = 8;

const Dummy = defineSynapse({
  name: 'Dummy',
  request: z.object({ dummy_input: z.int() }),
  response: z.object({ dummy_output: z.int().nullable().optional() }),
});

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

await cryptoReady();
const validator = keypairFromUri('//Alice');
const miner = keypairFromUri('//Bob');

// --- the real thing
const axon = createAxon({
  hotkey: miner,
  port: 0,
  host: '127.0.0.1',
  callers: staticCallers([[validator.address, { registered: true, validatorPermit: true, stake: 1n }]]),
  maxConcurrency: 64,
});
axon.attach(Dummy, ({ dummy_input }) => ({ dummy_output: dummy_input * 2 }));
await axon.start();
const dendrite = createDendrite({ hotkey: validator, maxLanesPerAxon: CONCURRENCY });
const target = { ip: '127.0.0.1', port: axon.port, hotkey: miner.address };

// --- bare node:http with the same JSON body size
const bare = createServer((req, res) => {
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(parts).toString()) as { dummy_input: number };
    const out = JSON.stringify({ ...body, dummy_output: body.dummy_input * 2 });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
    res.end(out);
  });
});
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
const barePort = (bare.address() as AddressInfo).port;
const bareAgent = new Agent({ keepAlive: true });
const sampleBody = prepareFields(Dummy, { dummy_input: 1 });
const padding = 'x'.repeat(900); // about the size of a synapse body with both terminal infos

function bareCall(i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ dummy_input: i, pad: padding, hash: sampleBody.bodyHash });
    const req = httpRequest(
      {
        agent: bareAgent,
        host: '127.0.0.1',
        port: barePort,
        path: '/Dummy',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          JSON.parse(Buffer.concat(parts).toString());
          resolve();
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function fullCall(i: number): Promise<void> {
  const r = await dendrite.call(target, Dummy, { dummy_input: i });
  if (r.statusCode !== 200) throw new Error(`axon answered ${r.statusCode}: ${r.statusMessage}`);
}

/** Sequential latencies (ms) of `n` calls. */
async function latencies(call: (i: number) => Promise<void>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call(i);
    out.push(performance.now() - t);
  }
  return out;
}

/** Calls per second with `c` callers in flight. */
async function throughput(call: (i: number) => Promise<void>, n: number, c: number): Promise<number> {
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < n) await call(next++);
    }),
  );
  return n / ((performance.now() - t) / 1000);
}

// warm up both paths
await latencies(bareCall, 100);
await latencies(fullCall, 50);

const lat = { bare: [] as number[], full: [] as number[] };
const rps = { bare: [] as number[], full: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  lat.bare.push(...(await latencies(bareCall, PER_ROUND)));
  lat.full.push(...(await latencies(fullCall, PER_ROUND)));
  rps.bare.push(await throughput(bareCall, PER_ROUND, CONCURRENCY));
  rps.full.push(await throughput(fullCall, PER_ROUND, CONCURRENCY));
}

// the per-request pieces
const message = utf8Encode(
  `1712345678901234567.${validator.address}.${miner.address}.${dendrite.uuid}.${sampleBody.bodyHash}`,
);
const time = (f: () => void, n: number): number => {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    f();
    xs.push(performance.now() - t);
  }
  return median(xs) * 1000;
};
let sig = sign(validator, message);
const signUs = time(() => {
  sig = sign(validator, message);
}, 200);
const verifyUs = time(() => verifyMessage(message, sig, validator.publicKey), 500);
const hashUs = time(() => prepareFields(Dummy, { dummy_input: 7 }), 2000);

await axon.stop();
dendrite.close();
bareAgent.destroy();
await new Promise((r) => bare.close(r));

const bareLat = median(lat.bare);
const fullLat = median(lat.full);
const bareRps = median(rps.bare);
const fullRps = median(rps.full);
const f = (x: number, d = 0): string => x.toFixed(d);
console.log(`loopback, ${ROUNDS} alternating rounds × ${PER_ROUND} calls; throughput with ${CONCURRENCY} in flight`);
console.log('');
console.log('                         median latency   round trips/s');
console.log(`  bare node:http          ${f(bareLat, 3).padStart(9)} ms   ${f(bareRps).padStart(12)}`);
console.log(`  dendrite → axon         ${f(fullLat, 3).padStart(9)} ms   ${f(fullRps).padStart(12)}`);
console.log('');
console.log(
  `  overhead per request    ${f(fullLat - bareLat, 3)} ms latency, ${f((1 / fullRps - 1 / bareRps) * 1000, 3)} ms of throughput budget (×${f(bareRps / fullRps, 1)})`,
);
console.log(
  `  of which: sr25519 sign ${f(signUs)} µs (dendrite), sr25519 verify ${f(verifyUs)} µs (axon), validate + body hash ${f(hashUs)} µs`,
);

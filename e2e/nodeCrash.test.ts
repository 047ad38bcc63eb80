/**
 * Crash safety: a node on a data directory is killed with SIGKILL while it produces blocks full of transfers,
 * 20 times, and restarted each time. Every block a client saw committed (a new-head notification, an inBlock
 * status) must still be there with the same hash and transactions, the parent-hash chain must be unbroken, and
 * re-executing every block from genesis on a fresh chain must reproduce each state root and the node's state.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { cryptoReady, fromHex, type Keypair, keypairFromUri, toHex } from '@tensorium/primitives';
import { Chain, MemoryStore, signTx, system, tensoriumRuntime } from '@tensorium/runtime';
import WebSocket from 'ws';
import { nodeOptions } from '../packages/cli/src/commands/node.js';
import { rpc, spawnNode } from './nodeProcess.js';

const KILLS = 20;
const SENDERS = ['//Alice', '//Bob', '//Charlie', '//Dave'];
const PER_SENDER = 40;

const dir = mkdtempSync(join(tmpdir(), 'tns-e2e-crash-'));
let senders: Keypair[];
before(async () => {
  await cryptoReady();
  senders = SENDERS.map((u) => keypairFromUri(u));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function batch(url: string, calls: [string, unknown[]][]): Promise<any[]> {
  const out: any[] = [];
  for (let i = 0; i < calls.length; i += 200) {
    const part = calls.slice(i, i + 200).map(([method, params], j) => ({ jsonrpc: '2.0', id: i + j, method, params }));
    const res = await fetch(url, { method: 'POST', body: JSON.stringify(part) });
    const body = (await res.json()) as { id: number; result?: unknown; error?: unknown }[];
    for (const r of body.sort((a, b) => a.id - b.id)) {
      if (r.error) throw new Error(JSON.stringify(r.error));
      out.push(r.result);
    }
  }
  return out;
}

it(`survives ${KILLS} SIGKILLs during block production without losing a committed block or transaction`, {
  timeout: 240_000,
}, async () => {
  const data = join(dir, 'chain');
  const heads = new Map<number, string>(); // every head a subscriber was told about
  const included = new Map<string, { block: number; blockHash: string }>(); // every tx reported inBlock
  const dests = new Set<string>();
  const t0 = Date.now();
  for (let round = 0; round <= KILLS; round++) {
    const n = await spawnNode(['--dev', '--block-time', '100ms', '--rpc-port', '0', '--data', data]);
    // Everything seen before the last kill is still there, unchanged.
    const nums = [...heads.keys()];
    const hashes = await batch(
      n.url,
      nums.map((k) => ['chain_getBlockHash', [k]]),
    );
    for (const [i, k] of nums.entries())
      assert.equal(hashes[i], heads.get(k), `block #${k} changed or vanished after kill ${round}`);
    if (round === KILLS) {
      await finalChecks(n.url, heads, included, dests);
      n.proc.kill('SIGKILL');
      await n.exited;
      break;
    }
    const ws = new WebSocket(n.wsUrl);
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    const subs = new Map<string, string>(); // subscription → tx hash
    let headSub = '';
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString());
      if (m.id === 'heads') headSub = m.result;
      else if (typeof m.id === 'string' && m.result) subs.set(m.result, m.id);
      const p = m.params;
      if (!p) return;
      if (p.subscription === headSub) heads.set(p.result.number, p.result.hash);
      else if (p.result?.status === 'inBlock')
        included.set(p.result.hash, { block: p.result.block, blockHash: p.result.blockHash });
    });
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 'heads', method: 'chain_subscribeNewHeads', params: [] }));
    const info = await rpc(n.url, 'system_chainInfo');
    const head = await rpc(n.url, 'chain_getHeader');
    const nonces = await batch(
      n.url,
      senders.map((s) => ['state_getAccount', [s.address]]),
    );
    // A burst of transfers, signed first, then sent at once; the kill lands at a random moment while blocks of
    // them are built and committed (a block of ~100 transfers takes tens of milliseconds here).
    const roundDests = Array.from({ length: 8 }, (_, d) => keypairFromUri(`//Crash/${round}/${d}`).address);
    for (const d of roundDests) dests.add(d);
    const burst: string[] = [];
    for (let k = 0; k < PER_SENDER; k++) {
      for (const [si, s] of senders.entries()) {
        const tx = signTx(
          {
            chain: fromHex(info.genesisHash),
            signer: s.address,
            nonce: nonces[si].nonce + k,
            validUntil: head.number + 1000,
            tip: BigInt(k % 3),
            call: {
              module: 'balances',
              fn: 'transfer_keep_alive',
              args: { dest: roundDests[(si + k) % roundDests.length]!, value: 1_000_000_000n + BigInt(round) },
            },
          },
          s,
        );
        burst.push(
          JSON.stringify({
            jsonrpc: '2.0',
            id: tx.hash,
            method: 'author_submitAndWatchExtrinsic',
            params: [toHex(tx.bytes)],
          }),
        );
      }
    }
    for (const m of burst) ws.send(m);
    await new Promise((r) => setTimeout(r, 50 + Math.floor(Math.random() * 600)));
    n.proc.kill('SIGKILL');
    assert.equal(await n.exited, 'SIGKILL');
    ws.terminate();
  }
  assert.ok(included.size > 0, 'some transfers were reported inBlock');
  console.log(
    `# ${KILLS} kills in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${heads.size} committed heads and ${included.size} inBlock transfers checked`,
  );
});

async function finalChecks(
  url: string,
  heads: Map<number, string>,
  included: Map<string, { block: number; blockHash: string }>,
  dests: Set<string>,
) {
  const head = (await rpc(url, 'chain_getHeader')).number as number;
  assert.ok(head >= Math.max(...heads.keys()));
  // Every transaction reported inBlock is in that block.
  const blocks = [...new Set([...included.values()].map((v) => v.block))];
  const bodies = await batch(
    url,
    blocks.map((b) => ['chain_getBlock', [b]]),
  );
  const txsAt = new Map(blocks.map((b, i) => [b, new Set(bodies[i].extrinsics.map((x: { hash: string }) => x.hash))]));
  for (const [hash, at] of included) {
    assert.ok(txsAt.get(at.block)?.has(hash), `transfer ${hash} reported in block #${at.block} is missing`);
    assert.equal(bodies[blocks.indexOf(at.block)].header.hash, at.blockHash);
  }
  // The parent-hash chain is unbroken.
  const headers = await batch(
    url,
    Array.from({ length: head + 1 }, (_, k) => ['chain_getHeader', [k]]),
  );
  for (let k = 1; k <= head; k++) assert.equal(headers[k].parentHash, headers[k - 1].hash, `parent of #${k}`);
  // Re-executing every block reproduces every state root (Chain.import checks it) and the node's state.
  const raws = await batch(
    url,
    Array.from({ length: head }, (_, k) => ['chain_getRawBlock', [k + 1]]),
  );
  // The chain spec exactly as `tensorium node --dev` builds it.
  const quiet = { out() {}, err() {}, env: {} };
  const replay = Chain.open(new MemoryStore(), tensoriumRuntime, nodeOptions(['--dev'], quiet)!.spec);
  for (const raw of raws) replay.import(fromHex(raw));
  assert.equal(replay.headHash, headers[head].hash);
  const who = [...senders.map((s) => s.address), ...dests];
  const accounts = await batch(
    url,
    who.map((a) => ['state_getAccount', [a]]),
  );
  const st = replay.readState();
  who.forEach((a, i) => {
    const r = system.getAccount(st, a);
    assert.deepEqual(accounts[i], { free: r.free.toString(), reserved: r.reserved.toString(), nonce: r.nonce }, a);
  });
}

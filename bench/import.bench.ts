/**
 * Block import throughput against raw signature verification, measured side by side in one run:
 *   (a) sr25519 verifications per second with the fastest verifier (primitives `verify`, schnorrkel wasm),
 *       over the very signatures the blocks carry;
 *   (b) signed transfers imported per second by a follower's `Chain.import` on a SqliteStore (synchronous=FULL,
 *       one fsync per block), blocks of 1000 transfers produced beforehand;
 *   (c) the same on a MemoryStore;
 * and the ratio import/verify (target ≥ 0.70). Then the state-root cost of one block changing 10, 100 and 1000
 * keys on states of 1k, 10k and 100k entries: it follows the number of changes, not the size of the state.
 *   npm run bench -- import        (IMPORT_BENCH_BLOCKS=N to change the block count)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '@tensorium/node';
import { type Keypair, blake2b256, cryptoReady, keypairFromSeed, sign, utf8Encode, verify } from '@tensorium/primitives';
import { Chain, type ChainStore, META_ACCUMULATOR, MemoryBackend, MemoryStore, State, decodeBlock, decodeTx, presetSpec, signTx, signingMessage, tensoriumRuntime } from '@tensorium/runtime';

const BLOCKS = Number(process.env.IMPORT_BENCH_BLOCKS ?? 4);
const PER_BLOCK = 1000;
const ROUNDS = 3;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

await cryptoReady();

// --- Setup: PER_BLOCK funded accounts, each sending one transfer per block.
const t0 = performance.now();
const accounts: Keypair[] = Array.from({ length: PER_BLOCK }, (_, i) => keypairFromSeed(blake2b256(utf8Encode(`import-bench/${i}`))));
const balances: Record<string, bigint> = {};
for (const a of accounts) balances[a.address] = 1_000_000n * 10n ** 9n;
const spec = presetSpec('dev', { balances });
const authority = (await import('@tensorium/primitives')).keypairFromUri('//Alice');
const producer = Chain.open(new MemoryStore(), tensoriumRuntime, spec);
const rawBlocks: Uint8Array[] = [];
for (let b = 0; b < BLOCKS; b++) {
  for (let i = 0; i < PER_BLOCK; i++) {
    const tx = signTx(
      {
        chain: producer.genesisHash,
        signer: accounts[i]!.address,
        nonce: b,
        validUntil: 1000,
        tip: 0n,
        call: { module: 'balances', fn: 'transfer_keep_alive', args: { dest: accounts[(i + 1 + b) % PER_BLOCK]!.address, value: 1_000_000_000n } },
      },
      accounts[i]!,
    );
    producer.submit(tx.bytes);
  }
  const blk = producer.produce(1000 * (b + 1), (m) => sign(authority, m));
  if (blk.block.txs.length !== PER_BLOCK) throw new Error(`block ${b + 1} has ${blk.block.txs.length} transfers`);
  rawBlocks.push(producer.getBlock(b + 1)!.block);
}
const totalTxs = BLOCKS * PER_BLOCK;
console.log(`setup: ${BLOCKS} blocks × ${PER_BLOCK} signed transfers from ${PER_BLOCK} accounts in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// The signatures the blocks carry, as (message, signature, public key).
const sigs = rawBlocks.flatMap((raw) => decodeBlock(raw).txs.map((t) => decodeTx(t))).map((tx) => ({ msg: signingMessage(tx.payload), sig: tx.sig, pk: accounts.find((a) => a.address === tx.payload.signer)!.publicKey }));

function verifyRate(): number {
  const t = performance.now();
  for (const s of sigs) if (!verify(s.msg, s.sig, s.pk)) throw new Error('bad signature');
  return sigs.length / ((performance.now() - t) / 1000);
}

const dir = mkdtempSync(join(tmpdir(), 'tns-import-bench-'));
let dbs = 0;
function importRate(make: () => ChainStore): number {
  const store = make();
  const follower = Chain.open(store, tensoriumRuntime, spec);
  const t = performance.now();
  for (const raw of rawBlocks) follower.import(raw);
  const rate = totalTxs / ((performance.now() - t) / 1000);
  if (follower.headHash !== producer.headHash) throw new Error('follower diverged');
  store.close?.();
  return rate;
}

// Rounds alternate between the three so that they see the same machine load.
const v: number[] = [];
const sq: number[] = [];
const mem: number[] = [];
verifyRate(); // warm-up
importRate(() => new MemoryStore());
for (let r = 0; r < ROUNDS; r++) {
  v.push(verifyRate());
  sq.push(importRate(() => new SqliteStore(join(dir, `f${dbs++}.sqlite`))));
  mem.push(importRate(() => new MemoryStore()));
}
rmSync(dir, { recursive: true, force: true });
const V = median(v);
const S = median(sq);
const M = median(mem);
console.log('');
console.log(`(a) sr25519 verify (schnorrkel wasm)      ${fmt(V).padStart(8)} /s   (median of ${ROUNDS} rounds over ${fmt(sigs.length)} signatures)`);
console.log(`(b) transfers imported, SqliteStore (FULL) ${fmt(S).padStart(8)} /s   ratio import/verify ${(S / V).toFixed(2)} (target ≥ 0.70)`);
console.log(`(c) transfers imported, MemoryStore       ${fmt(M).padStart(8)} /s   ratio import/verify ${(M / V).toFixed(2)}`);
console.log(`    per transfer: verify ${(1e6 / V).toFixed(1)} µs, import on SQLite ${(1e6 / S).toFixed(1)} µs, on memory ${(1e6 / M).toFixed(1)} µs`);

// --- State root cost per block: changes vs state size.
console.log('');
console.log('state root (State.finish: encode + lattice-hash update) per block, median of 5:');
console.log('  state size   10 keys changed   100 keys changed   1000 keys changed');
for (const size of [1_000, 10_000, 100_000]) {
  const backend = new MemoryBackend();
  const init = new Map<string, Uint8Array | null>();
  for (let i = 0; i < size; i++) init.set(`bench/k/${i.toString().padStart(6, '0')}`, new Uint8Array(40).fill(i & 0xff));
  const acc = new Uint8Array(256);
  for (let i = 0; i < 256; i++) acc[i] = (i * 37) & 0xff;
  backend.commit(init, new Map([[META_ACCUMULATOR, acc]]));
  const cells: string[] = [];
  for (const k of [10, 100, 1000]) {
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      const st = new State(backend);
      for (let j = 0; j < k; j++) st.set(`bench/k/${(((j * 7919 + r * 13) % size) + 0).toString().padStart(6, '0')}`, { v: BigInt(r * 1000 + j + 1) });
      const t = performance.now();
      st.finish();
      times.push(performance.now() - t);
    }
    const ms = median(times);
    cells.push(`${ms.toFixed(2).padStart(7)} ms (${((ms * 1000) / k).toFixed(1)} µs/key)`);
  }
  console.log(`  ${fmt(size).padStart(10)}   ${cells.join('  ')}`);
}

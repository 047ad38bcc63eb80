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
import {
  blake2b256,
  cryptoReady,
  type Keypair,
  keypairFromSeed,
  sign,
  utf8Encode,
  verify,
} from '@tensorium/primitives';
import {
  Chain,
  decodeBlock,
  decodeTx,
  META_ACCUMULATOR,
  MemoryBackend,
  MemoryStore,
  presetSpec,
  State,
  signingMessage,
  signTx,
  tensoriumRuntime,
} from '@tensorium/runtime';

const BLOCKS = Number(process.env.IMPORT_BENCH_BLOCKS ?? 4);
const PER_BLOCK = 1000;
const ROUNDS = 5;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

await cryptoReady();

// --- Setup: PER_BLOCK funded accounts, each sending one transfer per block.
const t0 = performance.now();
const accounts: Keypair[] = Array.from({ length: PER_BLOCK }, (_, i) =>
  keypairFromSeed(blake2b256(utf8Encode(`import-bench/${i}`))),
);
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
        call: {
          module: 'balances',
          fn: 'transfer_keep_alive',
          args: { dest: accounts[(i + 1 + b) % PER_BLOCK]!.address, value: 1_000_000_000n },
        },
      },
      accounts[i]!,
    );
    producer.submit(tx.bytes);
  }
  const blk = producer.produce(1000 * (b + 1), (m) => sign(authority, m));
  if (blk.block.txs.length !== PER_BLOCK) throw new Error(`block ${b + 1} has ${blk.block.txs.length} transfers`);
  rawBlocks.push(producer.getBlock(b + 1)!.block);
}
console.log(
  `setup: ${BLOCKS} blocks × ${PER_BLOCK} signed transfers from ${PER_BLOCK} accounts in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

// The signatures each block carries, as (message, signature, public key).
const blockSigs = rawBlocks.map((raw) =>
  decodeBlock(raw).txs.map((t) => {
    const tx = decodeTx(t);
    return {
      msg: signingMessage(tx.payload),
      sig: tx.sig,
      pk: accounts.find((a) => a.address === tx.payload.signer)!.publicKey,
    };
  }),
);

/** Wall-clock and CPU (user + system, this process) milliseconds of `fn`. */
function timed(fn: () => void): { wall: number; cpu: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  fn();
  const wall = performance.now() - t;
  const d = process.cpuUsage(c);
  return { wall, cpu: (d.user + d.system) / 1000 };
}

/** Verifies one block's signatures. */
function verifyBlock(b: number) {
  const sigs = blockSigs[b]!;
  return timed(() => {
    for (const s of sigs) if (!verify(s.msg, s.sig, s.pk)) throw new Error('bad signature');
  });
}

/** Imports one block. */
function importBlock(chain: Chain, b: number) {
  return timed(() => chain.import(rawBlocks[b]!));
}

const dir = mkdtempSync(join(tmpdir(), 'tns-import-bench-'));
let dbs = 0;
const followers = (): [Chain, Chain, () => void] => {
  const sq = new SqliteStore(join(dir, `f${dbs++}.sqlite`));
  return [
    Chain.open(sq, tensoriumRuntime, spec),
    Chain.open(new MemoryStore(), tensoriumRuntime, spec),
    () => sq.close(),
  ];
};

// Warm-up, then rounds of fresh followers. Block by block, the three measurements run back to back, so that each
// ratio compares numbers taken under the same machine load (this machine is shared).
{
  const [a, b, close] = followers();
  for (let k = 0; k < BLOCKS; k++) {
    verifyBlock(k);
    importBlock(a, k);
    importBlock(b, k);
  }
  close();
}
const rate = (ms: number) => PER_BLOCK / (ms / 1000);
const v: number[] = [];
const sq: number[] = [];
const mem: number[] = [];
const rSq: number[] = [];
const rMem: number[] = [];
const cSq: number[] = [];
const cMem: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const [fs, fm, close] = followers();
  for (let k = 0; k < BLOCKS; k++) {
    const tv = verifyBlock(k);
    const ts = importBlock(fs, k);
    const tm = importBlock(fm, k);
    v.push(rate(tv.wall));
    sq.push(rate(ts.wall));
    mem.push(rate(tm.wall));
    rSq.push(tv.wall / ts.wall);
    rMem.push(tv.wall / tm.wall);
    cSq.push(tv.cpu / ts.cpu);
    cMem.push(tv.cpu / tm.cpu);
  }
  if (fs.headHash !== producer.headHash || fm.headHash !== producer.headHash) throw new Error('a follower diverged');
  close();
}
rmSync(dir, { recursive: true, force: true });
const V = median(v);
const S = median(sq);
const M = median(mem);
const n = v.length;
const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
console.log('');
console.log(
  `(a) sr25519 verify (schnorrkel wasm)      ${fmt(V).padStart(8)} /s   (median of ${n} blocks of ${PER_BLOCK} signatures)`,
);
console.log(
  `(b) transfers imported, SqliteStore (FULL) ${fmt(S).padStart(8)} /s   ratio import/verify ${median(rSq).toFixed(2)} (target ≥ 0.70)`,
);
console.log(
  `(c) transfers imported, MemoryStore       ${fmt(M).padStart(8)} /s   ratio import/verify ${median(rMem).toFixed(2)}`,
);
console.log(
  `    ratios: medians of per-block ratios of wall time (range SQLite ${range(rSq)}, memory ${range(rMem)});`,
);
console.log(
  `    of CPU time, which a busy machine disturbs less: SQLite ${median(cSq).toFixed(2)} (${range(cSq)}), memory ${median(cMem).toFixed(2)} (${range(cMem)})`,
);
console.log(
  `    per transfer: verify ${(1e6 / V).toFixed(1)} µs, import on SQLite ${(1e6 / S).toFixed(1)} µs, on memory ${(1e6 / M).toFixed(1)} µs`,
);

// --- State root cost per block: changes vs state size.
console.log('');
console.log('state root (State.finish: encode + lattice-hash update) per block, median of 5:');
console.log('  state size   10 keys changed   100 keys changed   1000 keys changed');
for (const size of [1_000, 10_000, 100_000]) {
  const backend = new MemoryBackend();
  const init = new Map<string, Uint8Array | null>();
  for (let i = 0; i < size; i++)
    init.set(`bench/k/${i.toString().padStart(6, '0')}`, new Uint8Array(40).fill(i & 0xff));
  const acc = new Uint8Array(256);
  for (let i = 0; i < 256; i++) acc[i] = (i * 37) & 0xff;
  backend.commit(init, new Map([[META_ACCUMULATOR, acc]]));
  const cells: string[] = [];
  for (const k of [10, 100, 1000]) {
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      const st = new State(backend);
      for (let j = 0; j < k; j++)
        st.set(`bench/k/${(((j * 7919 + r * 13) % size) + 0).toString().padStart(6, '0')}`, {
          v: BigInt(r * 1000 + j + 1),
        });
      const t = performance.now();
      st.finish();
      times.push(performance.now() - t);
    }
    const ms = median(times);
    cells.push(`${ms.toFixed(2).padStart(7)} ms (${((ms * 1000) / k).toFixed(1)} µs/key)`);
  }
  console.log(`  ${fmt(size).padStart(10)}   ${cells.join('  ')}`);
}

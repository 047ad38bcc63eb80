/**
 * The per-block economy step on a mainnet-like chain: 64 subnets × 256 uids (64 validators with stake and weights
 * on 192 miners each), tempo 360, some root stake (so liquidity injection, root dividends and claims run too).
 * Measures one full tempo: time per block of the block step (registration prices, coinbase, epochs, moving prices),
 * of finishing the block (state encoding and root), blocks with and without epochs, and the cost per epoch.
 * Times are CPU time of the process (the machine is shared). Target (issue 4): < 5 ms per block on average over a
 * full tempo. Run: npm run bench -- coinbase   (BENCH_SUBNETS=8 for a quick run)
 */
import { cryptoReady, ss58Encode, type Value } from '@tensorium/primitives';
import {
  BlockExecutor,
  checkInvariants,
  convertArgs,
  META_ACCUMULATOR,
  MemoryBackend,
  type Origin,
  presetSpec,
  State,
  tensoriumRuntime,
} from '@tensorium/runtime';
import { describeSpeed, speedFactor, verifyRate } from './machineSpeed.js';

// The node awaits this before producing blocks: the state root's blake2b then runs in WebAssembly, not JavaScript.
await cryptoReady();

const TAO = 10n ** 9n;
const SUBNETS = Number(process.env.BENCH_SUBNETS ?? 64);
const UIDS = 256;
const VALIDATORS = 64;
const TEMPO = 360;

let counter = 0;
/** A synthetic account: SS58 of a counter-derived public key (no key derivation needed for a benchmark). */
function account(): string {
  const pk = new Uint8Array(32);
  let c = ++counter;
  for (let i = 0; i < 8; i++) {
    pk[i] = c & 0xff;
    c >>>= 8;
  }
  pk[31] = 0x7e;
  return ss58Encode(pk);
}

const owners = Array.from({ length: SUBNETS }, () => account());
const ownerHot = Array.from({ length: SUBNETS }, () => account());
const valCold = Array.from({ length: SUBNETS }, () => account());
const minerCold = Array.from({ length: SUBNETS }, () => account());
const hotkeys = Array.from({ length: SUBNETS }, () => Array.from({ length: UIDS - 1 }, () => account()));

const balances: Record<string, bigint> = {};
for (let n = 0; n < SUBNETS; n++) {
  balances[owners[n]!] = 10_000n * TAO;
  balances[valCold[n]!] = 40_000n * TAO;
  balances[minerCold[n]!] = 1_000n * TAO;
}
const spec = presetSpec('mainnet-like', {
  balances,
  params: {
    network_rate_limit: 0n,
    network_lock_reduction_interval: 1n,
    start_call_delay: 0n,
    commit_reveal_weights_enabled: false,
    weights_set_rate_limit: 0n,
    burn_increase_mult: 1n << 64n,
    store_epoch_trace: true,
  },
});

const backend = new MemoryBackend();
{
  const g = new State(backend);
  const ctx = { state: g, block: { number: 0, timestamp: 0, author: '' }, emit() {} };
  for (const m of tensoriumRuntime.modules) m.genesis?.(ctx, spec);
  const r = g.finish();
  backend.commit(r.changes, new Map([[META_ACCUMULATOR, r.accumulator.bytes()]]));
}
const author = account();
let number = 0;
let ex: BlockExecutor;

/** CPU time of this process in ms (less disturbed than wall time on a shared machine). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function begin(): number {
  number++;
  const t0 = cpuMs();
  ex = new BlockExecutor(tensoriumRuntime, backend, { number, timestamp: number * 12_000, author }, new Uint8Array(32));
  return cpuMs() - t0;
}

let lastChanges = 0;
let lastBytes = 0;
function end(): number {
  const t0 = cpuMs();
  const r = ex.finish();
  lastChanges = r.changes.size;
  lastBytes = 0;
  for (const v of r.changes.values()) lastBytes += v ? v.length : 0;
  if (process.env.BENCH_DEBUG && r.changes.size > 100) {
    const by = new Map<string, [number, number]>();
    for (const [k, v] of r.changes) {
      const p = k.split('/').slice(0, 2).join('/');
      const e = by.get(p) ?? [0, 0];
      by.set(p, [e[0] + 1, e[1] + (v ? v.length : 0)]);
    }
    console.log(number, [...by.entries()].map(([p, [n, b]]) => `${p}:${n}/${b}B`).join(' '));
  }
  backend.commit(r.changes, new Map([[META_ACCUMULATOR, r.accumulator]]));
  return cpuMs() - t0;
}

function call(who: string, fn: string, args: Record<string, Value>): void {
  const entry = tensoriumRuntime.calls.get(fn)!;
  const origin: Origin = { kind: 'signed', who };
  entry.call.handler(ex.context, origin, convertArgs(entry.call.args, args));
}

// --- setup: one subnet per block (the lock cost stays at the minimum), then neurons, stake and weights.
const t0 = performance.now();
begin();
for (let n = 0; n < SUBNETS; n++) {
  call(owners[n]!, 'register_network', { hotkey: ownerHot[n]! });
  call(owners[n]!, 'start_call', { netuid: n + 1 });
  end();
  begin();
}
for (let n = 0; n < SUBNETS; n++) {
  const netuid = n + 1;
  hotkeys[n]!.forEach((hk, i) => {
    call(i < VALIDATORS - 1 ? valCold[n]! : minerCold[n]!, 'burned_register', { netuid, hotkey: hk });
  });
  for (let i = 0; i < VALIDATORS - 1; i++)
    call(valCold[n]!, 'add_stake', { hotkey: hotkeys[n]![i]!, netuid, amount_staked: BigInt(100 + 10 * i) * TAO });
  // Root stake on the first validator of each subnet: root proportion, injection and root dividends run.
  call(valCold[n]!, 'add_stake', { hotkey: hotkeys[n]![0]!, netuid: 0, amount_staked: 2_000n * TAO });
  end();
  begin();
}
// Let every subnet run one epoch (validator permits), then the validators set weights on the miners.
for (let i = 0; i < TEMPO; i++) {
  end();
  begin();
}
for (let n = 0; n < SUBNETS; n++) {
  const miners = Array.from({ length: UIDS - VALIDATORS }, (_, j) => VALIDATORS + j);
  for (let i = 0; i < VALIDATORS - 1; i++) {
    const w = miners.map((j) => 1 + ((j * 7919 + i * 104_729) % 65_535));
    call(hotkeys[n]![i]!, 'set_weights', { netuid: n + 1, dests: miners, weights: w });
  }
}
end();
const setupMs = performance.now() - t0;
const violations = checkInvariants(new State(backend));
if (violations.length) throw new Error(`invariants: ${violations.slice(0, 3).join('; ')}`);

// --- warm-up tempo (bonds form), then the measured tempo.
function runTempo(): { step: number[]; finish: number[]; epochs: number[]; keys: number[]; bytes: number[] } {
  const step: number[] = [];
  const finish: number[] = [];
  const epochs: number[] = [];
  const keys: number[] = [];
  const bytes: number[] = [];
  for (let i = 0; i < TEMPO; i++) {
    step.push(begin());
    epochs.push(ex.events.filter((e) => e.name === 'EpochDistributed').length);
    finish.push(end());
    keys.push(lastChanges);
    bytes.push(lastBytes);
  }
  return { step, finish, epochs, keys, bytes };
}
runTempo();
const speedBefore = await verifyRate();
const r = runTempo();
const speedAfter = await verifyRate();
if (checkInvariants(new State(backend)).length) throw new Error('invariants broken after the measured tempo');

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1]! : 0;
};
const mean = (v: number[]): number => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0);
const total = r.step.map((s, i) => s + r.finish[i]!);
const quiet = total.filter((_, i) => r.epochs[i] === 0);
const busy = total.filter((_, i) => r.epochs[i]! > 0);
const nEpochs = r.epochs.reduce((a, b) => a + b, 0);
const perEpoch = nEpochs ? (busy.reduce((a, b) => a + b, 0) - busy.length * median(quiet)) / nEpochs : 0;
const avg = mean(total);
console.log(`setup (64 subnets × 256 uids, weights, stake): ${(setupMs / 1000).toFixed(1)} s`);
console.log(`measured tempo: ${TEMPO} blocks, ${nEpochs} epochs`);
console.log(`block step          median ${median(r.step).toFixed(2)} ms   mean ${mean(r.step).toFixed(2)} ms`);
console.log(`finish (state root) median ${median(r.finish).toFixed(2)} ms   mean ${mean(r.finish).toFixed(2)} ms`);
console.log(`block without epoch median ${median(quiet).toFixed(2)} ms   (coinbase for 64 subnets)`);
console.log(`block with epoch    median ${median(busy).toFixed(2)} ms   per epoch ≈ ${perEpoch.toFixed(2)} ms`);
const busyIdx = r.epochs.map((e, i) => (e > 0 ? i : -1)).filter((i) => i >= 0);
console.log(
  `  of which: step median ${median(busyIdx.map((i) => r.step[i]!)).toFixed(2)} ms, finish median ${median(busyIdx.map((i) => r.finish[i]!)).toFixed(2)} ms, epochs per such block ${(nEpochs / Math.max(1, busy.length)).toFixed(2)}`,
);
console.log(
  `changed entries per block: quiet median ${median(r.keys.filter((_, i) => r.epochs[i] === 0))} (${median(r.bytes.filter((_, i) => r.epochs[i] === 0))} bytes), with epoch median ${median(r.keys.filter((_, i) => r.epochs[i]! > 0))} (${median(r.bytes.filter((_, i) => r.epochs[i]! > 0))} bytes)`,
);
// The average below is a mean: a few slow blocks (a major garbage collection, a busy machine) weigh in it.
console.log(
  `block means: without epoch ${mean(quiet).toFixed(2)} ms, with epoch ${mean(busy).toFixed(2)} ms; slowest block ${Math.max(...total).toFixed(2)} ms`,
);
console.log(`average per block over the tempo: ${avg.toFixed(2)} ms   target < 5 ms   ratio ${(avg / 5).toFixed(2)}`);
// The target is stated for this kind of machine at its usual speed; these machines drift by up to 2× between runs.
const f = speedFactor((speedBefore + speedAfter) / 2);
console.log(describeSpeed(speedBefore, speedAfter));
console.log(
  `average per block at the reference machine's speed: ${(avg * f).toFixed(2)} ms   target < 5 ms   ratio ${((avg * f) / 5).toFixed(2)}`,
);

/**
 * The dev preset end to end: 2 subnets × 8 neurons (owner, 3 validators, 4 miners), stake on validators (one with a
 * nominator), weights set every few tempos, 20 tempos. At every epoch the stake each hotkey receives is checked
 * against an independent calculation from the spec's formulas (economics.md §5.5, §5.7–§5.8) written here in plain
 * integer arithmetic: per-block owner cut / server / validator amounts, the validator pool, dividends pro rata, the
 * 18% delegate take, incentives to miners, the owner cut to the owner. The invariants hold at every block (Sandbox).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoReady } from '@tensorium/primitives';
import { stakingModule, subnetsModule, swapModule } from '@tensorium/runtime';
import { addr, Sandbox } from './helpers/sandbox.js';

const TAO = 10n ** 9n;
const F = 32n;
const ONE = 1n << F;

// Independent constants (spec §2.6, §5.5, §5.8 e): U96F32 ratios of u16 values.
const CUT = (11_796n << F) / 65_535n;
const TAKE = (11_796n << F) / 65_535n;

/** Per-block split of 1 alpha of alpha_out with root proportion 0 (no root stake): [owner cut, server, validator]. */
function perBlock(): [bigint, bigint, bigint] {
  const out = TAO << F;
  const oc = (out * CUT) >> F;
  const rest = out - oc;
  const server = (rest * (ONE >> 1n)) >> F;
  const validator = rest - server;
  return [oc >> F, server >> F, validator >> F];
}

interface Trace {
  block: number;
  emission: bigint;
  vectors: Record<string, number[]>;
}

const SUBNETS = [1, 2];
const VALIDATORS = ['V1', 'V2', 'V3'];
const MINERS = ['M4', 'M5', 'M6', 'M7'];
const cold = (n: number, who: string) => `//S${n}${who}`;
const hot = (n: number, who: string) => `//S${n}${who}//hot`;

before(async () => {
  await cryptoReady();
});

describe('dev chain: 2 subnets × 8 neurons × 20 tempos', () => {
  it('pays miners, validators, nominators and owners what the formulas give', () => {
    const balances: Record<string, bigint> = { '//Nom': 1_000n * TAO };
    for (const n of SUBNETS) {
      balances[`//Owner${n}`] = 10_000n * TAO;
      for (const w of [...VALIDATORS, ...MINERS]) balances[cold(n, w)] = 1_000n * TAO;
    }
    const s = new Sandbox({ preset: 'dev', balances });
    const tempo = 10;
    for (const n of SUBNETS) {
      s.ok(`//Owner${n}`, 'register_network', { hotkey: `//Owner${n}//hot` });
      s.ok(`//Owner${n}`, 'start_call', { netuid: n });
    }
    s.next();
    for (const n of SUBNETS) {
      for (const w of [...VALIDATORS, ...MINERS]) s.ok(cold(n, w), 'burned_register', { netuid: n, hotkey: hot(n, w) });
      VALIDATORS.forEach((v, i) => {
        s.ok(cold(n, v), 'add_stake', { hotkey: hot(n, v), netuid: n, amount_staked: BigInt(100 - 30 * i) * TAO });
      });
      s.ok('//Nom', 'add_stake', { hotkey: hot(n, 'V1'), netuid: n, amount_staked: 20n * TAO });
    }
    const [oc, server, validator] = perBlock();
    const firstEmission = 2; // start_call at block 1
    const lastDrain = new Map<number, number>(SUBNETS.map((n) => [n, firstEmission - 1]));
    const totalOf = (h: string, n: number) => stakingModule.totalHotkeyAlpha(s.state, addr(h), n);
    let epochs = 0;
    let checkedIncentive = 0n;
    let checkedDividend = 0n;
    while (s.number < 2 + 20 * tempo) {
      // Validators set weights on miners now and then (dev weights_set_rate_limit = 2).
      if (s.number % (2 * tempo) === 15) {
        for (const n of SUBNETS) {
          VALIDATORS.forEach((v, i) => {
            s.ok(hot(n, v), 'set_weights', {
              netuid: n,
              dests: [4, 5, 6, 7],
              weights: [10 + i, 20, 30 - i, 40 + 5 * i],
            });
          });
        }
      }
      const hotkeys = (n: number) => [
        `//Owner${n}//hot`,
        ...VALIDATORS.map((v) => hot(n, v)),
        ...MINERS.map((m) => hot(n, m)),
      ];
      const before = new Map(SUBNETS.map((n) => [n, hotkeys(n).map((h) => totalOf(h, n))]));
      const nomBefore = new Map(
        SUBNETS.map((n) => [n, stakingModule.stakeOf(s.state, addr(hot(n, 'V1')), addr('//Nom'), n)]),
      );
      s.next();
      for (const n of SUBNETS) {
        const em = subnetsModule.getEm(s.state, n);
        if (em.lastEpochBlock !== s.number) continue;
        epochs++;
        // Pending amounts: every emitting block since the last drain (alpha issuance stays far below 10.5M).
        const blocks = BigInt(s.number - lastDrain.get(n)!);
        lastDrain.set(n, s.number);
        const pool = swapModule.getPool(s.state, n);
        assert.ok(pool.alphaIn + pool.alphaOut < 10_500_000n * TAO);
        const pServer = blocks * server;
        const pValidator = blocks * validator;
        const pOwner = blocks * oc;
        const trace = s.state.get<Trace>(`neurons/trace/0000${n}`)!;
        assert.equal(trace.block, s.number);
        assert.equal(trace.emission, pServer + pValidator, `subnet ${n} epoch ${s.number}: E`);
        // The epoch's outputs: server and validator emission per uid.
        const se = trace.vectors.normalizedServerEmission!.map((b) => (BigInt(b) * trace.emission) >> F);
        const ve = trace.vectors.normalizedValidatorEmission!.map((b) => (BigInt(b) * trace.emission) >> F);
        const incSum = se.reduce((a, b) => a + b, 0n);
        const valPool = incSum === 0n ? pValidator + pServer : pValidator;
        const dSum = ve.reduce((a, b) => a + b, 0n) << F;
        const rests: bigint[] = [];
        const takes: bigint[] = [];
        const expected = hotkeys(n).map((_, uid) => {
          let d = 0n;
          rests.push(0n);
          takes.push(0n);
          if (dSum > 0n && ve[uid]! > 0n) {
            const share = ((ve[uid]! << F) << F) / dSum;
            const a = ((valPool << F) * share) >> F;
            const take = (TAKE * a) >> F;
            rests[uid] = (a - take) >> F;
            takes[uid] = take >> F;
            d = (take >> F) + rests[uid]!;
          }
          const inc = uid === 0 ? 0n : se[uid]!; // the owner's incentive is burned
          checkedIncentive += inc;
          checkedDividend += d;
          return before.get(n)![uid]! + inc + d + (uid === 0 ? pOwner : 0n);
        });
        assert.deepEqual(
          hotkeys(n).map((h) => totalOf(h, n)),
          expected,
          `subnet ${n}, epoch at block ${s.number}: stake per hotkey`,
        );
        // The nominator gets its share of V1's dividend after the take (±2 for the share pool's flooring).
        // The take is added to the owner's shares first, then the rest to everyone pro rata.
        const v1Before = before.get(n)![1]! + takes[1]!;
        const nomExpected = nomBefore.get(n)! + (rests[1]! * nomBefore.get(n)!) / v1Before;
        const nomNow = stakingModule.stakeOf(s.state, addr(hot(n, 'V1')), addr('//Nom'), n);
        assert.ok(
          nomNow - nomExpected <= 2n && nomExpected - nomNow <= 2n,
          `nominator on subnet ${n}: ${nomNow} vs ${nomExpected}`,
        );
      }
    }
    assert.equal(epochs, 2 * 20);
    assert.ok(checkedIncentive > 0n && checkedDividend > 0n, 'miners and validators were both paid');
    // Owners received their cut: 18% of every block's alpha since emission started.
    for (const n of SUBNETS) {
      const ownerStake = totalOf(`//Owner${n}//hot`, n);
      assert.ok(ownerStake >= BigInt(s.number - 2 - tempo) * oc, `owner ${n} stake ${ownerStake}`);
    }
    // Every miner earned incentive; the nominator earned on V1.
    for (const n of SUBNETS) for (const m of MINERS) assert.ok(totalOf(hot(n, m), n) > 0n, `${m} on ${n}`);
  });
});

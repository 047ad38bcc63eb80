// Issuance, halvings, lock cost, epoch scheduling, registration price and share pools (spec/economics.md §1–§3, §5.6, §6.1).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  alphaIssuance,
  applyIssuanceEvent,
  blockEmissionForIssuance,
  blocksUntilNextAutoEpoch,
  bumpBurn,
  currentEpochWithLookahead,
  DEFAULT_BURN_INCREASE_MULT_RAW,
  decayBurn,
  decayFactorQ32,
  effectiveLockReductionInterval,
  halvingCount,
  halvingThreshold,
  initialLastEpochBlock,
  legacyAdjustmentTargets,
  legacyEpochIndex,
  mintAmount,
  networkLockCost,
  nextEpochBlock,
  ONE_TAO,
  powQ32,
  SharePool,
  safeFloatAdd,
  safeFloatDiv,
  safeFloatFromU64,
  safeFloatGt,
  safeFloatNew,
  safeFloatSub,
  safeFloatToU64,
  scheduleEpochs,
  sharePoolWouldChange,
  shouldRunEpoch,
  TOTAL_SUPPLY,
  U64_MAX,
} from '../src/economy/index.js';

const TAO = ONE_TAO;

test('block emission halves each time half of the remaining supply is issued (§1.1)', () => {
  assert.equal(blockEmissionForIssuance(0n), TAO);
  assert.equal(blockEmissionForIssuance(10_500_000n * TAO - 1n), TAO);
  assert.equal(blockEmissionForIssuance(10_500_000n * TAO), TAO / 2n);
  assert.equal(blockEmissionForIssuance(15_750_000n * TAO - 1n), TAO / 2n);
  assert.equal(blockEmissionForIssuance(15_750_000n * TAO), TAO / 4n);
  assert.equal(blockEmissionForIssuance(18_375_000n * TAO), TAO / 8n);
  assert.equal(blockEmissionForIssuance(TOTAL_SUPPLY), 0n);
  assert.equal(blockEmissionForIssuance(TOTAL_SUPPLY + 1n), 0n);
  assert.deepEqual(
    [1, 2, 3].map((k) => halvingThreshold(k)),
    [10_500_000n * TAO, 15_750_000n * TAO, 18_375_000n * TAO],
  );
  assert.equal(halvingCount(10_499_999n * TAO), 0);
  assert.equal(halvingCount(10_500_000n * TAO), 1);
  // 7200 blocks at 0.5 TAO after the first halving: 3600 TAO a day.
  assert.equal(7200n * blockEmissionForIssuance(10_600_000n * TAO), 3600n * TAO);
});

test('a synthetic chain crossing 10.5M TAO switches to 0.5 TAO at the first block whose issuance has crossed (§1.1–§1.2)', () => {
  let issuance = 10_500_000n * TAO - 3n * TAO - 1n;
  const emitted: bigint[] = [];
  for (let block = 0; block < 6; block++) {
    const e = mintAmount(blockEmissionForIssuance(issuance), issuance);
    emitted.push(e);
    issuance = applyIssuanceEvent(issuance, { kind: 'mint', amount: e });
  }
  // Issuance before each block: 10.5M − 3 TAO − 1 RAO, −2 TAO −1, −1 TAO −1, −1 RAO, then crossed.
  assert.deepEqual(emitted, [TAO, TAO, TAO, TAO, TAO / 2n, TAO / 2n]);
  // Recycling pushes issuance back below the threshold and emission returns to 1 TAO.
  const recycled = applyIssuanceEvent(issuance, { kind: 'recycle', amount: 2n * TAO });
  assert.equal(blockEmissionForIssuance(recycled), TAO);
  assert.equal(applyIssuanceEvent(recycled, { kind: 'burn', amount: 5n * TAO }), recycled);
  assert.equal(applyIssuanceEvent(1n, { kind: 'dust', amount: 5n }), 0n);
});

test('minting never exceeds the 21M cap, alpha issuance is in + out (§1.2, §2.1)', () => {
  assert.equal(mintAmount(TAO, TOTAL_SUPPLY - 5n), 5n);
  assert.equal(mintAmount(TAO, TOTAL_SUPPLY), 0n);
  assert.equal(mintAmount(TAO, 0n), TAO);
  assert.equal(alphaIssuance(3n, 4n), 7n);
  assert.equal(alphaIssuance(U64_MAX, 4n), U64_MAX);
});

test('lock cost doubles at registration, decays linearly to the minimum, and the interval halves with emission (§2.3)', () => {
  const base = { minLock: 1_000n * TAO, reductionInterval: 57_600n };
  // Mainnet migration: last lock 1250 TAO ⇒ 2500 TAO at the block of the last registration.
  assert.equal(networkLockCost({ ...base, lastLock: 1_250n * TAO, lastLockBlock: 100n, now: 100n }), 2_500n * TAO);
  // Half the interval later: 2500 − 1250/57600·28800 (integer division first).
  const perBlock = (1_250n * TAO) / 57_600n;
  assert.equal(
    networkLockCost({ ...base, lastLock: 1_250n * TAO, lastLockBlock: 100n, now: 100n + 28_800n }),
    2_500n * TAO - perBlock * 28_800n,
  );
  assert.equal(
    networkLockCost({ ...base, lastLock: 1_250n * TAO, lastLockBlock: 100n, now: 10_000_000n }),
    base.minLock,
  );
  // Never registered: multiplier 1.
  assert.equal(
    networkLockCost({ ...base, lastLock: 2_000n * TAO, lastLockBlock: 0n, now: 5n }),
    2_000n * TAO - ((2_000n * TAO) / 57_600n) * 5n,
  );
  assert.equal(effectiveLockReductionInterval(57_600n, TAO), 57_600n);
  assert.equal(effectiveLockReductionInterval(57_600n, TAO / 2n), 28_800n);
  const halved = networkLockCost({
    ...base,
    lastLock: 1_250n * TAO,
    lastLockBlock: 100n,
    now: 100n + 28_800n,
    blockEmission: TAO / 2n,
  });
  // After the halving the interval is 28,800 blocks, so the price is back to the last paid price twice as fast.
  assert.equal(halved, 2_500n * TAO - ((1_250n * TAO) / 28_800n) * 28_800n);
  assert.equal(
    networkLockCost({ ...base, reductionInterval: 0n, lastLock: 1_250n * TAO, lastLockBlock: 1n, now: 9n }),
    2_500n * TAO,
  );
});

test('epoch schedule: due rule, safety net, stagger, next block and the per-block cap with deferral (§5.6)', () => {
  const st = { tempo: 10, lastEpochBlock: 100n, pendingEpochAt: 0n, blocksSinceLastStep: 1n };
  assert.equal(shouldRunEpoch(st, 109n), false);
  assert.equal(shouldRunEpoch(st, 110n), true);
  assert.equal(shouldRunEpoch({ ...st, pendingEpochAt: 105n }, 105n), true);
  assert.equal(shouldRunEpoch({ ...st, blocksSinceLastStep: 50_401n }, 101n), true);
  assert.equal(shouldRunEpoch({ ...st, tempo: 0, pendingEpochAt: 1n }, 200n), false);
  assert.equal(blocksUntilNextAutoEpoch(100n, 10, 104n), 6n);
  assert.equal(nextEpochBlock(100n, 10, 0n), 110n);
  assert.equal(nextEpochBlock(100n, 10, 105n), 105n);
  assert.equal(nextEpochBlock(100n, 0, 0n), undefined);
  assert.equal(initialLastEpochBlock(1_000n, 7, 360), 993n);
  assert.equal(initialLastEpochBlock(3n, 7, 360), 0n);
  assert.equal(legacyEpochIndex(1, 10, 20n), 2n);
  assert.equal(currentEpochWithLookahead(5n, true), 6n);

  const due = (netuid: number, consistent = true) => ({
    netuid,
    tempo: 10,
    lastEpochBlock: 0n,
    pendingEpochAt: 0n,
    blocksSinceLastStep: 9n,
    consistent,
  });
  const r = scheduleEpochs([due(1), due(2, false), due(3), due(4), { ...due(5), lastEpochBlock: 15n }], 20n, 2);
  assert.deepEqual(
    r.map((x) => x.decision),
    ['run', 'skip', 'run', 'defer', 'idle'],
  );
  assert.deepEqual(
    r.map((x) => x.epochIndexIncrement),
    [1, 1, 1, 0, 0],
  );
  assert.equal(r[0]!.lastEpochBlock, 20n);
  assert.equal(r[0]!.blocksSinceLastStep, 0n);
  assert.equal(r[1]!.blocksSinceLastStep, 10n); // skipped: slot consumed, counter not reset
  assert.equal(r[3]!.pendingEpochAt, 21n);
  assert.equal(r[4]!.blocksSinceLastStep, 10n);
  // The deferred subnet runs at the next block.
  const next = scheduleEpochs(
    [{ netuid: 4, tempo: 10, lastEpochBlock: 0n, pendingEpochAt: 21n, blocksSinceLastStep: 10n }],
    21n,
    2,
  );
  assert.equal(next[0]!.decision, 'run');
  assert.equal(next[0]!.pendingEpochAt, 0n);
});

test('registration price: decay factor is the largest f with f^h ≤ 1/2, bump ×1.26, bounds (§3.1–§3.2)', () => {
  for (const h of [1, 2, 7, 360, 1000, 36_100]) {
    const f = decayFactorQ32(h);
    assert.ok(powQ32(f, h) <= 1n << 31n, `h=${h}`);
    assert.ok(powQ32(f + 1n, h) > 1n << 31n, `h=${h}`);
  }
  assert.equal(decayFactorQ32(0), 1n << 32n);
  const p = { minBurn: 500_000n, maxBurn: 100n * TAO, halfLife: 360, increaseMultRaw: DEFAULT_BURN_INCREASE_MULT_RAW };
  assert.equal(bumpBurn(TAO, p), 1_260_000_000n);
  assert.equal(bumpBurn(90n * TAO, p), 100n * TAO);
  assert.equal(bumpBurn(TAO, { ...p, increaseMultRaw: 1n << 63n }), TAO); // a multiplier below 1 counts as 1
  // 360 blocks of decay without registrations roughly halve the price; block ≤ 1 never decays.
  let b = 2n * TAO;
  for (let n = 2n; n < 362n; n++) b = decayBurn(b, p, n);
  assert.ok(b <= TAO && b > TAO - 1_000_000n, `${b}`);
  assert.equal(decayBurn(2n * TAO, p, 1n), 2n * TAO);
  assert.equal(decayBurn(1n, p, 5n), p.minBurn);
  assert.deepEqual(legacyAdjustmentTargets(3, 1, 2, 1), { burn: false, difficulty: true });
  assert.deepEqual(legacyAdjustmentTargets(3, 1, 1, 1), { burn: true, difficulty: true });
  assert.deepEqual(legacyAdjustmentTargets(1, 1, 0, 1), { burn: false, difficulty: true });
});

test('SafeFloat keeps 21 significant digits and truncates like the chain (§6.1)', () => {
  const one = safeFloatFromU64(1n);
  assert.deepEqual(one, { mantissa: 10n ** 21n, exponent: -21 });
  assert.equal(safeFloatToU64(safeFloatFromU64(123_456_789n)), 123_456_789n);
  const third = safeFloatDiv(one, safeFloatFromU64(3n))!;
  assert.equal(third.mantissa, 333_333_333_333_333_333_333n);
  assert.equal(safeFloatToU64(safeFloatAdd(safeFloatFromU64(5n), safeFloatFromU64(7n))!), 12n);
  assert.equal(safeFloatToU64(safeFloatSub(safeFloatFromU64(5n), safeFloatFromU64(7n))!), 0n);
  assert.equal(safeFloatSub({ mantissa: 0n, exponent: 0 }, one), undefined);
  assert.ok(safeFloatGt(safeFloatFromU64(10n), safeFloatFromU64(9n)));
  assert.ok(!safeFloatGt(safeFloatFromU64(9n), safeFloatFromU64(10n)));
  assert.equal(safeFloatNew(10n ** 21n + 1n), undefined);
  assert.equal(safeFloatToU64({ mantissa: 10n ** 21n, exponent: 30 }), U64_MAX);
});

test('share pools: pro-rata values, emission to all holders, removal and precision guard (§6.1)', () => {
  const pool = new SharePool<string>();
  pool.updateOne('alice', 3_000n);
  pool.updateOne('bob', 1_000n);
  assert.equal(pool.value('alice'), 3_000n);
  assert.equal(pool.value('bob'), 1_000n);
  pool.updateAll(400n); // nominator emission: +10%
  assert.equal(pool.value('alice'), 3_300n);
  assert.equal(pool.value('bob'), 1_100n);
  pool.updateOne('bob', -1_100n);
  assert.equal(pool.value('bob'), 0n);
  assert.equal(pool.value('alice'), 3_300n);
  assert.equal(pool.totals.sharedValue, 3_300n);
  // An empty pool accepts anything; SafeFloat shares register even 1 unit against a huge pool.
  assert.ok(sharePoolWouldChange({ sharedValue: 0n, denominator: { mantissa: 0n, exponent: 0 } }, 1n));
  assert.ok(sharePoolWouldChange({ sharedValue: U64_MAX, denominator: safeFloatFromU64(1n) }, 1n));
});

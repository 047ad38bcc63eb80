// Coinbase, emission shares, moving price, dividends, root claims and subnet lifecycle (spec/economics.md §2, §4.6, §5).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { I96F32, U64F64, U96F32 } from '@tensorium/primitives';
import {
  adjustRootClaimed,
  applyEmissionEnabled,
  blockHashToIndices,
  type CoinbaseSubnet,
  dissolutionPayout,
  dividendDistribution,
  emissionShares,
  epochEmissionInput,
  isRootClaimDue,
  legacyFlowEma,
  legacyOwnerRefund,
  lowestFreeNetuid,
  MAINNET_TAO_WEIGHT,
  medianSubnetPrice,
  ONE_TAO,
  ownerHotkeys,
  PERQUINTILL,
  parentChildDividends,
  protocolAlphaValue,
  rootClaimableIncrement,
  rootClaimSwaps,
  rootOwed,
  rootProportion,
  routeIncentives,
  runCoinbaseEmission,
  seedSubnetPool,
  selfContribution,
  splitDelegateTake,
  subnetsToEmitTo,
  subnetToPrune,
  U64_MAX,
  updateMovingPrice,
  validatorPool,
} from '../src/economy/index.js';

const TAO = ONE_TAO;
const HALF = PERQUINTILL / 2n;
const near = (a: bigint, b: bigint, tol: bigint, msg = ''): void => {
  const d = a > b ? a - b : b - a;
  assert.ok(d <= tol, `${msg} ${a} vs ${b} ± ${tol}`);
};

test('worked example of spec §9: one block after the first halving, two subnets (§5.3–§5.5)', () => {
  const subnets: CoinbaseSubnet[] = [
    {
      netuid: 1,
      mechanism: 1,
      taoReserve: 100_000n * TAO,
      alphaIn: 3_000_000n * TAO,
      alphaOut: 4_000_000n * TAO,
      quoteWeight: HALF,
      movingPriceRaw: I96F32.ratio(3n, 100n),
    },
    {
      netuid: 2,
      mechanism: 1,
      taoReserve: 100_000n * TAO,
      alphaIn: 10_000_000n * TAO,
      alphaOut: 0n,
      quoteWeight: HALF,
      movingPriceRaw: I96F32.ratio(1n, 100n),
    },
  ];
  const r = runCoinbaseEmission(TAO / 2n, subnets, { rootTao: 6_000_000n * TAO, taoWeight: MAINNET_TAO_WEIGHT });
  const a = r.subnets[0]!;
  near(a.taoEmission >> 32n, 375_000_000n, 2n, 'tao emission A');
  near(r.subnets[1]!.taoEmission >> 32n, 125_000_000n, 2n, 'tao emission B');
  near(a.terms.alphaIn >> 32n, 133_663_366n, 1n, 'capped alpha in');
  near(a.terms.taoIn >> 32n, 4_455_445n, 1n, 'tao in');
  near(a.terms.excessTao >> 32n, 370_544_554n, 2n, 'excess');
  near(a.split.ownerCut, 179_995_422n, 1n, 'owner cut');
  near(a.split.server, 410_002_289n, 1n, 'server');
  near(a.split.rootAlpha, 54_802_278n, 1n, 'root alpha');
  near(a.split.validator, 355_200_010n, 1n, 'validator');
  assert.equal(r.rootSellFlag, false); // Σ P = 0.04 ⇒ root alpha recycled
  assert.equal(a.rootAlphaRecycled, a.split.rootAlpha);
  // The chain buy spent the excess on ≈ 11.1 alpha (price ≈ 0.0333) and raised the price.
  near(a.chainBuyAlphaOut, 11_116_000_000n, 10_000_000n, 'bought alpha');
  // Conservation of the minted TAO: injected + chain-bought + recycled credit = E.
  const spent = r.subnets.reduce((s, x) => s + x.injectedTao + x.excessTaoMoved, 0n);
  assert.equal(spent + r.recycledCredit, TAO / 2n);
  // Conservation of alpha: issuance grows by alpha_in + alpha_out minus the recycled root alpha.
  const before = subnets[0]!.alphaIn + subnets[0]!.alphaOut;
  const after = a.after.alphaIn + a.after.alphaOut;
  assert.equal(after - before, a.injectedAlpha + a.alphaOutMinted - a.rootAlphaRecycled);
  assert.equal(a.after.taoReserve, subnets[0]!.taoReserve + a.injectedTao + a.chainBuyTaoIn);
});

test('emission-disabled subnets get no TAO but still mint alpha_out; root sell accumulates root alpha (§5.3, §5.5)', () => {
  const base = { mechanism: 1, taoReserve: 1_000n * TAO, alphaIn: 1_000n * TAO, alphaOut: 0n, quoteWeight: HALF };
  const subnets: CoinbaseSubnet[] = [
    { ...base, netuid: 1, movingPriceRaw: I96F32.fromInt(1n) },
    { ...base, netuid: 2, movingPriceRaw: I96F32.fromInt(1n), emissionEnabled: false },
  ];
  const r = runCoinbaseEmission(TAO, subnets, { rootTao: 10n ** 18n, taoWeight: U64_MAX });
  assert.equal(r.subnets[1]!.taoEmission, 0n);
  assert.equal(r.subnets[0]!.taoEmission, U96F32.fromInt(TAO));
  assert.equal(r.subnets[1]!.alphaOutMinted, TAO);
  assert.equal(r.rootSellFlag, true); // Σ P = 2 > 1
  assert.equal(r.subnets[1]!.rootAlphaRecycled, 0n);
  assert.ok(r.subnets[1]!.split.rootAlpha > 0n);
  // Owner cut disabled: the full alpha_out is split.
  const noCut = runCoinbaseEmission(0n, [{ ...subnets[0]!, ownerCutEnabled: false }], { rootTao: 0n, taoWeight: 0n });
  assert.equal(noCut.subnets[0]!.split.ownerCut, 0n);
  assert.equal(noCut.subnets[0]!.split.server, TAO / 2n);
  assert.deepEqual(applyEmissionEnabled([U64F64.ONE / 2n, U64F64.ONE / 2n], [false, false]), [0n, 0n]);
});

test('shares follow the moving price weighted by miner burn, with a fallback when everything burns (§5.2–§5.3)', () => {
  const one = U64F64.ONE;
  const s = emissionShares([one, one], [U96F32.ratio(1n, 2n), 0n]);
  near(s[0]!, one / 3n, 4n);
  near(s[1]!, (2n * one) / 3n, 4n);
  const fallback = emissionShares([one, 3n * one], [U96F32.ONE, U96F32.ONE * 2n]);
  near(fallback[0]!, one / 4n, 2n);
  const eligible = subnetsToEmitTo([
    { netuid: 0, started: true, subtokenEnabled: true, registrationAllowed: true },
    { netuid: 1, started: true, subtokenEnabled: true, registrationAllowed: true },
    { netuid: 2, started: false, subtokenEnabled: true, registrationAllowed: true },
    { netuid: 3, started: true, subtokenEnabled: false, registrationAllowed: true },
    { netuid: 4, started: true, subtokenEnabled: true, registrationAllowed: false },
  ]);
  assert.deepEqual(
    eligible.map((e) => e.netuid),
    [1],
  );
  // Legacy flow EMA: with a = 1 the EMA is the last flow.
  assert.equal(legacyFlowEma(0n, 100n, (1n << 63n) - 1n), 100n << 64n);
});

test('root proportion and moving price (§4.6, §5.4)', () => {
  assert.equal(rootProportion(0n, 0n, MAINNET_TAO_WEIGHT), 0n);
  assert.equal(rootProportion(100n, 100n, U64_MAX), U96F32.ratio(1n, 2n));
  // A spot price above 1 enters the EMA as 1.
  const p = updateMovingPrice({
    previousRaw: 0n,
    spotPriceRaw: U64F64.fromInt(5n),
    now: 1_000_000_000n,
    firstEmissionBlock: 1n,
    movingAlphaRaw: I96F32.fromInt(1n),
  });
  // α_eff = 1 · b/(b + 201,600) with b = 1e9 blocks since start_call.
  assert.ok(p <= I96F32.ONE && p > I96F32.ratio(99_979n, 100_000n), `${p}`);
  // Right after start_call the EMA barely moves.
  const early = updateMovingPrice({ previousRaw: 0n, spotPriceRaw: U64F64.ONE, now: 10n, firstEmissionBlock: 10n });
  assert.ok(early < I96F32.ratio(1n, 1_000_000_000n));
});

test('epoch drain and validator pool (§5.7)', () => {
  const p = { server: 5n, validator: 7n, root: 3n, ownerCut: 100n };
  assert.equal(epochEmissionInput(p), 15n);
  assert.equal(validatorPool(p, 1n), 7n);
  assert.equal(validatorPool(p, 0n), 12n);
});

test('parent/child dividend split with childkey take and CK burn (§5.8 c)', () => {
  // No parents, no children: the hotkey keeps everything.
  const solo = parentChildDividends({
    hotkey: 'c',
    dividend: 1_000n,
    alphaStake: 10n,
    rootStake: 0n,
    childProportions: [],
    parents: [],
    childkeyTake: 0,
    ckBurn: 0n,
    taoWeight: 0n,
  });
  assert.deepEqual(solo.shares, [{ hotkey: 'c', amount: 1_000n }]);
  // Parent with equal stake and half of it delegated: contributions 1000 (self) vs 500 (parent) ⇒ parent gross 1/3.
  const half = U64_MAX / 2n;
  const r = parentChildDividends({
    hotkey: 'c',
    dividend: 3_000_000n,
    alphaStake: 1_000_000n,
    rootStake: 0n,
    childProportions: [],
    parents: [{ hotkey: 'p', proportion: half, alphaStake: 1_000_000n, rootStake: 0n, sameColdkey: false }],
    childkeyTake: 6_553, // 10%
    ckBurn: U64_MAX / 10n, // 10%
    taoWeight: 0n,
  });
  const parent = r.shares.find((s) => s.hotkey === 'p')!.amount;
  const child = r.shares.find((s) => s.hotkey === 'c')!.amount;
  near(parent, 800_000n, 2_000n, 'parent net (1e6 gross − 10% burn − 10% take)');
  near(r.recycled, 100_000n, 1_000n, 'burned');
  near(child, 2_100_000n, 2_000n, 'child keeps 2/3 + the take');
  assert.ok(parent + child + r.recycled <= 3_000_000n);
  assert.equal(selfContribution(1_000n, 0n, [half], 0n), 500n);
  assert.equal(selfContribution(1_000n, 1_000n, [], U64_MAX), 2_000n);
});

test('alpha vs root dividends, and the pool nobody can receive (§5.8 d)', () => {
  const d = U96F32.fromInt(1_000n);
  const r = dividendDistribution(
    500n,
    300n,
    U64_MAX,
    new Map([
      ['a', [100n, 100n] as const],
      ['b', [100n, 0n] as const],
    ]),
    new Map([
      ['a', d],
      ['b', d],
    ]),
  );
  // a: half root, half alpha; b: all alpha ⇒ alpha parts 500 : 1000, root parts 500 : 0.
  assert.equal(r.alpha.get('a')! >> 32n, 166n);
  assert.equal(r.alpha.get('b')! >> 32n, 333n);
  assert.equal(r.root.get('a')! >> 32n, 300n);
  assert.equal(r.root.get('b'), 0n);
  // Only root stake: the alpha pool is paid to nobody.
  const none = dividendDistribution(500n, 300n, U64_MAX, new Map([['o', [0n, 50n] as const]]), new Map([['o', d]]));
  assert.equal(none.alpha.get('o'), 0n);
  assert.equal(none.root.get('o')! >> 32n, 300n);
  assert.deepEqual(splitDelegateTake(U96F32.fromInt(1_000_000n), 11_796), { take: 179_995n, rest: 820_004n }); // each part floored separately
  assert.deepEqual(splitDelegateTake(U96F32.fromInt(1_000_000n), 0), { take: 0n, rest: 1_000_000n });
});

test('incentive routing, owner hotkeys and MinerBurned (§5.8 b)', () => {
  const { fates, minerBurnedRaw } = routeIncentives(
    new Map([
      ['owner', 300n],
      ['m1', 600n],
      ['m2', 100n],
    ]),
    new Set(['owner']),
    false,
    (hk) => (hk === 'm2' ? 'vali' : undefined),
  );
  assert.deepEqual(fates, [
    { kind: 'burn', hotkey: 'owner', amount: 300n },
    { kind: 'stake', hotkey: 'm1', destination: 'm1', amount: 600n },
    { kind: 'stake', hotkey: 'm2', destination: 'vali', amount: 100n },
  ]);
  near(minerBurnedRaw, U96F32.ratio(3n, 10n), 1n);
  assert.equal(routeIncentives(new Map(), new Set(), true).minerBurnedRaw, 0n);
  assert.equal(routeIncentives(new Map([['o', 5n]]), new Set(['o']), true).fates[0]!.kind, 'recycle');
  assert.deepEqual(
    ownerHotkeys(
      [
        { hotkey: 'x', uid: 3, registeredAt: 5n },
        { hotkey: 'y', uid: 1, registeredAt: 9n },
        { hotkey: 'z', uid: 0, registeredAt: 9n },
      ],
      { hotkey: 'sn', hasUid: true },
    ),
    ['sn', 'z', 'y', 'x'],
  );
});

test('root claims: rate per root stake, owed amounts, claimed adjustments, claim type, auto-claim indices (§5.9)', () => {
  const inc = rootClaimableIncrement(1_000n, 4_000n);
  assert.deepEqual(inc, { kind: 'rate', incrementRaw: I96F32.ratio(1n, 4n) });
  assert.deepEqual(rootClaimableIncrement(5_000n, 4_000n), { kind: 'stakeDirect', amount: 5_000n });
  const rate = I96F32.ratio(1n, 4n);
  assert.equal(rootOwed(rate, 1_000n, 0n), 250n);
  assert.equal(rootOwed(rate, 1_000n, 300n), 0n);
  // Adding 400 root stake marks 100 as already claimed: only future dividends accrue.
  const claimed = adjustRootClaimed(0n, rate, 400n, 'add');
  assert.equal(claimed, 100n);
  assert.equal(rootOwed(rate, 1_400n, claimed), 250n);
  assert.equal(adjustRootClaimed(50n, rate, 400n, 'remove'), 0n);
  assert.ok(isRootClaimDue(I96F32.fromInt(600_000n), 500_000n));
  assert.ok(!isRootClaimDue(I96F32.fromInt(400_000n), 500_000n));
  assert.ok(isRootClaimDue(I96F32.fromInt(400_000n), 500_000n, true));
  assert.ok(rootClaimSwaps({ kind: 'swap' }, 3) && !rootClaimSwaps({ kind: 'keep' }, 3));
  assert.ok(
    !rootClaimSwaps({ kind: 'keepSubnets', subnets: [3] }, 3) &&
      rootClaimSwaps({ kind: 'keepSubnets', subnets: [3] }, 4),
  );
  const hash = new Uint8Array(32).map((_, i) => i * 7);
  const idx = blockHashToIndices(hash, 5, 1000n);
  assert.ok(idx.length >= 1 && idx.length <= 5 && idx.every((i) => i < 1000n));
  assert.deepEqual(
    idx,
    [...idx].sort((x, y) => (x < y ? -1 : 1)),
  );
  assert.deepEqual(blockHashToIndices(hash, 5, 1000n), idx);
});

test('subnet lifecycle: pruning choice, median price, pool seeding, netuid allocation (§2.2, §2.4)', () => {
  const imm = 100n;
  const subnets = [
    { netuid: 0, registeredAt: 0n, movingPriceRaw: 0n },
    { netuid: 1, registeredAt: 10n, movingPriceRaw: I96F32.ratio(1n, 10n) },
    { netuid: 2, registeredAt: 5n, movingPriceRaw: I96F32.ratio(1n, 20n) },
    { netuid: 3, registeredAt: 1n, movingPriceRaw: I96F32.ratio(1n, 20n) },
    { netuid: 4, registeredAt: 950n, movingPriceRaw: 0n },
  ];
  assert.equal(subnetToPrune(subnets, 1_000n, imm), 3); // lowest price, earliest registration; 4 is immune, 0 is root
  assert.equal(subnetToPrune(subnets.slice(0, 1), 1_000n, imm), undefined);
  assert.equal(medianSubnetPrice([]), U64F64.ONE);
  assert.equal(medianSubnetPrice([3n, 0n, 1n, 2n]), 2n);
  assert.equal(medianSubnetPrice([4n, 1n, 2n, 3n]), 2n); // mean of 2 and 3, floored
  const seed = seedSubnetPool(500n * TAO, 1_000n * TAO, U64F64.ratio(1n, 2n));
  assert.deepEqual(seed, {
    taoReserve: 1_000n * TAO,
    alphaIn: 2_000n * TAO,
    alphaOut: 0n,
    locked: 500n * TAO,
    totalStakeDelta: 1_000n * TAO,
  });
  assert.equal(lowestFreeNetuid([1, 2, 4]), 3);
  assert.equal(lowestFreeNetuid([]), 1);
});

test('dissolution pays the TAO reserve pro rata with largest remainders; legacy owner refund (§2.4)', () => {
  const stakes = [
    { hotkey: 'h', coldkey: 'a', value: 1n },
    { hotkey: 'h', coldkey: 'b', value: 1n },
    { hotkey: 'h', coldkey: 'c', value: 1n },
    { hotkey: 'h', coldkey: 'z', value: 0n },
  ];
  const r = dissolutionPayout(100n, stakes, 0n);
  assert.deepEqual(
    r.payouts.map((p) => p.amount),
    [34n, 33n, 33n],
  ); // 1 leftover RAO to the first largest remainder
  assert.equal(r.protocolShare, 0n);
  const withProtocol = dissolutionPayout(1_000n, stakes.slice(0, 2), 2n);
  assert.deepEqual(
    withProtocol.payouts.map((p) => p.amount),
    [250n, 250n],
  );
  assert.equal(withProtocol.protocolShare, 500n);
  assert.equal(protocolAlphaValue(10n, 3n, 200n, 100n), 13n);
  assert.equal(protocolAlphaValue(10n, 3n, 50n, 100n), 3n);
  // Legacy refund: locked 1000 TAO minus the owner's share of issuance at the spot price.
  assert.equal(legacyOwnerRefund(1_000n * TAO, 1_000n * TAO, 65_535, U64F64.ratio(1n, 2n), true), 500n * TAO);
  assert.equal(legacyOwnerRefund(1_000n * TAO, 1_000n * TAO, 65_535, U64F64.ratio(1n, 2n), false), 0n);
});

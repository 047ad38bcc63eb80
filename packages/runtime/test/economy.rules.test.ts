// Staking validations, weights, the commit hash, hyperparameters and neuron pruning (spec/economics.md §2.7, §3.5, §6, §7).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactToU8a, u8aConcat } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import {
  activityCutoffBlocks,
  checkDecreaseTake,
  checkHyperparamValue,
  checkIncreaseTake,
  commitHash,
  commitPreimage,
  HYPERPARAMETERS,
  hasDuplicateUids,
  immuneOwnerHotkeys,
  inheritedStake,
  isCommitExpired,
  isInAdminFreezeWindow,
  isMaxWeightLimited,
  isRevealEpoch,
  isSmallNomination,
  maxUpscaleToU16,
  mechanismStorageIndex,
  meetsStakeThreshold,
  minAddStakeAmount,
  neuronToPrune,
  nominatorMinRequiredStake,
  normalizeWeightsU16,
  ONE_TAO,
  ownerHyperparamRateLimitPassed,
  PERQUINTILL,
  type PoolState,
  type SetWeightsInput,
  stakeWeightRaw,
  transitionFeeLegs,
  U64_MAX,
  validateAddStake,
  validateRemoveStake,
  validateSetWeights,
  validateStakeTransition,
  weightedStake,
  withinSwapInputLimit,
} from '../src/economy/index.js';

const TAO = ONE_TAO;
const pool: PoolState = {
  taoReserve: 1_000n * TAO,
  alphaReserve: 1_000n * TAO,
  quoteWeight: PERQUINTILL / 2n,
  mechanism: 1,
};

test('add_stake validation: every error in the chain’s order, partial fills capped (§6.4)', () => {
  const ok = {
    subnetExists: true,
    subtokenEnabled: true,
    amount: TAO,
    maxAmount: U64_MAX,
    allowPartial: false,
    coldkeyBalance: 10n * TAO,
    hotkeyExists: true,
    pool,
  };
  assert.deepEqual(validateAddStake(ok), { ok: true, amount: TAO });
  assert.deepEqual(validateAddStake({ ...ok, subnetExists: false }), { ok: false, error: 'SubnetNotExists' });
  assert.deepEqual(validateAddStake({ ...ok, subtokenEnabled: false }), { ok: false, error: 'SubtokenDisabled' });
  const min = minAddStakeAmount(pool);
  assert.equal(min, 2_000_000n + 1_007n); // MinStake + floor(2e6 · 33/65535)
  assert.deepEqual(validateAddStake({ ...ok, amount: min - 1n }), { ok: false, error: 'AmountTooLow' });
  assert.deepEqual(validateAddStake({ ...ok, maxAmount: TAO - 1n }), { ok: false, error: 'SlippageTooHigh' });
  assert.deepEqual(validateAddStake({ ...ok, maxAmount: TAO / 2n, allowPartial: true }), {
    ok: true,
    amount: TAO / 2n,
  });
  assert.deepEqual(validateAddStake({ ...ok, coldkeyBalance: TAO - 1n }), {
    ok: false,
    error: 'NotEnoughBalanceToStake',
  });
  assert.deepEqual(validateAddStake({ ...ok, hotkeyExists: false }), { ok: false, error: 'HotKeyAccountNotExists' });
  assert.deepEqual(validateAddStake({ ...ok, pool: { ...pool, alphaReserve: 999_999n } }), {
    ok: false,
    error: 'InsufficientLiquidity',
  });
  assert.ok(
    withinSwapInputLimit(pool, 'stake', 1_000_000n * TAO) &&
      !withinSwapInputLimit(pool, 'stake', 1_000_000n * TAO + 1n),
  );
  assert.ok(withinSwapInputLimit({ ...pool, mechanism: 0 }, 'unstake', U64_MAX));
});

test('remove_stake validation: zero, holdings, minimum unless removing all, slippage, hotkey, locks (§6.4)', () => {
  const ok = {
    subnetExists: true,
    alpha: TAO,
    holdings: 5n * TAO,
    maxAmount: U64_MAX,
    allowPartial: false,
    hotkeyExists: true,
    pool,
  };
  assert.deepEqual(validateRemoveStake(ok), { ok: true, amount: TAO });
  assert.deepEqual(validateRemoveStake({ ...ok, subnetExists: false }), { ok: false, error: 'SubnetNotExists' });
  assert.deepEqual(validateRemoveStake({ ...ok, alpha: 0n }), { ok: false, error: 'AmountTooLow' });
  assert.deepEqual(validateRemoveStake({ ...ok, alpha: 6n * TAO }), { ok: false, error: 'NotEnoughStakeToWithdraw' });
  assert.deepEqual(validateRemoveStake({ ...ok, alpha: 1_000_000n }), { ok: false, error: 'AmountTooLow' });
  assert.deepEqual(validateRemoveStake({ ...ok, alpha: 1_000_000n, holdings: 1_000_000n }), {
    ok: true,
    amount: 1_000_000n,
  }); // everything: no minimum
  assert.deepEqual(validateRemoveStake({ ...ok, maxAmount: TAO - 1n }), { ok: false, error: 'SlippageTooHigh' });
  assert.deepEqual(validateRemoveStake({ ...ok, hotkeyExists: false }), { ok: false, error: 'HotKeyAccountNotExists' });
  assert.deepEqual(validateRemoveStake({ ...ok, availableToUnstake: TAO / 2n }), {
    ok: false,
    error: 'StakeUnavailable',
  });
  assert.deepEqual(validateRemoveStake({ ...ok, pool: { ...pool, taoReserve: 10n } }), {
    ok: false,
    error: 'InsufficientLiquidity',
  });
});

test('stake transitions: move/transfer/swap checks and the single fee leg (§6.3–§6.4)', () => {
  const ok = {
    sameColdkey: true,
    sameHotkey: true,
    originNetuid: 1,
    destinationNetuid: 2,
    originExists: true,
    destinationExists: true,
    originSubtokenEnabled: true,
    destinationSubtokenEnabled: true,
    originHotkeyExists: true,
    destinationHotkeyExists: true,
    alpha: TAO,
    holdings: TAO,
    maxAmount: U64_MAX,
    originPool: pool,
  };
  assert.deepEqual(validateStakeTransition(ok), { ok: true, amount: TAO });
  assert.deepEqual(validateStakeTransition({ ...ok, destinationNetuid: 1 }), { ok: false, error: 'SameNetuid' });
  assert.deepEqual(validateStakeTransition({ ...ok, destinationExists: false }), {
    ok: false,
    error: 'SubnetNotExists',
  });
  assert.deepEqual(validateStakeTransition({ ...ok, destinationSubtokenEnabled: false }), {
    ok: false,
    error: 'SubtokenDisabled',
  });
  assert.deepEqual(validateStakeTransition({ ...ok, destinationHotkeyExists: false }), {
    ok: false,
    error: 'HotKeyAccountNotExists',
  });
  assert.deepEqual(validateStakeTransition({ ...ok, holdings: TAO - 1n }), {
    ok: false,
    error: 'NotEnoughStakeToWithdraw',
  });
  assert.deepEqual(validateStakeTransition({ ...ok, alpha: 2_000_000n, holdings: 2_000_000n }), {
    ok: false,
    error: 'AmountTooLow',
  });
  assert.deepEqual(validateStakeTransition({ ...ok, maxAmount: 1n, allowPartial: false }), {
    ok: false,
    error: 'SlippageTooHigh',
  });
  assert.deepEqual(validateStakeTransition({ ...ok, maxAmount: 1n, allowPartial: true }), { ok: true, amount: TAO });
  assert.deepEqual(
    validateStakeTransition({
      ...ok,
      sameColdkey: false,
      destinationNetuid: 1,
      checkTransferToggle: true,
      originTransferToggle: false,
    }),
    { ok: false, error: 'TransferDisallowed' },
  );
  // Same-subnet hotkey moves need no swap, so a small amount passes.
  assert.deepEqual(
    validateStakeTransition({ ...ok, sameHotkey: false, destinationNetuid: 1, alpha: 10n, holdings: 10n }),
    { ok: true, amount: 10n },
  );
  assert.deepEqual(transitionFeeLegs(0), { originDropFees: true, destinationDropFees: false });
  assert.deepEqual(transitionFeeLegs(3), { originDropFees: false, destinationDropFees: true });
});

test('minimums, nominator floor, weighted stake and delegate takes (§5.8 e, §6.4)', () => {
  assert.equal(nominatorMinRequiredStake(10_000_000n), 20_000_000n); // 0.02 TAO on mainnet
  assert.ok(isSmallNomination(10_000_000n, 20_000_000n, 1n << 64n, false));
  assert.ok(!isSmallNomination(10_000_000n, 20_000_000n, 1n << 64n, true));
  assert.ok(!isSmallNomination(0n, 20_000_000n, 1n << 64n, false));
  assert.ok(!isSmallNomination(30_000_000n, 20_000_000n, 1n << 64n, false));
  assert.equal(weightedStake(100n, 1_000n, U64_MAX), 1_100n);
  assert.equal(weightedStake(100n, 1_000n, 0n), 100n);
  // Childkeys (§6.5): a hotkey giving half to a child keeps half; the child inherits a quarter of a 1000-stake parent.
  assert.equal(inheritedStake(1_000n, [U64_MAX / 2n], []), 500n);
  assert.equal(inheritedStake(0n, [], [{ stake: 1_000n, proportion: U64_MAX / 4n }]), 249n); // U96F32 truncation
  assert.equal(inheritedStake(1_000n, [], []), 1_000n);
  const w = stakeWeightRaw(100n, 1_000n, U64_MAX / 2n);
  assert.ok(meetsStakeThreshold(w, 599n) && !meetsStakeThreshold(w, 601n));
  assert.deepEqual(checkIncreaseTake(1_000, 2_000, 1_000_000n, 0n), { ok: true });
  assert.deepEqual(checkIncreaseTake(1_000, 2_000, 216_000n, 1n), { ok: false, error: 'DelegateTxRateLimitExceeded' });
  assert.deepEqual(checkIncreaseTake(1_000, 2_000, 216_002n, 1n), { ok: true });
  assert.deepEqual(checkIncreaseTake(1_000, 11_797, 9_999_999n, 0n), { ok: false, error: 'DelegateTakeTooHigh' });
  assert.deepEqual(checkIncreaseTake(1_000, 1_000, 9_999_999n, 0n), { ok: false, error: 'DelegateTakeTooLow' });
  assert.deepEqual(checkDecreaseTake(1_000, 0), { ok: true });
  assert.deepEqual(checkDecreaseTake(1_000, 1_000), { ok: false, error: 'DelegateTakeTooLow' });
});

test('max-upscaling to u16, normalisation and the max weight limit (§7.1)', () => {
  assert.deepEqual(maxUpscaleToU16([1, 2, 3]), [21_845, 43_690, 65_535]);
  assert.deepEqual(maxUpscaleToU16([0, 0]), [0, 0]);
  assert.deepEqual(maxUpscaleToU16([]), []);
  assert.deepEqual(maxUpscaleToU16([65_535, 32_768, 1]), [65_535, 32_768, 1]); // max > 32768: scaled by 65535/max
  // max > 32768: 65535/40000 is truncated in I32F32 first, so 20000 · ratio = 32767.49… rounds down.
  assert.deepEqual(maxUpscaleToU16([40_000, 20_000]), [65_535, 32_767]);
  assert.deepEqual(maxUpscaleToU16([1, 3]), [21_845, 65_535]);
  assert.deepEqual(maxUpscaleToU16([2, 3]), [43_690, 65_535]);
  assert.deepEqual(normalizeWeightsU16([1, 1, 2]), [16_383, 16_383, 32_767]);
  assert.ok(isMaxWeightLimited([1, 1], 32_768));
  assert.ok(!isMaxWeightLimited([3, 1], 32_768));
  assert.ok(isMaxWeightLimited([0, 0], 1));
  assert.ok(hasDuplicateUids([1, 2, 1]) && !hasDuplicateUids([1, 2]));
  assert.equal(mechanismStorageIndex(3, 1), 4_099);
});

test('set_weights: every rule of §7.1 in order', () => {
  const ok: SetWeightsInput = {
    netuid: 1,
    commitRevealEnabled: false,
    mechanismExists: true,
    uids: [0, 1, 2],
    values: [1, 2, 3],
    versionKey: 5n,
    subnetN: 4,
    callerUid: 0,
    callerIsOwner: false,
    callerStake: 1_000n,
    stakeThreshold: 100n,
    weightsVersionKey: 5n,
    now: 1_000n,
    lastUpdate: 800n,
    weightsSetRateLimit: 100n,
    hasValidatorPermit: true,
    minAllowedWeights: 2,
    maxWeightsLimit: 65_535,
  };
  const r = validateSetWeights(ok);
  assert.deepEqual(r, {
    ok: true,
    weights: [
      [0, 21_845],
      [1, 43_690],
      [2, 65_535],
    ],
  });
  const err = (over: Partial<SetWeightsInput>): string => {
    const x = validateSetWeights({ ...ok, ...over });
    return x.ok ? 'ok' : x.error;
  };
  assert.equal(err({ commitRevealEnabled: true }), 'CommitRevealEnabled');
  assert.equal(err({ commitRevealEnabled: true, netuid: 0 }), 'CommitRevealEnabled'); // the commit-reveal check comes first
  assert.equal(err({ netuid: 0 }), 'CanNotSetRootNetworkWeights');
  assert.equal(err({ values: [1, 2] }), 'WeightVecNotEqualSize');
  assert.equal(err({ mechanismExists: false }), 'MechanismDoesNotExist');
  assert.equal(err({ subnetN: 2 }), 'UidsLengthExceedUidsInSubNet');
  assert.equal(err({ callerUid: undefined }), 'HotKeyNotRegisteredInSubNet');
  assert.equal(err({ callerStake: 99n }), 'NotEnoughStakeToSetWeights');
  assert.equal(err({ callerStake: 99n, callerIsOwner: true }), 'ok');
  assert.equal(err({ versionKey: 4n }), 'IncorrectWeightVersionKey');
  assert.equal(err({ versionKey: 0n, weightsVersionKey: 0n }), 'ok');
  assert.equal(err({ lastUpdate: 901n }), 'SettingWeightsTooFast');
  assert.equal(err({ lastUpdate: 0n }), 'ok');
  assert.equal(err({ hasValidatorPermit: false }), 'NeuronNoValidatorPermit');
  assert.equal(err({ hasValidatorPermit: false, uids: [0], values: [7] }), 'ok'); // single self-weight
  assert.equal(err({ uids: [0, 1, 1] }), 'DuplicateUids');
  assert.equal(err({ uids: [0, 1, 4] }), 'UidVecContainInvalidOne');
  assert.equal(err({ uids: [1], values: [1] }), 'WeightVecLengthIsLow');
  assert.equal(err({ maxWeightsLimit: 30_000 }), 'MaxWeightExceeded'); // normalised max 0.5 > 30000/65535
  // A reveal skips the commit-reveal gate and the rate limit.
  assert.equal(err({ commitRevealEnabled: true, fromReveal: true, lastUpdate: 999n }), 'ok');
});

test('commit hash: SCALE preimage of (hotkey, netuid index, uids, values, salt, version key) under BLAKE2b-256 (§7.2)', () => {
  const hotkey = new Uint8Array(32).map((_, i) => i + 1);
  const uids = [0, 1, 300];
  const values = [65_535, 0, 7];
  const salt = [9, 8, 7, 6, 5, 4, 3, 2];
  const pre = commitPreimage(hotkey, 4_097, uids, values, salt, 0x0102030405060708n);
  const u16le = (v: number): Uint8Array => Uint8Array.of(v & 0xff, v >> 8);
  const vec = (xs: number[]): Uint8Array => u8aConcat(compactToU8a(xs.length), ...xs.map(u16le));
  const expected = u8aConcat(
    hotkey,
    u16le(4_097),
    vec(uids),
    vec(values),
    vec(salt),
    Uint8Array.of(8, 7, 6, 5, 4, 3, 2, 1),
  );
  assert.deepEqual(pre, expected);
  assert.deepEqual(commitHash(hotkey, 4_097, uids, values, salt, 0x0102030405060708n), blake2AsU8a(expected, 256));
  // Any change in the revealed data changes the hash (a mismatched reveal).
  const h = commitHash(hotkey, 1, uids, values, salt, 0n);
  assert.notDeepEqual(commitHash(hotkey, 1, uids, values, [9, 8, 7, 6, 5, 4, 3, 1], 0n), h);
  assert.notDeepEqual(commitHash(hotkey, 1, uids, [65_535, 0, 8], salt, 0n), h);
  // Long vectors use the two-byte compact length.
  const long = Array.from({ length: 100 }, (_, i) => i);
  assert.deepEqual(commitPreimage(hotkey, 1, long, long, [], 0n).subarray(34, 36), compactToU8a(100));
  assert.ok(isRevealEpoch(6n, 5n, 1n) && !isRevealEpoch(5n, 5n, 1n) && !isRevealEpoch(7n, 5n, 1n));
  assert.ok(isCommitExpired(7n, 5n, 1n) && !isCommitExpired(6n, 5n, 1n));
});

test('hyperparameter table: defaults, bounds, freeze window and owner rate limit (§2.7)', () => {
  assert.equal(HYPERPARAMETERS.Tempo.default, 360);
  assert.equal(HYPERPARAMETERS.MaxAllowedUids.default, 256);
  assert.equal(HYPERPARAMETERS.MaxAllowedValidators.default, 64);
  assert.equal(HYPERPARAMETERS.ImmunityPeriod.default, 5_000);
  assert.equal(HYPERPARAMETERS.WeightsSetRateLimit.default, 100n);
  assert.equal(HYPERPARAMETERS.MinBurn.default, 500_000n);
  assert.equal(HYPERPARAMETERS.MaxBurn.default, 100n * TAO);
  assert.equal(HYPERPARAMETERS.Kappa.setBy, 'root');
  assert.equal(HYPERPARAMETERS.SubnetEmissionEnabled.default, false);
  assert.equal(activityCutoffBlocks(HYPERPARAMETERS.ActivityCutoffFactorMilli.default, 360), 5_000);
  assert.equal(activityCutoffBlocks(1_000, 0), 1);
  assert.deepEqual(checkHyperparamValue('Tempo', 359), { ok: false, error: 'TempoOutOfBounds' });
  assert.deepEqual(checkHyperparamValue('Tempo', 50_400), { ok: true });
  assert.deepEqual(checkHyperparamValue('MaxAllowedUids', 63), {
    ok: false,
    error: 'MaxAllowedUidsLessThanMinAllowedUids',
  });
  assert.deepEqual(checkHyperparamValue('MaxAllowedUids', 100, { subnetN: 120 }), {
    ok: false,
    error: 'MaxAllowedUIdsLessThanCurrentUIds',
  });
  assert.deepEqual(checkHyperparamValue('MaxAllowedUids', 257), {
    ok: false,
    error: 'MaxAllowedUidsGreaterThanDefaultMaxAllowedUids',
  });
  assert.deepEqual(checkHyperparamValue('RevealPeriodEpochs', 0n), { ok: false, error: 'RevealPeriodTooSmall' });
  assert.deepEqual(checkHyperparamValue('RevealPeriodEpochs', 101n), { ok: false, error: 'RevealPeriodTooLarge' });
  assert.deepEqual(checkHyperparamValue('MinBurn', TAO), { ok: false, error: 'ValueNotInBounds' });
  assert.deepEqual(checkHyperparamValue('MinBurn', (5n * TAO) / 10n, { maxBurn: (5n * TAO) / 10n }), {
    ok: false,
    error: 'ValueNotInBounds',
  });
  assert.deepEqual(checkHyperparamValue('MaxBurn', TAO / 10n), { ok: false, error: 'ValueNotInBounds' });
  assert.deepEqual(checkHyperparamValue('BurnHalfLife', 0), { ok: false, error: 'ValueNotInBounds' });
  assert.deepEqual(checkHyperparamValue('ImmuneOwnerUidsLimit', 11), { ok: false, error: 'InvalidValue' });
  assert.deepEqual(checkHyperparamValue('FeeRate', 10_001), { ok: false, error: 'ValueNotInBounds' });
  assert.ok(isInAdminFreezeWindow(9n, 0n) && !isInAdminFreezeWindow(10n, 0n) && isInAdminFreezeWindow(100n, 55n));
  assert.ok(ownerHyperparamRateLimitPassed('Kappa', 1_000n, 0n, 360));
  assert.ok(!ownerHyperparamRateLimitPassed('MinBurn', 1_000n, 300n, 360)); // 2 tempos = 720 blocks
  assert.ok(ownerHyperparamRateLimitPassed('MinBurn', 1_020n, 300n, 360));
  assert.ok(!ownerHyperparamRateLimitPassed('WeightsVersionKey', 1_700n, 100n, 360)); // 5 tempos
  assert.ok(ownerHyperparamRateLimitPassed('Tempo', 460n, 100n, 360)); // 360 blocks
});

test('neuron to prune: owner-immortal skipped, lowest emission, non-immune only above the floor (§3.5)', () => {
  const now = 10_000n;
  const immunity = 100;
  const mk = (uid: number, emission: bigint, registeredAt: bigint) => ({
    uid,
    hotkey: `hk${uid}`,
    emission,
    registeredAt,
  });
  // 12 non-immune neurons (0..11) and 2 immune ones (12, 13).
  const neurons = [
    ...Array.from({ length: 12 }, (_, i) => mk(i, 100n + BigInt(i), 10n)),
    mk(12, 1n, now - 5n),
    mk(13, 0n, now - 5n),
  ];
  neurons[3] = mk(3, 50n, 10n);
  neurons[4] = mk(4, 50n, 9n); // same emission, earlier registration ⇒ preferred
  const immortal = new Set(
    immuneOwnerHotkeys([{ uid: 0, hotkey: 'hk0', registeredAt: 10n }], 1, { uid: 0, hotkey: 'hk0' }),
  );
  assert.equal(neuronToPrune(neurons, immortal, now, immunity, 10), 4);
  // With only 10 non-immune (not > MinNonImmuneUids = 10) the immune candidate is taken.
  assert.equal(neuronToPrune(neurons.slice(2), new Set(), now, immunity, 10), 13);
  assert.equal(neuronToPrune([mk(0, 0n, 10n)], new Set(['hk0']), now, immunity, 10), undefined);
  // Owner immortals: oldest registrations first, truncated, subnet owner hotkey forced to the front.
  const owned = [
    { uid: 5, hotkey: 'a', registeredAt: 30n },
    { uid: 2, hotkey: 'b', registeredAt: 10n },
    { uid: 1, hotkey: 'c', registeredAt: 10n },
  ];
  assert.deepEqual(immuneOwnerHotkeys(owned, 2), ['c', 'b']);
  assert.deepEqual(immuneOwnerHotkeys(owned, 2, { uid: 5, hotkey: 'a' }), ['a', 'c']);
  assert.deepEqual(immuneOwnerHotkeys(owned, 2, { uid: 1, hotkey: 'c' }), ['c', 'b']);
});

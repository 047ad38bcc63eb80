import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  runYumaEpoch,
  runYumaEpochWithMechanisms,
  type YumaEpochInput,
  yumaActivityCutoff,
  yumaInheritedStake,
  yumaSplitEmissions,
  yumaTaoWeightBits,
} from '../src/yuma/index.js';

const params: YumaEpochInput['params'] = {
  kappa: 32767,
  bondsMovingAverage: 900000,
  bondsPenalty: 65535,
  activityCutoff: yumaActivityCutoff(13889, 360),
  tempo: 360,
  maxAllowedValidators: 64,
  yuma3Enabled: true,
  liquidAlphaEnabled: false,
  alphaLow: 45875,
  alphaHigh: 58982,
  alphaSigmoidSteepness: 1000,
  stakeThreshold: 0n,
  commitRevealEnabled: false,
  taoWeight: 0n,
};

const shared = {
  block: 1000,
  n: 4,
  params,
  ownerUid: null,
  lastMechanismStepBlock: 640,
  alphaStake: [3_000_000_000n, 1_000_000_000n, 0n, 0n],
  registeredAt: [0, 0, 0, 0],
  validatorPermit: [true, true, false, false],
};

describe('mechanisms (sub-subnets)', () => {
  it('splits E, runs each mechanism on its own weights and aggregates with w_m = E_m / E', () => {
    const mech0 = {
      weights: [[[2, 65535]], [[2, 65535]]] as Array<Array<[number, number]>>,
      bonds: [],
      lastUpdate: [999, 999, 999, 999],
    };
    const mech1 = {
      weights: [[[3, 65535]], [[2, 65535]]] as Array<Array<[number, number]>>,
      bonds: [],
      lastUpdate: [999, 999, 999, 999],
    };
    const E = 1_000_000_000n;
    const out = runYumaEpochWithMechanisms({
      ...shared,
      mechanisms: [mech0, mech1],
      emissionSplit: [16383, 49152],
      emission: E,
    });
    assert.deepEqual(out.mechanismEmission, yumaSplitEmissions(E, 2, [16383, 49152]));
    assert.equal(out.mechanismEmission[0]! + out.mechanismEmission[1]!, E);
    const m0 = runYumaEpoch({ ...shared, ...mech0, emission: out.mechanismEmission[0]! });
    const m1 = runYumaEpoch({ ...shared, ...mech1, emission: out.mechanismEmission[1]! });
    assert.deepEqual(out.perMechanism[0]!.incentive, m0.incentive);
    assert.deepEqual(out.perMechanism[1]!.incentive, m1.incentive);
    // mechanism 1 has a different consensus: uid 3 is weighted by the larger validator only
    assert.notDeepEqual(m0.consensus, m1.consensus);
    const w = [0, 1].map((m) => (out.mechanismEmission[m]! << 64n) / E);
    for (let i = 0; i < 4; i++) {
      const agg = (a: number, b: number) => Number((BigInt(a) * w[0]!) >> 64n) + Number((BigInt(b) * w[1]!) >> 64n);
      assert.equal(out.consensus[i], agg(m0.consensus[i]!, m1.consensus[i]!));
      assert.equal(out.dividends[i], agg(m0.dividends[i]!, m1.dividends[i]!));
      assert.equal(out.emission[i], ((m0.emission[i]! * w[0]!) >> 64n) + ((m1.emission[i]! * w[1]!) >> 64n));
      assert.equal(out.serverEmission[i], m0.serverEmission[i]! + m1.serverEmission[i]!);
      assert.equal(out.validatorEmission[i], m0.validatorEmission[i]! + m1.validatorEmission[i]!);
      assert.equal(out.active[i], m0.active[i] || m1.active[i]);
      assert.equal(out.validatorPermit[i], m0.validatorPermit[i] || m1.validatorPermit[i]);
    }
  });

  it('with E = 0 weighs mechanism 0 fully', () => {
    const mech = {
      weights: [[[2, 65535]], [[3, 65535]]] as Array<Array<[number, number]>>,
      bonds: [],
      lastUpdate: [999, 999, 999, 999],
    };
    const out = runYumaEpochWithMechanisms({ ...shared, mechanisms: [mech, { ...mech, weights: [] }], emission: 0n });
    const m0 = runYumaEpoch({ ...shared, ...mech, emission: 0n });
    assert.deepEqual(out.consensus, m0.consensus);
    assert.deepEqual(out.stakeWeight, m0.stakeWeight);
  });

  it('split_emissions gives the remainder to mechanism 0', () => {
    assert.deepEqual(yumaSplitEmissions(10n, 4), [4n, 2n, 2n, 2n]);
    assert.deepEqual(yumaSplitEmissions(19n, 5, [3450, 6899, 10348, 17247, 27594]), [1n, 2n, 3n, 5n, 8n]);
    assert.deepEqual(yumaSplitEmissions(7n, 1), [7n]);
  });
});

describe('stake helpers', () => {
  it('activity cutoff and tao weight', () => {
    assert.equal(yumaActivityCutoff(13889, 360), 5000);
    assert.equal(yumaActivityCutoff(13889, 1), 13);
    assert.equal(yumaActivityCutoff(13889, 0), 1);
    assert.equal(yumaActivityCutoff(13889, 65534), 910201);
    // 971718665099567868 / u64::MAX ≈ 0.0527
    const tw = Number(yumaTaoWeightBits(971718665099567868n)) / 2 ** 32;
    assert.ok(Math.abs(tw - Number(971718665099567868n) / 2 ** 64) < 1e-9);
  });

  it('inherited stake moves proportions of own stake from children to parents', () => {
    const MAX = (1n << 64n) - 1n;
    assert.equal(yumaInheritedStake(1000n, [], []), 1000n);
    // giving half to a child, receiving a quarter of a parent's 400
    // proportions just below 1/2 and 1/4: the child takes slightly less than 500 and the parent gives slightly less
    // than 100, so the floored total is 600
    assert.equal(yumaInheritedStake(1000n, [MAX / 2n], [{ parentOwn: 400n, proportion: MAX / 4n }]), 600n);
    assert.equal(yumaInheritedStake(1000n, [MAX], []), 0n);
  });

  it('root stake counts through tao_weight, and the threshold exempts the owner', () => {
    const base = { ...shared, weights: [], bonds: [], lastUpdate: [999, 999, 999, 999], emission: 1000n };
    const a = runYumaEpoch({
      ...base,
      taoStake: [0n, 0n, 0n, 4_000_000_000n],
      params: { ...params, taoWeight: 1n << 63n },
    });
    // uid 3: 4e9 root TAO × 0.5 = 2e9 against 3e9 + 1e9 alpha: S_3 = 2/6
    assert.equal(a.stakeWeight[3], Math.floor((Math.floor(2 ** 32 / 3) * 65535) / 2 ** 32));
    // uid 1 (1e9) is below the threshold: its stake counts as 0, unless it is the owner
    const th = { ...params, stakeThreshold: 2_000_000_000n };
    assert.deepEqual(runYumaEpoch({ ...base, params: th }).stakeWeight, [65535, 0, 0, 0]);
    assert.deepEqual(runYumaEpoch({ ...base, ownerUid: 1, params: th }).stakeWeight, [49151, 16383, 0, 0]);
  });
});

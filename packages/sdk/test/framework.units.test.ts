/**
 * The framework's pure parts: the seeded RNG (xoshiro128** reference outputs, unbiased draws, reproducible samples),
 * the exact integer score moving average, and the weights plan (u16 max-upscaling, min_allowed_weights padding,
 * max_weights_limit capping), whose every vector the chain's own `validateSetWeights` accepts.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoReady, keypairFromUri, toHex } from '@tensorium/primitives';
import { isMaxWeightLimited, validateSetWeights } from '@tensorium/runtime';
import {
  ALPHA_ONE,
  alphaToPpm,
  capToLimit,
  createRng,
  planWeights,
  rewardToPpb,
  roundSeed,
  SCORE_ONE,
  ScoreBook,
} from '@tensorium/sdk';

before(async () => {
  await cryptoReady();
});

function seedWords(words: number[]): Uint8Array {
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  words.forEach((w, i) => {
    v.setUint32(4 * i, w, true);
  });
  return b;
}

describe('seeded rng', () => {
  it('is xoshiro128** (outputs worked by hand from state 1, 2, 3, 4)', () => {
    const r = createRng(seedWords([1, 2, 3, 4]));
    // result = rotl(s1 · 5, 7) · 9: s1 = 2 → 11520; then s1 = 0 → 0; then s1 = 1026 ^ … (checked against a bigint model below)
    assert.equal(r.u32(), 11520);
    assert.equal(r.u32(), 0);
    // An independent bigint model of the same generator for the next outputs.
    const s = [1n, 2n, 3n, 4n];
    const M = 0xffffffffn;
    const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & M;
    const next = () => {
      const res = (rotl((s[1]! * 5n) & M, 7n) * 9n) & M;
      const t = (s[1]! << 9n) & M;
      s[2]! ^= s[0]!;
      s[3]! ^= s[1]!;
      s[1]! ^= s[2]!;
      s[0]! ^= s[3]!;
      s[2]! ^= t;
      s[3] = rotl(s[3]!, 11n);
      return Number(res);
    };
    next();
    next();
    for (let i = 0; i < 1000; i++) assert.equal(r.u32(), next(), `output ${i + 2}`);
  });

  it('derives the seed from block hash, hotkey and step; samples reproducibly and without repeats', () => {
    const hk = keypairFromUri('//Charlie//v').address;
    const hash = `0x${'ab'.repeat(32)}`;
    const s1 = roundSeed(hash, hk, 7);
    assert.equal(s1.length, 32);
    assert.notEqual(toHex(s1), toHex(roundSeed(hash, hk, 8)));
    assert.notEqual(toHex(s1), toHex(roundSeed(`0x${'cd'.repeat(32)}`, hk, 7)));
    assert.notEqual(toHex(s1), toHex(roundSeed(hash, keypairFromUri('//Dave').address, 7)));
    const items = Array.from({ length: 50 }, (_, i) => i);
    const a = createRng(s1).sample(items, 10);
    const b = createRng(s1).sample(items, 10);
    assert.deepEqual(a, b);
    assert.equal(new Set(a).size, 10);
    assert.equal(createRng(s1).seed, toHex(s1));
    assert.deepEqual(
      createRng(s1)
        .sample(items, 99)
        .sort((x, y) => x - y),
      items,
    );
    // int(n) is uniform enough: 60,000 draws of int(6), every face within 5% of 10,000.
    const r = createRng(s1);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
    for (const c of counts) assert.ok(Math.abs(c - 10_000) < 500, `counts ${counts}`);
    assert.throws(() => r.int(0), /int\(n\)/);
  });
});

describe('score moving average', () => {
  it('converts rewards and alpha once and updates in exact integers', () => {
    assert.equal(rewardToPpb(1), SCORE_ONE);
    assert.equal(rewardToPpb(0.5), 500_000_000);
    assert.equal(rewardToPpb(Number.NaN), 0);
    assert.equal(rewardToPpb(-3), 0);
    assert.equal(rewardToPpb(7), SCORE_ONE);
    assert.equal(rewardToPpb(1e-10), 0);
    assert.equal(alphaToPpm(0.1), 100_000);
    assert.throws(() => alphaToPpm(0), /movingAverageAlpha/);
    assert.throws(() => alphaToPpm(1.5), /movingAverageAlpha/);
    const book = new ScoreBook(alphaToPpm(0.1));
    book.align(['a', 'b', 'c']);
    book.update(
      new Map([
        [0, SCORE_ONE],
        [1, 333_333_333],
      ]),
    );
    // s = floor((α·r + (1 − α)·s) / 1e6), α = 100,000 ppm.
    assert.deepEqual(book.scores, [100_000_000, 33_333_333, 0]);
    book.update(new Map([[1, SCORE_ONE]]));
    assert.deepEqual(book.scores, [
      90_000_000,
      Math.floor((100_000 * SCORE_ONE + 900_000 * 33_333_333) / ALPHA_ONE),
      0,
    ]);
    // 100 rounds of reward 1 converge towards 1 without exceeding it, identically on every run.
    const other = new ScoreBook(alphaToPpm(0.1));
    other.align(['x']);
    for (let i = 0; i < 100; i++) other.update(new Map([[0, SCORE_ONE]]));
    assert.ok(other.scores[0]! <= SCORE_ONE && other.scores[0]! > 999_970_000, `${other.scores[0]}`);
    assert.throws(() => book.update(new Map([[9, 1]])), /unknown uid 9/);
  });

  it('resets a uid whose hotkey changed and grows with n', () => {
    const book = new ScoreBook(alphaToPpm(0.5), { scores: [10, 20, 30], hotkeys: ['a', 'b', 'c'] });
    const reset = book.align(['a', 'B', 'c', 'd']);
    assert.deepEqual(reset, [1]);
    assert.deepEqual(book.scores, [10, 0, 30, 0]);
    assert.deepEqual(book.align(['a', 'B']), []);
    assert.deepEqual(book.state(), { scores: [10, 0], hotkeys: ['a', 'B'] });
  });
});

describe('weights plan', () => {
  const chainAccepts = (
    uids: number[],
    values: number[],
    n: number,
    minAllowedWeights: number,
    maxWeightsLimit: number,
  ) =>
    validateSetWeights({
      netuid: 1,
      commitRevealEnabled: false,
      mechanismExists: true,
      uids,
      values,
      versionKey: 0n,
      subnetN: n,
      callerUid: n - 1,
      callerIsOwner: false,
      callerStake: 1n,
      stakeThreshold: 0n,
      weightsVersionKey: 0n,
      now: 100n,
      lastUpdate: 0n,
      weightsSetRateLimit: 0n,
      hasValidatorPermit: true,
      minAllowedWeights,
      maxWeightsLimit,
    });

  it('max-upscales scores to u16 and drops zeros', () => {
    const p = planWeights({
      scores: [0, 500_000_000, 1_000_000_000, 0, 250_000_000],
      n: 5,
      minAllowedWeights: 1,
      maxWeightsLimit: 65535,
    });
    assert.ok(p.ok);
    assert.deepEqual(p.uids, [1, 2, 4]);
    // The chain's upscale for values above 32,768: v · I32F32(65535 / max), rounded (32767.49… → 32767).
    assert.deepEqual(p.weights, [32767, 65535, 16384]);
    assert.equal(p.shares.reduce((a, b) => a + b, 0) <= 65535, true);
    assert.deepEqual(p.padded, []);
    const none = planWeights({ scores: [0, 0], n: 2, minAllowedWeights: 1, maxWeightsLimit: 65535 });
    assert.equal(none.ok, false);
    assert.equal(!none.ok && none.code, 'NO_SCORES');
  });

  it('pads to min_allowed_weights with weight 1, other uids first and itself last', () => {
    const p = planWeights({ scores: [0, 0, 9, 0, 0], n: 5, minAllowedWeights: 4, maxWeightsLimit: 65535, selfUid: 0 });
    assert.ok(p.ok);
    assert.deepEqual(p.uids, [1, 2, 3, 4]);
    assert.deepEqual(p.weights, [1, 65535, 1, 1]);
    assert.deepEqual(p.padded, [1, 3, 4]);
    assert.ok(chainAccepts(p.uids, p.weights, 5, 4, 65535).ok);
    const all = planWeights({ scores: [0, 0, 9], n: 3, minAllowedWeights: 3, maxWeightsLimit: 65535, selfUid: 0 });
    assert.ok(all.ok);
    assert.deepEqual(all.padded, [1, 0]);
  });

  it('caps the largest weights to max_weights_limit', () => {
    const p = planWeights({ scores: [1000, 10, 10, 10], n: 4, minAllowedWeights: 1, maxWeightsLimit: 32768 });
    assert.ok(p.ok);
    assert.deepEqual(p.capped, [0]);
    assert.ok(isMaxWeightLimited(p.weights, 32768));
    assert.ok(chainAccepts(p.uids, p.weights, 4, 1, 32768).ok);
    // Without the cap the chain refuses the vector.
    assert.equal(chainAccepts([0, 1, 2, 3], [65535, 655, 655, 655], 4, 1, 32768).ok, false);
    // A limit that needs more entries than there are scores: padded first.
    const q = planWeights({ scores: [5, 0, 0, 0, 0], n: 5, minAllowedWeights: 1, maxWeightsLimit: 20000 });
    assert.ok(q.ok);
    assert.ok(q.uids.length >= 4);
    assert.ok(chainAccepts(q.uids, q.weights, 5, 1, 20000).ok);
    // Impossible on 2 neurons: explained.
    const r = planWeights({ scores: [5, 1], n: 2, minAllowedWeights: 1, maxWeightsLimit: 20000 });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.code, 'MAX_WEIGHT_LIMIT');
    assert.equal(capToLimit([65535, 1], 20000), undefined);
  });

  it('every planned vector passes the chain check (random scores and limits)', () => {
    const rng = createRng(new Uint8Array(32).fill(7));
    let checked = 0;
    for (let t = 0; t < 400; t++) {
      const n = 1 + rng.int(40);
      const scores = Array.from({ length: n }, () => (rng.int(3) === 0 ? 0 : rng.int(SCORE_ONE + 1)));
      const minAllowedWeights = rng.int(n + 2);
      const maxWeightsLimit = rng.int(2) === 0 ? 65535 : 1 + rng.int(65535);
      const p = planWeights({ scores, n, minAllowedWeights, maxWeightsLimit, selfUid: n - 1 });
      if (!p.ok) {
        if (p.code === 'MAX_WEIGHT_LIMIT')
          assert.ok(n * maxWeightsLimit < 65535 * 2, `n ${n} limit ${maxWeightsLimit}`);
        continue;
      }
      checked++;
      const r = chainAccepts(p.uids, p.weights, n, minAllowedWeights, maxWeightsLimit);
      assert.ok(r.ok, `case ${t}: ${!r.ok && r.error} n=${n} min=${minAllowedWeights} limit=${maxWeightsLimit}`);
      assert.ok(p.weights.every((w) => Number.isInteger(w) && w >= 1 && w <= 65535));
      // The chain stores exactly what was sent (already max-upscaled).
      assert.deepEqual(r.ok && r.weights.map(([, w]) => w), p.weights);
    }
    assert.ok(checked > 200, `${checked} vectors checked`);
  });
});

// Balancer pool math, the exponentiation (exact, reference series and certified fast path), swaps and quotes
// (spec/economics.md §4).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  alphaOutForTaoIn,
  balancerPrice,
  executeSwap,
  HALF_WEIGHT,
  integerRoot,
  isValidQuoteWeight,
  limitPriceFromRao,
  maxAmountAdd,
  maxAmountRemove,
  ONE_TAO,
  PERQUINTILL,
  type PoolState,
  partialFillFee,
  perquintillFromRational,
  poolPrice,
  powRatioCertified,
  powRatioScaled,
  powRatioScaledReference,
  priceToRao,
  quoteSwap,
  quoteWeightAfterLiquidity,
  swapFee,
  taoOutForAlphaIn,
  U64_MAX,
} from '../src/economy/index.js';

const P = PERQUINTILL;
const TAO = ONE_TAO;
const pool = (tao: bigint, alpha: bigint, quote = HALF_WEIGHT, mechanism = 1): PoolState => ({
  taoReserve: tao,
  alphaReserve: alpha,
  quoteWeight: quote,
  mechanism,
});

/** Deterministic pseudo-random generator for property checks (a 64-bit LCG). */
function rng(seed: bigint): (bits: number) => bigint {
  let s = seed;
  return (bits) => {
    let v = 0n;
    for (let i = 0; i < bits; i += 30) {
      s = (s * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
      v = (v << 30n) | (s >> 34n);
    }
    return v & ((1n << BigInt(bits)) - 1n);
  };
}

test('integer roots and the exact exponent path (§4.3)', () => {
  assert.equal(integerRoot(0n, 3), 0n);
  assert.equal(integerRoot(26n, 3), 2n);
  assert.equal(integerRoot(27n, 3), 3n);
  assert.equal(integerRoot(10n ** 40n, 2), 10n ** 20n);
  assert.equal(integerRoot(10n ** 40n - 1n, 2), 10n ** 20n - 1n);
  // Equal weights reduce to exponent 1/1: plain floor(scale·a/b).
  assert.equal(powRatioScaled(2n, 3n, HALF_WEIGHT, HALF_WEIGHT, 256, P), (2n * P) / 3n);
  // (1/4)^(1/2) exactly.
  assert.equal(powRatioScaled(1n, 4n, 1n, 2n, 256, P), P / 2n);
  assert.equal(powRatioScaled(5n, 0n, 1n, 2n, 256, P), undefined);
  assert.equal(powRatioScaled(0n, 5n, 1n, 2n, 256, P), 0n);
  assert.equal(powRatioScaled(3n, 5n, 0n, 2n, 256, P), P);
});

test('approximate path: the reference series matches the reference library’s own asserted values (§4.3)', () => {
  // Asserted in the reference big-integer library's tests (fallback path, 256-bit precision).
  const x = 21_000_000_000_000_000n;
  for (const [w1, w2] of [
    [499_999_999_999_500_000n, 500_000_000_000_500_000n],
    [500_000_000_000_250_000n, 499_999_999_999_750_000n],
  ] as const) {
    assert.equal(powRatioScaledReference(x, x + 100n, w1, w2, 256, P), 999_999_999_999_995_238n);
    assert.equal(powRatioScaled(x, x + 100n, w1, w2, 256, P), 999_999_999_999_995_238n);
  }
  assert.equal(
    powRatioScaled(x, x + 1n, 499_999_999_500_000_000n, 500_000_000_500_000_000n, 256, P),
    999_999_999_999_999_952n,
  );
});

test('the certified fast path gives the reference series’ integer on random pool-shaped inputs (§4.3)', () => {
  const r = rng(20260701n);
  let answered = 0;
  for (let i = 0; i < 120; i++) {
    const w2 = P / 100n + (r(60) % (P - P / 50n));
    const w1 = P - w2;
    let a: bigint, b: bigint, p: bigint, q: bigint, prec: number;
    if (i % 3 === 0) {
      // Limit-price deltas: ratio of two U64F64 prices, exponent w/1e18 at 1024 bits.
      const base = (r(64) + 1n) << 40n;
      a = base + r(30 + Number(r(5)));
      b = base;
      [p, q, prec] = [i % 2 ? w1 : w2, P, 1024];
    } else {
      const x = r(20 + Number(r(6) % 40n)) + 1n;
      a = x;
      b = x + r(Number(r(6) % 50n));
      [p, q, prec] = [w1, w2, 256];
    }
    const ref = powRatioScaledReference(a, b, p, q, prec, P);
    assert.equal(powRatioScaled(a, b, p, q, prec, P), ref, `a=${a} b=${b} p=${p} q=${q}`);
    const g = ((u: bigint, v: bigint): bigint => {
      while (v) [u, v] = [v, u % v];
      return u;
    })(p, q);
    const c = powRatioCertified(a, b, p / g, q / g, P);
    if (c !== undefined) {
      answered++;
      assert.equal(c, ref);
    }
  }
  assert.ok(answered > 80, `certified path answered only ${answered}/120`);
  // Exact results (ratio 1) are never certified: they go to the reference series.
  assert.equal(powRatioCertified(7n, 7n, 3n, 1_000_001n, P), undefined);
});

test('price, weights and perquintill rounding (§4.2, §4.5)', () => {
  assert.equal(perquintillFromRational(1n, 2n), HALF_WEIGHT);
  assert.equal(perquintillFromRational(1n, 3n), 333_333_333_333_333_333n);
  assert.equal(perquintillFromRational(2n, 3n), 666_666_666_666_666_667n);
  assert.equal(perquintillFromRational(5n, 0n), P);
  assert.ok(
    isValidQuoteWeight(P / 100n) && !isValidQuoteWeight(P / 100n - 1n) && !isValidQuoteWeight(P - P / 100n + 1n),
  );
  assert.equal(balancerPrice(HALF_WEIGHT, 4n * TAO, TAO), 1n << 62n); // 0.25
  assert.equal(poolPrice(pool(TAO, 0n)), 0n);
  assert.equal(poolPrice(pool(5n, 7n, HALF_WEIGHT, 0)), 1n << 64n);
  assert.equal(priceToRao(1n << 62n), 250_000_000n);
});

test('protocol injection at an arbitrary ratio keeps the price and rejects extreme weights (§4.5)', () => {
  const y = 100_000n * TAO;
  const x = 3_000_000n * TAO;
  const before = balancerPrice(HALF_WEIGHT, x, y);
  const w = quoteWeightAfterLiquidity(HALF_WEIGHT, y, x, 4_455_445n, 133_663_366n);
  assert.ok(w !== undefined && w !== HALF_WEIGHT);
  const after = balancerPrice(w, x + 133_663_366n, y + 4_455_445n);
  const diff = after > before ? after - before : before - after;
  assert.ok(diff * 10n ** 9n < before, `price moved: ${before} → ${after}`);
  // Injecting only TAO into a tiny alpha reserve would push w2 beyond 0.99: rejected.
  assert.equal(quoteWeightAfterLiquidity(HALF_WEIGHT, 1_000n, 1_000n, 1_000_000n, 0n), undefined);
  assert.equal(quoteWeightAfterLiquidity(HALF_WEIGHT, 0n, 0n, 0n, 0n), HALF_WEIGHT);
});

test('swap: fee on the input, constant product at equal weights, reserves updated, no free round trip (§4.3–§4.4)', () => {
  const p0 = pool(1_000n * TAO, 4_000n * TAO);
  const amount = 10n * TAO;
  const r = executeSwap(p0, 'stake', amount, limitPriceFromRao(10n ** 15n), { feeRate: 33 });
  assert.ok(r.ok);
  const fee = swapFee(amount, 1, 33);
  assert.equal(fee, (amount * 33n) / 65_535n);
  assert.equal(r.value.feePaid, fee);
  assert.equal(r.value.amountPaidIn, amount - fee);
  const net = amount - fee;
  assert.equal(r.value.amountPaidOut, (4_000n * TAO * net) / (1_000n * TAO + net)); // x·Δy/(y+Δy), floored
  assert.deepEqual(
    [r.value.pool.taoReserve, r.value.pool.alphaReserve],
    [1_000n * TAO + net, 4_000n * TAO - r.value.amountPaidOut],
  );
  // Sell the alpha back: less TAO than was paid (fees + rounding), never more.
  const back = executeSwap(r.value.pool, 'unstake', r.value.amountPaidOut, limitPriceFromRao(1_000n), { feeRate: 33 });
  assert.ok(back.ok && back.value.amountPaidOut < amount);
  // Unequal weights (approximate path): the same no-arbitrage property.
  const w = 523_456_789_012_345_678n;
  const out = alphaOutForTaoIn(w, 1_000n * TAO, 4_000n * TAO, net);
  const tao = taoOutForAlphaIn(w, 1_000n * TAO + net, 4_000n * TAO - out, out);
  assert.ok(tao <= net, `${tao} > ${net}`);
  assert.ok(net - tao < 10n, 'round trip loses only rounding');
});

test('swap errors: input cap, minimum reserve, limit on the wrong side, liquidity (§4.4)', () => {
  const p0 = pool(1_000n * TAO, 4_000n * TAO);
  const noLimit = limitPriceFromRao(10n ** 15n);
  assert.deepEqual(executeSwap(p0, 'stake', 1_002_000n * TAO, noLimit), { ok: false, error: 'SwapInputTooLarge' });
  assert.deepEqual(executeSwap(pool(TAO, 999_999n), 'stake', TAO, noLimit), { ok: false, error: 'ReservesTooLow' });
  assert.deepEqual(executeSwap(p0, 'stake', TAO, limitPriceFromRao(250_000_000n)), {
    ok: false,
    error: 'PriceLimitExceeded',
  });
  assert.deepEqual(executeSwap(p0, 'unstake', TAO, limitPriceFromRao(250_000_000n)), {
    ok: false,
    error: 'PriceLimitExceeded',
  });
  assert.deepEqual(executeSwap(pool(10n ** 9n, 10n ** 7n), 'stake', 1n, noLimit, { minimumReserve: 1n }), {
    ok: false,
    error: 'ReservesTooLow',
  });
});

test('limit orders fill partially up to the limit, refund the rest and recompute the fee (§4.4)', () => {
  const p0 = pool(1_000n * TAO, 4_000n * TAO); // price 0.25
  const limitRao = 260_000_000n; // 0.26
  const r = executeSwap(p0, 'stake', 100n * TAO, limitPriceFromRao(limitRao), { feeRate: 33 });
  assert.ok(r.ok);
  assert.ok(r.value.refund > 0n);
  assert.equal(r.value.refund, 100n * TAO - r.value.amountPaidIn - r.value.feePaid);
  assert.equal(r.value.feePaid, partialFillFee(r.value.amountPaidIn, 33, false));
  // Δy = y·((L/p)^0.5 − 1) ≈ 1000·(√1.04 − 1) ≈ 19.8 TAO.
  assert.ok(r.value.amountPaidIn > 19n * TAO && r.value.amountPaidIn < 20n * TAO);
  const after = poolPrice(r.value.pool);
  assert.ok(priceToRao(after) <= limitRao, `price after ${priceToRao(after)}`);
  // Sell limit.
  const s = executeSwap(p0, 'unstake', 1_000n * TAO, limitPriceFromRao(240_000_000n), { feeRate: 33 });
  assert.ok(s.ok && s.value.refund > 0n && priceToRao(poolPrice(s.value.pool)) >= 239_999_999n);
});

test('quoteSwap summarises the chain swap for tools (§4.4)', () => {
  const p0 = pool(1_000n * TAO, 4_000n * TAO);
  const q = quoteSwap(p0, 'stake', 10n * TAO, { feeRate: 33 });
  assert.ok(q.ok);
  const direct = executeSwap(p0, 'stake', 10n * TAO, limitPriceFromRao(10n ** 15n), { feeRate: 33 }, true);
  assert.ok(direct.ok);
  assert.equal(q.value.amountOut, direct.value.amountPaidOut);
  assert.equal(q.value.amountIn, 10n * TAO);
  assert.equal(q.value.fee, direct.value.feePaid);
  assert.equal(q.value.price, 250_000_000n);
  assert.ok(q.value.priceAfter > q.value.price);
  // Price impact of a 1% trade at equal weights ≈ 1%.
  assert.ok(q.value.slippage > 9_000_000n && q.value.slippage < 11_000_000n, `${q.value.slippage}`);
  const tiny = quoteSwap(p0, 'unstake', 1_000_000n, { feeRate: 33 });
  assert.ok(tiny.ok && tiny.value.slippage < 1_000n);
  const limited = quoteSwap(p0, 'stake', 100n * TAO, { feeRate: 33, limitRao: 260_000_000n });
  assert.ok(limited.ok && limited.value.refund > 0n && limited.value.amountIn < 100n * TAO);
  assert.deepEqual(quoteSwap(p0, 'stake', 10n * TAO, { limitRao: 1n }), { ok: false, error: 'PriceLimitExceeded' });
  // Stable pools: 1:1, no fee, no slippage.
  const st = quoteSwap(pool(5n * TAO, 5n * TAO, HALF_WEIGHT, 0), 'stake', TAO);
  assert.ok(st.ok && st.value.amountOut === TAO && st.value.fee === 0n && st.value.slippage === 0n);
});

test('max amounts for limit orders, stable pools (§4.4)', () => {
  const stable = pool(TAO, TAO, HALF_WEIGHT, 0);
  assert.deepEqual(maxAmountAdd(stable, ONE_TAO), { ok: true, value: U64_MAX });
  assert.deepEqual(maxAmountAdd(stable, ONE_TAO - 1n), { ok: true, value: 0n });
  assert.deepEqual(maxAmountRemove(stable, ONE_TAO), { ok: true, value: U64_MAX });
  assert.deepEqual(maxAmountRemove(stable, ONE_TAO + 1n), { ok: true, value: 0n });
  // Dynamic: adding exactly the max amount moves the price to (just under) the limit.
  const p0 = pool(1_000n * TAO, 1_000n * TAO);
  const m = maxAmountAdd(p0, 4n * ONE_TAO);
  assert.ok(m.ok);
  const r = executeSwap(p0, 'stake', m.value, limitPriceFromRao(4n * ONE_TAO));
  assert.ok(r.ok && r.value.refund === 0n);
});

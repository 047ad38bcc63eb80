// The pool-side cases of vectors/economics/cases.json (Balancer math, swaps, max amounts for limit orders, share
// pools), checked exactly or within the case's own stated tolerance. The chain-side cases are in economy.vectors.test.ts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  alphaDeltaToPrice,
  alphaNeededForTao,
  alphaOutForTaoIn,
  balancerExpScaled,
  balancerPrice,
  executeSwap,
  initialQuoteWeight,
  maxAmountAdd,
  maxAmountMove,
  maxAmountRemove,
  mulPerquintillRound,
  PERQUINTILL,
  type PoolState,
  perquintillFromRational,
  powRatioScaled,
  SharePool,
  safeFloatFromU64,
  taoDeltaToPrice,
  taoOutForAlphaIn,
} from '../src/economy/index.js';

import { big, type Case, cases, near, nearNum, toNum, u64f64 } from './economyVectorsHarness.js';

/** Perquintill parts of a double weight, the way the tests build them (`Perquintill::from_float`-like, exact decimals). */
const perq = (x: number | string | number[]): bigint => {
  if (Array.isArray(x)) return perquintillFromRational(BigInt(x[0]!), BigInt(x[1]!));
  if (typeof x === 'string') {
    const [n, d] = x.split('/');
    return perquintillFromRational(BigInt(n!), BigInt(d!));
  }
  const s = x.toString();
  const [i, f = ''] = s.split('.');
  return BigInt(i!) * PERQUINTILL + BigInt((f + '0'.repeat(18)).slice(0, 18));
};

const pool = (tao: bigint, alpha: bigint, quote: bigint = PERQUINTILL / 2n): PoolState => ({
  taoReserve: tao,
  alphaReserve: alpha,
  quoteWeight: quote,
  mechanism: 1,
});

type Handler = { match: (c: Case) => boolean; run: (c: Case) => void };
const has = (c: Case, s: string): boolean => c.source.includes(s);

const handlers: Handler[] = [
  // §4.2–§4.5 Balancer pool math
  {
    match: (c) => has(c, 'test_perquintill_power'),
    run: (c) => {
      const i = c.inputs;
      const r = powRatioScaled(big(i.x), big(i.x) + big(i.dx), perq(i.w1), perq(i.w2), 256, PERQUINTILL);
      assert.equal(r, big(c.expected.scaled));
    },
  },
  {
    match: (c) => has(c, 'test_exp_scaled'),
    run: (c) => {
      const i = c.inputs;
      const v = balancerExpScaled(perq(i.quote_weight), big(i.reserve), big(i.delta), i.base_quote);
      nearNum(toNum(v, 64n), c.expected.value, c.expected.tolerance, 'exp_scaled');
    },
  },
  {
    match: (c) => has(c, 'test_calculate_quote_delta_in'),
    run: (c) => {
      const i = c.inputs;
      assert.equal(
        taoDeltaToPrice(perq(i.quote_weight), u64f64(i.current_price), u64f64(i.target_price), big(i.tao_reserve)),
        big(c.expected.dy),
      );
    },
  },
  {
    match: (c) => has(c, 'test_calculate_base_delta_in'),
    run: (c) => {
      const i = c.inputs;
      assert.equal(
        alphaDeltaToPrice(perq(i.quote_weight), u64f64(i.current_price), u64f64(i.target_price), big(i.alpha_reserve)),
        big(c.expected.dx),
      );
    },
  },
  {
    match: (c) => has(c, 'test_base_needed_for_quote'),
    run: (c) => {
      const i = c.inputs;
      assert.equal(
        alphaNeededForTao(perq(i.quote_weight), big(i.tao_reserve), big(i.alpha_reserve), big(i.tao_delta)),
        big(c.expected.dx),
      );
    },
  },
  {
    match: (c) => has(c, 'test_mul_round'),
    run: (c) => {
      const p = perq(c.inputs.p);
      assert.deepEqual(
        c.inputs.values.map((v: number) => mulPerquintillRound(p, BigInt(v))),
        c.expected.results.map(big),
      );
    },
  },
  {
    match: (c) => has(c, 'test_price_with_equal_weights') || has(c, 'test_price_scales_with_weight_ratio'),
    run: (c) => {
      const i = c.inputs;
      nearNum(
        toNum(balancerPrice(perq(i.quote_weight), big(i.x), big(i.y)), 64n),
        c.expected.price,
        c.expected.tolerance,
        'price',
      );
    },
  },
  {
    match: (c) => has(c, 'test_swap_initialization'),
    run: (c) => {
      const i = c.inputs;
      // The source test passes the price as U64F64(1) / U64F64(5) and checks the resulting price within 1e-9.
      const priceRaw = i.price === undefined ? undefined : (1n << 64n) / 5n;
      const w = initialQuoteWeight(big(i.tao), big(i.alpha), priceRaw);
      assert.ok(w !== undefined);
      const price = toNum(balancerPrice(w, big(i.alpha), big(i.tao)), 64n);
      nearNum(price, c.expected.price, 1e-9, 'price');
      if (c.expected.quote_weight !== undefined) assert.equal(w, perq(c.expected.quote_weight));
      else nearNum(Number(w) / 1e18, c.expected.quote_weight_computed, 1e-9, 'quote weight');
    },
  },
  // §4.3–§4.4 swaps
  {
    match: (c) => has(c, 'test_swap_basic'),
    run: (c) => {
      const i = c.inputs;
      const dir = i.order === 'buy' ? 'stake' : 'unstake';
      const limit = u64f64(dir === 'stake' ? 1000.0 : 0.0001);
      const r = executeSwap(pool(big(i.tao_reserve), big(i.alpha_reserve)), dir, big(i.amount), limit, {
        feeRate: i.fee_rate,
        minimumReserve: 1n,
      });
      assert.ok(r.ok);
      assert.equal(r.value.feePaid, big(c.expected.fee));
      near(r.value.amountPaidOut, big(c.expected.amount_paid_out), big(c.expected.tolerance), 'paid out');
      assert.equal(r.value.amountPaidIn, big(i.amount) - r.value.feePaid);
      const before = balancerPrice(PERQUINTILL / 2n, big(i.alpha_reserve), big(i.tao_reserve));
      const after = balancerPrice(PERQUINTILL / 2n, r.value.pool.alphaReserve, r.value.pool.taoReserve);
      assert.equal(after >= before, dir === 'stake');
    },
  },
  {
    match: (c) => has(c, 'test_convert_deltas'),
    run: (c) => {
      const i = c.inputs;
      const w = perq(i.quote_weight);
      const tol = big(c.expected.tolerance);
      near(taoOutForAlphaIn(w, big(i.tao), big(i.alpha), big(i.delta_in)), big(c.expected.sell_out), tol, 'sell');
      near(alphaOutForTaoIn(w, big(i.tao), big(i.alpha), big(i.delta_in)), big(c.expected.buy_out), tol, 'buy');
    },
  },
  {
    match: (c) => has(c, 'test_max_amount_add_dynamic') || has(c, 'test_max_amount_remove_dynamic'),
    run: (c) => {
      const i = c.inputs;
      const p = pool(big(i.SubnetTAO), big(i.SubnetAlphaIn));
      const params = { feeRate: 33, minimumReserve: 100n };
      const r = has(c, 'add')
        ? maxAmountAdd(p, big(i.limit_price_rao), params)
        : maxAmountRemove(p, big(i.limit_price_rao), params);
      if (c.expected.error !== undefined) {
        assert.deepEqual(r, { ok: false, error: c.expected.error });
        return;
      }
      assert.ok(
        r.ok,
        JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? v.toString() : v)),
      );
      const exp = big(c.expected.max_amount);
      const div = BigInt(String(c.expected.tolerance).split('/')[1]!);
      near(r.value, exp, exp / div, 'max amount');
    },
  },
  {
    match: (c) => has(c, 'test_max_amount_move_dynamic_dynamic'),
    run: (c) => {
      const i = c.inputs;
      const r = maxAmountMove(
        pool(big(i.tao_in_1), big(i.alpha_in_1)),
        pool(big(i.tao_in_2), big(i.alpha_in_2)),
        big(i.limit_price_rao),
      );
      assert.ok(r.ok);
      near(r.value, big(c.expected.max_amount), big(c.expected.precision ?? 0), 'max move');
    },
  },
  // §6.1 share pools
  {
    match: (c) => has(c, 'share-pool'),
    run: (c) => {
      const i = c.inputs;
      let sp: SharePool<string>;
      if (i.ops === undefined) {
        sp = new SharePool<string>({
          sharedValue: big(i.shared_value),
          denominator: safeFloatFromU64(big(i.denominator)),
        });
        for (const [k, v] of Object.entries(i.shares)) sp.shares.set(k, safeFloatFromU64(big(v)));
      } else {
        sp = new SharePool<string>();
        for (const op of i.ops as any[]) {
          if (op[0] === 'one') sp.updateOne(String(op[1]), big(op[2]));
          else sp.updateAll(big(op[1]));
        }
      }
      const tol = big(c.expected.tolerance ?? 0);
      for (const [k, v] of Object.entries(c.expected.values)) near(sp.value(k), big(v), tol, `value of ${k}`);
    },
  },
];

const isPoolCase = (c: Case): boolean => has(c, 'pallets/swap/') || has(c, 'tests/staking.rs') || has(c, 'share-pool');
const mine = cases.map((c, idx) => [idx, c] as const).filter(([, c]) => isPoolCase(c));

test('economics vectors: pool-side cases, each matched by exactly one handler (67 of 119)', () => {
  assert.equal(cases.length, 119);
  assert.equal(mine.length, 67);
  const bad = mine
    .map(([idx, c]) => [idx, handlers.filter((h) => h.match(c)).length] as const)
    .filter(([, n]) => n !== 1);
  assert.deepEqual(bad, []);
});

mine.forEach(([idx, c]) => {
  test(`economics vector #${idx}: ${c.source.split('::').pop()} — ${c.what}`, () => {
    const h = handlers.find((x) => x.match(c));
    assert.ok(h, 'no handler');
    h.run(c);
  });
});

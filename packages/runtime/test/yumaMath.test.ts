import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fxExpSafe, I32F32 } from '@tensorium/primitives';
import { emaLiquid, emaUnion } from '../src/yuma/bonds.js';
import { yumaConsensus } from '../src/yuma/consensus.js';
import { divFx, divFxInv, floorDivInt, mulFx, mulFxWide, ONE, propToU16, u16Prop } from '../src/yuma/fastMath.js';
import { yumaLiquidAlpha, yumaLiquidAlphaParams, yumaSplitEmissions, yumaWeightedMedian } from '../src/yuma/index.js';
import { liquidAlphaOf } from '../src/yuma/liquidAlpha.js';
import { YumaScratch } from '../src/yuma/scratch.js';
import type { FxCsr } from '../src/yuma/sparse.js';
import { yumaNormalizeStake } from '../src/yuma/stake.js';
import { rng } from './helpers/rng.js';
import { refWeightedMedian } from './yumaReference.js';

const data = JSON.parse(readFileSync(new URL('../../../vectors/yuma/cases.json', import.meta.url), 'utf8')) as {
  math_cases: Array<{ source: string; function: string; args: any; expected: any }>;
};

/** f32 literal → I32F32 bits (from_num rounds to nearest; f32 values below 1 are exact in 32 fraction bits). */
const f32 = (x: number): bigint => I32F32.fromNumber(Math.fround(x));

function denseToCsr(rows: number, cols: number, vals: bigint[], keepZeros: boolean): FxCsr {
  const rowPtr = new Int32Array(rows + 1);
  const c: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const x = vals[i * cols + j]!;
      if (keepZeros || x !== 0n) {
        c.push(j);
        v.push(Number(x));
      }
    }
    rowPtr[i + 1] = c.length;
  }
  return { rows, rowPtr, cols: Int32Array.from(c), vals: Float64Array.from(v) };
}

describe('yuma math_cases', () => {
  for (const mc of data.math_cases) {
    it(`${mc.source} (${mc.function})`, () => {
      const a = mc.args;
      if (mc.function === 'weighted_median') {
        let stake: bigint[] = typeof a.stake_f32 === 'string' ? [] : (a.stake_f32 as number[]).map(f32);
        if (typeof a.stake_f32 === 'string') {
          const m = /^normalize\(\[(.*)\]\)$/.exec(a.stake_f32);
          assert.ok(m, a.stake_f32);
          const raw = m[1]!.split(',').map((x) => f32(Number(x)));
          const s = raw.reduce((p, q) => p + q, 0n);
          stake = raw.map((x) => I32F32.div(x, s));
        }
        const score = (a.score_f32 as number[]).map(f32);
        assert.equal(a.minority, '1 - f32(0.51)');
        const minority = I32F32.ONE - f32(0.51);
        const hi = stake.reduce((p, q) => p + q, 0n);
        const want = f32(mc.expected.result_f32);
        assert.equal(refWeightedMedian(stake, score, minority, 0n, hi), want, 'mid-pivot search');
        const got = yumaWeightedMedian(stake.map(Number), score.map(Number), Number(minority));
        assert.equal(BigInt(got), want, 'closed form');
      } else if (mc.function.startsWith('weighted_median_col')) {
        const stake = Float64Array.from((a.stake_f32 as number[]).map((x) => Number(f32(x))));
        const wv = (a.weights_f32_row_major_4x3 as number[]).map(f32);
        for (const keepZeros of [false, true]) {
          const w = denseToCsr(4, 3, wv, keepZeros);
          const r = yumaConsensus(stake, w, 3, Number(f32(a.majority_f32)), new YumaScratch());
          assert.deepEqual(
            Array.from(r.consensus, (x) => BigInt(x)),
            (mc.expected.median_f32 as number[]).map(f32),
          );
        }
      } else if (mc.function === 'split_emissions') {
        const out = yumaSplitEmissions(BigInt(a.alpha), a.mechanism_count, a.emission_split);
        assert.deepEqual(out, (mc.expected.result as number[]).map(BigInt));
      } else if (mc.function.startsWith('compute_bonds')) {
        // liquid alpha with low == high == 6553 equals fixed alpha 0.1 within 1e-3 elementwise
        const w = denseToCsr(4, 3, (a.weights_f32_4x3 as number[]).map(f32), true);
        const b = denseToCsr(4, 3, (a.bonds_f32_4x3 as number[]).map(f32), true);
        const cons = Float64Array.from((a.consensus_f32 as number[]).slice(0, 3).map((x) => Number(f32(x))));
        const [lo, hi] = a.alpha_values_u16 as [number, number];
        const p = yumaLiquidAlphaParams(lo, hi, 1000);
        const ws = new YumaScratch();
        const liq = emaLiquid(w, w.vals, b, cons, p, ws);
        const liqVals = new Map<string, number>();
        for (let i = 0; i < 4; i++)
          for (let k = liq.rowPtr[i]!; k < liq.rowPtr[i + 1]!; k++) liqVals.set(`${i},${liq.cols[k]}`, liq.vals[k]!);
        const alpha = ONE - Number((BigInt(a.bonds_moving_average) << 32n) / 1000000n);
        const fix = emaUnion(w, w.vals, b, alpha, ws, 'fix');
        for (let i = 0; i < 4; i++) {
          for (let j = 0; j < 3; j++) {
            let fv = 0;
            for (let k = fix.rowPtr[i]!; k < fix.rowPtr[i + 1]!; k++) if (fix.cols[k] === j) fv = fix.vals[k]!;
            const lv = liqVals.get(`${i},${j}`) ?? 0;
            assert.ok(Math.abs(lv - fv) / ONE <= 1e-3, `(${i},${j}) ${lv} vs ${fv}`);
          }
        }
      } else {
        assert.fail(`unknown math case function ${mc.function}`);
      }
    });
  }
});

describe('float64 fixed-point kernels agree with bigint', () => {
  it('mulFx and mulFxWide', () => {
    const r = rng(1);
    for (let k = 0; k < 20000; k++) {
      const a = Math.floor(r() * 2 ** 33) * (k & 1 ? -1 : 1);
      const b = Math.floor(r() * 2 ** 33) * (k & 2 ? -1 : 1);
      assert.equal(BigInt(mulFx(a, b)), (BigInt(a) * BigInt(b)) >> 32n);
      const c = Math.floor(r() * 2 ** 41) * (k & 1 ? -1 : 1);
      const d = Math.floor(r() * 2 ** 41) * (k & 4 ? -1 : 1);
      assert.equal(BigInt(mulFxWide(c, d)), (BigInt(c) * BigInt(d)) >> 32n);
    }
  });

  it('divFx, divFxInv and floorDivInt', () => {
    const r = rng(2);
    for (let k = 0; k < 20000; k++) {
      const g = Math.floor(r() * 2 ** (1 + (k % 52))) + 1;
      const a = Math.floor(r() * (g + 1));
      const want = (BigInt(a) << 32n) / BigInt(g);
      assert.equal(BigInt(divFxInv(a, g, 1 / g)), want, `divFxInv(${a}, ${g})`);
      assert.equal(BigInt(divFx(a, g)), want, `divFx(${a}, ${g})`);
      const t = Math.floor(r() * 2 ** 52);
      assert.equal(BigInt(floorDivInt(t, g)), BigInt(t) / BigInt(g));
    }
    // exact quotients and boundaries
    for (const [a, g] of [
      [1, 1],
      [2 ** 32, 2 ** 32],
      [3, 3 * 2 ** 40],
      [2 ** 36 - 1, 2 ** 36],
      [2 ** 44, 2 ** 44 + 1],
    ] as const) {
      assert.equal(BigInt(divFxInv(a, g, 1 / g)), (BigInt(a) << 32n) / BigInt(g));
    }
    assert.equal(divFx(5, 0), 0);
  });

  it('yumaNormalizeStake (float64 estimate with an exact fallback) equals floor(2^32·t / Σt)', () => {
    const r = rng(3);
    const big = (bits: number): bigint => {
      let x = 0n;
      for (let b = 0; b < bits; b += 26) x = (x << 26n) | BigInt(Math.floor(r() * 2 ** 26));
      return x >> BigInt(Math.max(0, Math.ceil(bits / 26) * 26 - bits));
    };
    const cases: bigint[][] = [
      [1n, 1n],
      [5n, 0n, 5n, 0n],
      [1n << 96n, 1n],
      [3n, 3n, 3n], // quotients that are exact integers take the bigint path
      [(1n << 80n) + 1n, 1n << 80n, 7n],
    ];
    for (let k = 0; k < 400; k++) {
      const n = 1 + Math.floor(r() * 40);
      const bits = 1 + Math.floor(r() * 100);
      cases.push(Array.from({ length: n }, () => (r() < 0.2 ? 0n : big(1 + Math.floor(r() * bits)))));
    }
    for (const total of cases) {
      const sum = total.reduce((a, b) => a + b, 0n);
      const got = yumaNormalizeStake(total);
      for (let i = 0; i < total.length; i++) {
        const want = sum === 0n ? 0n : (total[i]! << 32n) / sum;
        assert.equal(BigInt(got[i]!), want, `${total[i]} of ${sum}`);
      }
    }
  });

  it('u16Prop and propToU16', () => {
    for (let u = 0; u <= 65535; u++) assert.equal(u16Prop(u), Number((BigInt(u) << 32n) / 65535n));
    const r = rng(3);
    for (let k = 0; k < 5000; k++) {
      const x = Math.floor(r() * 2 ** 34) - 2 ** 32;
      const v = (BigInt(x) * 65535n) >> 32n;
      assert.equal(propToU16(x), Number(v < 0n ? 0n : v > 65535n ? 65535n : v));
    }
  });
});

describe('liquid alpha sigmoid', () => {
  it('fast float path equals the bigint definition for every steepness regime', () => {
    const r = rng(4);
    for (const steep of [1000, 0, -1000, 250, 32767, -32768, 1234]) {
      const p = yumaLiquidAlphaParams(6553, 19660, steep);
      for (let k = 0; k < 300; k++) {
        const d = k === 0 ? 0 : k === 1 ? ONE : k === 2 ? ONE / 2 : Math.floor(r() * (ONE + 1));
        const got = liquidAlphaOf(d, p);
        // bigint definition
        const ONEn = 1n << 32n;
        const kk = I32F32.saturatingDiv(BigInt(steep) << 32n, -100n << 32n);
        const z = I32F32.mul(kk, BigInt(d) - ONEn / 2n);
        const sigma = I32F32.saturatingDiv(ONEn, ONEn + fxExpSafe(z));
        const low = BigInt(p.low);
        const high = BigInt(p.high);
        let want = low + I32F32.mul(sigma, high - low);
        if (want < low) want = low;
        if (want > high) want = high;
        assert.equal(BigInt(got), want, `steepness ${steep} d ${d}`);
      }
    }
  });

  it('moves toward high on the buy side and stays low otherwise', () => {
    const p = yumaLiquidAlphaParams(6553, 19660, 1000);
    const c = ONE / 4;
    const buy = yumaLiquidAlpha(c, ONE, 0, p); // weight far above consensus
    const none = yumaLiquidAlpha(c, c, 0, p); // weight at consensus
    assert.ok(buy > none);
    assert.ok(buy <= p.high && none >= p.low);
  });
});

describe('consensus column blocks', () => {
  it('gives the same consensus whatever the block size', () => {
    const r = rng(9);
    for (let t = 0; t < 40; t++) {
      const rows = 1 + Math.floor(r() * 30);
      const nCols = 1 + Math.floor(r() * 60);
      const dense: bigint[] = [];
      for (let k = 0; k < rows * nCols; k++) dense.push(r() < 0.4 ? 0n : BigInt(Math.floor(r() * 2 ** 32)));
      const w = denseToCsr(rows, nCols, dense, r() < 0.5);
      const stake = Float64Array.from({ length: rows }, () => (r() < 0.2 ? 0 : Math.floor(r() * 2 ** 28)));
      const kappa = Math.floor(r() * 2 ** 32);
      const ref = yumaConsensus(stake, w, nCols, kappa, new YumaScratch()).consensus;
      for (const block of [1, 2, 7, 100]) {
        const got = yumaConsensus(stake, w, nCols, kappa, new YumaScratch(), undefined, block).consensus;
        assert.deepEqual(got, ref, `block ${block}`);
      }
    }
  });
});

describe('consensus against the chain mid-pivot search', () => {
  it('agrees on random columns, including κ = 0, κ = 1, zero-stake rows, ties and full columns', () => {
    const r = rng(11);
    for (let t = 0; t < 400; t++) {
      const rows = 1 + Math.floor(r() * 40);
      const nCols = 1 + Math.floor(r() * 12);
      const tieValues = [1, 2, 2 ** 31, 2 ** 32, 12345];
      const dense: bigint[] = [];
      const density = r();
      for (let k = 0; k < rows * nCols; k++) {
        const x =
          r() < density
            ? r() < 0.3
              ? tieValues[Math.floor(r() * tieValues.length)]!
              : 1 + Math.floor(r() * 2 ** 32)
            : 0;
        dense.push(BigInt(x));
      }
      const w = denseToCsr(rows, nCols, dense, r() < 0.5);
      const stake = Float64Array.from({ length: rows }, () => (r() < 0.2 ? 0 : 1 + Math.floor(r() * 2 ** 28)));
      let sum = 0;
      for (const x of stake) sum += x;
      // normalized active stake, as in the epoch
      if (sum > 0) for (let i = 0; i < rows; i++) stake[i] = divFx(stake[i]!, sum);
      const kappa = [0, 2 ** 32, 2147450879, Math.floor(r() * 2 ** 32)][t % 4]!;
      const got = yumaConsensus(stake, w, nCols, kappa, new YumaScratch()).consensus;
      // reference: participants with stake > 0, renormalized, chain search
      const part = Array.from(stake)
        .map((a, i) => [a, i] as const)
        .filter(([a]) => a > 0);
      const ps = part.map(([a]) => BigInt(a));
      const psum = ps.reduce((a, b) => a + b, 0n);
      const s = ps.map((a) => (psum === 0n ? a : (a << 32n) / psum));
      const sigma = s.reduce((a, b) => a + b, 0n);
      for (let j = 0; j < nCols; j++) {
        const want =
          part.length === 0
            ? 0n
            : refWeightedMedian(
                s,
                part.map(([, i]) => dense[i * nCols + j]!),
                sigma - BigInt(kappa),
                0n,
                sigma,
              );
        assert.equal(BigInt(got[j]!), want, `t ${t} column ${j}`);
      }
    }
  });
});

describe('explain trace decimals', () => {
  it('print I32F32 values exactly as I32F32.toDecimal does', async () => {
    const { yumaFixedDecimal } = await import('../src/yuma/index.js');
    const r = rng(21);
    const vals: number[] = [
      0,
      1,
      2 ** 32,
      2 ** 30,
      2 ** 31,
      1431655765,
      429496730,
      2 ** 32 - 1,
      -(2 ** 31),
      2 ** 40 + 3,
    ];
    for (let k = 0; k < 20000; k++) vals.push(Math.floor(r() * 2 ** (1 + (k % 40))) * (k % 7 === 0 ? -1 : 1));
    // Fractions with few bits (exact short decimals, and rounding ties at every length).
    for (let k = 0; k < 4000; k++) vals.push(Math.floor(r() * 2 ** (1 + (k % 12))) * 2 ** (20 + (k % 13)) + (k % 3));
    assert.deepEqual(
      vals.map((x) => yumaFixedDecimal(x)),
      vals.map((x) => I32F32.toDecimal(BigInt(x))),
    );
  });
});

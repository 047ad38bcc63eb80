/**
 * The WebAssembly kernel against the JavaScript path: the same epoch run both ways must give identical outputs
 * (every u16 vector, every rao amount, every stored bond) on random inputs shaped like real subnets — dense and
 * sparse rows, self-weights, targets beyond n, registration and commit-reveal masks, owners, all three bond
 * penalty regimes — and on input the kernel declines (unsorted rows), which must fall back, not differ.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  runYumaEpoch,
  type YumaEpochInput,
  type YumaEpochOutput,
  yumaKernelActive,
  yumaKernelCounters,
  yumaPackRows,
  yumaUnpackRows,
  yumaUseKernel,
} from '../src/yuma/index.js';
import { rng } from './helpers/rng.js';

interface Shape {
  n: number;
  validators: number;
  density: number;
  unsorted?: boolean;
  classic?: boolean;
  /** Yuma3 with liquid alpha (random rates and steepness). */
  liquid?: boolean;
}

function subnetInput(seed: number, shape: Shape): YumaEpochInput {
  const r = rng(seed);
  const ri = (k: number) => Math.floor(r() * k);
  const pick = <T>(xs: T[]): T => xs[ri(xs.length)]!;
  const { n, validators: v, density } = shape;
  const block = 10_000;
  const weights: Array<Array<[number, number]>> = [];
  const bonds: Array<Array<[number, number]>> = [];
  for (let i = 0; i < n; i++) {
    const row: Array<[number, number]> = [];
    const brow: Array<[number, number]> = [];
    if (i < v) {
      for (let j = 0; j < n + 3; j++) {
        if (r() < density) row.push([j, pick([0, 1, 65535, ri(65536), ri(65536), ri(65536)])]);
        if (j < n + 1 && r() < density * 0.9) brow.push([j, pick([0, 1, 65535, ri(65536), ri(65536)])]);
      }
    }
    if (shape.unsorted && i === v - 1) row.reverse();
    weights.push(row);
    bonds.push(brow);
  }
  const alphaStake = Array.from({ length: n }, (_, i) =>
    i < v ? BigInt(1 + ri(1_000_000)) * pick([1n, 1_000_000_000n, 10n ** 15n]) : BigInt(ri(3)),
  );
  const regBlock = () => (r() < 0.9 ? block - 5000 - ri(1000) : block - ri(400));
  return {
    block,
    n,
    params: {
      kappa: pick([32767, 32767, 0, 65535, ri(65536)]),
      bondsMovingAverage: pick([900000, 975000, ri(1000001)]),
      bondsPenalty: pick([65535, 65535, 0, ri(65536)]),
      activityCutoff: pick([5000, 200]),
      tempo: 360,
      maxAllowedValidators: pick([v, Math.max(1, v - 3), n]),
      yuma3Enabled: shape.classic !== true,
      // the classic path ignores liquid alpha
      liquidAlphaEnabled: shape.classic === true ? r() < 0.5 : shape.liquid === true,
      alphaLow: shape.liquid ? pick([45875, 6553, 1638, ri(65536)]) : 45875,
      alphaHigh: shape.liquid ? pick([58982, 19660, 65535, ri(65536)]) : 58982,
      // |steepness| ≤ 1600 runs in the kernel, above that in JavaScript (exp_safe beyond |z| = 8)
      alphaSigmoidSteepness: shape.liquid ? pick([1000, 1000, 1600, -1600, 1601, ri(1601), -ri(1601), 0]) : 1000,
      stakeThreshold: pick([0n, 0n, 1_000_000_000n]),
      commitRevealEnabled: r() < 0.3,
      taoWeight: pick([0n, 971718665099567868n]),
    },
    ownerUid: r() < 0.5 ? ri(n) : null,
    lastMechanismStepBlock: pick([0, block - 360]),
    alphaStake,
    taoStake: alphaStake.map(() => BigInt(ri(1e9))),
    lastUpdate: Array.from({ length: n }, () => block - ri(300)),
    registeredAt: Array.from({ length: n }, regBlock),
    validatorPermit: Array.from({ length: n }, (_, i) => i < v || r() < 0.05),
    weights: r() < 0.5 ? yumaPackRows(weights, n) : weights,
    bonds: yumaPackRows(bonds, n),
    commitBlocks: Array.from({ length: n }, () => (r() < 0.5 ? block - ri(6000) : null)),
    emission: pick([360_000_000_000n, 0n, (1n << 60n) + 12345n]),
  };
}

function plain(o: YumaEpochOutput) {
  return { ...o, bonds: yumaUnpackRows(o.bonds) };
}

function bothWays(input: YumaEpochInput): { kernel: ReturnType<typeof plain>; js: ReturnType<typeof plain> } {
  const prev = yumaUseKernel(true);
  try {
    const kernel = plain(runYumaEpoch(input));
    yumaUseKernel(false);
    const js = plain(runYumaEpoch(input));
    return { kernel, js };
  } finally {
    yumaUseKernel(prev);
  }
}

describe('yuma WebAssembly kernel', () => {
  it('is available here (so the other tests compare two implementations)', () => {
    assert.equal(yumaKernelActive(), true);
  });

  it('equals the JavaScript path on 160 random subnets (n 1–300, dense and sparse, Yuma3, liquid alpha, classic)', () => {
    const before = yumaKernelCounters();
    let steep = 0;
    for (let seed = 1; seed <= 160; seed++) {
      const n = 1 + ((seed * 37) % 300);
      const validators = Math.max(1, Math.min(n, 1 + (seed % 70)));
      const shape = {
        n,
        validators,
        density: [1, 0.5, 0.1][seed % 3]!,
        classic: seed % 4 === 0,
        liquid: seed % 4 === 2,
      };
      const input = subnetInput(seed, shape);
      if (shape.liquid && Math.abs(input.params.alphaSigmoidSteepness) > 1600) steep++;
      const { kernel, js } = bothWays(input);
      assert.deepEqual(kernel, js, `seed ${seed}`);
    }
    const after = yumaKernelCounters();
    assert.equal(after.declined, before.declined);
    assert.ok(steep > 0 && steep < 40, `${steep} steep liquid cases`);
    assert.equal(after.used - before.used, 160 - steep);
  });

  it('equals the JavaScript path on large dense subnets (consensus over many column blocks)', () => {
    const before = yumaKernelCounters().used;
    for (const shape of [{}, { liquid: true }, { classic: true }]) {
      const input = subnetInput(500, { n: 2048, validators: 128, density: 1, ...shape });
      const { kernel, js } = bothWays(input);
      assert.deepEqual(kernel, js, JSON.stringify(shape));
      assert.ok(kernel.incentive.filter((x) => x > 0).length > 1000);
    }
    assert.equal(yumaKernelCounters().used - before, 3); // this seed's liquid steepness is within the kernel's range
  });

  it('falls back to the JavaScript path on an unsorted stored row, with the same result as no kernel', () => {
    for (const classic of [false, true]) {
      const input = subnetInput(7, { n: 40, validators: 10, density: 0.7, unsorted: true, classic });
      const before = yumaKernelCounters().declined;
      const { kernel, js } = bothWays(input);
      assert.equal(yumaKernelCounters().declined, before + 1);
      assert.deepEqual(kernel, js);
      assert.ok(kernel.incentive.some((x) => x > 0));
    }
  });

  it('returns the per-uid trace vectors on the fast path, equal to those of the explain trace', () => {
    const before = yumaKernelCounters().used;
    for (let seed = 200; seed < 230; seed++) {
      const n = 1 + ((seed * 53) % 120);
      const validators = Math.max(1, Math.min(n, 1 + (seed % 40)));
      const input = subnetInput(seed, { n, validators, density: 0.6, classic: seed % 3 === 0 });
      const fast = runYumaEpoch({ ...input, vectors: true });
      const explained = runYumaEpoch({ ...input, explain: true });
      assert.ok(fast.vectors && explained.trace && !fast.trace);
      const { trace } = explained;
      for (const [k, v] of Object.entries(fast.vectors))
        assert.deepEqual(v, trace[k as keyof typeof trace], `${seed} ${k}`);
      const { vectors: _v, ...fastOut } = fast;
      const { trace: _t, ...explainedOut } = explained;
      assert.deepEqual(plain(fastOut), plain(explainedOut));
    }
    assert.equal(yumaKernelCounters().used - before, 30);
  });

  it('gives the same result on repeated runs (no state leaks between epochs through linear memory)', () => {
    const a = subnetInput(3, { n: 256, validators: 64, density: 1 });
    const b = subnetInput(4, { n: 17, validators: 5, density: 0.5 });
    const first = plain(runYumaEpoch(a));
    plain(runYumaEpoch(b));
    assert.deepEqual(plain(runYumaEpoch(a)), first);
  });
});

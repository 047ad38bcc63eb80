import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  runYumaEpoch,
  type YumaEpochInput,
  type YumaEpochOutput,
  yumaPackRows,
  yumaUnpackRows,
} from '../src/yuma/index.js';
import { rng } from './helpers/rng.js';
import { refEpoch } from './yumaReference.js';

/** A random epoch input exercising masks, explicit zeros, unsorted rows, owners, thresholds and both bond paths. */
function randomInput(seed: number, opts: { distinctStake?: boolean; n?: number } = {}): YumaEpochInput {
  const r = rng(seed);
  const ri = (k: number) => Math.floor(r() * k);
  const n = opts.n ?? 1 + ri(24);
  const block = 100 + ri(50);
  const pick = <T>(xs: T[]): T => xs[ri(xs.length)]!;
  const u16v = () => pick([0, 1, 65535, 32767, ri(65536), ri(65536), ri(65536)]);
  const weights: Array<Array<[number, number]>> = [];
  const bonds: Array<Array<[number, number]>> = [];
  for (let i = 0; i < n; i++) {
    const row: Array<[number, number]> = [];
    const brow: Array<[number, number]> = [];
    for (let j = 0; j < n + 2; j++) {
      if (r() < 0.6) row.push([j, u16v()]); // j ≥ n entries are ignored by the epoch
      if (j < n && r() < 0.5) brow.push([j, ri(65536)]);
    }
    if (r() < 0.2) row.reverse(); // unsorted stored row
    weights.push(row);
    bonds.push(brow);
  }
  const stakes: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const base = opts.distinctStake
      ? BigInt(i + 1) * 1000003n + BigInt(ri(1000)) * 17n
      : BigInt(pick([0, 1, 5, ri(1000), ri(1e9)]));
    stakes.push(r() < 0.15 && !opts.distinctStake ? 0n : base * pick([1n, 1000000000n]));
  }
  const yuma3 = r() < 0.5;
  return {
    block,
    n,
    params: {
      kappa: pick([32767, 0, 65535, ri(65536)]),
      bondsMovingAverage: pick([900000, 975000, ri(1000001)]),
      bondsPenalty: pick([65535, 0, ri(65536)]),
      activityCutoff: pick([5, 13, 5000]),
      tempo: pick([1, 10, 360]),
      maxAllowedValidators: pick([1, 3, 64, ri(n + 2)]),
      yuma3Enabled: yuma3,
      liquidAlphaEnabled: r() < 0.5,
      alphaLow: pick([45875, 6553]),
      alphaHigh: pick([58982, 19660, 65535]),
      alphaSigmoidSteepness: pick([1000, 0, -500, 30000]),
      stakeThreshold: pick([0n, 0n, 1000n, 1000000000n]),
      commitRevealEnabled: r() < 0.3,
      taoWeight: pick([0n, 971718665099567868n]),
    },
    ownerUid: r() < 0.4 ? ri(n) : null,
    lastMechanismStepBlock: pick([0, block - 5, block - 200]),
    alphaStake: stakes,
    taoStake: stakes.map(() => BigInt(ri(1e6))),
    lastUpdate: Array.from({ length: n + ri(2) - ri(2) }, () => block - ri(30)),
    registeredAt: Array.from({ length: n }, () => block - ri(40)),
    validatorPermit: Array.from({ length: n - ri(2) }, () => r() < 0.7),
    weights,
    bonds,
    commitBlocks: Array.from({ length: n }, () => (r() < 0.5 ? block - ri(40) : null)),
    emission: pick([1000000000n, 360000000000n, 0n, 123456789012345n, (1n << 60n) + 12345n, (1n << 53n) - 1n]),
  };
}

function plain(o: YumaEpochOutput) {
  return {
    active: o.active,
    validatorPermit: o.validatorPermit,
    consensus: o.consensus,
    incentive: o.incentive,
    dividends: o.dividends,
    validatorTrust: o.validatorTrust,
    stakeWeight: o.stakeWeight,
    emission: o.emission,
    serverEmission: o.serverEmission,
    validatorEmission: o.validatorEmission,
    bonds: yumaUnpackRows(o.bonds),
  };
}

describe('yuma epoch properties', () => {
  it('equals the literal bigint model of the spec on 300 random inputs (fast path and explain path)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const input = randomInput(seed);
      const fast = plain(runYumaEpoch(input));
      const ref = refEpoch(input);
      assert.deepEqual(fast, ref, `seed ${seed}`);
      assert.deepEqual(plain(runYumaEpoch({ ...input, explain: true })), fast, `explain seed ${seed}`);
    }
  });

  it('equals the bigint model on larger subnets (many participants per column)', () => {
    for (const seed of [7001, 7002, 7003, 7004]) {
      const input = randomInput(seed, { n: 90 + (seed % 50) });
      const big = {
        ...input,
        params: { ...input.params, maxAllowedValidators: 256, kappa: 32767 },
        validatorPermit: new Array(input.n).fill(true),
      };
      assert.deepEqual(plain(runYumaEpoch(big)), refEpoch(big), `seed ${seed}`);
    }
  });

  it('accepts packed and pair-row matrices alike', () => {
    const input = randomInput(77);
    const packed = {
      ...input,
      weights: yumaPackRows(input.weights as any, input.n),
      bonds: yumaPackRows(input.bonds as any, input.n),
    };
    assert.deepEqual(plain(runYumaEpoch(packed)), plain(runYumaEpoch(input)));
  });

  it('is deterministic: the same input twice gives identical outputs', () => {
    for (let seed = 500; seed < 530; seed++) {
      const input = randomInput(seed);
      assert.deepEqual(plain(runYumaEpoch(input)), plain(runYumaEpoch(input)));
    }
  });

  it('incentive sums to 65535 within rounding whenever anything is earned', () => {
    let checked = 0;
    for (let seed = 600; seed < 1600; seed++) {
      const input = randomInput(seed);
      const out = runYumaEpoch(input);
      const s = out.incentive.reduce((a, b) => a + b, 0);
      if (s === 0) continue;
      checked++;
      // each normalized value loses < 2^-32 and each u16 conversion < 1
      assert.ok(s <= 65535 && s >= 65535 - input.n - 1, `seed ${seed}: Σincentive = ${s}`);
    }
    assert.ok(checked > 50, `only ${checked} cases earned incentive`);
  });

  it('emissions sum to E within the documented rounding', () => {
    for (let seed = 900; seed < 1100; seed++) {
      const input = randomInput(seed);
      const out = runYumaEpoch(input);
      const E = input.emission;
      const n = BigInt(input.n);
      const total = (v: bigint[]) => v.reduce((a, b) => a + b, 0n);
      const em = total(out.emission);
      const paid = total(out.serverEmission) + total(out.validatorEmission);
      // normalization truncates each element by < 2^-32 (≤ n·E/2^32 rao) and each rao value is floored (< 1)
      const slack = n * ((E >> 32n) + 2n) + 1n;
      if (em === 0n) continue; // nothing staked: nothing paid (spec §8)
      assert.ok(em <= E && em >= E - slack, `seed ${seed}: Σemission ${em} vs E ${E}`);
      assert.ok(paid <= E && paid >= E - 2n * slack, `seed ${seed}: Σserver+validator ${paid} vs E ${E}`);
    }
  });

  it('permuting uids permutes the outputs', () => {
    for (let seed = 1200; seed < 1300; seed++) {
      const input0 = randomInput(seed, { distinctStake: true });
      const n = input0.n;
      // a full-length stored permit vector, so that the owner's forced permit does not depend on the vector length
      const input = {
        ...input0,
        validatorPermit: Array.from({ length: n }, (_, i) => input0.validatorPermit[i] ?? false),
      };
      const r = rng(seed * 7);
      const perm = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      }
      // perm[old] = new
      const inv = new Array<number>(n);
      perm.forEach((nw, old) => {
        inv[nw] = old;
      });
      const mapRows = (rows: any) =>
        inv.map((old) =>
          ((rows as Array<Array<[number, number]>>)[old] ?? [])
            .filter(([j]) => j < n)
            .map(([j, v]) => [perm[j]!, v] as [number, number])
            .sort((a, b) => a[0] - b[0]),
        );
      const at = <T>(v: ArrayLike<T>, fill: T) => inv.map((old) => (old < v.length ? v[old]! : fill));
      const permuted: YumaEpochInput = {
        ...input,
        ownerUid: input.ownerUid === null ? null : perm[input.ownerUid]!,
        alphaStake: at(input.alphaStake, 0n),
        taoStake: at(input.taoStake!, 0n),
        lastUpdate: at(input.lastUpdate, 0),
        registeredAt: at(input.registeredAt, 0),
        validatorPermit: at(input.validatorPermit, false),
        commitBlocks: at(input.commitBlocks!, null),
        weights: mapRows(input.weights),
        bonds: mapRows(input.bonds),
      };
      const a = plain(runYumaEpoch(input));
      const b = plain(runYumaEpoch(permuted));
      for (const key of [
        'active',
        'validatorPermit',
        'consensus',
        'incentive',
        'dividends',
        'validatorTrust',
        'stakeWeight',
        'emission',
        'serverEmission',
        'validatorEmission',
      ] as const) {
        assert.deepEqual(b[key], at(a[key] as any[], undefined), `seed ${seed} ${key}`);
      }
      const bondsA = mapRows(a.bonds);
      assert.deepEqual(b.bonds, bondsA, `seed ${seed} bonds`);
    }
  });
});

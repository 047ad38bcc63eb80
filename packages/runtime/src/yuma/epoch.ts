/**
 * One Yuma Consensus epoch (`epoch_mechanism`, the chain's sparse path; spec/yuma.md §4), as a pure function.
 * Every value is exact: raw I32F32 bits held in float64 where magnitudes stay below 2^53 (see fastMath.ts), bigint
 * for stake and rao.
 */
import { yumaBondsClassic, yumaBondsYuma3, yumaBondWeights, yumaLoadBonds, yumaStoredBonds } from './bonds.js';
import { yumaConsensus } from './consensus.js';
import { yumaEmissionSplit, yumaToRao } from './emissionSplit.js';
import { mulFx, normalizeInPlace, ONE, propToU16, u16PropTable65536 } from './fastMath.js';
import { liquidAlphaParams } from './liquidAlpha.js';
import { toTraceMatrix, yumaToPacked } from './sparse.js';
import { yumaNormalizeStake, yumaTopKPermits, yumaTotalStake } from './stake.js';
import type { YumaEpochInput, YumaEpochOutput, YumaEpochTrace } from './types.js';
import { yumaMaskedWeights } from './weights.js';

function padNumbers(v: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n);
  const m = Math.min(v.length, n);
  for (let i = 0; i < m; i++) out[i] = v[i]!;
  return out;
}

function toU16(v: Float64Array): number[] {
  const out: number[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = propToU16(v[i]!);
  return out;
}

/** Fixed EMA α = 1 − trunc32(bma / 1e6) (the division in I64F64, truncated to I32F32), as raw bits. */
export function yumaFixedAlpha(bondsMovingAverage: number): number {
  const q = (BigInt(bondsMovingAverage) << 32n) / 1000000n;
  return ONE - Number(q);
}

/** Run one epoch. See `YumaEpochInput` / `YumaEpochOutput` for the contract. */
export function runYumaEpoch(input: YumaEpochInput): YumaEpochOutput {
  const { n, block, params, ownerUid: owner0, lastMechanismStepBlock } = input;
  const ownerUid = owner0 !== null && owner0 >= 0 && owner0 < n ? owner0 : null;
  const table = u16PropTable65536();

  // E1. Activity
  const cutoff = params.activityCutoff;
  const lastUpdate = padNumbers(input.lastUpdate, n);
  const registeredAt = padNumbers(input.registeredAt, n);
  const active: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) active[i] = !(lastUpdate[i]! + cutoff < block);

  // E2. Bond-mask boundary: column j is dropped when last_tempo ≤ registered_at[j]
  const lastTempo = lastMechanismStepBlock === 0 ? Math.max(0, block - params.tempo) : lastMechanismStepBlock + 1;
  const colMask = new Uint8Array(n);
  for (let j = 0; j < n; j++) colMask[j] = lastTempo <= registeredAt[j]! ? 1 : 0;

  // E3. Stake
  const total = yumaTotalStake(n, input.alphaStake, input.taoStake, params.taoWeight, params.stakeThreshold, ownerUid);
  const stake = yumaNormalizeStake(total);

  // E4. Validator permits: mask with the stored (old) ones, store the new top-k
  const storedPermit = input.validatorPermit;
  const permitUsed: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) permitUsed[i] = i < storedPermit.length ? storedPermit[i] === true : false;
  if (ownerUid !== null && ownerUid < storedPermit.length) permitUsed[ownerUid] = true;
  const forbid = permitUsed.map((p) => !p);
  const newPermit = yumaTopKPermits(stake, params.maxAllowedValidators, ownerUid);

  // E5. Active stake
  const activeStake = stake.slice();
  for (let i = 0; i < n; i++) if (!active[i] || forbid[i]) activeStake[i] = 0;
  normalizeInPlace(activeStake);

  // E6. Weights
  let commitBlock: Float64Array | undefined;
  if (params.commitRevealEnabled) {
    commitBlock = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    const cbs = input.commitBlocks;
    if (cbs) {
      for (let i = 0; i < Math.min(n, cbs.length); i++) {
        const c = cbs[i];
        if (c !== null && c !== undefined) commitBlock[i] = c;
      }
    }
  }
  const weightsIn = yumaToPacked(input.weights, n);
  const w = yumaMaskedWeights(weightsIn, { n, forbid, ownerUid, lastUpdate, registeredAt, commitBlock });

  // E7. Consensus
  const kappa = table[params.kappa]!;
  const cons = yumaConsensus(activeStake, w, n, kappa);
  const consensus = cons.consensus;

  // E8–E9. Clipping, validator trust, ranks, incentive
  const nnz = w.rowPtr[n]!;
  const clip = new Float64Array(nnz);
  const trust = new Float64Array(n);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = activeStake[i]!;
    let t = 0;
    for (let k = w.rowPtr[i]!; k < w.rowPtr[i + 1]!; k++) {
      const j = w.cols[k]!;
      const wv = w.vals[k]!;
      const c = consensus[j]!;
      let x = wv;
      if (c < wv) {
        if (c > 0) x = c;
        else {
          clip[k] = -1;
          continue;
        }
      }
      clip[k] = x;
      t += x;
      if (a !== 0) ranks[j]! += mulFx(a, x);
    }
    trust[i] = t;
  }
  const incentive = ranks.slice();
  normalizeInPlace(incentive);

  // E10. Weights for bonds
  const beta = table[params.bondsPenalty]!;
  const wb = yumaBondWeights(w, clip, beta);

  // E11. Bonds and dividends
  const alpha = yumaFixedAlpha(params.bondsMovingAverage);
  const bondsIn = yumaLoadBonds(yumaToPacked(input.bonds, n), n, colMask, params.yuma3Enabled);
  let liquid = false;
  let res: ReturnType<typeof yumaBondsYuma3>;
  if (params.yuma3Enabled) {
    if (params.liquidAlphaEnabled) for (let j = 0; j < n && !liquid; j++) liquid = consensus[j] !== 0;
    const lp = liquid ? liquidAlphaParams(params.alphaLow, params.alphaHigh, params.alphaSigmoidSteepness) : null;
    res = yumaBondsYuma3(wb, bondsIn, consensus, incentive, activeStake, n, alpha, lp);
  } else {
    res = yumaBondsClassic(wb, bondsIn, incentive, activeStake, n, alpha);
  }
  const dividends = res.dividends;
  const bonds = yumaStoredBonds(res.ema, n, newPermit, params.yuma3Enabled);

  // E12. Emission
  const split = yumaEmissionSplit(incentive, dividends, activeStake, stake);
  const E = input.emission;

  let trace: YumaEpochTrace | undefined;
  if (input.explain) {
    const clipped = { rows: n, rowPtr: new Int32Array(n + 1), cols: new Int32Array(nnz), vals: new Float64Array(nnz) };
    let o = 0;
    for (let i = 0; i < n; i++) {
      for (let k = w.rowPtr[i]!; k < w.rowPtr[i + 1]!; k++) {
        if (clip[k]! >= 0) {
          clipped.cols[o] = w.cols[k]!;
          clipped.vals[o++] = clip[k]!;
        }
      }
      clipped.rowPtr[i + 1] = o;
    }
    trace = {
      activityCutoff: cutoff,
      lastTempo,
      permitUsed,
      normalizedStake: stake,
      activeStake,
      weights: toTraceMatrix(w),
      kappa,
      consensusStakeSum: cons.stakeSum,
      minority: cons.minority,
      consensus,
      clippedWeights: toTraceMatrix(clipped),
      validatorTrust: trust,
      ranks,
      incentive,
      bondWeights: toTraceMatrix(wb),
      bondsIn: toTraceMatrix(bondsIn),
      ...(res.delta ? { bondsDelta: toTraceMatrix(res.delta) } : {}),
      emaBonds: toTraceMatrix(res.ema),
      liquidAlpha: liquid,
      fixedAlpha: alpha,
      ...(params.yuma3Enabled ? { bondsNormalized: toTraceMatrix(res.normalized) } : {}),
      ...(res.bondTotals ? { bondTotals: res.bondTotals } : {}),
      dividends,
      normalizedServerEmission: split.se,
      normalizedValidatorEmission: split.ve,
      normalizedCombinedEmission: split.ce,
      fallback: split.fallback,
    };
  }

  return {
    n,
    active,
    validatorPermit: newPermit,
    stakeWeight: toU16(stake),
    consensus: toU16(consensus),
    incentive: toU16(incentive),
    dividends: toU16(dividends),
    validatorTrust: toU16(trust),
    emission: yumaToRao(split.ce, E),
    serverEmission: yumaToRao(split.se, E),
    validatorEmission: yumaToRao(split.ve, E),
    bonds,
    ...(trace ? { trace } : {}),
  };
}

/**
 * One Yuma Consensus epoch (`epoch_mechanism`, the chain's sparse path; spec/yuma.md §4), as a pure function.
 * Every value is exact: raw I32F32 bits held in float64 where magnitudes stay below 2^53 (see fastMath.ts), bigint
 * for stake and rao.
 */
import { emaLiquid, yumaBondsClassic, yumaDividendsYuma3, yumaLoadBonds, yumaStoredBonds } from './bonds.js';
import { yumaClipAndRank } from './clip.js';
import { yumaColumnStatsBuffer, yumaConsensus } from './consensus.js';
import { yumaEmissionSplit, yumaToRao } from './emissionSplit.js';
import { normalizeInPlace, ONE, propToU16, u16Prop } from './fastMath.js';
import { type KernelOutput, yumaKernelPasses } from './kernel/yumaKernel.js';
import { liquidAlphaParams } from './liquidAlpha.js';
import { yumaScratch } from './scratch.js';
import { type FxCsr, toTraceMatrix, yumaToPacked } from './sparse.js';
import { yumaNormalizeStake, yumaTopKPermits, yumaTotalStake } from './stake.js';
import type {
  SparseFixedMatrix,
  SparseU16Matrix,
  YumaEpochInput,
  YumaEpochOutput,
  YumaEpochTrace,
  YumaEpochVectors,
} from './types.js';
import { yumaMaskedWeights } from './weights.js';
import { yuma3FusedPass } from './yuma3Pass.js';

function padNumbers(v: ArrayLike<number>, n: number, key: string): Float64Array {
  const out = yumaScratch.f64z(key, n);
  const m = Math.min(v.length, n);
  for (let i = 0; i < m; i++) out[i] = v[i]!;
  return out;
}

/** `normalize(v)` into a scratch copy. */
function normalizedCopy(v: Float64Array, key: string): Float64Array {
  const out = yumaScratch.f64z(key, v.length);
  out.set(v);
  normalizeInPlace(out);
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

/** The entries of W's structure whose parallel value is present (≥ 0), as a fresh CSR. */
function filterPresent(w: FxCsr, vals: Float64Array): FxCsr {
  const nnz = w.rowPtr[w.rows]!;
  const rowPtr = new Int32Array(w.rows + 1);
  const cols = new Int32Array(nnz);
  const out = new Float64Array(nnz);
  let o = 0;
  for (let i = 0; i < w.rows; i++) {
    for (let k = w.rowPtr[i]!; k < w.rowPtr[i + 1]!; k++) {
      if (vals[k]! >= 0) {
        cols[o] = w.cols[k]!;
        out[o++] = vals[k]!;
      }
    }
    rowPtr[i + 1] = o;
  }
  return { rows: w.rows, rowPtr, cols, vals: out };
}

/** Run one epoch. See `YumaEpochInput` / `YumaEpochOutput` for the contract. */
export function runYumaEpoch(input: YumaEpochInput): YumaEpochOutput {
  const { n, block, params, ownerUid: owner0, lastMechanismStepBlock } = input;
  const ownerUid = owner0 !== null && owner0 >= 0 && owner0 < n ? owner0 : null;

  // E1. Activity
  const cutoff = params.activityCutoff;
  const ws = yumaScratch;
  const lastUpdate = padNumbers(input.lastUpdate, n, 'lastUpdate');
  const registeredAt = padNumbers(input.registeredAt, n, 'registeredAt');
  const active: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) active[i] = !(lastUpdate[i]! + cutoff < block);

  // E2. Bond-mask boundary: column j is dropped when last_tempo ≤ registered_at[j]
  const lastTempo = lastMechanismStepBlock === 0 ? Math.max(0, block - params.tempo) : lastMechanismStepBlock + 1;
  const colMask = ws.u8('colMask', n);
  for (let j = 0; j < n; j++) colMask[j] = lastTempo <= registeredAt[j]! ? 1 : 0;

  // E3. Stake
  const total = yumaTotalStake(n, input.alphaStake, input.taoStake, params.taoWeight, params.stakeThreshold, ownerUid);
  const stake = yumaNormalizeStake(total, ws);

  // E4. Validator permits: mask with the stored (old) ones, store the new top-k
  const storedPermit = input.validatorPermit;
  const permitUsed: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) permitUsed[i] = i < storedPermit.length ? storedPermit[i] === true : false;
  if (ownerUid !== null && ownerUid < storedPermit.length) permitUsed[ownerUid] = true;
  const forbid = permitUsed.map((p) => !p);
  const newPermit = yumaTopKPermits(stake, params.maxAllowedValidators, ownerUid);

  // E5. Active stake
  const activeStake = ws.f64z('stake.A', n);
  activeStake.set(stake);
  for (let i = 0; i < n; i++) if (!active[i] || forbid[i]) activeStake[i] = 0;
  normalizeInPlace(activeStake);

  // E6. Weights
  let commitBlock: Float64Array | undefined;
  if (params.commitRevealEnabled) {
    commitBlock = ws.f64z('commitBlock', n).fill(Number.POSITIVE_INFINITY);
    const cbs = input.commitBlocks;
    if (cbs) {
      for (let i = 0; i < Math.min(n, cbs.length); i++) {
        const c = cbs[i];
        if (c !== null && c !== undefined) commitBlock[i] = c;
      }
    }
  }
  const weightsIn = yumaToPacked(input.weights, n);
  const explain = input.explain === true;
  const kappa = u16Prop(params.kappa);
  const beta = u16Prop(params.bondsPenalty);
  const alpha = yumaFixedAlpha(params.bondsMovingAverage);
  const storedBonds = yumaToPacked(input.bonds, n);

  const common: EpochCommon = {
    n,
    active,
    newPermit,
    stake,
    activeStake,
    activityCutoff: cutoff,
    lastTempo,
    permitUsed,
    kappa,
    emission: input.emission,
    vectors: input.vectors === true,
  };

  // Without a trace, E6–E11 run in the WebAssembly kernel (Yuma3 with a fixed or liquid α, or classic bonds, which
  // ignore liquid alpha), which computes exactly what the JavaScript below computes; it declines (undefined) on
  // input the JavaScript path must sort. Liquid alpha with a steepness above 1600 stays in JavaScript, whose
  // `exp_safe` also covers |z| > 8.
  const liquidParams =
    params.yuma3Enabled && params.liquidAlphaEnabled
      ? liquidAlphaParams(params.alphaLow, params.alphaHigh, params.alphaSigmoidSteepness)
      : undefined;
  if (!explain && !(liquidParams && Math.abs(liquidParams.k) > 16 * ONE)) {
    const k = yumaKernelPasses({
      yuma3: params.yuma3Enabled,
      liquid: liquidParams,
      n,
      weights: weightsIn,
      bonds: storedBonds,
      forbid,
      ownerUid,
      lastUpdate,
      registeredAt,
      commitBlock,
      activeStake,
      kappa,
      beta,
      alpha,
      colMask,
      newPermit,
    });
    if (k) return epochOutput(common, k);
  }

  const colStats = yumaColumnStatsBuffer(n, ws);
  const w = yumaMaskedWeights(weightsIn, { n, forbid, ownerUid, lastUpdate, registeredAt, commitBlock }, ws, {
    rowActive: activeStake,
    stats: colStats,
  });
  const wTrace = explain ? toTraceMatrix(w) : undefined;

  // E7. Consensus
  const cons = yumaConsensus(activeStake, w, n, kappa, ws, colStats);
  const consensus = cons.consensus;

  // E8–E11. Clipping, validator trust, ranks and incentive; weights for bonds; bonds and dividends
  const loadBonds = () => yumaLoadBonds(storedBonds, n, colMask, params.yuma3Enabled, ws);
  let liquid = false;
  if (params.yuma3Enabled && params.liquidAlphaEnabled)
    for (let j = 0; j < n && !liquid; j++) liquid = consensus[j] !== 0;
  let bondsInTrace: SparseFixedMatrix | undefined;
  let clip: Float64Array | undefined;
  let wb: Float64Array | undefined;
  let trust: Float64Array;
  let ranks: Float64Array;
  let incentive: Float64Array;
  let ema: FxCsr;
  let bonds: SparseU16Matrix;
  let dividends: Float64Array;
  let bondTotals: Float64Array | undefined;
  let normalizedBits: Float64Array | undefined;
  let delta: Float64Array | undefined;
  if (params.yuma3Enabled && !liquid) {
    // The default path: one fused pass (yuma3Pass.ts), then the dividends.
    if (explain) bondsInTrace = toTraceMatrix(loadBonds());
    const f = yuma3FusedPass(w, consensus, activeStake, beta, storedBonds, colMask, alpha, newPermit, explain, ws);
    ({ trust, ranks, ema, clip, wb } = f);
    bonds = f.stored;
    incentive = normalizedCopy(ranks, 'incentive');
    const r = yumaDividendsYuma3(ema, incentive, activeStake, n, explain, ws, f.colSum);
    dividends = r.dividends;
    bondTotals = r.bondTotals;
    normalizedBits = r.normalized;
  } else {
    const cr = yumaClipAndRank(w, consensus, activeStake, beta, ws);
    ({ clip, wb, trust, ranks } = cr);
    incentive = normalizedCopy(ranks, 'incentive');
    const bondsIn = loadBonds();
    if (explain) bondsInTrace = toTraceMatrix(bondsIn);
    if (liquid) {
      ema = emaLiquid(w, cr.wb, bondsIn, consensus, liquidParams!, ws);
      const r = yumaDividendsYuma3(ema, incentive, activeStake, n, explain, ws);
      dividends = r.dividends;
      bondTotals = r.bondTotals;
      normalizedBits = r.normalized;
    } else {
      const r = yumaBondsClassic(w, cr.wb, bondsIn, incentive, activeStake, n, alpha, ws);
      ema = r.ema;
      dividends = r.dividends;
      delta = r.delta;
    }
    bonds = yumaStoredBonds(ema, n, newPermit, params.yuma3Enabled, ws);
  }

  // E12 and the outputs; the trace adds the matrices to the per-uid vectors.
  const results = { consensus, trust, ranks, incentive, dividends, bonds };
  if (!(explain && wTrace && bondsInTrace && clip && wb)) return epochOutput(common, results);
  return epochOutput(common, results, (vectors) => {
    const sub = (vals: Float64Array): FxCsr => filterPresent(w, vals);
    return {
      ...vectors,
      weights: wTrace,
      consensusStakeSum: cons.stakeSum,
      minority: cons.minority,
      clippedWeights: toTraceMatrix(sub(clip)),
      bondWeights: toTraceMatrix(sub(wb)),
      bondsIn: bondsInTrace,
      ...(delta ? { bondsDelta: toTraceMatrix(sub(delta)) } : {}),
      emaBonds: toTraceMatrix(ema),
      liquidAlpha: liquid,
      fixedAlpha: alpha,
      ...(normalizedBits ? { bondsNormalized: toTraceMatrix({ ...ema, vals: normalizedBits }) } : {}),
      ...(bondTotals ? { bondTotals: bondTotals.slice() } : {}),
    };
  });
}

/** What both paths share: the epoch's setting and the vectors computed before E6. */
interface EpochCommon {
  readonly n: number;
  readonly active: boolean[];
  readonly newPermit: boolean[];
  readonly stake: Float64Array;
  readonly activeStake: Float64Array;
  readonly activityCutoff: number;
  readonly lastTempo: number;
  readonly permitUsed: boolean[];
  readonly kappa: number;
  readonly emission: bigint;
  /** Return the per-uid vectors. */
  readonly vectors: boolean;
}

/** E6–E11 results, from the kernel or from JavaScript (may live in scratch memory). */
type EpochResults = KernelOutput;

/**
 * E12 and the output: the emission split, u16 vectors, rao amounts, and (when asked, or for a trace) fresh copies
 * of the per-uid vectors; `trace` builds the explain trace from them.
 */
function epochOutput(
  c: EpochCommon,
  r: EpochResults,
  trace?: (vectors: YumaEpochVectors) => YumaEpochTrace | undefined,
): YumaEpochOutput {
  const split = yumaEmissionSplit(r.incentive, r.dividends, c.activeStake, c.stake, yumaScratch);
  const vectors: YumaEpochVectors | undefined =
    c.vectors || trace
      ? {
          activityCutoff: c.activityCutoff,
          lastTempo: c.lastTempo,
          permitUsed: c.permitUsed,
          normalizedStake: c.stake.slice(),
          activeStake: c.activeStake.slice(),
          kappa: c.kappa,
          consensus: r.consensus.slice(),
          validatorTrust: r.trust.slice(),
          ranks: r.ranks.slice(),
          incentive: r.incentive.slice(),
          dividends: r.dividends.slice(),
          normalizedServerEmission: split.se.slice(),
          normalizedValidatorEmission: split.ve.slice(),
          normalizedCombinedEmission: split.ce.slice(),
          fallback: split.fallback,
        }
      : undefined;
  const t = vectors && trace ? trace(vectors) : undefined;
  const E = c.emission;
  return {
    n: c.n,
    active: c.active,
    validatorPermit: c.newPermit,
    stakeWeight: toU16(c.stake),
    consensus: toU16(r.consensus),
    incentive: toU16(r.incentive),
    dividends: toU16(r.dividends),
    validatorTrust: toU16(r.trust),
    emission: yumaToRao(split.ce, E),
    serverEmission: yumaToRao(split.se, E),
    validatorEmission: yumaToRao(split.ve, E),
    bonds: r.bonds,
    ...(t ? { trace: t } : {}),
    ...(vectors && c.vectors ? { vectors } : {}),
  };
}

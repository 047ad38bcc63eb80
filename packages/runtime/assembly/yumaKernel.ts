/**
 * The Yuma epoch's per-entry passes as a WebAssembly kernel (AssemblyScript; built by scripts/build-wasm.mjs into
 * packages/runtime/src/yuma/kernel/yumaWasm.generated.ts at install time).
 *
 * Each function here ports its JavaScript twin in packages/runtime/src/yuma (named at each function) step by step.
 * Raw I32F32 values live in i64: `floor(x / 2^16)` becomes an arithmetic shift, `floor(c·v / 2^32)` a split
 * multiply with shifts (one unsigned multiply for products of proportions), and every quotient is computed exactly
 * (a float64 estimate corrected by an exact integer remainder). Where the JavaScript twin uses float64 on exact
 * integers (sums, comparisons, the monotone bucket map of consensus), the kernel uses the same float64 operations,
 * which IEEE-754 defines bit for bit.
 * The host (kernel/yumaKernel.ts) lays out every array in linear memory and passes byte offsets; nothing here
 * allocates. The differential tests run both twins on the vectors and on random inputs and require equal results.
 */

const ONE: i64 = 4294967296;
/** Buckets per column in consensus (consensus.ts NB). */
const NB: i32 = 32;

// ---- memory access -------------------------------------------------------------------------------------------

@inline function f64At(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
@inline function setF64(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}
@inline function i64At(p: usize, i: i32): i64 {
  return load<i64>(p + (<usize>i << 3));
}
@inline function setI64(p: usize, i: i32, v: i64): void {
  store<i64>(p + (<usize>i << 3), v);
}
@inline function i32At(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}
@inline function setI32(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}
@inline function u16At(p: usize, i: i32): i64 {
  return <i64>load<u16>(p + (<usize>i << 1));
}
@inline function u8At(p: usize, i: i32): i32 {
  return <i32>load<u8>(p + <usize>i);
}

// ---- exact fixed-point helpers (fastMath.ts) ------------------------------------------------------------------

const TWO52: f64 = 4503599627370496.0;
const TWO52_BITS: i64 = 0x4330000000000000;

/**
 * The integer nearest to y, for 0 ≤ y < 2^51: adding 2^52 rounds y to an integer in the low mantissa bits. Cheaper
 * than a saturating truncation, and as good for the quotient estimates below, which an exact remainder corrects
 * by one either way.
 */
@inline function nearest(y: f64): i64 {
  return reinterpret<i64>(y + TWO52) - TWO52_BITS;
}

/** A static slot for a row's reciprocal: read back from memory, it stays out of the loop that uses it. */
const INV_SLOT: usize = memory.data(8);

/** `floor(a · b / 2^32)` for |a|, |b| ≤ 2^33 (fastMath.ts mulFx): a split at 2^16 keeps both products below 2^50. */
@inline function mulFx(a: i64, b: i64): i64 {
  return ((a >> 16) * b + (((a & 0xffff) * b) >> 16)) >> 16;
}

/** floor(c·v / 2^32) with c = ch·2^16 + cl split once (yuma3Pass.ts mulSplit). */
@inline function mulSplit(ch: i64, cl: i64, v: i64): i64 {
  return (ch * v + ((cl * v) >> 16)) >> 16;
}

/**
 * floor(c·v / 2^32) for 0 ≤ c ≤ 2^32 and 0 ≤ v ≤ 2^32 (proportions): for c < 2^32 the product is below 2^64, so one
 * wrapping multiply read as unsigned and one shift are exact; c = 2^32 gives v.
 */
@inline function mulP(c: i64, v: i64): i64 {
  return c == ONE ? v : <i64>(<u64>(c * v) >> 32);
}

/** `prop_to_u16` (fastMath.ts propToU16) for 0 ≤ x < 2^37. */
@inline function propToU16(x: i64): i32 {
  const v = (x * 65535) >> 32;
  return v > 65535 ? 65535 : <i32>v;
}

/** `u16_prop` (fastMath.ts u16Prop). */
@inline function u16Prop(u: i64): i64 {
  return u * 65537 + (u == 65535 ? 1 : 0);
}

/**
 * `floor(b · 2^32 / g)` for 0 ≤ b ≤ g, 0 < g < 2^53, given `ratio = 2^32 / g` as a double: the estimate
 * nearest(b · ratio) is within one of the quotient (b·ratio ≤ 2^32 is off by far less than 1), and the remainder
 * b·2^32 − q·g, computed modulo 2^64, is exact because its true value lies within (−2g, 2g).
 */
@inline function divFxRatio(b: i64, g: i64, ratio: f64): i64 {
  let q = nearest(<f64>b * ratio);
  const r = (b << 32) - q * g;
  if (r < 0) q--;
  else if (r >= g) q++;
  return q;
}

// ---- E6: masked, row-normalized weights (weights.ts yumaMaskedWeights) ---------------------------------------

/**
 * Returns 0, or 1 when a row's surviving entries are not sorted by target (the host then takes the JavaScript
 * path, which sorts). `pCommit` = 0 when commit-reveal is off. Column statistics of rows with `rowActive[i] > 0`
 * go to `sCount` (n + 1 counts, zeroed) and `sMax` (n maxima as doubles, zeroed). Also converts the active stake
 * (doubles) to i64 in `pActiveI`.
 */
export function maskWeights(
  n: i32,
  storedRows: i32,
  pRowPtr: usize,
  pCols: usize,
  pVals: usize,
  pForbid: usize,
  pLastUpdate: usize,
  pRegisteredAt: usize,
  pCommit: usize,
  owner: i32,
  pRowActive: usize,
  pActiveI: usize,
  oRowPtr: usize,
  oCols: usize,
  oVals: usize,
  sCount: usize,
  sMax: usize,
): i32 {
  // A row updated after every registration (and committed, if commit-reveal is on, no earlier than it) loses no
  // entry to the registration masks, so its loop skips them.
  let maxReg: f64 = -Infinity;
  for (let j: i32 = 0; j < n; j++) if (f64At(pRegisteredAt, j) > maxReg) maxReg = f64At(pRegisteredAt, j);
  let o: i32 = 0;
  setI32(oRowPtr, 0, 0);
  for (let i: i32 = 0; i < n; i++) {
    const act = f64At(pRowActive, i);
    setI64(pActiveI, i, <i64>act);
    if (i < storedRows && u8At(pForbid, i) == 0) {
      const lu = f64At(pLastUpdate, i);
      const cb = pCommit != 0 ? f64At(pCommit, i) : Infinity;
      const start = o;
      let sum: i64 = 0;
      let prev: i32 = -1;
      const ke = i32At(pRowPtr, i + 1);
      const unmasked = lu > maxReg && cb >= maxReg;
      const self = i != owner ? i : -1;
      for (let k = i32At(pRowPtr, i); k < ke; k++) {
        const j = <i32>load<u32>(pCols + (<usize>k << 2));
        if (<u32>j >= <u32>n || j == self) continue;
        if (!unmasked) {
          const reg = f64At(pRegisteredAt, j);
          if (lu <= reg || cb < reg) continue;
        }
        const v = u16At(pVals, k);
        sum += v;
        if (j < prev) return 1;
        prev = j;
        setI32(oCols, o, j);
        setI64(oVals, o, v);
        o++;
      }
      if (sum > 0) {
        // floor(v · 2^32 / Σ): v·2^32 < 2^48 and Σ < 2^53, so the estimate is within one and the remainder exact.
        store<f64>(INV_SLOT, 1 / <f64>sum);
        const stats = act > 0;
        for (let k = start; k < o; k++) {
          const t = i64At(oVals, k) << 32;
          let q = nearest(<f64>t * load<f64>(INV_SLOT));
          const r = t - q * sum;
          if (r < 0) q--;
          else if (r >= sum) q++;
          setI64(oVals, k, q);
          if (stats && q > 0) {
            const j = i32At(oCols, k);
            setI32(sCount, j + 1, i32At(sCount, j + 1) + 1);
            const qf = <f64>q;
            if (qf > f64At(sMax, j)) setF64(sMax, j, qf);
          }
        }
      }
    }
    setI32(oRowPtr, i + 1, o);
  }
  return 0;
}

// ---- E7: consensus (consensus.ts weightedSelect and the block loop of yumaConsensus) --------------------------

/**
 * Weighted select on [lo, hi) of (score, stake) with `pBStake`/`pBCount` as NB-bucket scratch: the smallest score
 * v with base + Σ stake(score ≤ v) > minority, or −1 if none.
 */
function weightedSelect(
  pScore: usize,
  pStake: usize,
  lo: i32,
  hi: i32,
  base: i64,
  minority: i64,
  pBStake: usize,
  pBCount: usize,
): i64 {
  while (hi - lo > 16) {
    let min = i64At(pScore, lo);
    let max = min;
    let total: i64 = 0;
    for (let k = lo; k < hi; k++) {
      const v = i64At(pScore, k);
      if (v < min) min = v;
      if (v > max) max = v;
      total += i64At(pStake, k);
    }
    if (base + total <= minority) return -1;
    if (min == max) return min;
    const scale = (<f64>NB - 0.5) / <f64>(max - min);
    memory.fill(pBStake, 0, <usize>NB << 3);
    memory.fill(pBCount, 0, <usize>NB << 2);
    for (let k = lo; k < hi; k++) {
      const b = <i32>(<f64>(i64At(pScore, k) - min) * scale);
      setI64(pBStake, b, i64At(pBStake, b) + i64At(pStake, k));
      setI32(pBCount, b, i32At(pBCount, b) + 1);
    }
    let b: i32 = 0;
    for (; b < NB - 1; b++) {
      const t = base + i64At(pBStake, b);
      if (t > minority) break;
      base = t;
    }
    let o = lo;
    for (let k = lo; k < hi; k++) {
      const v = i64At(pScore, k);
      if (<i32>(<f64>(v - min) * scale) == b) {
        const t = i64At(pStake, k);
        setI64(pScore, k, i64At(pScore, o));
        setI64(pStake, k, i64At(pStake, o));
        setI64(pScore, o, v);
        setI64(pStake, o, t);
        o++;
      }
    }
    hi = lo + i32At(pBCount, b);
  }
  for (let i = lo + 1; i < hi; i++) {
    const v = i64At(pScore, i);
    const t = i64At(pStake, i);
    let k = i - 1;
    while (k >= lo && i64At(pScore, k) > v) {
      setI64(pScore, k + 1, i64At(pScore, k));
      setI64(pStake, k + 1, i64At(pStake, k));
      k--;
    }
    setI64(pScore, k + 1, v);
    setI64(pStake, k + 1, t);
  }
  let acc = base;
  let i = lo;
  while (i < hi) {
    const v = i64At(pScore, i);
    while (i < hi && i64At(pScore, i) == v) {
      acc += i64At(pStake, i);
      i++;
    }
    if (acc > minority) return v;
  }
  return -1;
}

/**
 * The column-block loop of `yumaConsensus`. The host has computed the participants (`pParts`, their CSR cursors
 * `pCursor`, renormalized stakes `pS` as doubles), σ, minority, the prefix column starts `pStart` (n + 1), column
 * maxima (doubles) and bucket scales. `pRec` holds `maxBlock` 16-byte records (score, participant's stake: one
 * address for both, which measured 13% faster than parallel arrays), `pBucket` (u8), `pSelScore` and `pSelStake`
 * (i64) `maxBlock` entries, `pSP` (i64) np, `pHist` n·NB, `pFill` n ints, `pBStake`/`pBCount` NB each. Writes the
 * consensus to `pOutI` (i64) and `pOut` (doubles), both zeroed by the host.
 */
export function consensusBlocks(
  nCols: i32,
  np: i32,
  pParts: usize,
  pCursor: usize,
  pS: usize,
  pRowPtr: usize,
  pCols: usize,
  pVals: usize,
  pStart: usize,
  pColMax: usize,
  pScale: usize,
  maxBlock: i32,
  pRec: usize,
  pBucket: usize,
  pSP: usize,
  pSelScore: usize,
  pSelStake: usize,
  pFill: usize,
  pHist: usize,
  pBStake: usize,
  pBCount: usize,
  m: i32,
  sigmaF: f64,
  minorityF: f64,
  pOutI: usize,
  pOut: usize,
): void {
  const sigma = <i64>sigmaF;
  const minority = <i64>minorityF;
  for (let p: i32 = 0; p < np; p++) setI64(pSP, p, <i64>f64At(pS, i32At(pParts, p)));
  let j0: i32 = 0;
  while (j0 < nCols) {
    const base = i32At(pStart, j0);
    let j1 = j0 + 1;
    while (j1 < nCols && i32At(pStart, j1 + 1) - base <= maxBlock) j1++;
    for (let j = j0; j < j1; j++) setI32(pFill, j, i32At(pStart, j) - base);
    memory.fill(pHist, 0, <usize>(j1 - j0) * <usize>NB * 8);
    // Scatter the block's entries into column lists: score, stake and bucket (the monotone map
    // floor(v · (NB − ½) / max_j)), adding the participant's stake to the bucket.
    for (let p: i32 = 0; p < np; p++) {
      const i = i32At(pParts, p);
      const si = i64At(pSP, p);
      const ke = i32At(pRowPtr, i + 1);
      let k = i32At(pCursor, p);
      for (; k < ke; k++) {
        const j = i32At(pCols, k);
        if (j >= j1) break;
        const v = i64At(pVals, k);
        if (v > 0) {
          const q = i32At(pFill, j);
          setI32(pFill, j, q + 1);
          const rec = pRec + (<usize>q << 4);
          store<i64>(rec, v);
          store<i64>(rec, si, 8);
          const b = <i32>(<f64>v * f64At(pScale, j));
          store<u8>(pBucket + <usize>q, <u8>b);
          const h = (j - j0) * NB + b;
          setI64(pHist, h, i64At(pHist, h) + si);
        }
      }
      setI32(pCursor, p, k);
    }
    for (let j = j0; j < j1; j++) {
      const lo = i32At(pStart, j) - base;
      const hi = i32At(pStart, j + 1) - base;
      const h0 = (j - j0) * NB;
      let lj: i64 = 0;
      for (let b: i32 = 0; b < NB; b++) lj += i64At(pHist, h0 + b);
      const zeros = m - (hi - lo);
      const z = sigma - lj;
      if (zeros > 0 && z > minority) continue;
      let acc: i64 = zeros > 0 ? z : 0;
      let c: i64;
      if (acc + lj <= minority) {
        c = <i64>f64At(pColMax, j);
      } else if (acc > minority) {
        let min = load<i64>(pRec + (<usize>lo << 4));
        for (let k = lo + 1; k < hi; k++) {
          const v = load<i64>(pRec + (<usize>k << 4));
          if (v < min) min = v;
        }
        c = min;
      } else {
        let b: i32 = 0;
        for (; b < NB - 1; b++) {
          const t = acc + i64At(pHist, h0 + b);
          if (t > minority) break;
          acc = t;
        }
        // Select among that bucket's entries, copied out with their stake.
        let o: i32 = 0;
        for (let k = lo; k < hi; k++) {
          if (<i32>load<u8>(pBucket + <usize>k) == b) {
            const rec = pRec + (<usize>k << 4);
            setI64(pSelScore, o, load<i64>(rec));
            setI64(pSelStake, o, load<i64>(rec, 8));
            o++;
          }
        }
        c = weightedSelect(pSelScore, pSelStake, 0, o, acc, minority, pBStake, pBCount);
        if (c < 0) c = 0; // unreachable: the bucket crossing minority holds positive stake
      }
      setI64(pOutI, j, c);
      setF64(pOut, j, <f64>c);
    }
    j0 = j1;
  }
}

// ---- E8–E11 (Yuma3, fixed α): the fused pass (yuma3Pass.ts yuma3FusedPass) ----------------------------------

const END: i32 = 0x7fffffff;

/** floor((1 − α) · u16_prop(b)) for the stored bond at q, given 0 ≤ 1 − α ≤ 1. */
@inline function decayed(pBVals: usize, q: i32, oneMinusAlpha: i64): i64 {
  return mulP(oneMinusAlpha, u16Prop(u16At(pBVals, q)));
}

@inline function addI64(p: usize, i: i32, v: i64): void {
  setI64(p, i, i64At(p, i) + v);
}

/** Writes B' entry o as a 16-byte record (target i32 at +0, value i64 at +8): one address per entry. */
@inline function setRec(p: usize, o: i32, j: i32, v: i64): void {
  const r = p + (<usize>o << 4);
  store<i32>(r, j);
  store<i64>(r, v, 8);
}

/** W̄ = min(c, w) of one entry; adds floor(A_i · W̄) to the column's rank. */
@inline function clipRank(pRanksI: usize, j: i32, a: i64, c: i64, wij: i64): i64 {
  const mn = c < wij ? c : wij;
  addI64(pRanksI, j, mulP(a, mn));
  return mn;
}

/** W_b by the bonds penalty mode: 0 → w, 1 → min(c, w), 2 → w + floor(β·(min(c, w) − w)). */
@inline function bondWeight(mode: i32, bh: i64, bl: i64, wij: i64, mn: i64): i64 {
  return mode == 1 ? mn : mode == 0 ? wij : wij + mulSplit(bh, bl, mn - wij);
}

/** A row's trust, and where its B' entries and stored bonds end. */
@inline function endRow(oTrust: usize, oRowPtr: usize, tRowPtr: usize, i: i32, t: i64, o: i32, so: i32): void {
  setF64(oTrust, i, <f64>t);
  setI32(oRowPtr, i + 1, o);
  store<u32>(tRowPtr + (<usize>(i + 1) << 2), <u32>so);
}

/** Whether the stored bond targets in [q, qe) are sorted (the JavaScript path sorts them; the kernel declines). */
@inline function bondRowSorted(pBCols: usize, q: i32, qe: i32): bool {
  for (let k = q + 1; k < qe; k++) if (bondCol(pBCols, k) < bondCol(pBCols, k - 1)) return false;
  return true;
}

/** The ranks, summed exactly in i64, as doubles for the host. */
function ranksOut(n: i32, pRanksI: usize, oRanks: usize): void {
  for (let j: i32 = 0; j < n; j++) setF64(oRanks, j, <f64>i64At(pRanksI, j));
}

/** Stores `prop_to_u16(v)` of target j at slot `so` of the stored bond rows; returns the next slot (kept if ≠ 0). */
@inline function storeBond(tCols: usize, tVals: usize, so: i32, j: i32, v: i64): i32 {
  const u = propToU16(v);
  store<u32>(tCols + (<usize>so << 2), <u32>j);
  store<u16>(tVals + (<usize>so << 1), <u16>u);
  return so + <i32>(u != 0);
}

@inline function bondCol(pBCols: usize, q: i32): i32 {
  return <i32>load<u32>(pBCols + (<usize>q << 2));
}

/** The first stored bond at or after q whose target is below n and not masked (qe when none is left). */
@inline function keptBond(pBCols: usize, pColMask: usize, q: i32, qe: i32, n: i32): i32 {
  while (q < qe) {
    const j = bondCol(pBCols, q);
    if (<u32>j < <u32>n && u8At(pColMask, j) == 0) break;
    q++;
  }
  return q;
}

/**
 * Returns 0, or 1 when a stored bond row is not sorted by target (the host then takes the JavaScript path).
 * Row by row, merging the weight row with the stored bond row (bonds of masked columns or targets ≥ n dropped):
 * W̄ = min(c, w) adds to trust and ranks; B'_ij = floor(α·W_b) + floor((1 − α)·B_ij) where W_b is w, min(c, w)
 * (β = 1) or w + floor(β·(min(c, w) − w)). W_b's "absent" marker of the JavaScript twin (−1 where c = 0 < w) only
 * matters to the trace: floor(α·0) = 0 either way. Positive B' entries are recorded with their column sums, and
 * rows keeping a permit store `prop_to_u16(B')` when non-zero.
 * Outputs: B' as CSR (`oRowPtr`, and `oRec` records of target and i64 value), its column sums `oColSum` (i64),
 * validator trust and ranks (doubles; `pRanksI` is i64 scratch), and the u16 bond rows (`tRowPtr` u32, `tCols`
 * u32, `tVals` u16). The host zeroes `oColSum` and `pRanksI`.
 */
export function yuma3Fused(
  n: i32,
  pWRowPtr: usize,
  pWCols: usize,
  pWVals: usize,
  pCons: usize,
  pActive: usize,
  betaF: f64,
  pBRowPtr: usize,
  pBCols: usize,
  pBVals: usize,
  sRows: i32,
  pColMask: usize,
  alphaF: f64,
  pPermit: usize,
  oRowPtr: usize,
  oRec: usize,
  oColSum: usize,
  oTrust: usize,
  pRanksI: usize,
  oRanks: usize,
  tRowPtr: usize,
  tCols: usize,
  tVals: usize,
): i32 {
  const beta = <i64>betaF;
  const alpha = <i64>alphaF;
  const bh = beta >> 16;
  const bl = beta & 0xffff;
  const mode = beta == 0 ? 0 : beta == ONE ? 1 : 2;
  const om = ONE - alpha; // the host sends 0 ≤ α ≤ 1 here
  let noMask = true;
  for (let j: i32 = 0; j < n; j++) if (u8At(pColMask, j) != 0) noMask = false;
  let o: i32 = 0;
  let so: i32 = 0;
  setI32(oRowPtr, 0, 0);
  store<u32>(tRowPtr, 0);
  for (let i: i32 = 0; i < n; i++) {
    const a = i64At(pActive, i);
    let t: i64 = 0;
    let p = i32At(pWRowPtr, i);
    const pe = i32At(pWRowPtr, i + 1);
    let q: i32 = 0;
    let qe: i32 = 0;
    if (i < sRows) {
      q = <i32>load<u32>(pBRowPtr + (<usize>i << 2));
      qe = <i32>load<u32>(pBRowPtr + (<usize>(i + 1) << 2));
      if (!bondRowSorted(pBCols, q, qe)) return 1;
    }
    // Each B' entry is recorded (kept when > 0), added to its column sum, and, when the row keeps a permit, stored
    // as `prop_to_u16(B')` when that is non-zero.
    const keep = u8At(pPermit, i) != 0;
    if (noMask) {
      // Two-pointer merge: only bond targets ≥ n are dropped, and they sort after every weight target.
      let bj = q < qe ? bondCol(pBCols, q) : END;
      for (; p < pe; p++) {
        const j = i32At(pWCols, p);
        while (bj < j) {
          const v = decayed(pBVals, q, om);
          setRec(oRec, o, bj, v);
          o += <i32>(v > 0);
          addI64(oColSum, bj, v);
          if (keep) so = storeBond(tCols, tVals, so, bj, v);
          q++;
          bj = q < qe ? bondCol(pBCols, q) : END;
        }
        const wij = i64At(pWVals, p);
        const c = i64At(pCons, j);
        const mn = clipRank(pRanksI, j, a, c, wij);
        t += mn;
        const b = bondWeight(mode, bh, bl, wij, mn);
        let v = mulP(alpha, b);
        if (bj == j) {
          v += decayed(pBVals, q, om);
          q++;
          bj = q < qe ? bondCol(pBCols, q) : END;
        }
        setRec(oRec, o, j, v);
        o += <i32>(v > 0);
        addI64(oColSum, j, v);
        if (keep) so = storeBond(tCols, tVals, so, j, v);
      }
      for (; q < qe; q++) {
        const j = bondCol(pBCols, q);
        if (j >= n) break;
        const v = decayed(pBVals, q, om);
        setRec(oRec, o, j, v);
        o += <i32>(v > 0);
        addI64(oColSum, j, v);
        if (keep) so = storeBond(tCols, tVals, so, j, v);
      }
    } else {
      for (;;) {
        q = keptBond(pBCols, pColMask, q, qe, n);
        const jq = q < qe ? bondCol(pBCols, q) : END;
        const jp = p < pe ? i32At(pWCols, p) : END;
        if (jp == END && jq == END) break;
        let j: i32;
        let v: i64;
        if (jq < jp) {
          j = jq;
          v = decayed(pBVals, q, om);
          q++;
        } else {
          j = jp;
          const wij = i64At(pWVals, p);
          const c = i64At(pCons, j);
          const mn = clipRank(pRanksI, j, a, c, wij);
          t += mn;
          const b = bondWeight(mode, bh, bl, wij, mn);
          v = mulP(alpha, b);
          p++;
          if (jq == jp) {
            v += decayed(pBVals, q, om);
            q++;
          }
        }
        setRec(oRec, o, j, v);
        o += <i32>(v > 0);
        addI64(oColSum, j, v);
        if (keep) so = storeBond(tCols, tVals, so, j, v);
      }
    }
    endRow(oTrust, oRowPtr, tRowPtr, i, t, o, so);
  }
  ranksOut(n, pRanksI, oRanks);
  return 0;
}

// ---- E11-Y3 with liquid alpha (bonds.ts emaLiquid, liquidAlpha.ts liquidAlphaOf) --------------------------

const HALF: i64 = 2147483648;
/** exp_safe(1): e as I9F23, widened to I32F32 bits (liquidAlpha.ts E_BITS). */
const E_BITS: i64 = 22802600 << 9;

/**
 * `exp_safe(x)` for |x| ≤ 8 (liquidAlpha.ts expSafeFast): every Taylor term t < 2^41 and y ≤ 2^35, so mulFx's
 * partial products stay below 2^60; the host sends larger steepness to the JavaScript path.
 */
function expSafe8(x: i64): i64 {
  if (x == 0) return ONE;
  if (x == ONE) return E_BITS;
  const y = x < 0 ? -x : x;
  let r = ONE + y;
  let t = y;
  for (let i: i64 = 2; i <= 31; i++) {
    t = mulFx(t, y) / i; // t ≥ 0: the I32F32 quotient (t << 32) / (i << 32) is floor(t / i)
    if (t == 0) break; // every later term is 0 as well
    r += t;
  }
  return x < 0 ? divFxRatio(ONE, r, 4294967296.0 / <f64>r) : r;
}

/**
 * The chain's `sigmoid_alpha` rate for d = clamp(…, 0, 1): α = low + σ(k·(d − ½))·(high − low), clamped to
 * [low, high], with σ(z) = 1 / (1 + exp_safe(z)). |k| ≤ 16 (host), so |z| ≤ 8.
 */
@inline function liquidAlpha(d: i64, low: i64, high: i64, k: i64): i64 {
  const z = mulFx(d - HALF, k); // |d − ½| ≤ 2^31, |k| ≤ 2^36
  const g = ONE + expSafe8(z);
  const sigma = divFxRatio(ONE, g, 4294967296.0 / <f64>g);
  let alpha = low + mulFx(sigma, high - low);
  if (alpha < low) alpha = low;
  if (alpha > high) alpha = high;
  return alpha;
}

/**
 * Yuma3 with liquid alpha (used when some consensus is non-zero): clipping, trust and ranks as in `yuma3Fused`;
 * then for every entry of W_b (absent ones skipped: c = 0 < w at β = 1, or a mixed-β W_b of 0) with the stored
 * bond b of its column (0 if absent; bonds of masked columns, targets ≥ n and columns without a W_b entry are
 * dropped), α = sigmoid_alpha(c, W_b, b) and B' = min(1, floor((1 − α)·b) + floor(α·W_b)). B' is recorded, summed
 * per column and stored as u16 for rows keeping a permit, as in `yuma3Fused`. Returns 1 on an unsorted bond row.
 */
export function yuma3Liquid(
  n: i32,
  pWRowPtr: usize,
  pWCols: usize,
  pWVals: usize,
  pCons: usize,
  pActive: usize,
  betaF: f64,
  pBRowPtr: usize,
  pBCols: usize,
  pBVals: usize,
  sRows: i32,
  pColMask: usize,
  lowF: f64,
  highF: f64,
  kF: f64,
  pPermit: usize,
  oRowPtr: usize,
  oRec: usize,
  oColSum: usize,
  oTrust: usize,
  pRanksI: usize,
  oRanks: usize,
  tRowPtr: usize,
  tCols: usize,
  tVals: usize,
): i32 {
  const beta = <i64>betaF;
  const bh = beta >> 16;
  const bl = beta & 0xffff;
  const mode = beta == 0 ? 0 : beta == ONE ? 1 : 2;
  const low = <i64>lowF;
  const high = <i64>highF;
  const k = <i64>kF;
  // d is often exactly 0 (at β = 1, W_b = min(c, w) ≤ c, so every entry with W_b ≥ b has d = 0) or 1 (clamped), and
  // d = 0 is the costliest series (|z| largest): those two rates are computed once.
  const alpha0 = liquidAlpha(0, low, high, k);
  const alpha1 = liquidAlpha(ONE, low, high, k);
  let o: i32 = 0;
  let so: i32 = 0;
  setI32(oRowPtr, 0, 0);
  store<u32>(tRowPtr, 0);
  for (let i: i32 = 0; i < n; i++) {
    const a = i64At(pActive, i);
    let t: i64 = 0;
    let q: i32 = 0;
    let qe: i32 = 0;
    if (i < sRows) {
      q = <i32>load<u32>(pBRowPtr + (<usize>i << 2));
      qe = <i32>load<u32>(pBRowPtr + (<usize>(i + 1) << 2));
      if (!bondRowSorted(pBCols, q, qe)) return 1;
    }
    const keep = u8At(pPermit, i) != 0;
    const pe = i32At(pWRowPtr, i + 1);
    for (let p = i32At(pWRowPtr, i); p < pe; p++) {
      const j = i32At(pWCols, p);
      const wij = i64At(pWVals, p);
      const c = i64At(pCons, j);
      const mn = clipRank(pRanksI, j, a, c, wij);
      t += mn;
      let wb: i64;
      if (mode == 1) {
        if (c == 0 && wij > 0) continue;
        wb = mn;
      } else if (mode == 0) wb = wij;
      else {
        wb = wij + mulSplit(bh, bl, mn - wij);
        if (wb == 0) continue;
      }
      // The walk over the kept bonds (sorted): skip those before j; a bond at j is b, any other means b = 0.
      for (; q < qe; q++) {
        const jq = bondCol(pBCols, q);
        if (jq >= j && (jq >= n || u8At(pColMask, jq) == 0)) break;
      }
      const b = q < qe && bondCol(pBCols, q) == j ? u16Prop(u16At(pBVals, q)) : 0;
      let d = wb >= b ? wb - c : b - wb;
      if (d < 0) d = 0;
      else if (d > ONE) d = ONE;
      const alpha = d == 0 ? alpha0 : d == ONE ? alpha1 : liquidAlpha(d, low, high, k);
      let v = mulP(ONE - alpha, b) + mulP(alpha, wb); // low ≤ α ≤ high ≤ 1
      if (v > ONE) v = ONE;
      setRec(oRec, o, j, v);
      o += <i32>(v > 0);
      addI64(oColSum, j, v);
      if (keep) so = storeBond(tCols, tVals, so, j, v);
    }
    endRow(oTrust, oRowPtr, tRowPtr, i, t, o, so);
  }
  ranksOut(n, pRanksI, oRanks);
  return 0;
}

// ---- E11-Y3: dividends (bonds.ts yumaDividendsYuma3, without the explain output) ------------------------------

/**
 * `D_i = floor(tb_i · A_i)` with `tb_i = Σ_j floor(B̂_ij · I_j)`, B̂ = floor(B'·2^32 / colsum) computed exactly.
 * `pIncentive` holds doubles (converted into the i64 scratch `pIncI`), `pRatio` n doubles of scratch. Writes
 * `oDiv` (not yet normalized) and `oTb`, both doubles.
 */
export function dividendsYuma3(
  n: i32,
  pRowPtr: usize,
  pRec: usize,
  pIncentive: usize,
  pIncI: usize,
  pActive: usize,
  pColSum: usize,
  pRatio: usize,
  oTb: usize,
  oDiv: usize,
): void {
  for (let j: i32 = 0; j < n; j++) {
    setF64(pRatio, j, 4294967296.0 / <f64>i64At(pColSum, j));
    setI64(pIncI, j, <i64>f64At(pIncentive, j));
  }
  for (let i: i32 = 0; i < n; i++) {
    const a = i64At(pActive, i);
    let tb: i64 = 0;
    if (a != 0) {
      const ke = i32At(pRowPtr, i + 1);
      for (let k = i32At(pRowPtr, i); k < ke; k++) {
        const r = pRec + (<usize>k << 4);
        const j = load<i32>(r);
        const ij = i64At(pIncI, j);
        if (ij == 0) continue;
        tb += mulP(ij, divFxRatio(load<i64>(r, 8), i64At(pColSum, j), f64At(pRatio, j)));
      }
    }
    setF64(oTb, i, <f64>tb);
    setF64(oDiv, i, <f64>mulFx(tb, a));
  }
}

/** `pRatio[j] = 2^32 / pSum[j]` for divFxRatio, once per column (an infinity where the sum is 0 is never used). */
function columnRatios(n: i32, pSum: usize, pRatio: usize): void {
  for (let j: i32 = 0; j < n; j++) setF64(pRatio, j, 4294967296.0 / <f64>i64At(pSum, j));
}

// ---- E8–E11 classic (Yuma3 off): clip.ts yumaClipAndRank and bonds.ts yumaBondsClassic / yumaStoredBonds -------

/**
 * Clipping, trust and ranks as in the Yuma3 pass, then the classic bond deltas ΔB_ij = floor(W_b · A_i),
 * column-normalized. `oDelta` (i64, parallel to W) gets −1 where W_b is absent (c = 0 < w with β = 1, or a mixed-β
 * W_b of 0). `pDeltaSum` (i64 n) and `pRanksI` are zeroed by the host; trust and ranks are written as doubles.
 */
export function classicClip(
  n: i32,
  pWRowPtr: usize,
  pWCols: usize,
  pWVals: usize,
  pCons: usize,
  pActive: usize,
  betaF: f64,
  oTrust: usize,
  pRanksI: usize,
  oRanks: usize,
  oDelta: usize,
  pDeltaSum: usize,
  pRatio: usize,
): void {
  const beta = <i64>betaF;
  const bh = beta >> 16;
  const bl = beta & 0xffff;
  const mixed = beta != 0 && beta != ONE;
  for (let i: i32 = 0; i < n; i++) {
    const a = i64At(pActive, i);
    let t: i64 = 0;
    const ke = i32At(pWRowPtr, i + 1);
    for (let k = i32At(pWRowPtr, i); k < ke; k++) {
      const j = i32At(pWCols, k);
      const wij = i64At(pWVals, k);
      const c = i64At(pCons, j);
      const mn = clipRank(pRanksI, j, a, c, wij);
      t += mn;
      let x: i64;
      if (mixed) {
        const y = wij + mulSplit(bh, bl, mn - wij);
        x = y == 0 ? -1 : y;
      } else if (beta == 0) x = wij;
      else x = c == 0 && wij > 0 ? -1 : mn;
      if (x < 0) setI64(oDelta, k, -1);
      else {
        const d = mulP(a, x); // 0 ≤ x ≤ 1
        setI64(oDelta, k, d);
        setI64(pDeltaSum, j, i64At(pDeltaSum, j) + d);
      }
    }
    setF64(oTrust, i, <f64>t);
  }
  ranksOut(n, pRanksI, oRanks);
  columnRatios(n, pDeltaSum, pRatio);
  const nnz = i32At(pWRowPtr, n);
  for (let k: i32 = 0; k < nnz; k++) {
    const d = i64At(oDelta, k);
    if (d > 0) {
      const j = i32At(pWCols, k);
      setI64(oDelta, k, divFxRatio(d, i64At(pDeltaSum, j), f64At(pRatio, j)));
    }
  }
}

/**
 * Classic EMA: stored bonds read as integers (masked columns and targets ≥ n dropped) and column-normalized,
 * B' = floor(α·ΔB) + floor((1 − α)·B) over the union of entries (absent deltas skipped), kept when > 0, then B'
 * column-normalized in place. Returns 1 when a stored bond row is unsorted. `pBSum` and `oColSum` (i64 n) are
 * zeroed by the host.
 */
export function classicEma(
  n: i32,
  pWRowPtr: usize,
  pWCols: usize,
  pDelta: usize,
  pBRowPtr: usize,
  pBCols: usize,
  pBVals: usize,
  sRows: i32,
  pColMask: usize,
  alphaF: f64,
  pBSum: usize,
  oRowPtr: usize,
  oCols: usize,
  oVals: usize,
  oColSum: usize,
  pRatio: usize,
): i32 {
  const alpha = <i64>alphaF;
  const xh = alpha >> 16;
  const xl = alpha & 0xffff;
  const yh = (ONE - alpha) >> 16;
  const yl = (ONE - alpha) & 0xffff;
  // 0 ≤ α ≤ 1 (always, unless root set a bonds moving average above 10^6): products of proportions take mulP.
  const unit = alpha >= 0 && alpha <= ONE;
  let noMask = true;
  for (let j: i32 = 0; j < n; j++) if (u8At(pColMask, j) != 0) noMask = false;
  for (let i: i32 = 0; i < sRows; i++) {
    const q0 = <i32>load<u32>(pBRowPtr + (<usize>i << 2));
    const qe = <i32>load<u32>(pBRowPtr + (<usize>(i + 1) << 2));
    for (let q = q0; q < qe; q++) {
      const j = bondCol(pBCols, q);
      if (q > q0 && j < bondCol(pBCols, q - 1)) return 1;
      if (<u32>j < <u32>n && u8At(pColMask, j) == 0) setI64(pBSum, j, i64At(pBSum, j) + u16At(pBVals, q));
    }
  }
  columnRatios(n, pBSum, pRatio);
  let o: i32 = 0;
  setI32(oRowPtr, 0, 0);
  for (let i: i32 = 0; i < n; i++) {
    let p = i32At(pWRowPtr, i);
    const pe = i32At(pWRowPtr, i + 1);
    let q: i32 = 0;
    let qe: i32 = 0;
    if (i < sRows) {
      q = <i32>load<u32>(pBRowPtr + (<usize>i << 2));
      qe = <i32>load<u32>(pBRowPtr + (<usize>(i + 1) << 2));
    }
    if (noMask && unit) {
      // The same merge without masked columns (bond targets ≥ n sort last) and with 0 ≤ α ≤ 1.
      let bj = q < qe ? bondCol(pBCols, q) : END;
      if (bj >= n) bj = END;
      for (;;) {
        while (p < pe && i64At(pDelta, p) < 0) p++;
        const jp = p < pe ? i32At(pWCols, p) : END;
        if (jp == END && bj == END) break;
        let j: i32;
        let v: i64 = 0;
        if (jp <= bj) {
          j = jp;
          v = mulP(alpha, i64At(pDelta, p));
          p++;
        } else j = bj;
        if (bj == j) {
          const s = i64At(pBSum, j); // 0 only when every bond of the column is 0: they stay 0
          if (s > 0) v += mulP(ONE - alpha, divFxRatio(u16At(pBVals, q), s, f64At(pRatio, j)));
          q++;
          bj = q < qe ? bondCol(pBCols, q) : END;
          if (bj >= n) bj = END;
        }
        if (v > 0) {
          setI32(oCols, o, j);
          setI64(oVals, o, v);
          o++;
          addI64(oColSum, j, v);
        }
      }
      setI32(oRowPtr, i + 1, o);
      continue;
    }
    for (;;) {
      while (p < pe && i64At(pDelta, p) < 0) p++;
      q = keptBond(pBCols, pColMask, q, qe, n);
      const jq = q < qe ? bondCol(pBCols, q) : END;
      const jp = p < pe ? i32At(pWCols, p) : END;
      if (jp == END && jq == END) break;
      let j: i32;
      let v: i64 = 0;
      if (jp <= jq) {
        j = jp;
        v = mulSplit(xh, xl, i64At(pDelta, p));
        p++;
      } else j = jq;
      if (jq == j) {
        const s = i64At(pBSum, j); // 0 only when every bond of the column is 0: they stay 0
        if (s > 0) v += mulSplit(yh, yl, divFxRatio(u16At(pBVals, q), s, f64At(pRatio, j)));
        q++;
      }
      if (v > 0) {
        setI32(oCols, o, j);
        setI64(oVals, o, v);
        o++;
        setI64(oColSum, j, i64At(oColSum, j) + v);
      }
    }
    setI32(oRowPtr, i + 1, o);
  }
  columnRatios(n, oColSum, pRatio);
  for (let k: i32 = 0; k < o; k++) {
    const j = i32At(oCols, k);
    setI64(oVals, k, divFxRatio(i64At(oVals, k), i64At(oColSum, j), f64At(pRatio, j)));
  }
  return 0;
}

/**
 * Classic dividends `D_i = Σ_j floor(I_j · B'_ij)` (not yet normalized; doubles in `oDiv`) and the bond rows to
 * store: rows keeping a permit get prop_to_u16 of B' divided by its column maximum, non-zero values only.
 * `pColMax` (i64 n) is zeroed by the host; `pIncI` is i64 scratch.
 */
export function classicDividends(
  n: i32,
  pRowPtr: usize,
  pCols: usize,
  pVals: usize,
  pIncentive: usize,
  pIncI: usize,
  pPermit: usize,
  pColMax: usize,
  oDiv: usize,
  tRowPtr: usize,
  tCols: usize,
  tVals: usize,
  pRatio: usize,
): void {
  for (let j: i32 = 0; j < n; j++) setI64(pIncI, j, <i64>f64At(pIncentive, j));
  const nnz = i32At(pRowPtr, n);
  for (let k: i32 = 0; k < nnz; k++) {
    const j = i32At(pCols, k);
    const v = i64At(pVals, k);
    if (v > i64At(pColMax, j)) setI64(pColMax, j, v);
  }
  columnRatios(n, pColMax, pRatio);
  let so: i32 = 0;
  store<u32>(tRowPtr, 0);
  for (let i: i32 = 0; i < n; i++) {
    let d: i64 = 0;
    const keep = u8At(pPermit, i) != 0;
    const ke = i32At(pRowPtr, i + 1);
    for (let k = i32At(pRowPtr, i); k < ke; k++) {
      const j = i32At(pCols, k);
      const v = i64At(pVals, k);
      d += mulP(i64At(pIncI, j), v); // I_j and the column-normalized B' are proportions
      if (keep) {
        const mx = i64At(pColMax, j);
        const u = mx > 0 ? propToU16(divFxRatio(v, mx, f64At(pRatio, j))) : 0;
        if (u != 0) {
          store<u32>(tCols + (<usize>so << 2), <u32>j);
          store<u16>(tVals + (<usize>so << 1), <u16>u);
          so++;
        }
      }
    }
    setF64(oDiv, i, <f64>d);
    store<u32>(tRowPtr + (<usize>(i + 1) << 2), <u32>so);
  }
}

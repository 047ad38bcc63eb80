/**
 * Clipping, validator trust, ranks (spec/yuma.md E8, E9) and the weights used for bonds (E10), in one pass over W.
 * Results are parallel to W's entries (scratch): `clip[k]` is W̄ of entry k, `wb[k]` is W_b; a negative value marks
 * an entry that is absent from that matrix.
 */
import { ONE } from './fastMath.js';
import type { YumaScratch } from './scratch.js';
import type { FxCsr } from './sparse.js';

const TWO16 = 65536;

export interface ClipResult {
  readonly clip: Float64Array;
  readonly wb: Float64Array;
  readonly trust: Float64Array;
  readonly ranks: Float64Array;
}

/**
 * For each entry (j, w) of row i with c = C_j: W̄ = c if c < w (entry dropped when c = 0), else w.
 * `T_i = Σ_j W̄_ij`; `R_j = Σ_i floor(A_i · W̄_ij)`. β = 0: W_b = W; β = 1: W_b = W̄;
 * otherwise `W_b = w + floor(β·(w̄ − w))` (w̄ = 0 for a dropped entry), kept when > 0.
 * Magnitudes: A, w, c, β ≤ 2^32, so each product splits into partials below 2^50 (exact).
 */
export function yumaClipAndRank(
  w: FxCsr,
  consensus: Float64Array,
  activeStake: Float64Array,
  beta: number,
  ws: YumaScratch,
): ClipResult {
  const n = w.rows;
  const nnz = w.rowPtr[n]!;
  const clip = ws.f64('clip', nnz);
  const wb = beta === 0 ? w.vals : beta === ONE ? clip : ws.f64('wb', nnz);
  const trust = ws.f64z('trust', n);
  const ranks = ws.f64z('ranks', n);
  const { rowPtr, cols, vals } = w;
  const bh = Math.floor(beta / TWO16);
  const bl = beta - bh * TWO16;
  const mixed = beta !== 0 && beta !== ONE;
  for (let i = 0; i < n; i++) {
    const a = activeStake[i]!;
    const ah = Math.floor(a / TWO16);
    const al = a - ah * TWO16;
    let t = 0;
    const ke = rowPtr[i + 1]!;
    for (let k = rowPtr[i]!; k < ke; k++) {
      const j = cols[k]!;
      const wv = vals[k]!;
      const c = consensus[j]!;
      // Branch-free: m = min(c, w); dropped (x = −1) exactly when c = 0 < w, and then m = 0.
      const dd = c - wv;
      const mn = wv + (dd - Math.abs(dd)) * 0.5;
      clip[k] = mn - +(c === 0) * +(wv > 0);
      t += mn;
      ranks[j]! += Math.floor((ah * mn + Math.floor((al * mn) / TWO16)) / TWO16);
      if (mixed) {
        // d = w̄ − w ≤ 0; floor(β·d) with β split: β·d = bh·d·2^16 + bl·d; y ≥ w̄ ≥ 0, absent when 0
        const d = mn - wv;
        const y = wv + Math.floor((bh * d + Math.floor((bl * d) / TWO16)) / TWO16);
        wb[k] = y - +(y === 0);
      }
    }
    trust[i] = t;
  }
  return { clip, wb, trust, ranks };
}

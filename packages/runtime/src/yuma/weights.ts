/** The weights pipeline (spec/yuma.md E6): masks, then row normalization, on the sparse stored rows. */
import type { ColumnStats } from './consensus.js';
import type { YumaScratch } from './scratch.js';
import { type FxCsr, sortRowSegment } from './sparse.js';
import type { SparseU16Matrix } from './types.js';

const TWO32 = 4294967296;

/** Optional by-product for consensus: column statistics of the positive entries of rows with `rowActive[i] > 0`. */
export interface ColumnStatsOut {
  readonly rowActive: Float64Array;
  /** Zeroed on entry (see `yumaColumnStatsBuffer`); receives counts and maxima. */
  readonly stats: ColumnStats;
}

export interface WeightMasks {
  readonly n: number;
  /** Rows to drop (no permit). */
  readonly forbid: ReadonlyArray<boolean>;
  readonly ownerUid: number | null;
  /** LastUpdate padded to n. */
  readonly lastUpdate: Float64Array;
  readonly registeredAt: Float64Array;
  /** Earliest unexpired commit block per uid (+∞ when none), or undefined when commit-reveal is off. */
  readonly commitBlock?: Float64Array | undefined;
}

/**
 * W: load the stored u16 rows (entries with target ≥ n skipped), drop forbidden rows, drop self-weights except
 * the owner's, drop `(i, j)` when `last_update[i] ≤ registered_at[j]`, drop `(i, j)` when `commit_block[i] <
 * registered_at[j]`, sort each row by target, then row-normalize: `floor(raw · 2^32 / Σ raw)` for rows with a
 * positive sum (rows summing to 0 keep their zeros). Explicit zero entries survive. The result lives in scratch.
 */
export function yumaMaskedWeights(
  stored: SparseU16Matrix,
  m: WeightMasks,
  ws: YumaScratch,
  colStats?: ColumnStatsOut,
): FxCsr {
  const { n, forbid, ownerUid, lastUpdate, registeredAt, commitBlock } = m;
  const storedRows = Math.min(stored.rows, n);
  const cap = stored.rowPtr[storedRows] ?? 0;
  const rowPtr = ws.i32('w.rowPtr', n + 1);
  const oc = ws.i32('w.cols', cap);
  const ov = ws.f64('w.vals', cap);
  const { rowPtr: sp, cols: sc, vals: sv } = stored;
  const owner = ownerUid ?? -1;
  let o = 0;
  rowPtr[0] = 0;
  for (let i = 0; i < n; i++) {
    if (i < storedRows && !forbid[i]) {
      const lu = lastUpdate[i]!;
      const cb = commitBlock ? commitBlock[i]! : Number.POSITIVE_INFINITY;
      const start = o;
      let sum = 0;
      let prev = -1;
      let sorted = true;
      const ke = sp[i + 1]!;
      for (let k = sp[i]!; k < ke; k++) {
        const j = sc[k]!;
        if (j >= n || (j === i && i !== owner)) continue;
        const reg = registeredAt[j]!;
        if (lu <= reg || cb < reg) continue;
        const v = sv[k]!;
        sum += v;
        if (j < prev) sorted = false;
        prev = j;
        oc[o] = j;
        ov[o] = v;
        o++;
      }
      if (!sorted) sortRowSegment(oc, ov, start, o);
      if (sum > 0) {
        // floor(raw · 2^32 / Σraw), the I32F32 division (raw·2^32)/(Σraw·2^32): t = raw·2^32 < 2^48 and
        // Σraw < 2^53, so the estimate t·(1/Σ) is within 1 of the quotient and the remainder t − q·Σ is exact.
        const inv = 1 / sum;
        const st = colStats && colStats.rowActive[i]! > 0 ? colStats.stats : undefined;
        for (let k = start; k < o; k++) {
          const t = ov[k]! * TWO32;
          let q = Math.floor(t * inv);
          const r = t - q * sum;
          if (r < 0) q -= 1;
          else if (r >= sum) q += 1;
          ov[k] = q;
          if (st && q > 0) {
            const j = oc[k]!;
            st.count[j + 1]!++;
            const mx = st.max[j]!;
            const d = q - mx;
            st.max[j] = mx + (d + Math.abs(d)) * 0.5; // max(mx, q), branch-free
          }
        }
      }
    }
    rowPtr[i + 1] = o;
  }
  return { rows: n, rowPtr, cols: oc, vals: ov };
}

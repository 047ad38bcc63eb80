/** The weights pipeline (spec/yuma.md E6): masks, then row normalization, on the sparse stored rows. */
import { divFx } from './fastMath.js';
import { CsrBuilder, type FxCsr, sortRowSegment } from './sparse.js';
import type { SparseU16Matrix } from './types.js';

export interface WeightMasks {
  readonly n: number;
  /** Rows to drop (no permit). */
  readonly forbid: ReadonlyArray<boolean>;
  readonly ownerUid: number | null;
  /** LastUpdate padded to n. */
  readonly lastUpdate: Float64Array;
  readonly registeredAt: Float64Array;
  /** Earliest unexpired commit block per uid (+∞ when none), or undefined when commit-reveal is off. */
  readonly commitBlock?: Float64Array;
}

/**
 * W: load the stored u16 rows (entries with target ≥ n skipped), drop forbidden rows, drop self-weights except
 * the owner's, drop `(i, j)` when `last_update[i] ≤ registered_at[j]`, drop `(i, j)` when `commit_block[i] <
 * registered_at[j]`, sort each row by target, then row-normalize: `floor(raw · 2^32 / Σ raw)` for rows with a
 * positive sum (rows summing to 0 keep their zeros). Explicit zero entries survive.
 */
export function yumaMaskedWeights(stored: SparseU16Matrix, m: WeightMasks): FxCsr {
  const { n, forbid, ownerUid, lastUpdate, registeredAt, commitBlock } = m;
  const storedRows = Math.min(stored.rows, n);
  const b = new CsrBuilder(n, stored.rowPtr[storedRows] ?? 0);
  const { rowPtr, cols, vals } = stored;
  for (let i = 0; i < n; i++) {
    if (i < storedRows && !forbid[i]) {
      const lu = lastUpdate[i]!;
      const cb = commitBlock ? commitBlock[i]! : Number.POSITIVE_INFINITY;
      const start = b.nnz;
      let sum = 0;
      for (let k = rowPtr[i]!; k < rowPtr[i + 1]!; k++) {
        const j = cols[k]!;
        if (j >= n) continue;
        if (j === i && i !== ownerUid) continue;
        const reg = registeredAt[j]!;
        if (lu <= reg) continue;
        if (cb < reg) continue;
        const v = vals[k]!;
        sum += v;
        b.push(j, v);
      }
      const end = b.nnz;
      sortRowSegment(b.cols, b.vals, start, end);
      if (sum > 0) {
        // raw < 2^16 and Σraw < 2^53: exact (divFx). Equals the I32F32 division (raw·2^32) / (Σraw·2^32).
        const v = b.vals;
        for (let k = start; k < end; k++) v[k] = divFx(v[k]!, sum);
      }
    }
    b.endRow();
  }
  return b.finish();
}

// Stake share pools, one per (hotkey, netuid) (spec/economics.md §6.1).
import { U64_MAX } from './constants.js';
import {
  SAFE_FLOAT_ZERO,
  type SafeFloat,
  safeFloatAdd,
  safeFloatFromU64,
  safeFloatMulDiv,
  safeFloatSub,
  safeFloatToU64,
} from './safeFloat.js';

/** The pool-wide part of a share pool: `TotalHotkeyAlpha` (value) and `TotalHotkeySharesV2` (denominator). */
export interface SharePoolTotals {
  /** Total value held by the pool (u64 alpha units). */
  readonly sharedValue: bigint;
  /** Sum of all shares. */
  readonly denominator: SafeFloat;
}

/** An empty pool. */
export const EMPTY_SHARE_POOL: SharePoolTotals = { sharedValue: 0n, denominator: SAFE_FLOAT_ZERO };

/**
 * Value owned by a share: `floor(sharedValue · share / denominator)` in SafeFloat, 0 when the denominator is 0
 * (spec §6.1, `get_value`).
 */
export function sharePoolValue(pool: SharePoolTotals, share: SafeFloat): bigint {
  const r = safeFloatMulDiv(safeFloatFromU64(pool.sharedValue), share, pool.denominator);
  return r === undefined ? 0n : safeFloatToU64(r);
}

/** Shares corresponding to a value change `|update|`: `|update| · denominator / sharedValue` (zero if undefined). */
export function sharesPerUpdate(pool: SharePoolTotals, update: bigint): SafeFloat {
  const abs = update < 0n ? -update : update;
  return (
    safeFloatMulDiv(safeFloatFromU64(abs), pool.denominator, safeFloatFromU64(pool.sharedValue)) ?? SAFE_FLOAT_ZERO
  );
}

function addSaturating(v: bigint, update: bigint): bigint {
  const r = v + update;
  return r < 0n ? 0n : r > U64_MAX ? U64_MAX : r;
}

/**
 * Adds value to every holder at once (emission to nominators): only `sharedValue` changes, saturating
 * (spec §6.1 "add value for all", `update_value_for_all`).
 */
export function sharePoolUpdateAll(pool: SharePoolTotals, update: bigint): SharePoolTotals {
  return { sharedValue: addSaturating(pool.sharedValue, update), denominator: pool.denominator };
}

/**
 * Adds (`update > 0`) or removes (`update < 0`) value for one holder (spec §6.1, `update_value_for_one`). On an
 * empty pool (denominator 0) the holder's share and the denominator become `|update|`; otherwise
 * `Δs = |update| · D / total` is added to (or subtracted from) both. Then `sharedValue += update`. A SafeFloat
 * failure keeps the old share/denominator, as the chain does.
 */
export function sharePoolUpdateOne(
  pool: SharePoolTotals,
  share: SafeFloat,
  update: bigint,
): { readonly pool: SharePoolTotals; readonly share: SafeFloat } {
  let denominator: SafeFloat;
  let newShare: SafeFloat;
  if (pool.denominator.mantissa === 0n) {
    const u = safeFloatFromU64(update < 0n ? -update : update);
    denominator = u;
    newShare = u;
  } else {
    const ds = sharesPerUpdate(pool, update);
    if (update > 0n) {
      denominator = safeFloatAdd(pool.denominator, ds) ?? pool.denominator;
      newShare = safeFloatAdd(share, ds) ?? share;
    } else {
      denominator = safeFloatSub(pool.denominator, ds) ?? pool.denominator;
      newShare = safeFloatSub(share, ds) ?? share;
    }
  }
  return { pool: { sharedValue: addSaturating(pool.sharedValue, update), denominator }, share: newShare };
}

/**
 * Whether adding/removing `update` for one holder would change any share (`sim_update_value_for_one`): true on an
 * empty pool, else whether `Δs` is non-zero. Stake calls use it to reject amounts too small to register.
 */
export function sharePoolWouldChange(pool: SharePoolTotals, update: bigint): boolean {
  if (pool.denominator.mantissa === 0n) return true;
  return sharesPerUpdate(pool, update).mantissa !== 0n;
}

/**
 * A mutable share pool over a `Map` of holders (for simulators, tests and the staking module's in-memory views);
 * every operation delegates to the pure functions above.
 */
export class SharePool<K> {
  totals: SharePoolTotals;
  readonly shares: Map<K, SafeFloat>;

  constructor(totals: SharePoolTotals = EMPTY_SHARE_POOL, shares?: Map<K, SafeFloat>) {
    this.totals = totals;
    this.shares = shares ?? new Map();
  }

  /** Value owned by `key`. */
  value(key: K): bigint {
    return sharePoolValue(this.totals, this.shares.get(key) ?? SAFE_FLOAT_ZERO);
  }

  /** Adds (or, if negative, removes) value for one holder. */
  updateOne(key: K, update: bigint): void {
    const r = sharePoolUpdateOne(this.totals, this.shares.get(key) ?? SAFE_FLOAT_ZERO, update);
    this.totals = r.pool;
    this.shares.set(key, r.share);
  }

  /** Adds (or removes) value pro rata for all holders. */
  updateAll(update: bigint): void {
    this.totals = sharePoolUpdateAll(this.totals, update);
  }
}

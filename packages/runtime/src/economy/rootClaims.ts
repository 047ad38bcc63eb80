// Root dividends: claimable rates, owed amounts and claimed bookkeeping (spec/economics.md §5.9).
import { I96F32 } from '@tensorium/primitives';

const U128_MAX = (1n << 128n) - 1n;

/** Outcome of adding a root dividend to a hotkey's claimable rate. */
export type RootClaimableIncrement =
  | { readonly kind: 'rate'; readonly incrementRaw: bigint }
  | { readonly kind: 'stakeDirect'; readonly amount: bigint };

/**
 * `RootClaimable[hotkey][netuid] += amount / TotalRootStake(hotkey)` as an I96F32 rate (0 when the hotkey has no root
 * stake); if `amount` exceeds the hotkey's root stake the amount is instead staked directly to the hotkey's owner on the
 * subnet (spec §5.9, `increase_root_claimable_for_hotkey_and_subnet`).
 */
export function rootClaimableIncrement(amount: bigint, hotkeyRootStake: bigint): RootClaimableIncrement {
  const total = I96F32.fromInt(hotkeyRootStake);
  const inc = I96F32.checkedDiv(I96F32.fromInt(amount), total) ?? 0n;
  if (amount > hotkeyRootStake) return { kind: 'stakeDirect', amount };
  return { kind: 'rate', incrementRaw: inc };
}

/** Adds an increment to a stored rate (saturating I96F32). */
export function addClaimableRate(rateRaw: bigint, incrementRaw: bigint): bigint {
  const max = I96F32.MAX;
  const r = rateRaw + incrementRaw;
  return r > max ? max : r;
}

/**
 * Owed to (hotkey, coldkey) on a subnet: `rate · coldkey_root_stake − RootClaimed` as a raw I96F32 (may be negative),
 * spec §5.9 (`get_root_owed_for_hotkey_coldkey_float`).
 */
export function rootOwedRaw(rateRaw: bigint, coldkeyRootStake: bigint, claimed: bigint): bigint {
  const claimable = I96F32.mul(rateRaw, I96F32.fromInt(coldkeyRootStake));
  return I96F32.sub(claimable, I96F32.fromInt(claimed));
}

/** The owed amount as an integer: negative → 0, else floored (spec §5.9). */
export function rootOwed(rateRaw: bigint, coldkeyRootStake: bigint, claimed: bigint): bigint {
  const owed = rootOwedRaw(rateRaw, coldkeyRootStake, claimed);
  if (owed < 0n) return 0n;
  const v = I96F32.toIntFloor(owed);
  const max = (1n << 64n) - 1n;
  return v > max ? max : v;
}

/** Whether an owed amount is claimed: `owed ≥ threshold` (unless forced) and the integer owed is non-zero (spec §5.9). */
export function isRootClaimDue(owedRaw: bigint, threshold: bigint, ignoreThreshold = false): boolean {
  if (!ignoreThreshold && owedRaw < I96F32.fromInt(threshold)) return false;
  return owedRaw > 0n && I96F32.toIntFloor(owedRaw) > 0n;
}

/**
 * `RootClaimed` adjustment when root stake changes, so that only future dividends accrue (spec §5.9):
 * `claimed ± floor(rate · Δstake)` (u128, saturating).
 */
export function adjustRootClaimed(
  claimed: bigint,
  rateRaw: bigint,
  stakeDelta: bigint,
  direction: 'add' | 'remove',
): bigint {
  let d = I96F32.toIntFloor(I96F32.mul(rateRaw, I96F32.fromInt(stakeDelta)));
  if (d < 0n) d = 0n;
  if (direction === 'add') {
    const r = claimed + d;
    return r > U128_MAX ? U128_MAX : r;
  }
  return claimed > d ? claimed - d : 0n;
}

/** How a coldkey's owed root dividend on one subnet is taken (spec §5.9, `RootClaimType`). */
export type RootClaimType =
  | { readonly kind: 'swap' }
  | { readonly kind: 'keep' }
  | { readonly kind: 'keepSubnets'; readonly subnets: readonly number[] };

/** Whether the claim on `netuid` is sold for TAO and restaked on root (`true`) or kept as alpha (`false`), spec §5.9. */
export function rootClaimSwaps(type: RootClaimType, netuid: number): boolean {
  switch (type.kind) {
    case 'swap':
      return true;
    case 'keep':
      return false;
    case 'keepSubnets':
      return !type.subnets.includes(netuid);
  }
}

/**
 * Pseudo-random indices of the coldkeys auto-claimed this block, from the parent block hash (spec §5.9,
 * `block_hash_to_indices`): start at the first 8 bytes (big endian), then `k` steps each adding the next 8-byte word
 * (cycling through the 32-byte hash) modulo `n`; distinct indices, ascending.
 */
export function blockHashToIndices(blockHash: Uint8Array, k: number, n: bigint): bigint[] {
  const word = (off: number): bigint => {
    let v = 0n;
    for (let j = 0; j < 8; j++) v = (v << 8n) | BigInt(blockHash[off + j] ?? 0);
    return v;
  };
  const max = (1n << 64n) - 1n;
  const set = new Set<bigint>();
  let last = word(0);
  for (let i = 0; i < k; i++) {
    const step = word((i * 8) % 32);
    let s = last + step;
    if (s > max) s = max;
    const idx = n === 0n ? 0n : s % n;
    set.add(idx);
    last = idx;
  }
  return [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// TAO issuance: the halving schedule and the TotalIssuance counter (spec/economics.md §1).
import { DEFAULT_BLOCK_EMISSION, TOTAL_SUPPLY, U64_MAX } from './constants.js';

/**
 * Per-block emission for a given issuance: `floor(1e9 / 2^k)` with `k = floor(log2(1 / (1 − I / 21e15)))`, 0 once
 * `I ≥ 21e15` (spec §1.1, `get_block_emission_for_issuance`).
 *
 * Exact replica of the chain's I96F32 computation: `q = floor(I·2^32 / 21e15)` (raw), `v = floor(2^64 / (2^32 − q))`
 * (raw of `1 / (1 − q)`), and `k` is the integer part of `log2(v)`, which substrate-fixed's `log2` computes exactly by
 * counting halvings. The result then halves each time half of the remaining supply has been issued: 1 TAO below
 * 10.5M TAO, 0.5 TAO below 15.75M, 0.25 below 18.375M, …
 *
 * The same function gives a subnet's alpha emission from its alpha issuance (§5.4), and it takes `totalSupply` and
 * `baseEmission` overrides for test chains.
 */
export function blockEmissionForIssuance(
  issuance: bigint,
  totalSupply: bigint = TOTAL_SUPPLY,
  baseEmission: bigint = DEFAULT_BLOCK_EMISSION,
): bigint {
  if (issuance < 0n) issuance = 0n;
  if (issuance >= totalSupply) return 0n;
  // Every subnet's alpha emission goes through here every block: `k` is found by comparing the issuance with the
  // issuance at which each halving starts (see `halvingStarts`) instead of by three 128-bit divisions. Since
  // 1 / 2^k is exact in I96F32 for k ≤ 32, the result is then `floor(baseEmission / 2^k)`.
  const starts = halvingStarts(totalSupply);
  let k = 0;
  while (k < 32 && issuance >= starts[k + 1]!) k++;
  return baseEmission >> BigInt(k);
}

/**
 * `starts[j]`: the smallest issuance with at least `j` halvings (0 ≤ j ≤ 32), from the computation below: `k ≥ j` ⇔
 * `v ≥ 2^(32+j)` ⇔ `2^32 − q ≤ 2^(32−j)` ⇔ `q ≥ 2^32 − 2^(32−j)` ⇔ `I·2^32 ≥ (2^32 − 2^(32−j))·S` (q is a floor).
 */
const HALVING_STARTS = new Map<bigint, bigint[]>();
function halvingStarts(totalSupply: bigint): bigint[] {
  let starts = HALVING_STARTS.get(totalSupply);
  if (starts === undefined) {
    starts = [0n];
    for (let j = 1n; j <= 32n; j++) {
      const x = ((1n << 32n) - (1n << (32n - j))) * totalSupply;
      starts.push((x + (1n << 32n) - 1n) >> 32n); // ceil(x / 2^32), x ≥ 0
    }
    if (HALVING_STARTS.size < 64) HALVING_STARTS.set(totalSupply, starts);
  }
  return starts;
}

/** The number of halvings `k` reached at a given issuance (0 before 10.5M TAO). Informational (spec §1.1). */
export function halvingCount(issuance: bigint, totalSupply: bigint = TOTAL_SUPPLY): number {
  if (issuance >= totalSupply) return Infinity;
  const q = ((issuance < 0n ? 0n : issuance) << 64n) / (totalSupply << 32n);
  const v = (1n << 64n) / ((1n << 32n) - q);
  return v.toString(2).length - 33;
}

/**
 * The smallest issuance at which the block emission is `≤ baseEmission / 2^k`: the k-th halving threshold
 * (`21e15 · (1 − 2^−k)` up to the chain's I96F32 rounding). Found by bisection on {@link blockEmissionForIssuance},
 * so it agrees with the chain to the RAO. Spec §1.1.
 */
export function halvingThreshold(k: number, totalSupply: bigint = TOTAL_SUPPLY): bigint {
  if (k <= 0) return 0n;
  let lo = 0n;
  let hi = totalSupply;
  while (lo < hi) {
    const mid = (lo + hi) / 2n;
    if (halvingCount(mid, totalSupply) >= k) hi = mid;
    else lo = mid + 1n;
  }
  return lo;
}

/**
 * Amount actually minted for a block: `min(E, 21e15 − balancesTotalIssuance)` (spec §1.2 "mint"). The caller adds it to
 * `TotalIssuance` and must spend the resulting credit (inject, buy) or recycle what is left.
 */
export function mintAmount(
  blockEmission: bigint,
  balancesTotalIssuance: bigint,
  totalSupply: bigint = TOTAL_SUPPLY,
): bigint {
  const room = totalSupply - balancesTotalIssuance;
  if (room <= 0n) return 0n;
  return blockEmission < room ? blockEmission : room;
}

/** The TotalIssuance bookkeeping events of spec §1.2. `burn` moves TAO to the burn account and leaves issuance unchanged. */
export type IssuanceEvent =
  | { readonly kind: 'mint'; readonly amount: bigint }
  | { readonly kind: 'recycle'; readonly amount: bigint }
  | { readonly kind: 'burn'; readonly amount: bigint }
  | { readonly kind: 'dust'; readonly amount: bigint };

/**
 * Applies one issuance event to `TotalIssuance` (spec §1.2): mint adds, recycle and reaped dust subtract (saturating at
 * 0, like the chain's `saturating_sub`), burn changes nothing. Returns the new counter.
 */
export function applyIssuanceEvent(totalIssuance: bigint, ev: IssuanceEvent): bigint {
  switch (ev.kind) {
    case 'mint': {
      const r = totalIssuance + ev.amount;
      return r > U64_MAX ? U64_MAX : r;
    }
    case 'recycle':
    case 'dust': {
      const r = totalIssuance - ev.amount;
      return r < 0n ? 0n : r;
    }
    case 'burn':
      return totalIssuance;
  }
}

/**
 * A subnet's alpha issuance: `SubnetAlphaIn + SubnetAlphaOut` (spec §2.1). Recycling alpha lowers `SubnetAlphaOut`
 * (and so delays that subnet's alpha halving); burning alpha does not (§1.2).
 */
export function alphaIssuance(alphaIn: bigint, alphaOut: bigint): bigint {
  const r = alphaIn + alphaOut;
  return r > U64_MAX ? U64_MAX : r;
}

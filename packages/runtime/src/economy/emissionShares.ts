// Which subnets emit and how the block's TAO is split across them (spec/economics.md §5.2–§5.3).
import { fxConvert, U64F64, U96F32 } from '@tensorium/primitives';

/** The flags that make a subnet eligible for emission. */
export interface EmissionEligibility {
  readonly netuid: number;
  /** `FirstEmissionBlockNumber` is set (start_call done). */
  readonly started: boolean;
  /** `SubtokenEnabled`. */
  readonly subtokenEnabled: boolean;
  /** `NetworkRegistrationAllowed`. */
  readonly registrationAllowed: boolean;
}

/**
 * `emitting = { netuid ≠ 0 : FirstEmissionBlockNumber set ∧ SubtokenEnabled ∧ NetworkRegistrationAllowed }` (spec §5.2,
 * `get_subnets_to_emit_to`). Keeps the input order.
 */
export function subnetsToEmitTo<T extends EmissionEligibility>(subnets: readonly T[]): T[] {
  return subnets.filter((s) => s.netuid !== 0 && s.started && s.subtokenEnabled && s.registrationAllowed);
}

/** Price-EMA shares `s_i = P_i / Σ P_j` in U64F64 (0 when the sum is 0), spec §5.3 (`get_shares_price_ema`). */
export function priceShares(movingPrices: readonly bigint[]): bigint[] {
  let total = 0n;
  for (const p of movingPrices) total = U64F64.add(total, p);
  return movingPrices.map((p) => U64F64.checkedDiv(p, total) ?? 0n);
}

/**
 * Current share rule (spec §5.3, `get_shares`): `w_i = s_i · (1 − min(MinerBurned_i, 1))`, renormalised by `Σ w`;
 * falls back to the unweighted price shares when `Σ w = 0`. `movingPrices` are raw U64F64 (see
 * `movingPriceForShares`), `minerBurned` raw U96F32. Returns U64F64 shares.
 */
export function emissionShares(movingPrices: readonly bigint[], minerBurned: readonly bigint[]): bigint[] {
  const shares = priceShares(movingPrices);
  const one = U64F64.fromInt(1n);
  const weighted = shares.map((s, i) => {
    const b = fxConvert(minerBurned[i] ?? 0n, U96F32, U64F64);
    return U64F64.mul(s, U64F64.sub(one, b < one ? b : one));
  });
  let total = 0n;
  for (const w of weighted) total = U64F64.add(total, w);
  if (total > 0n) return weighted.map((w) => U64F64.div(w, total));
  return shares;
}

/**
 * Emission-enabled filter (spec §5.3): if any emitting subnet has `SubnetEmissionEnabled = false`, disabled subnets get
 * share 0 and enabled shares are divided by their sum (all 0 if that sum is 0); otherwise shares are unchanged.
 */
export function applyEmissionEnabled(shares: readonly bigint[], enabled: readonly boolean[]): bigint[] {
  if (enabled.every((e) => e)) return shares.slice();
  let sum = 0n;
  shares.forEach((s, i) => {
    if (enabled[i]) sum = U64F64.add(sum, s);
  });
  return shares.map((s, i) => (enabled[i] && sum > 0n ? U64F64.div(s, sum) : 0n));
}

/**
 * Each subnet's TAO emission: `U96F32(U64F64(E) · share_i)` (spec §5.3, `get_subnet_block_emissions`). `blockEmission`
 * is the minted credit in RAO; shares are U64F64; results are raw U96F32.
 */
export function subnetTaoEmissions(blockEmission: bigint, shares: readonly bigint[]): bigint[] {
  const e = U64F64.fromInt(blockEmission);
  return shares.map((s) => fxConvert(U64F64.mul(e, s), U64F64, U96F32));
}

/**
 * Root-sell flag: `Σ_{emitting} P_i > 1` with P the moving prices as U64F64 (spec §5.5, `get_network_root_sell_flag`).
 * When false, the root share of alpha is recycled instead of accumulated.
 */
export function rootSellFlag(movingPrices: readonly bigint[]): boolean {
  let total = 0n;
  for (const p of movingPrices) total += p;
  return total > U64F64.fromInt(1n);
}

/**
 * LEGACY "Taoflow" normalisation (2025-11 → 2026-06-22, spec §5.3): `share_i = z_i^p / Σ z_j^p` for integer `p ≥ 1`,
 * computed in U64F64 after rescaling the largest `z` to 1 (`z` raw U64F64). The reference evaluated `exp(p·ln z)` in
 * I32F32, so its shares can differ from these in the last few I32F32 units; for `p = 1` this is plain normalisation.
 */
export function legacyTaoflowShares(z: readonly bigint[], p = 1): bigint[] {
  if (!Number.isInteger(p) || p < 1) throw new RangeError('legacyTaoflowShares: p must be a positive integer');
  const one = 1n << 64n;
  let max = 0n;
  for (const v of z) if (v > max) max = v;
  if (max === 0n) return z.map(() => 0n);
  // Rescale so that the largest value is 1.0, then raise to p.
  const scaled = z.map((v) => {
    const s = (v << 64n) / max;
    let r = one;
    for (let i = 0; i < p; i++) r = (r * s) >> 64n;
    return r;
  });
  let sum = 0n;
  for (const s of scaled) sum += s;
  return scaled.map((s) => (sum === 0n ? 0n : (s << 64n) / sum));
}

/**
 * LEGACY flow EMA step (spec §5.3): `S = (1 − a)·S + a·F` in I64F64 with `a = FlowEmaSmoothingFactor / i64::MAX`
 * (default 29,597,889,189,277). `emaRaw` raw I64F64, `flow` the block's net TAO flow in RAO (i64). Returns raw I64F64.
 */
export function legacyFlowEma(emaRaw: bigint, flow: bigint, smoothingFactor = 29_597_889_189_277n): bigint {
  const F = 64n;
  const max = (1n << 127n) - 1n;
  const min = -(1n << 127n);
  const sat = (v: bigint): bigint => (v > max ? max : v < min ? min : v);
  const i64Max = (1n << 63n) - 1n;
  const a = sat(((smoothingFactor << F) << F) / (i64Max << F));
  const one = 1n << F;
  const flowFx = sat(flow << F);
  return sat(sat((sat(one - a) * emaRaw) >> F) + sat((a * flowFx) >> F));
}

// Subnet registration, pruning and dissolution arithmetic (spec/economics.md §2.2, §2.4).

import { fxConvert, I96F32, U64F64, U96F32 } from '@tensorium/primitives';
import { u16RatioFixed } from './coinbase.js';
import { U64_MAX } from './constants.js';
import { fxToU64 } from './fixedExtra.js';

/** A subnet as the pruning rule sees it. */
export interface PruneCandidate {
  readonly netuid: number;
  readonly registeredAt: bigint;
  /** `SubnetMovingPrice`, raw I96F32 (root/stable subnets report 1.0). */
  readonly movingPriceRaw: bigint;
}

/**
 * The subnet dissolved to make room when the subnet limit is reached (spec §2.4, `get_network_to_prune`): among
 * non-root subnets not immune (`now < registeredAt + immunityPeriod` ⇒ immune), the lowest moving price; ties go to the
 * earliest registration, then (deterministically here) the lowest netuid. `undefined` when none is prunable.
 */
export function subnetToPrune(
  subnets: readonly PruneCandidate[],
  now: bigint,
  immunityPeriod: bigint,
): number | undefined {
  let best: { netuid: number; price: bigint; at: bigint } | undefined;
  for (const s of subnets) {
    if (s.netuid === 0) continue;
    if (now < s.registeredAt + immunityPeriod) continue;
    const price = fxConvert(s.movingPriceRaw, I96F32, U64F64);
    if (
      best === undefined ||
      price < best.price ||
      (price === best.price && (s.registeredAt < best.at || (s.registeredAt === best.at && s.netuid < best.netuid)))
    ) {
      best = { netuid: s.netuid, price, at: s.registeredAt };
    }
  }
  return best?.netuid;
}

/**
 * Median spot price (U64F64) of the existing non-root subnets with a positive price: the middle value, or the mean of
 * the two middle values (floored) for an even count; 1.0 when there are none (spec §2.2, `get_median_subnet_alpha_price`).
 */
export function medianSubnetPrice(prices: readonly bigint[]): bigint {
  const ps = prices.filter((p) => p > 0n).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (ps.length === 0) return U64F64.fromInt(1n);
  const lo = ps[(ps.length - 1) >> 1]!;
  const hi = ps[ps.length >> 1]!;
  if (ps.length % 2 === 1) return hi;
  return U64F64.div(U64F64.add(lo, hi), U64F64.fromInt(2n));
}

/** Initial pool of a new subnet (spec §2.2): TAO and alpha reserves, the lock, and the TotalStake increase. */
export interface SubnetSeed {
  readonly taoReserve: bigint;
  readonly alphaIn: bigint;
  readonly alphaOut: bigint;
  readonly locked: bigint;
  readonly totalStakeDelta: bigint;
}

/**
 * Pool seeding at registration (spec §2.2): `pool_tao = max(paid, NetworkMinLockCost)`, `SubnetTAO = pool_tao`,
 * `SubnetAlphaIn = floor(pool_tao / p_med)` (U64F64), `SubnetAlphaOut = 0`, `SubnetLocked = paid`,
 * `TotalStake += pool_tao`. The initial spot price therefore equals `p_med`.
 */
export function seedSubnetPool(paid: bigint, minLockCost: bigint, medianPriceRaw: bigint): SubnetSeed {
  const poolTao = paid > minLockCost ? paid : minLockCost;
  const alphaIn = fxToU64(U64F64, U64F64.div(U64F64.fromInt(poolTao), medianPriceRaw));
  return { taoReserve: poolTao, alphaIn, alphaOut: 0n, locked: paid, totalStakeDelta: poolTao };
}

/** Lowest unused netuid ≥ 1 (spec §2.2); root (0) is never allocated this way. */
export function lowestFreeNetuid(used: Iterable<number>): number {
  const set = new Set(used);
  let n = 1;
  while (set.has(n)) n++;
  return n;
}

/** One staker position on a dissolved subnet. */
export interface DissolutionStake {
  readonly hotkey: string;
  readonly coldkey: string;
  /** Alpha value of the position (share-pool value). */
  readonly value: bigint;
}

/** Payout of a dissolution (spec §2.4). */
export interface DissolutionPayout {
  /** TAO credited to each staker's coldkey, same order as the input (zero-value stakes omitted). */
  readonly payouts: ReadonlyArray<{ readonly hotkey: string; readonly coldkey: string; readonly amount: bigint }>;
  /** The protocol's portion (not paid out; it is recycled with the rest of the subnet account). */
  readonly protocolShare: bigint;
}

/**
 * Pro-rata payout of the TAO reserve on dissolution (spec §2.4 step 2, `destroy_alpha_in_out_stakes`): each position of
 * value `v` gets `floor(pot · v / V)` with `V = Σ v + v_p` (the protocol value `v_p`, see {@link protocolAlphaValue});
 * leftover RAO go one each to the largest remainders (stable sort, ties in input order, the protocol entry last).
 */
export function dissolutionPayout(
  pot: bigint,
  stakes: readonly DissolutionStake[],
  protocolValue: bigint,
): DissolutionPayout {
  const positive = stakes.filter((s) => s.value > 0n);
  let total = protocolValue;
  for (const s of positive) total += s.value;
  if (pot === 0n || total === 0n)
    return { payouts: positive.map((s) => ({ hotkey: s.hotkey, coldkey: s.coldkey, amount: 0n })), protocolShare: 0n };
  const portions = positive.map((s, i) => {
    const prod = pot * s.value;
    let share = prod / total;
    if (share > U64_MAX) share = U64_MAX;
    return { i, protocol: false, share, rem: prod % total };
  });
  if (protocolValue > 0n) {
    const prod = pot * protocolValue;
    portions.push({ i: positive.length, protocol: true, share: prod / total, rem: prod % total });
  }
  let distributed = 0n;
  for (const p of portions) distributed += p.share;
  const leftover = pot - distributed;
  if (leftover > 0n) {
    const order = portions.slice().sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
    const give = Number(leftover < BigInt(order.length) ? leftover : BigInt(order.length));
    for (let k = 0; k < give; k++) order[k]!.share += 1n;
  }
  const payouts = positive.map((s, i) => ({ hotkey: s.hotkey, coldkey: s.coldkey, amount: portions[i]!.share }));
  const prot = portions.find((p) => p.protocol);
  return { payouts, protocolShare: prot ? prot.share : 0n };
}

/**
 * Protocol value counted in a dissolution's total (spec §2.4): `SubnetAlphaIn + SubnetProtocolAlpha` for subnets
 * registered after `TaoInRefundDeploymentBlock`, else `SubnetProtocolAlpha`.
 */
export function protocolAlphaValue(
  alphaIn: bigint,
  protocolAlpha: bigint,
  registeredAt: bigint,
  taoInRefundDeploymentBlock: bigint,
): bigint {
  return registeredAt > taoInRefundDeploymentBlock ? alphaIn + protocolAlpha : protocolAlpha;
}

/**
 * Owner lock refund on dissolution, legacy subnets only (registered before `NetworkRegistrationStartBlock`, spec §2.4
 * step 4): `sat_sub(SubnetLocked, floor(floor(alpha_issuance · owner_cut) · spot_price))` in U96F32; 0 for new subnets.
 */
export function legacyOwnerRefund(
  locked: bigint,
  alphaIssuance: bigint,
  ownerCut: number,
  spotPriceRaw: bigint,
  isLegacy: boolean,
): bigint {
  if (!isLegacy) return 0n;
  let emissionTao = 0n;
  if (locked !== 0n && alphaIssuance > 0n) {
    const ownerAlpha = fxToU64(U96F32, U96F32.mul(U96F32.fromInt(alphaIssuance), u16RatioFixed(ownerCut)));
    if (ownerAlpha > 0n)
      emissionTao = fxToU64(U96F32, U96F32.mul(U96F32.fromInt(ownerAlpha), fxConvert(spotPriceRaw, U64F64, U96F32)));
  }
  return locked > emissionTao ? locked - emissionTao : 0n;
}

/** `start_call` is allowed once `now ≥ NetworkRegisteredAt + StartCallDelay` (spec §2.2); it sets `FirstEmissionBlockNumber = now + 1`. */
export function canStartCall(now: bigint, registeredAt: bigint, startCallDelay: bigint): boolean {
  return now >= registeredAt + startCallDelay;
}

/** Global subnet-registration rate limit: `last == 0 ∨ now − last ≥ NetworkRateLimit` (spec §2.2 step 4). */
export function networkRateLimitPassed(now: bigint, lastRegistrationBlock: bigint, rateLimit: bigint): boolean {
  return lastRegistrationBlock === 0n || now - lastRegistrationBlock >= rateLimit;
}

/** Whether a subnet is inside its pruning immunity (`now < registeredAt + NetworkImmunityPeriod`, spec §2.4). */
export function isSubnetImmune(now: bigint, registeredAt: bigint, immunityPeriod: bigint): boolean {
  return now < registeredAt + immunityPeriod;
}

// The per-block coinbase: subnet terms, liquidity injection, chain buys and the alpha-out split
// (spec/economics.md §5.3–§5.5). Pure: takes the emitting subnets' pool state, returns every delta.

import { fxConvert, U64F64, U96F32 } from '@tensorium/primitives';
import { quoteWeightAfterLiquidity } from './balancer.js';
import { DEFAULT_MINIMUM_RESERVE, DEFAULT_SUBNET_OWNER_CUT, MAX_PRICE_RAO, U16_MAX, U64_MAX } from './constants.js';
import { applyEmissionEnabled, emissionShares, rootSellFlag, subnetTaoEmissions } from './emissionShares.js';
import { fxToU64 } from './fixedExtra.js';
import { blockEmissionForIssuance } from './issuance.js';
import { movingPriceForShares } from './movingPrice.js';
import { executeSwap, limitPriceFromRao, type PoolState, poolPrice } from './swap.js';

// The two conversions below are pure functions of a parameter that rarely changes, called for every subnet and every
// paid hotkey: each keeps its last results (a 128-bit division each time otherwise).
let lastTaoWeight: [bigint, bigint] | undefined;
const U16_RATIOS = new Map<number, bigint>();

/** `tao_weight = TaoWeight / u64::MAX` as a raw U96F32 (spec §5.4, `get_tao_weight`). */
export function taoWeightFixed(taoWeight: bigint): bigint {
  if (lastTaoWeight === undefined || lastTaoWeight[0] !== taoWeight)
    lastTaoWeight = [taoWeight, U96F32.div(U96F32.fromInt(taoWeight), U96F32.fromInt(U64_MAX))];
  return lastTaoWeight[1];
}

/** A u16 ratio (`value / 65535`) as a raw U96F32, e.g. the owner cut or a delegate take. */
export function u16RatioFixed(value: number): bigint {
  let r = U16_RATIOS.get(value);
  if (r === undefined) {
    r = U96F32.div(U96F32.fromInt(BigInt(value)), U96F32.fromInt(U16_MAX));
    if (U16_RATIOS.size < 4096) U16_RATIOS.set(value, r);
  }
  return r;
}

/**
 * Root proportion `R / (R + alpha_issuance)` with `R = SubnetTAO[0] · tao_weight`, raw U96F32, 0 when the denominator
 * is 0 (spec §5.4, `root_proportion`). `taoWeight` is the stored u64 ratio.
 */
export function rootProportion(alphaIssuance: bigint, rootTao: bigint, taoWeight: bigint): bigint {
  const r = U96F32.mul(U96F32.fromInt(rootTao), taoWeightFixed(taoWeight));
  return U96F32.checkedDiv(r, U96F32.add(r, U96F32.fromInt(alphaIssuance))) ?? 0n;
}

/** The four terms of one subnet for one block, raw U96F32 (spec §5.4). */
export interface SubnetTerms {
  readonly taoIn: bigint;
  readonly alphaIn: bigint;
  readonly alphaOut: bigint;
  readonly excessTao: bigint;
  /** The root proportion used for the injection cap. */
  readonly rootProp: bigint;
}

/**
 * `get_subnet_terms` for one subnet (spec §5.4): `alpha_emission = emission_for_issuance(alpha_issuance)`,
 * `alpha_in = div0(tao_emission, price)` capped at `root_prop · alpha_emission` (then `tao_in = cap · price`),
 * `excess = tao_emission − tao_in`, `alpha_out = alpha_emission`. `taoEmission` raw U96F32, `priceRaw` raw U64F64
 * (truncated to U96F32 here), `rootProp` raw U96F32.
 */
export function subnetTerms(
  taoEmission: bigint,
  alphaIssuance: bigint,
  priceRaw: bigint,
  rootProp: bigint,
): SubnetTerms {
  const alphaEmission = U96F32.fromInt(blockEmissionForIssuance(alphaIssuance));
  const price = fxConvert(priceRaw, U64F64, U96F32);
  let taoIn = taoEmission;
  let alphaIn = U96F32.checkedDiv(taoEmission, price) ?? 0n;
  const cap = U96F32.mul(rootProp, alphaEmission);
  if (alphaIn > cap) {
    alphaIn = cap;
    taoIn = U96F32.mul(alphaIn, price);
  }
  return { taoIn, alphaIn, alphaOut: alphaEmission, excessTao: U96F32.sub(taoEmission, taoIn), rootProp };
}

/** Split of one block's alpha_out (spec §5.5), integer amounts after flooring. */
export interface AlphaOutSplit {
  readonly ownerCut: bigint;
  readonly server: bigint;
  readonly validator: bigint;
  /** Root alpha; accumulated into `PendingRootAlphaDivs` if the root-sell flag is on, else recycled. */
  readonly rootAlpha: bigint;
}

/**
 * Splits one block's alpha_out (raw U96F32) (spec §5.5): owner cut `oc = alpha_out · cut` (if enabled), then on the rest
 * `root_alpha = root_prop · rest · 0.5`, `server = rest · 0.5`, `validator = (rest − server) − root_alpha`; every
 * pending amount is floored separately. `cut` and `rootProp` are raw U96F32.
 */
export function splitAlphaOut(
  alphaOutRaw: bigint,
  ownerCutEnabled: boolean,
  cut: bigint,
  rootProp: bigint,
): AlphaOutSplit {
  let rest = alphaOutRaw;
  let ownerCut = 0n;
  if (ownerCutEnabled) {
    const oc = U96F32.mul(rest, cut);
    rest = U96F32.sub(rest, oc);
    ownerCut = fxToU64(U96F32, oc);
  }
  const half = U96F32.ratio(1n, 2n);
  const rootAlpha = U96F32.mul(U96F32.mul(rootProp, rest), half);
  const server = U96F32.mul(rest, half);
  const validator = U96F32.sub(U96F32.sub(rest, server), rootAlpha);
  return {
    ownerCut,
    server: fxToU64(U96F32, server),
    validator: fxToU64(U96F32, validator),
    rootAlpha: fxToU64(U96F32, rootAlpha),
  };
}

/** An emitting subnet's state as the coinbase reads it. */
export interface CoinbaseSubnet {
  readonly netuid: number;
  /** 0 stable, 1 dynamic. */
  readonly mechanism: number;
  /** `SubnetTAO`. */
  readonly taoReserve: bigint;
  /** `SubnetAlphaIn`. */
  readonly alphaIn: bigint;
  /** `SubnetAlphaOut`. */
  readonly alphaOut: bigint;
  /** Balancer quote weight, Perquintill parts. */
  readonly quoteWeight: bigint;
  /** `SubnetMovingPrice`, raw I96F32. */
  readonly movingPriceRaw: bigint;
  /** `MinerBurned`, raw U96F32 (default 0). */
  readonly minerBurnedRaw?: bigint;
  /** `SubnetEmissionEnabled` (default true). */
  readonly emissionEnabled?: boolean;
  /** `OwnerCutEnabled` (default true). */
  readonly ownerCutEnabled?: boolean;
}

/** Global inputs of the coinbase. */
export interface CoinbaseParams {
  /** `SubnetTAO[0]`: TAO staked on root. */
  readonly rootTao: bigint;
  /** `TaoWeight` (u64 ratio). */
  readonly taoWeight: bigint;
  /** `SubnetOwnerCut` (u16 ratio; default 11,796). */
  readonly ownerCut?: number;
  /** `MinimumReserve` for the chain buy (default 1,000,000). */
  readonly minimumReserve?: bigint;
}

/** Everything the coinbase did to one subnet. */
export interface CoinbaseSubnetResult {
  readonly netuid: number;
  /** Emission share, raw U64F64. */
  readonly share: bigint;
  /** TAO emission, raw U96F32. */
  readonly taoEmission: bigint;
  readonly terms: SubnetTerms;
  /** TAO and alpha actually injected (0, 0 if the weight update was rejected). */
  readonly injectedTao: bigint;
  readonly injectedAlpha: bigint;
  /** TAO moved into the subnet account for the chain buy (`floor(excess)`, if spendable). */
  readonly excessTaoMoved: bigint;
  /** TAO of the chain buy that entered the pool (`SubnetExcessTao`), and the alpha it bought (`SubnetProtocolAlpha += `). */
  readonly chainBuyTaoIn: bigint;
  readonly chainBuyAlphaOut: bigint;
  /** Alpha minted into AlphaOut this block (`floor(alpha_out)`). */
  readonly alphaOutMinted: bigint;
  readonly split: AlphaOutSplit;
  /** Root proportion recomputed after injection (used for the split). */
  readonly rootPropAfter: bigint;
  /** Root alpha recycled because the root-sell flag is off. */
  readonly rootAlphaRecycled: bigint;
  /** `TotalStake` increase caused by this subnet. */
  readonly totalStakeDelta: bigint;
  /** Subnet state after the coinbase (pending accumulators not included). */
  readonly after: {
    readonly taoReserve: bigint;
    readonly alphaIn: bigint;
    readonly alphaOut: bigint;
    readonly quoteWeight: bigint;
  };
}

/** Result of {@link runCoinbaseEmission}. */
export interface CoinbaseResult {
  readonly subnets: CoinbaseSubnetResult[];
  readonly rootSellFlag: boolean;
  /** Credit left unspent and recycled (`TotalIssuance −=`). */
  readonly recycledCredit: bigint;
}

/**
 * The emission part of `run_coinbase` for one block (spec §5.3–§5.5), over the emitting subnets in storage order:
 * shares (price EMA × miner burn, emission-enabled filter), each subnet's TAO emission and terms; then per subnet in
 * order: the balancer re-weighting for `(floor(tao_in), floor(alpha_in))`, the fee-free chain buy of `floor(excess)`
 * at max price against the pre-injection reserves with the new weights, the alpha injection and the TAO injection;
 * the unspent credit is recycled; finally alpha_out is minted and split (owner cut, server, validator, root alpha).
 * Draining pending amounts at epochs is separate (§5.7). `blockEmission` is the minted credit (RAO).
 */
export function runCoinbaseEmission(
  blockEmission: bigint,
  subnets: readonly CoinbaseSubnet[],
  params: CoinbaseParams,
): CoinbaseResult {
  const cut = u16RatioFixed(params.ownerCut ?? DEFAULT_SUBNET_OWNER_CUT);
  const minimumReserve = params.minimumReserve ?? DEFAULT_MINIMUM_RESERVE;
  const moving = subnets.map((s) => movingPriceForShares(s.movingPriceRaw, s.mechanism !== 1));
  const shares = applyEmissionEnabled(
    emissionShares(
      moving,
      subnets.map((s) => s.minerBurnedRaw ?? 0n),
    ),
    subnets.map((s) => s.emissionEnabled ?? true),
  );
  const taoEmissions = subnetTaoEmissions(blockEmission, shares);
  const flag = rootSellFlag(moving);

  const state = subnets.map((s) => ({ tao: s.taoReserve, alphaIn: s.alphaIn, alphaOut: s.alphaOut, w: s.quoteWeight }));
  const terms = subnets.map((s, i) => {
    const pool: PoolState = {
      taoReserve: s.taoReserve,
      alphaReserve: s.alphaIn,
      quoteWeight: s.quoteWeight,
      mechanism: s.mechanism,
    };
    return subnetTerms(
      taoEmissions[i]!,
      s.alphaIn + s.alphaOut,
      poolPrice(pool),
      rootProportion(s.alphaIn + s.alphaOut, params.rootTao, params.taoWeight),
    );
  });

  let credit = blockEmission;
  const partial: Omit<
    CoinbaseSubnetResult,
    'alphaOutMinted' | 'split' | 'rootPropAfter' | 'rootAlphaRecycled' | 'after'
  >[] = [];
  subnets.forEach((s, i) => {
    const st = state[i]!;
    const t = terms[i]!;
    const taoIn = fxToU64(U96F32, t.taoIn);
    const alphaIn = fxToU64(U96F32, t.alphaIn);
    const excess = fxToU64(U96F32, t.excessTao);
    const w = quoteWeightAfterLiquidity(st.w, st.tao, st.alphaIn, taoIn, alphaIn);
    const [injTao, injAlpha] = w === undefined ? [0n, 0n] : [taoIn, alphaIn];
    if (w !== undefined) st.w = w;
    let moved = 0n;
    let buyIn = 0n;
    let buyOut = 0n;
    let stakeDelta = 0n;
    if (excess > 0n && credit >= excess) {
      credit -= excess;
      moved = excess;
      const pool: PoolState = {
        taoReserve: st.tao,
        alphaReserve: st.alphaIn,
        quoteWeight: st.w,
        mechanism: s.mechanism,
      };
      const r = executeSwap(pool, 'stake', excess, limitPriceFromRao(MAX_PRICE_RAO), {
        dropFees: true,
        minimumReserve,
      });
      if (r.ok) {
        buyIn = r.value.amountPaidIn;
        buyOut = r.value.amountPaidOut;
        st.alphaIn = st.alphaIn > buyOut ? st.alphaIn - buyOut : 0n;
        st.alphaOut = st.alphaOut + buyOut;
        st.tao = st.tao + buyIn;
        stakeDelta += excess;
      }
    }
    st.alphaIn += injAlpha;
    if (injTao > 0n && credit >= injTao) {
      credit -= injTao;
      st.tao += injTao;
      stakeDelta += injTao;
    }
    partial.push({
      netuid: s.netuid,
      share: shares[i]!,
      taoEmission: taoEmissions[i]!,
      terms: t,
      injectedTao: injTao,
      injectedAlpha: injAlpha,
      excessTaoMoved: moved,
      chainBuyTaoIn: buyIn,
      chainBuyAlphaOut: buyOut,
      totalStakeDelta: stakeDelta,
    });
  });

  const results: CoinbaseSubnetResult[] = subnets.map((s, i) => {
    const st = state[i]!;
    const t = terms[i]!;
    const minted = fxToU64(U96F32, t.alphaOut);
    st.alphaOut += minted;
    const rp = rootProportion(st.alphaIn + st.alphaOut, params.rootTao, params.taoWeight);
    const split = splitAlphaOut(t.alphaOut, s.ownerCutEnabled ?? true, cut, rp);
    let recycled = 0n;
    if (!flag && split.rootAlpha > 0n) {
      recycled = split.rootAlpha;
      st.alphaOut = st.alphaOut > recycled ? st.alphaOut - recycled : 0n;
    }
    const p = partial[i]!;
    // Listed field by field: a spread of `p` plus five more fields builds a slow dictionary-mode object in V8.
    return {
      netuid: p.netuid,
      share: p.share,
      taoEmission: p.taoEmission,
      terms: p.terms,
      injectedTao: p.injectedTao,
      injectedAlpha: p.injectedAlpha,
      excessTaoMoved: p.excessTaoMoved,
      chainBuyTaoIn: p.chainBuyTaoIn,
      chainBuyAlphaOut: p.chainBuyAlphaOut,
      totalStakeDelta: p.totalStakeDelta,
      alphaOutMinted: minted,
      split,
      rootPropAfter: rp,
      rootAlphaRecycled: recycled,
      after: { taoReserve: st.tao, alphaIn: st.alphaIn, alphaOut: st.alphaOut, quoteWeight: st.w },
    };
  });
  return { subnets: results, rootSellFlag: flag, recycledCredit: credit };
}

/** Adds two u64 amounts saturating (pending accumulators). */
export function addPending(current: bigint, amount: bigint): bigint {
  const r = current + amount;
  return r > U64_MAX ? U64_MAX : r;
}

// From epoch results to stake: parent/child splits, alpha vs root dividends, takes, incentives and the owner cut
// (spec/economics.md §5.7–§5.8).

import { U96F32 } from '@tensorium/primitives';
import { taoWeightFixed, u16RatioFixed } from './coinbase.js';
import { U64_MAX } from './constants.js';
import { fxToU64 } from './fixedExtra.js';

/** The four pending accumulators of a subnet, drained when its epoch runs (spec §5.5, §5.7). */
export interface PendingEmission {
  readonly server: bigint;
  readonly validator: bigint;
  readonly root: bigint;
  readonly ownerCut: bigint;
}

/** Alpha handed to the epoch: `server + validator + root` (saturating), spec §5.7. */
export function epochEmissionInput(p: PendingEmission): bigint {
  const r = p.server + p.validator + p.root;
  return r > U64_MAX ? U64_MAX : r;
}

/** Validator pool of the epoch: `validator`, or `validator + server` when Σ incentive = 0 (spec §5.7). */
export function validatorPool(p: PendingEmission, incentiveSum: bigint): bigint {
  if (incentiveSum !== 0n) return p.validator;
  const r = p.validator + p.server;
  return r > U64_MAX ? U64_MAX : r;
}

/** One parent of a hotkey on a subnet (childkey mechanism). */
export interface ParentStake {
  readonly hotkey: string;
  /** Proportion as a u64 ratio of `u64::MAX`. */
  readonly proportion: bigint;
  /** Parent's alpha stake on this subnet. */
  readonly alphaStake: bigint;
  /** Parent's root stake. */
  readonly rootStake: bigint;
  /** Whether the parent's owner coldkey is the child's owner coldkey (then no take and no burn). */
  readonly sameColdkey: boolean;
}

/** Inputs of {@link parentChildDividends}. */
export interface ParentChildInput {
  readonly hotkey: string;
  /** The hotkey's dividend from the epoch. */
  readonly dividend: bigint;
  readonly alphaStake: bigint;
  readonly rootStake: bigint;
  /** Proportions (u64 ratios) given to its children. */
  readonly childProportions: readonly bigint[];
  readonly parents: readonly ParentStake[];
  /** `ChildkeyTake[hotkey][netuid]` (u16 ratio). */
  readonly childkeyTake: number;
  /** `CKBurn` (u64 ratio, default 0). */
  readonly ckBurn: bigint;
  /** `TaoWeight` (u64 ratio). */
  readonly taoWeight: bigint;
}

/** Result of {@link parentChildDividends}: amounts per recipient (parents first, the hotkey last) and the recycled burn. */
export interface ParentChildSplit {
  readonly shares: ReadonlyArray<{ readonly hotkey: string; readonly amount: bigint }>;
  /** Σ floor(burn take), recycled from the subnet's alpha. */
  readonly recycled: bigint;
}

/**
 * Self contribution of a hotkey: `floor((alpha + tao_weight · root) · (1 − Σ child proportions))` computed as
 * `alpha·rem + root·rem·tw` in U96F32 and floored (spec §5.8 c, `get_self_contribution`).
 */
export function selfContribution(
  alphaStake: bigint,
  rootStake: bigint,
  childProportions: readonly bigint[],
  taoWeight: bigint,
): bigint {
  let remaining = U96F32.fromInt(1n);
  const max = U96F32.fromInt(U64_MAX);
  for (const p of childProportions) remaining = U96F32.sub(remaining, U96F32.div(U96F32.fromInt(p), max));
  const tw = taoWeightFixed(taoWeight);
  const a = U96F32.mul(U96F32.fromInt(alphaStake), remaining);
  const r = U96F32.mul(U96F32.mul(U96F32.fromInt(rootStake), remaining), tw);
  return fxToU64(U96F32, U96F32.add(a, r));
}

/**
 * Splits one hotkey's dividend among its parents and itself (spec §5.8 c, `get_parent_child_dividends_distribution`):
 * `parent_c = (parent alpha + tw · parent root) · proportion`, each parent gets `floor(D · parent_c / total)` minus, for a
 * different coldkey, `CKBurn` (recycled) and `childkey_take` (kept by the child); the child keeps
 * `floor(D − Σ gross parent shares + Σ child takes)`.
 */
export function parentChildDividends(input: ParentChildInput): ParentChildSplit {
  const D = U96F32.fromInt(input.dividend);
  // Without parents the hotkey keeps `floor(D − 0 + 0)`: the contributions below would only feed the parents' shares.
  if (input.parents.length === 0)
    return { shares: [{ hotkey: input.hotkey, amount: fxToU64(U96F32, D) }], recycled: 0n };
  let remaining = D;
  const burnProp = U96F32.div(U96F32.fromInt(input.ckBurn), U96F32.fromInt(U64_MAX));
  const takeProp = u16RatioFixed(input.childkeyTake);
  const tw = taoWeightFixed(input.taoWeight);
  let total = U96F32.fromInt(
    selfContribution(input.alphaStake, input.rootStake, input.childProportions, input.taoWeight),
  );
  const max = U96F32.fromInt(U64_MAX);
  const contributions = input.parents.map((p) => {
    const pp = U96F32.div(U96F32.fromInt(p.proportion), max);
    const c = U96F32.add(
      U96F32.mul(U96F32.fromInt(p.alphaStake), pp),
      U96F32.mul(U96F32.mul(U96F32.fromInt(p.rootStake), pp), tw),
    );
    total = U96F32.add(total, c);
    return c;
  });
  const shares: { hotkey: string; amount: bigint }[] = [];
  let childTakes = 0n;
  let recycled = 0n;
  input.parents.forEach((p, i) => {
    const factor = U96F32.checkedDiv(contributions[i]!, total) ?? 0n;
    let pe = U96F32.mul(D, factor);
    remaining = U96F32.sub(remaining, pe);
    if (!p.sameColdkey) {
      const burn = U96F32.mul(burnProp, pe);
      const take = U96F32.mul(takeProp, pe);
      pe = U96F32.sub(U96F32.sub(pe, burn), take);
      childTakes = U96F32.add(childTakes, take);
      recycled += fxToU64(U96F32, burn);
    }
    shares.push({ hotkey: p.hotkey, amount: fxToU64(U96F32, pe) });
  });
  shares.push({ hotkey: input.hotkey, amount: fxToU64(U96F32, U96F32.add(remaining, childTakes)) });
  return { shares, recycled };
}

/** Per-hotkey dividends split into alpha and root pools, raw U96F32 values (spec §5.8 d). */
export interface DividendDistribution {
  readonly alpha: Map<string, bigint>;
  readonly root: Map<string, bigint>;
}

/**
 * `calculate_dividend_distribution` (spec §5.8 d): each hotkey's dividend `d` (raw U96F32) is split by its own stakes,
 * `root_part = d · ra/(alpha + ra)` with `ra = root · tw`, `alpha_part = d − root_part`; then
 * `alpha dividend = validator_pool · alpha_part / Σ alpha_part` and `root dividend = root_pool · root_part / Σ root_part`
 * (each division 0 on a zero divisor: a pool nobody can receive is paid to nobody). Hotkeys absent from `stakes` are
 * skipped. Inputs: `stakes` hotkey → [alpha stake, root stake]; `taoWeight` the u64 ratio.
 */
export function dividendDistribution(
  validatorAlpha: bigint,
  rootAlpha: bigint,
  taoWeight: bigint,
  stakes: ReadonlyMap<string, readonly [bigint, bigint]>,
  dividends: ReadonlyMap<string, bigint>,
): DividendDistribution {
  const tw = taoWeightFixed(taoWeight);
  let totalRoot = 0n;
  let totalAlpha = 0n;
  const rootDivs = new Map<string, bigint>();
  const alphaDivs = new Map<string, bigint>();
  for (const [hk, d] of dividends) {
    const st = stakes.get(hk);
    if (!st) continue;
    if (d === 0n) {
      // A zero dividend has zero root and alpha parts whatever the stakes (but still takes part, with zero).
      if (!alphaDivs.has(hk)) alphaDivs.set(hk, 0n);
      if (!rootDivs.has(hk)) rootDivs.set(hk, 0n);
      continue;
    }
    const a = U96F32.fromInt(st[0]);
    const ra = U96F32.mul(U96F32.fromInt(st[1]), tw);
    const rp = U96F32.checkedDiv(ra, U96F32.add(a, ra)) ?? 0n;
    const rd = U96F32.mul(d, rp);
    const ad = U96F32.sub(d, rd);
    alphaDivs.set(hk, U96F32.add(alphaDivs.get(hk) ?? 0n, ad));
    totalAlpha = U96F32.add(totalAlpha, ad);
    rootDivs.set(hk, U96F32.add(rootDivs.get(hk) ?? 0n, rd));
    totalRoot = U96F32.add(totalRoot, rd);
  }
  const root = new Map<string, bigint>();
  for (const [hk, rd] of rootDivs)
    root.set(hk, U96F32.mul(U96F32.fromInt(rootAlpha), U96F32.checkedDiv(rd, totalRoot) ?? 0n));
  const alpha = new Map<string, bigint>();
  for (const [hk, ad] of alphaDivs)
    alpha.set(hk, U96F32.mul(U96F32.fromInt(validatorAlpha), U96F32.checkedDiv(ad, totalAlpha) ?? 0n));
  return { alpha, root };
}

/** A delegate-take split of one dividend (raw U96F32 in, integer amounts out), spec §5.8 e–f. */
export interface TakeSplit {
  /** `floor(take · d)`: staked to (hotkey, its owner coldkey). */
  readonly take: bigint;
  /** `floor(d − take)`: to all nominators (alpha) or to root stakers as claimable (root). */
  readonly rest: bigint;
}

const ZERO_TAKE_SPLIT: TakeSplit = { take: 0n, rest: 0n };

/** Splits a dividend by the hotkey's delegate take (`Delegates[hotkey]`, u16 ratio), spec §5.8 e–f. */
export function splitDelegateTake(dividendRaw: bigint, delegateTake: number): TakeSplit {
  if (dividendRaw === 0n) return ZERO_TAKE_SPLIT;
  const take = U96F32.mul(u16RatioFixed(delegateTake), dividendRaw);
  return { take: fxToU64(U96F32, take), rest: fxToU64(U96F32, U96F32.sub(dividendRaw, take)) };
}

/** Fate of one miner incentive (spec §5.8 b). */
export type IncentiveFate =
  | { readonly kind: 'stake'; readonly hotkey: string; readonly destination: string; readonly amount: bigint }
  | { readonly kind: 'burn' | 'recycle'; readonly hotkey: string; readonly amount: bigint };

/**
 * Routes summed miner incentives (spec §5.8 b): a hotkey in the owner set is withheld (burned, or recycled if
 * `recycle`), any other is staked to its auto-stake destination or itself. Also returns `MinerBurned` =
 * withheld / total as raw U96F32 (0 when the total is 0), which feeds the next emission shares (§5.3).
 */
export function routeIncentives(
  incentives: ReadonlyMap<string, bigint>,
  ownerHotkeys: ReadonlySet<string>,
  recycle: boolean,
  autoStakeDestination: (hotkey: string) => string | undefined = () => undefined,
): { readonly fates: IncentiveFate[]; readonly minerBurnedRaw: bigint } {
  let total = 0n;
  let withheld = 0n;
  const fates: IncentiveFate[] = [];
  for (const [hk, amount] of incentives) {
    total += amount;
    if (ownerHotkeys.has(hk)) {
      withheld += amount;
      fates.push({ kind: recycle ? 'recycle' : 'burn', hotkey: hk, amount });
      continue;
    }
    fates.push({ kind: 'stake', hotkey: hk, destination: autoStakeDestination(hk) ?? hk, amount });
  }
  const clamp = (v: bigint): bigint => (v > U64_MAX ? U64_MAX : v);
  return {
    fates,
    minerBurnedRaw: U96F32.checkedDiv(U96F32.fromInt(clamp(withheld)), U96F32.fromInt(clamp(total))) ?? 0n,
  };
}

/**
 * The owner set whose miner incentive is withheld (spec §2.6, §5.8 b, `get_owner_hotkeys`): the owner coldkey's
 * UID-holding hotkeys sorted by registration block descending then uid ascending, with `SubnetOwnerHotkey` put first if
 * it holds a UID and is not already listed.
 */
export function ownerHotkeys(
  owned: ReadonlyArray<{ readonly hotkey: string; readonly uid: number; readonly registeredAt: bigint }>,
  subnetOwnerHotkey?: { readonly hotkey: string; readonly hasUid: boolean },
): string[] {
  const sorted = owned
    .slice()
    .sort((a, b) => (a.registeredAt === b.registeredAt ? a.uid - b.uid : a.registeredAt > b.registeredAt ? -1 : 1));
  const out = sorted.map((o) => o.hotkey);
  if (subnetOwnerHotkey?.hasUid && !out.includes(subnetOwnerHotkey.hotkey)) out.unshift(subnetOwnerHotkey.hotkey);
  return out;
}

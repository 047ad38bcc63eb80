/**
 * Scores → the (uid, u16) vector a validator submits (spec/neurons.md §4.4 `set_weights`, spec/economics.md §7.1),
 * in integers only: max-upscale to u16 with the chain's own function (`maxUpscaleToU16`, the reference SDK's
 * `convert_weights_and_uids_for_emit`; for scores above 32,768 the chain multiplies by the I32F32 ratio 65535/max, so a
 * value can be one below the float rounding), drop zeros, pad up to `min_allowed_weights` with weight 1, and cap the largest
 * weights so that the sum-normalised maximum is within `max_weights_limit` (checked with the chain's
 * `isMaxWeightLimited`). L1 normalisation does not change a max-upscaled vector, so the shares shown in logs come
 * from `normalizeWeightsU16`.
 */
import { isMaxWeightLimited, maxUpscaleToU16, normalizeWeightsU16 } from '@tensorium/runtime';

export interface WeightPlanInput {
  /** Score per uid (non-negative integers below 2^31, e.g. parts per 10^9). */
  readonly scores: readonly number[];
  /** Neurons on the subnet. */
  readonly n: number;
  readonly minAllowedWeights: number;
  /** u16 ratio; 65,535 = no limit. */
  readonly maxWeightsLimit: number;
  /** The validator's own uid (padded last). */
  readonly selfUid?: number;
}

export type WeightPlan =
  | {
      readonly ok: true;
      readonly uids: number[];
      readonly weights: number[];
      /** Sum-normalised to 65,535 (what each uid's share is). */
      readonly shares: number[];
      /** Uids added with weight 1 to reach min_allowed_weights (or to make the max weight limit reachable). */
      readonly padded: number[];
      /** Uids whose weight was lowered by the max weight limit. */
      readonly capped: number[];
    }
  | { readonly ok: false; readonly code: 'NO_SCORES' | 'MAX_WEIGHT_LIMIT'; readonly reason: string };

const U16 = 65_535;

export function planWeights(i: WeightPlanInput): WeightPlan {
  const scored = i.scores.map((s, uid) => [uid, s] as const).filter(([uid, s]) => s > 0 && uid < i.n);
  if (scored.length === 0)
    return { ok: false, code: 'NO_SCORES', reason: 'every score is 0: no miner has earned a weight yet' };
  const up = maxUpscaleToU16(scored.map(([, s]) => s));
  let pairs = scored.map(([uid], k) => [uid, up[k]!] as [number, number]).filter(([, w]) => w > 0);
  const padded: number[] = [];
  const limited = i.maxWeightsLimit < U16;
  // Entries needed: min_allowed_weights (capped at n), and enough for the limit to be reachable at all.
  const needForLimit = limited ? Math.ceil(U16 / Math.max(1, i.maxWeightsLimit)) : 0;
  const need = Math.min(i.n, Math.max(i.minAllowedWeights, needForLimit));
  if (pairs.length < need) {
    const have = new Set(pairs.map(([u]) => u));
    const order = [...Array(i.n).keys()].filter((u) => !have.has(u) && u !== i.selfUid);
    if (i.selfUid !== undefined && i.selfUid < i.n && !have.has(i.selfUid)) order.push(i.selfUid);
    for (const u of order.slice(0, need - pairs.length)) {
      pairs.push([u, 1]);
      padded.push(u);
    }
    pairs.sort((a, b) => a[0] - b[0]);
  }
  const capped: number[] = [];
  if (
    limited &&
    !isMaxWeightLimited(
      pairs.map(([, w]) => w),
      i.maxWeightsLimit,
    )
  ) {
    const out = capToLimit(
      pairs.map(([, w]) => w),
      i.maxWeightsLimit,
    );
    if (!out) {
      return {
        ok: false,
        code: 'MAX_WEIGHT_LIMIT',
        reason: `max_weights_limit ${i.maxWeightsLimit}/65535 cannot be met with ${pairs.length} weights on ${i.n} neurons`,
      };
    }
    const sumIn = pairs.reduce((a, [, w]) => a + BigInt(w), 0n);
    const sumOut = out.reduce((a, w) => a + BigInt(w), 0n);
    pairs.forEach(([uid, w], k) => {
      if (BigInt(out[k]!) * sumIn < BigInt(w) * sumOut) capped.push(uid);
    });
    pairs = pairs.map(([uid], k) => [uid, out[k]!]);
  }
  const weights = pairs.map(([, w]) => w);
  return { ok: true, uids: pairs.map(([u]) => u), weights, shares: normalizeWeightsU16(weights), padded, capped };
}

/**
 * Lowers the largest values to a common level c so that `c / Σ ≤ limit / 65535`, then max-upscales; `undefined`
 * when no capping meets the limit. Closed form per number k of capped values (largest first):
 * `c = floor(limit · rest / (65535 − k · limit))`, the first k whose c is at least the next value.
 */
export function capToLimit(values: readonly number[], limit: number): number[] | undefined {
  const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b);
  const v = order.map((i) => BigInt(values[i]!));
  const L = BigInt(limit);
  const U = BigInt(U16);
  let level: bigint | undefined;
  let k = 0;
  for (k = 1; k <= v.length; k++) {
    const rest = v.slice(k).reduce((a, b) => a + b, 0n);
    const nextV = v[k] ?? 0n;
    const c = U > BigInt(k) * L ? (L * rest) / (U - BigInt(k) * L) : k < v.length ? nextV : v[k - 1]!;
    if (k < v.length ? c >= nextV && c > 0n : c > 0n) {
      level = c;
      break;
    }
  }
  if (level === undefined) return undefined;
  const w = values.slice();
  for (let j = 0; j < k; j++) w[order[j]!] = Number(level);
  // Rounding in the upscale may overshoot by a hair: lower the capped level until the chain's check passes.
  for (let tries = 0; tries < 64 && Number(level) > 0; tries++) {
    const up = maxUpscaleToU16(w);
    if (isMaxWeightLimited(up, limit)) return up;
    level -= 1n;
    for (let j = 0; j < k; j++) w[order[j]!] = Number(level);
  }
  return undefined;
}

// Weight submission math and checks, and the commit-reveal hash (spec/economics.md §7.1–§7.2).
import { blake2b256, I32F32 } from '@tensorium/primitives';
import { fxToU16 } from './fixedExtra.js';

const U16 = 65_535n;

/**
 * Max-upscales u16 weights so the largest becomes 65,535 (spec §7.1, `vec_u16_max_upscale_to_u16`), in I32F32:
 * `round(v · 65535 / max)`, or `round(v · (65535 / max))` when `max > 32768` (to stay in range); all zeros stay zeros.
 * Rounding is half away from zero, results saturate to u16.
 */
export function maxUpscaleToU16(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const u16max = I32F32.fromInt(U16);
  const fixed = values.map((v) => I32F32.fromInt(BigInt(v)));
  let max = fixed[0]!;
  for (const v of fixed) if (v > max) max = v;
  if (max === 0n) return fixed.map((e) => fxToU16(I32F32, I32F32.mul(e, u16max)));
  if (max > I32F32.fromInt(32_768n)) {
    const ratio = I32F32.div(u16max, max);
    return fixed.map((e) => fxToU16(I32F32, I32F32.round(I32F32.mul(e, ratio))));
  }
  return fixed.map((e) => fxToU16(I32F32, I32F32.round(I32F32.div(I32F32.mul(e, u16max), max))));
}

/** Sum-normalises u16 weights to 65,535: `floor(v · 65535 / Σ v)` (unchanged if Σ = 0), `normalize_weights`. */
export function normalizeWeightsU16(values: readonly number[]): number[] {
  let sum = 0n;
  for (const v of values) sum += BigInt(v);
  if (sum === 0n) return values.slice();
  return values.map((v) => Number(((BigInt(v) * U16) / sum) & 0xffffn));
}

/**
 * Whether the sum-normalised maximum is ≤ `maxLimit / 65535` in I32F32 (`check_vec_max_limited`). An all-zero vector
 * passes.
 */
export function isMaxWeightLimited(values: readonly number[], maxLimit: number): boolean {
  const limit = I32F32.div(I32F32.fromInt(BigInt(maxLimit)), I32F32.fromInt(U16));
  const fixed = values.map((v) => I32F32.fromInt(BigInt(v)));
  let sum = 0n;
  for (const v of fixed) sum += v;
  const norm = sum === 0n ? fixed : fixed.map((v) => I32F32.div(v, sum));
  let max: bigint | undefined;
  for (const v of norm) if (max === undefined || v > max) max = v;
  return max === undefined || max <= limit;
}

/** A single weight on the caller's own uid (`is_self_weight`). */
export function isSelfWeight(uid: number, uids: readonly number[], values: readonly number[]): boolean {
  return values.length === 1 && uids.length > 0 && uids[0] === uid;
}

/** Whether a uid list contains a duplicate. */
export function hasDuplicateUids(uids: readonly number[]): boolean {
  return new Set(uids).size !== uids.length;
}

/** Storage index of a sub-mechanism's weights: `netuid + 4096 · mecid` (spec §7.1). */
export function mechanismStorageIndex(netuid: number, mecid = 0): number {
  return netuid + 4096 * mecid;
}

/** Everything `set_weights` checks, as plain values. */
export interface SetWeightsInput {
  readonly netuid: number;
  readonly commitRevealEnabled: boolean;
  /** The subnet (and the mechanism id) exists. */
  readonly mechanismExists: boolean;
  readonly uids: readonly number[];
  readonly values: readonly number[];
  readonly versionKey: bigint;
  /** `SubnetworkN`. */
  readonly subnetN: number;
  /** The caller's uid, `undefined` if its hotkey is not registered on the subnet. */
  readonly callerUid: number | undefined;
  /** The caller's uid is the subnet owner hotkey's uid. */
  readonly callerIsOwner: boolean;
  /** Weighted stake of the caller (`alpha + tao_weight · root`, inherited) and `StakeThreshold`. */
  readonly callerStake: bigint;
  readonly stakeThreshold: bigint;
  readonly weightsVersionKey: bigint;
  readonly now: bigint;
  /** `LastUpdate` of the caller's uid (0 = never). */
  readonly lastUpdate: bigint;
  readonly weightsSetRateLimit: bigint;
  readonly hasValidatorPermit: boolean;
  readonly minAllowedWeights: number;
  readonly maxWeightsLimit: number;
  /** Called from a reveal: the commit-reveal gate and the rate limit are skipped. */
  readonly fromReveal?: boolean;
}

/** Result of {@link validateSetWeights}: the max-upscaled `(uid, weight)` pairs to store, or the reference error name. */
export type SetWeightsCheck =
  | { readonly ok: true; readonly weights: ReadonlyArray<readonly [number, number]> }
  | { readonly ok: false; readonly error: string };

/**
 * `set_weights` (spec §7.1) in the chain's order: commit-reveal on (`CommitRevealEnabled`, checked first unless this is
 * a reveal), root (`CanNotSetRootNetworkWeights`), equal lengths (`WeightVecNotEqualSize`), mechanism exists
 * (`MechanismDoesNotExist`), `len ≤ N` (`UidsLengthExceedUidsInSubNet`), registered (`HotKeyNotRegisteredInSubNet`),
 * stake threshold unless owner (`NotEnoughStakeToSetWeights`), version key (`IncorrectWeightVersionKey`), rate limit
 * when commit-reveal is off (`SettingWeightsTooFast`), validator permit unless self-weight or owner
 * (`NeuronNoValidatorPermit`), duplicates (`DuplicateUids`), unknown uids (`UidVecContainInvalidOne`), minimum length
 * unless self-weight (`WeightVecLengthIsLow`), then max-upscaling and the max weight limit (`MaxWeightExceeded`).
 */
export function validateSetWeights(i: SetWeightsInput): SetWeightsCheck {
  const fail = (error: string): SetWeightsCheck => ({ ok: false, error });
  if (!i.fromReveal && i.commitRevealEnabled) return fail('CommitRevealEnabled');
  if (i.netuid === 0) return fail('CanNotSetRootNetworkWeights');
  if (i.uids.length !== i.values.length) return fail('WeightVecNotEqualSize');
  if (!i.mechanismExists) return fail('MechanismDoesNotExist');
  if (i.uids.length > i.subnetN) return fail('UidsLengthExceedUidsInSubNet');
  if (i.callerUid === undefined) return fail('HotKeyNotRegisteredInSubNet');
  if (!i.callerIsOwner && i.callerStake < i.stakeThreshold) return fail('NotEnoughStakeToSetWeights');
  if (!(i.weightsVersionKey === 0n || i.versionKey >= i.weightsVersionKey)) return fail('IncorrectWeightVersionKey');
  const uid = i.callerUid;
  if (!i.commitRevealEnabled && !(i.lastUpdate === 0n || i.now - i.lastUpdate >= i.weightsSetRateLimit))
    return fail('SettingWeightsTooFast');
  const self = isSelfWeight(uid, i.uids, i.values);
  if (!(self || i.callerIsOwner || i.hasValidatorPermit)) return fail('NeuronNoValidatorPermit');
  if (hasDuplicateUids(i.uids)) return fail('DuplicateUids');
  if (i.uids.some((u) => u >= i.subnetN)) return fail('UidVecContainInvalidOne');
  const minLen = Math.min(i.subnetN, i.minAllowedWeights);
  if (!self && i.values.length < minLen) return fail('WeightVecLengthIsLow');
  const up = maxUpscaleToU16(i.values);
  if (!self && i.maxWeightsLimit !== 65_535 && !isMaxWeightLimited(up, i.maxWeightsLimit))
    return fail('MaxWeightExceeded');
  return { ok: true, weights: i.uids.map((u, k) => [u, up[k]!] as const) };
}

function compactLength(n: number): Uint8Array {
  if (n < 1 << 6) return Uint8Array.of(n << 2);
  if (n < 1 << 14) return Uint8Array.of(((n << 2) | 1) & 0xff, (n >> 6) & 0xff);
  if (n < 1 << 30) {
    const v = (n << 2) | 2;
    return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  }
  throw new RangeError('vector too long');
}

function u16Vec(items: readonly number[]): Uint8Array {
  const len = compactLength(items.length);
  const out = new Uint8Array(len.length + 2 * items.length);
  out.set(len, 0);
  items.forEach((v, k) => {
    out[len.length + 2 * k] = v & 0xff;
    out[len.length + 2 * k + 1] = (v >> 8) & 0xff;
  });
  return out;
}

/**
 * SCALE encoding of the commit preimage `(hotkey: [u8; 32], netuid_index: u16, uids: Vec<u16>, values: Vec<u16>,
 * salt: Vec<u16>, version_key: u64)` (spec §7.2).
 */
export function commitPreimage(
  hotkey: Uint8Array,
  netuidIndex: number,
  uids: readonly number[],
  values: readonly number[],
  salt: readonly number[],
  versionKey: bigint,
): Uint8Array {
  if (hotkey.length !== 32) throw new RangeError('hotkey must be 32 bytes');
  const parts = [
    hotkey,
    Uint8Array.of(netuidIndex & 0xff, (netuidIndex >> 8) & 0xff),
    u16Vec(uids),
    u16Vec(values),
    u16Vec(salt),
  ];
  const vk = new Uint8Array(8);
  let v = BigInt.asUintN(64, versionKey);
  for (let k = 0; k < 8; k++) {
    vk[k] = Number(v & 0xffn);
    v >>= 8n;
  }
  parts.push(vk);
  const total = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** The commit hash of `commit_weights`: BLAKE2b-256 of {@link commitPreimage} (spec §7.2, "v2"). */
export function commitHash(
  hotkey: Uint8Array,
  netuidIndex: number,
  uids: readonly number[],
  values: readonly number[],
  salt: readonly number[],
  versionKey: bigint,
): Uint8Array {
  return blake2b256(commitPreimage(hotkey, netuidIndex, uids, values, salt, versionKey));
}

/** A reveal is allowed only when `currentEpoch == commitEpoch + RevealPeriodEpochs` (spec §7.2). */
export function isRevealEpoch(currentEpoch: bigint, commitEpoch: bigint, revealPeriod: bigint): boolean {
  return currentEpoch === commitEpoch + revealPeriod;
}

/** A commit has expired once `currentEpoch > commitEpoch + RevealPeriodEpochs` (spec §7.2). */
export function isCommitExpired(currentEpoch: bigint, commitEpoch: bigint, revealPeriod: bigint): boolean {
  return currentEpoch > commitEpoch + revealPeriod;
}

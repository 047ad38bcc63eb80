/**
 * One subnet's Yuma epoch inside the chain (spec/economics.md §5.7, spec/yuma.md §2): gather the inputs from state,
 * run the pure epoch (`yuma/epoch.ts`), apply its outputs (per-uid vectors, permits, bonds, the trace) and return what
 * each hotkey earned.
 */
import type { Value } from '@tensorium/primitives';
import { getParam, paramBig } from '../../framework/params.js';
import type { State } from '../../state/state.js';
import { runYumaEpoch } from '../../yuma/epoch.js';
import { yumaActivityCutoff } from '../../yuma/stake.js';
import type { YumaEpochInput, YumaEpochOutput, YumaEpochVectors } from '../../yuma/types.js';
import { getKeys, getLastUpdate, getMeta, NEURON_KEYS, putMeta, uidOf } from '../neurons/storage.js';
import { totalHotkeyAlpha } from '../staking/storage.js';
import { getEm, getInfo, hpBool, hpNum, ROOT_NETUID } from '../subnets/storage.js';
import { commitBlocksByUid } from '../weights/index.js';
import { getBondMatrix, getWeightMatrix, setBondMatrix } from '../weights/storage.js';

/** What one hotkey earned in an epoch (alpha units). */
export interface HotkeyEmission {
  readonly hotkey: string;
  readonly uid: number;
  /** Miner incentive (server emission). */
  readonly incentive: bigint;
  /** Validator dividend (validator emission). */
  readonly dividend: bigint;
  /** The hotkey's alpha stake on the subnet and its root stake, as the epoch read them. */
  readonly alphaStake: bigint;
  readonly rootStake: bigint;
}

/** Gathers the epoch inputs of a subnet from state (inherited stake = own stake: no childkeys). */
export function gatherEpochInput(
  state: State,
  netuid: number,
  now: number,
  emission: bigint,
  explain = false,
  vectors = false,
): YumaEpochInput {
  const keys = getKeys(state, netuid);
  const n = keys.length;
  const meta = getMeta(state, netuid);
  const info = getInfo(state, netuid);
  const ownerUid = info ? (uidOf(state, netuid, info.ownerHotkey) ?? null) : null;
  const tempo = hpNum(state, netuid, 'tempo');
  const commitReveal = hpBool(state, netuid, 'commit_reveal_weights_enabled');
  const input: YumaEpochInput = {
    block: now,
    n,
    params: {
      kappa: hpNum(state, netuid, 'kappa'),
      bondsMovingAverage: hpNum(state, netuid, 'bonds_moving_average'),
      bondsPenalty: hpNum(state, netuid, 'bonds_penalty'),
      activityCutoff: yumaActivityCutoff(hpNum(state, netuid, 'activity_cutoff_factor_milli'), tempo),
      tempo,
      maxAllowedValidators: hpNum(state, netuid, 'max_allowed_validators'),
      yuma3Enabled: hpBool(state, netuid, 'yuma3_enabled'),
      liquidAlphaEnabled: hpBool(state, netuid, 'liquid_alpha_enabled'),
      alphaLow: hpNum(state, netuid, 'alpha_low'),
      alphaHigh: hpNum(state, netuid, 'alpha_high'),
      alphaSigmoidSteepness: hpNum(state, netuid, 'alpha_sigmoid_steepness'),
      stakeThreshold: paramBig(state, 'stake_threshold'),
      commitRevealEnabled: commitReveal,
      taoWeight: BigInt(getParam<bigint>(state, 'tao_weight')),
    },
    ownerUid,
    lastMechanismStepBlock: getEm(state, netuid).lastStepBlock,
    alphaStake: keys.map((hk) => totalHotkeyAlpha(state, hk, netuid)),
    taoStake: keys.map((hk) => totalHotkeyAlpha(state, hk, ROOT_NETUID)),
    lastUpdate: getLastUpdate(state, netuid),
    registeredAt: meta.regAt,
    validatorPermit: meta.permit,
    weights: getWeightMatrix(state, netuid, n),
    bonds: getBondMatrix(state, netuid, n),
    emission,
    explain,
    vectors,
  };
  return commitReveal ? { ...input, commitBlocks: commitBlocksByUid(state, netuid, now) } : input;
}

/** The per-uid part of an explain trace, as stored (raw I32F32 bits as integers). */
export interface StoredTrace {
  readonly block: number;
  readonly emission: bigint;
  readonly activityCutoff: number;
  readonly lastTempo: number;
  readonly kappa: number;
  readonly fallback: boolean;
  readonly permitUsed: readonly boolean[];
  readonly vectors: Readonly<Record<string, readonly number[]>>;
}

/** The stored vectors, in the canonical (ascending) key order the entry decodes to. */
const TRACE_VECTORS = [
  'activeStake',
  'consensus',
  'dividends',
  'incentive',
  'normalizedCombinedEmission',
  'normalizedServerEmission',
  'normalizedStake',
  'normalizedValidatorEmission',
  'ranks',
  'validatorTrust',
] as const satisfies readonly (keyof YumaEpochVectors)[];

/** The stored trace, its fields listed in canonical order (so the written value is already its decoded form). */
function compactTrace(t: YumaEpochVectors, block: number, emission: bigint): StoredTrace {
  const vectors: Record<string, number[]> = {};
  for (const k of TRACE_VECTORS) {
    const f = t[k] as Float64Array;
    const a = new Array<number>(f.length);
    for (let i = 0; i < f.length; i++) a[i] = f[i]!;
    vectors[k] = a;
  }
  return {
    activityCutoff: t.activityCutoff,
    block,
    emission,
    fallback: t.fallback,
    kappa: t.kappa,
    lastTempo: t.lastTempo,
    permitUsed: t.permitUsed,
    vectors,
  };
}

export function getStoredTrace(state: State, netuid: number): StoredTrace | undefined {
  return state.get<Value>(NEURON_KEYS.trace(netuid)) as StoredTrace | undefined;
}

/** Writes an epoch's outputs: per-uid vectors and permits, bonds (rows of permitted validators), the trace. */
export function applyEpochOutput(
  state: State,
  netuid: number,
  out: YumaEpochOutput,
  now: number,
  emission: bigint,
): void {
  const meta = getMeta(state, netuid);
  putMeta(state, netuid, {
    regAt: meta.regAt,
    active: out.active,
    emission: out.emission,
    consensus: out.consensus,
    incentive: out.incentive,
    dividends: out.dividends,
    trust: out.validatorTrust,
    permit: out.validatorPermit,
    stakeWeight: out.stakeWeight,
  });
  setBondMatrix(state, netuid, out.bonds);
  const vectors = out.vectors ?? out.trace;
  if (vectors) state.set(NEURON_KEYS.trace(netuid), compactTrace(vectors, now, emission) as unknown as Value);
}

/** Runs a subnet's epoch with `emission` alpha: gather → compute → apply. Returns each hotkey's earnings. */
export function runSubnetEpoch(state: State, netuid: number, now: number, emission: bigint): HotkeyEmission[] {
  // The stored trace needs only the per-uid vectors, which the epoch's fast path produces too (`explain` would also
  // build every matrix, on the slower path).
  const input = gatherEpochInput(
    state,
    netuid,
    now,
    emission,
    false,
    getParam<boolean>(state, 'store_epoch_trace') === true,
  );
  const out = runYumaEpoch(input);
  applyEpochOutput(state, netuid, out, now, emission);
  const keys = getKeys(state, netuid);
  return keys.map((hotkey, uid) => ({
    hotkey,
    uid,
    incentive: out.serverEmission[uid] ?? 0n,
    dividend: out.validatorEmission[uid] ?? 0n,
    alphaStake: input.alphaStake[uid] ?? 0n,
    rootStake: input.taoStake?.[uid] ?? 0n,
  }));
}

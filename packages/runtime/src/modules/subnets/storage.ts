/**
 * Subnet storage (spec/economics.md §2.1). Netuids in keys are zero-padded to 5 digits so that scans return subnets in
 * ascending netuid order, the chain's storage order.
 *
 *   subnets/info/<nn>        SubnetInfo: owner, owner hotkey, registration block, mechanism, lock, start_call state
 *   subnets/hp/<nn>          hyperparameters: { <param name>: value } for every subnet-scoped parameter (params.ts)
 *   subnets/state/<nn>       SubnetState (as a tuple, SUBNET_STATE_FIELDS), everything that changes block by block,
 *                            in one entry so that a block
 *                            rewrites one entry per subnet: the pool (PoolRecord, read and written by the swap
 *                            module), EmissionState (moving price, pending emission, miner burned, epoch schedule),
 *                            Burn (the registration price) and the Ledger (TAO held outside the reserve, alpha burned,
 *                            undistributed or claimable)
 *   subnets/lock             { cost, block }: NetworkLastLockCost and the block of the last subnet registration
 *   subnets/burned_tao       bigint: TAO sent to the burn account (issuance unchanged, spec §1.2 burn_tao)
 *   subnets/offset           bigint: genesis TotalIssuance not held by any account (the total_issuance parameter)
 *   subnets/rl/<nn>/<what>   number: last block of an owner action (rate limits)
 */
import type { Value } from '@tensorium/primitives';
import { getParam } from '../../framework/params.js';
import { keysByNumber } from '../../state/keys.js';
import type { State } from '../../state/state.js';
import { ECONOMY_PARAM_MAP, SUBNET_PARAM_NAMES } from './params.js';

export const ROOT_NETUID = 0;

export const nn: (netuid: number) => string = keysByNumber((netuid) => String(netuid).padStart(5, '0'));

export interface SubnetInfo {
  /** Owner coldkey (SS58). */
  readonly owner: string;
  readonly ownerHotkey: string;
  /** NetworkRegisteredAt. */
  readonly registeredAt: number;
  /** SubnetMechanism: 0 stable (root), 1 dynamic. */
  readonly mechanism: number;
  /** SubnetLocked: TAO paid at registration. */
  readonly locked: bigint;
  /** FirstEmissionBlockNumber; 0 = not started. */
  readonly firstEmissionBlock: number;
  readonly subtokenEnabled: boolean;
}

export interface EmissionState {
  /** SubnetMovingPrice, raw I96F32 bits. */
  readonly movingPrice: bigint;
  readonly pendingServer: bigint;
  readonly pendingValidator: bigint;
  readonly pendingRoot: bigint;
  readonly pendingOwnerCut: bigint;
  /** MinerBurned, raw U96F32 bits. */
  readonly minerBurned: bigint;
  readonly lastEpochBlock: number;
  readonly pendingEpochAt: number;
  readonly blocksSinceLastStep: number;
  /** SubnetEpochIndex. */
  readonly epochIndex: number;
  /** LastMechansimStepBlock: block of the last successful epoch, 0 if never. */
  readonly lastStepBlock: number;
  /** Per-block display values of the last coinbase (informational). */
  readonly taoInEmission: bigint;
  readonly alphaInEmission: bigint;
  readonly alphaOutEmission: bigint;
  readonly excessTao: bigint;
}

export interface Ledger {
  /** TAO in the subnet account that is not pool reserve (registration swap fees, failed chain buys). */
  readonly heldTao: bigint;
  /** Alpha burned (destroyed but still counted in SubnetAlphaOut). */
  readonly burnedAlpha: bigint;
  /** Alpha drained for distribution that nobody received (rounding, no receiver); still counted in SubnetAlphaOut. */
  readonly undistributedAlpha: bigint;
  /** Root dividends credited as claimable and not claimed yet (alpha, still counted in SubnetAlphaOut). */
  readonly rootClaimableAlpha: bigint;
}

export const EMPTY_EMISSION: EmissionState = {
  movingPrice: 0n,
  pendingServer: 0n,
  pendingValidator: 0n,
  pendingRoot: 0n,
  pendingOwnerCut: 0n,
  minerBurned: 0n,
  lastEpochBlock: 0,
  pendingEpochAt: 0,
  blocksSinceLastStep: 0,
  epochIndex: 0,
  lastStepBlock: 0,
  taoInEmission: 0n,
  alphaInEmission: 0n,
  alphaOutEmission: 0n,
  excessTao: 0n,
};

export const EMPTY_LEDGER: Ledger = { heldTao: 0n, burnedAlpha: 0n, undistributedAlpha: 0n, rootClaimableAlpha: 0n };

/** A subnet pool: reserves, alpha outside the pool, and the Balancer weight (spec §2.1, §4.2). */
export interface PoolRecord {
  /** SubnetTAO: the TAO reserve y (RAO). For root, the TAO staked on root. */
  readonly tao: bigint;
  /** SubnetAlphaIn: the alpha reserve x. */
  readonly alphaIn: bigint;
  /** SubnetAlphaOut: alpha outside the pool (stakes, pending emission, burned alpha). */
  readonly alphaOut: bigint;
  /** SubnetProtocolAlpha: alpha bought by chain buys (informational, part of alphaOut). */
  readonly protocolAlpha: bigint;
  /** Quote (TAO) weight w2, Perquintill parts (5·10^17 = 0.5). */
  readonly quoteWeight: bigint;
}

export const EMPTY_POOL: PoolRecord = {
  tao: 0n,
  alphaIn: 0n,
  alphaOut: 0n,
  protocolAlpha: 0n,
  quoteWeight: 500_000_000_000_000_000n,
};

/** The per-block state of a subnet, one entry. */
export interface SubnetState extends EmissionState, Ledger, PoolRecord {
  readonly burn: bigint;
}

const EMPTY_STATE: SubnetState = { ...EMPTY_EMISSION, ...EMPTY_LEDGER, ...EMPTY_POOL, burn: 0n };

/**
 * Field order of the stored `subnets/state/<nn>` tuple. The entry is rewritten every block, so it is stored as an array
 * (no field names to encode, sort and decode); append new fields at the end.
 */
export const SUBNET_STATE_FIELDS: readonly (keyof SubnetState)[] = [
  'tao',
  'alphaIn',
  'alphaOut',
  'protocolAlpha',
  'quoteWeight',
  'burn',
  'movingPrice',
  'pendingServer',
  'pendingValidator',
  'pendingRoot',
  'pendingOwnerCut',
  'minerBurned',
  'lastEpochBlock',
  'pendingEpochAt',
  'blocksSinceLastStep',
  'epochIndex',
  'lastStepBlock',
  'taoInEmission',
  'alphaInEmission',
  'alphaOutEmission',
  'excessTao',
  'heldTao',
  'burnedAlpha',
  'undistributedAlpha',
  'rootClaimableAlpha',
];

/** Index of each field in the tuple. */
const FIELD_INDEX = new Map<string, number>(SUBNET_STATE_FIELDS.map((f, i) => [f, i]));
const I = Object.fromEntries(FIELD_INDEX) as Readonly<Record<keyof SubnetState, number>>;

/**
 * The tuple as an object, built as one literal (one object shape); fields missing from an older tuple default. Built
 * afresh on each call: most reads follow a write that replaced the tuple, and a weak map from tuples to objects cost
 * more than building one.
 */
function fromTuple(t: readonly Value[]): SubnetState {
  const E = EMPTY_STATE;
  return {
    tao: (t[0] ?? E.tao) as SubnetState['tao'],
    alphaIn: (t[1] ?? E.alphaIn) as SubnetState['alphaIn'],
    alphaOut: (t[2] ?? E.alphaOut) as SubnetState['alphaOut'],
    protocolAlpha: (t[3] ?? E.protocolAlpha) as SubnetState['protocolAlpha'],
    quoteWeight: (t[4] ?? E.quoteWeight) as SubnetState['quoteWeight'],
    burn: (t[5] ?? E.burn) as SubnetState['burn'],
    movingPrice: (t[6] ?? E.movingPrice) as SubnetState['movingPrice'],
    pendingServer: (t[7] ?? E.pendingServer) as SubnetState['pendingServer'],
    pendingValidator: (t[8] ?? E.pendingValidator) as SubnetState['pendingValidator'],
    pendingRoot: (t[9] ?? E.pendingRoot) as SubnetState['pendingRoot'],
    pendingOwnerCut: (t[10] ?? E.pendingOwnerCut) as SubnetState['pendingOwnerCut'],
    minerBurned: (t[11] ?? E.minerBurned) as SubnetState['minerBurned'],
    lastEpochBlock: (t[12] ?? E.lastEpochBlock) as SubnetState['lastEpochBlock'],
    pendingEpochAt: (t[13] ?? E.pendingEpochAt) as SubnetState['pendingEpochAt'],
    blocksSinceLastStep: (t[14] ?? E.blocksSinceLastStep) as SubnetState['blocksSinceLastStep'],
    epochIndex: (t[15] ?? E.epochIndex) as SubnetState['epochIndex'],
    lastStepBlock: (t[16] ?? E.lastStepBlock) as SubnetState['lastStepBlock'],
    taoInEmission: (t[17] ?? E.taoInEmission) as SubnetState['taoInEmission'],
    alphaInEmission: (t[18] ?? E.alphaInEmission) as SubnetState['alphaInEmission'],
    alphaOutEmission: (t[19] ?? E.alphaOutEmission) as SubnetState['alphaOutEmission'],
    excessTao: (t[20] ?? E.excessTao) as SubnetState['excessTao'],
    heldTao: (t[21] ?? E.heldTao) as SubnetState['heldTao'],
    burnedAlpha: (t[22] ?? E.burnedAlpha) as SubnetState['burnedAlpha'],
    undistributedAlpha: (t[23] ?? E.undistributedAlpha) as SubnetState['undistributedAlpha'],
    rootClaimableAlpha: (t[24] ?? E.rootClaimableAlpha) as SubnetState['rootClaimableAlpha'],
  };
}

const EMPTY_TUPLE: readonly Value[] = SUBNET_STATE_FIELDS.map((f) => EMPTY_STATE[f] as Value);

const K = {
  info: keysByNumber((n) => `subnets/info/${nn(n)}`),
  hp: keysByNumber((n) => `subnets/hp/${nn(n)}`),
  state: keysByNumber((n) => `subnets/state/${nn(n)}`),
  rl: (n: number, what: string) => `subnets/rl/${nn(n)}/${what}`,
};
export const SUBNET_KEYS = K;

export function subnetExists(state: State, netuid: number): boolean {
  return state.has(K.info(netuid));
}

export function getInfo(state: State, netuid: number): SubnetInfo | undefined {
  return state.get<SubnetInfo & Value>(K.info(netuid)) as SubnetInfo | undefined;
}

export function putInfo(state: State, netuid: number, info: SubnetInfo): void {
  state.set(K.info(netuid), info as unknown as Value);
}

/** Every subnet (root included), ascending. */
export function allNetuids(state: State): number[] {
  return state.scan('subnets/info/').map(([k]) => Number(k.slice(13)));
}

/** Every non-root subnet, ascending. */
export function nonRootNetuids(state: State): number[] {
  return allNetuids(state).filter((n) => n !== ROOT_NETUID);
}

export type Hyperparams = Readonly<Record<string, Value>>;

export function getHp(state: State, netuid: number): Hyperparams {
  return state.get<Record<string, Value>>(K.hp(netuid)) ?? {};
}

/** One hyperparameter of a subnet, falling back to the global default. */
export function hp<T extends Value>(state: State, netuid: number, name: string): T {
  const v = getHp(state, netuid)[name];
  if (v !== undefined) return v as T;
  return getParam<T>(state, name);
}

export const hpNum = (state: State, netuid: number, name: string): number =>
  Number(hp<number | bigint>(state, netuid, name));
export const hpBig = (state: State, netuid: number, name: string): bigint =>
  BigInt(hp<number | bigint>(state, netuid, name));
export const hpBool = (state: State, netuid: number, name: string): boolean =>
  hp<boolean>(state, netuid, name) === true;

export function putHp(state: State, netuid: number, values: Record<string, Value>): void {
  state.set(K.hp(netuid), values);
}

export function setHp(state: State, netuid: number, name: string, value: Value): void {
  if (!ECONOMY_PARAM_MAP.has(name)) throw new Error(`unknown hyperparameter ${name}`);
  state.set(K.hp(netuid), { ...getHp(state, netuid), [name]: value });
}

/** The hyperparameters of a new subnet: every subnet-scoped parameter's current global default. */
export function defaultHyperparams(state: State): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const name of SUBNET_PARAM_NAMES) out[name] = getParam<Value>(state, name);
  return out;
}

export function getSubnetState(state: State, netuid: number): SubnetState {
  const t = state.get<Value[]>(K.state(netuid));
  return t ? fromTuple(t) : EMPTY_STATE;
}

/**
 * Writes the subnet state with `changes` applied (as `{ ...current, ...changes }` would): copies the stored tuple and
 * replaces the changed fields (this runs several times per subnet per block).
 */
export function updateSubnetState(state: State, netuid: number, changes: Partial<SubnetState>): void {
  const cur = state.get<Value[]>(K.state(netuid)) ?? EMPTY_TUPLE;
  const n = SUBNET_STATE_FIELDS.length;
  const t: Value[] = cur.slice();
  for (let i = cur.length; i < n; i++) t[i] = EMPTY_TUPLE[i]!;
  const ch = changes as unknown as Record<string, Value>;
  for (const f in ch) {
    const i = FIELD_INDEX.get(f);
    if (i !== undefined) t[i] = ch[f]!;
  }
  state.set(K.state(netuid), t);
}

/** The stored tuple (or the empty one); `field` reads one field of it, defaulting fields an older tuple lacks. */
function tupleOf(state: State, netuid: number): readonly Value[] {
  return state.get<Value[]>(K.state(netuid)) ?? EMPTY_TUPLE;
}

function field<T>(t: readonly Value[], i: number): T {
  return (t[i] ?? EMPTY_TUPLE[i]) as T;
}

// The accessors below read the tuple's fields directly: the coinbase calls them
// several times per subnet per block, each time on a tuple the previous write just replaced.

export function getEm(state: State, netuid: number): EmissionState {
  const t = tupleOf(state, netuid);
  return {
    movingPrice: field(t, I.movingPrice),
    pendingServer: field(t, I.pendingServer),
    pendingValidator: field(t, I.pendingValidator),
    pendingRoot: field(t, I.pendingRoot),
    pendingOwnerCut: field(t, I.pendingOwnerCut),
    minerBurned: field(t, I.minerBurned),
    lastEpochBlock: field(t, I.lastEpochBlock),
    pendingEpochAt: field(t, I.pendingEpochAt),
    blocksSinceLastStep: field(t, I.blocksSinceLastStep),
    epochIndex: field(t, I.epochIndex),
    lastStepBlock: field(t, I.lastStepBlock),
    taoInEmission: field(t, I.taoInEmission),
    alphaInEmission: field(t, I.alphaInEmission),
    alphaOutEmission: field(t, I.alphaOutEmission),
    excessTao: field(t, I.excessTao),
  };
}

export function putEm(state: State, netuid: number, em: EmissionState): void {
  updateSubnetState(state, netuid, em);
}

export function getPoolRecord(state: State, netuid: number): PoolRecord {
  const t = tupleOf(state, netuid);
  return {
    tao: field(t, I.tao),
    alphaIn: field(t, I.alphaIn),
    alphaOut: field(t, I.alphaOut),
    protocolAlpha: field(t, I.protocolAlpha),
    quoteWeight: field(t, I.quoteWeight),
  };
}

export function putPoolRecord(state: State, netuid: number, pool: PoolRecord): void {
  updateSubnetState(state, netuid, pool);
}

export function getBurn(state: State, netuid: number): bigint {
  return field(tupleOf(state, netuid), I.burn);
}

export function setBurn(state: State, netuid: number, burn: bigint): void {
  updateSubnetState(state, netuid, { burn });
}

export function getLedger(state: State, netuid: number): Ledger {
  const t = tupleOf(state, netuid);
  return {
    heldTao: field(t, I.heldTao),
    burnedAlpha: field(t, I.burnedAlpha),
    undistributedAlpha: field(t, I.undistributedAlpha),
    rootClaimableAlpha: field(t, I.rootClaimableAlpha),
  };
}

export function updateLedger(state: State, netuid: number, delta: Partial<Ledger>): void {
  const l = getLedger(state, netuid);
  updateSubnetState(state, netuid, {
    heldTao: l.heldTao + (delta.heldTao ?? 0n),
    burnedAlpha: l.burnedAlpha + (delta.burnedAlpha ?? 0n),
    undistributedAlpha: l.undistributedAlpha + (delta.undistributedAlpha ?? 0n),
    rootClaimableAlpha: l.rootClaimableAlpha + (delta.rootClaimableAlpha ?? 0n),
  });
}

export function getLastLock(state: State): { cost: bigint; block: number } {
  return (
    state.get<{ cost: bigint; block: number }>('subnets/lock') ?? {
      cost: BigInt(getParam<bigint>(state, 'network_last_lock_cost')),
      block: 0,
    }
  );
}

export function setLastLock(state: State, cost: bigint, block: number): void {
  state.set('subnets/lock', { cost, block });
}

export function burnedTao(state: State): bigint {
  return state.get<bigint>('subnets/burned_tao') ?? 0n;
}

/** `burn_tao`: TAO moved to the burn account; issuance unchanged (spec §1.2). */
export function addBurnedTao(state: State, amount: bigint): void {
  if (amount > 0n) state.set('subnets/burned_tao', burnedTao(state) + amount);
}

export function issuanceOffset(state: State): bigint {
  return state.get<bigint>('subnets/offset') ?? 0n;
}

export function setIssuanceOffset(state: State, v: bigint): void {
  state.set('subnets/offset', v);
}

export function lastRateLimited(state: State, netuid: number, what: string): number {
  return state.get<number>(K.rl(netuid, what)) ?? 0;
}

export function setRateLimited(state: State, netuid: number, what: string, block: number): void {
  state.set(K.rl(netuid, what), block);
}

/** Deletes every per-subnet entry of this module (dissolution). */
export function clearSubnet(state: State, netuid: number): void {
  for (const k of [K.info(netuid), K.hp(netuid), K.state(netuid)]) state.delete(k);
  for (const [k] of state.scan(`subnets/rl/${nn(netuid)}/`)) state.delete(k);
}

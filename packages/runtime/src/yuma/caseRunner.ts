/**
 * Runs a Yuma epoch case in the public vector format (vectors/yuma/README.md §2): validates the case object, builds
 * the state it describes, runs the top-level epoch and every step on the evolving state, and returns the JSON the
 * `tensorium epoch --case` command prints. Pure: no I/O. A malformed case throws `TensoriumError('TNS_YUMA_CASE')`
 * whose message names the offending field.
 */
import { TensoriumError } from '@tensorium/primitives/errors';
import { I32F32 } from '@tensorium/primitives/fixed';
import { runYumaEpoch } from './epoch.js';
import { yumaPackRows, yumaUnpackRows } from './sparse.js';
import type { SparseFixedMatrix, SparseU16Matrix, YumaEpochOutput, YumaEpochTrace, YumaHyperparams } from './types.js';

/** One epoch entry of the command's output (README §1.1), plus `explain` when requested. */
export interface YumaCaseEpochJson {
  block: number;
  incentive: number[];
  dividends: number[];
  consensus: number[];
  validator_trust: number[];
  validator_permit: boolean[];
  active: boolean[];
  emission: string[];
  server_emission: string[];
  validator_emission: string[];
  bonds: Array<[number, Array<[number, number]>]>;
  explain?: Record<string, unknown>;
}

type Json = unknown;
type Pairs = Array<[number, number]>;

function fail(field: string, problem: string): never {
  throw new TensoriumError('TNS_YUMA_CASE', `${field}: ${problem}`, { details: { field } });
}

function obj(v: Json, field: string): Record<string, Json> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(field, 'expected an object');
  return v as Record<string, Json>;
}
function arr(v: Json, field: string): Json[] {
  if (!Array.isArray(v)) fail(field, 'expected an array');
  return v;
}
function bool(v: Json, field: string): boolean {
  if (typeof v !== 'boolean') fail(field, 'expected true or false');
  return v;
}
function int(v: Json, field: string, min: number, max: number = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(field, 'expected an integer');
  if (v < min || v > max) fail(field, `expected an integer in ${min}..${max}, got ${v}`);
  return v;
}
function u64(v: Json, field: string): bigint {
  let b: bigint;
  if (typeof v === 'string' && /^\d+$/.test(v)) b = BigInt(v);
  else if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) b = BigInt(v);
  else fail(field, 'expected a non-negative integer as a decimal string');
  if (b >= 1n << 64n) fail(field, 'does not fit in u64');
  return b;
}
function need(o: Record<string, Json>, key: string, field: string): Json {
  if (!(key in o)) fail(`${field}.${key}`, 'missing');
  return o[key];
}

function readPairs(v: Json, field: string, n: number): Pairs {
  return arr(v, field).map((p, k) => {
    const pair = arr(p, `${field}[${k}]`);
    if (pair.length !== 2) fail(`${field}[${k}]`, 'expected [target, value]');
    return [int(pair[0], `${field}[${k}][0]`, 0, n - 1), int(pair[1], `${field}[${k}][1]`, 0, 65535)];
  });
}

function readRows(v: Json, field: string, n: number): Array<Pairs | undefined> {
  const rows: Array<Pairs | undefined> = new Array(n);
  arr(v, field).forEach((r, k) => {
    const row = arr(r, `${field}[${k}]`);
    if (row.length !== 2) fail(`${field}[${k}]`, 'expected [uid, [[target, value], ...]]');
    const uid = int(row[0], `${field}[${k}][0]`, 0, n - 1);
    rows[uid] = readPairs(row[1], `${field}[${k}][1]`, n);
  });
  return rows;
}

function readHyperparams(v: Json, field: string, base?: YumaHyperparams & { ownerUid: number | null }) {
  const o = obj(v, field);
  const get = <T>(key: string, read: (x: Json, f: string) => T, fallback: T | undefined): T => {
    if (key in o) return read(o[key], `${field}.${key}`);
    if (fallback === undefined) fail(`${field}.${key}`, 'missing');
    return fallback;
  };
  const u16 = (x: Json, f: string) => int(x, f, 0, 65535);
  const ownerUid = get<number | null>(
    'owner_uid',
    (x, f) => (x === null ? null : int(x, f, 0)),
    base ? base.ownerUid : undefined,
  );
  const params: YumaHyperparams = {
    kappa: get('kappa', u16, base?.kappa),
    bondsMovingAverage: get('bonds_moving_average', (x, f) => int(x, f, 0), base?.bondsMovingAverage),
    bondsPenalty: get('bonds_penalty', u16, base?.bondsPenalty),
    activityCutoff: get('activity_cutoff', (x, f) => int(x, f, 0), base?.activityCutoff),
    tempo: get('tempo', (x, f) => int(x, f, 0, 65535), base?.tempo),
    maxAllowedValidators: get('max_allowed_validators', u16, base?.maxAllowedValidators),
    yuma3Enabled: get('yuma3_enabled', bool, base?.yuma3Enabled),
    liquidAlphaEnabled: get('liquid_alpha_enabled', bool, base?.liquidAlphaEnabled),
    alphaLow: get('alpha_low', u16, base?.alphaLow),
    alphaHigh: get('alpha_high', u16, base?.alphaHigh),
    alphaSigmoidSteepness: get(
      'alpha_sigmoid_steepness',
      (x, f) => int(x, f, -32768, 32767),
      base?.alphaSigmoidSteepness,
    ),
    stakeThreshold: get('stake_threshold', u64, base?.stakeThreshold),
    commitRevealEnabled: get('commit_reveal_enabled', bool, base?.commitRevealEnabled),
    taoWeight: get('tao_weight', u64, base?.taoWeight),
  };
  return { ...params, ownerUid };
}

/** The evolving chain state a case describes. */
interface CaseState {
  n: number;
  stake: bigint[];
  lastUpdate: number[];
  registeredAt: number[];
  permit: boolean[];
  weights: Array<Pairs | undefined>;
  /** `weights` packed, kept until an action changes the rows. */
  weightsPacked?: SparseU16Matrix | undefined;
  /** Bond rows: packed as the last epoch stored them, or rows once an action edits them. */
  bonds: Array<Pairs | undefined> | SparseU16Matrix;
}

/** The bond rows as editable rows (unpacking the stored matrix on first edit). */
function bondRows(s: CaseState): Array<Pairs | undefined> {
  if (!Array.isArray(s.bonds)) s.bonds = yumaUnpackRows(s.bonds);
  return s.bonds;
}

function applyAction(s: CaseState, action: Json, field: string): void {
  const a = obj(action, field);
  const keys = Object.keys(a);
  if (keys.length !== 1) fail(field, 'expected an object with exactly one action key');
  const kind = keys[0]!;
  const f = `${field}.${kind}`;
  s.weightsPacked = undefined;
  const n = s.n;
  const uidOf = (x: Json, ff: string) => int(x, ff, 0, n - 1);
  const setLu = (uid: number, lu: number) => {
    while (s.lastUpdate.length <= uid) s.lastUpdate.push(0);
    s.lastUpdate[uid] = lu;
  };
  switch (kind) {
    case 'set_weights': {
      const o = obj(a[kind], f);
      const uid = uidOf(need(o, 'uid', f), `${f}.uid`);
      s.weights[uid] = readPairs(need(o, 'weights', f), `${f}.weights`, n);
      setLu(uid, int(need(o, 'last_update', f), `${f}.last_update`, 0));
      return;
    }
    case 'set_weights_generated': {
      const o = obj(a[kind], f);
      const rows = arr(need(o, 'rows', f), `${f}.rows`).map((x, k) => uidOf(x, `${f}.rows[${k}]`));
      const cols = arr(need(o, 'cols', f), `${f}.cols`).map((x, k) => uidOf(x, `${f}.cols[${k}]`));
      const value = int(need(o, 'value', f), `${f}.value`, 0, 65535);
      const lu = int(need(o, 'last_update', f), `${f}.last_update`, 0);
      for (const r of rows) {
        s.weights[r] = cols.map((c) => [c, value]);
        setLu(r, lu);
      }
      return;
    }
    case 'set_self_weights': {
      const o = obj(a[kind], f);
      const uids = arr(need(o, 'uids', f), `${f}.uids`).map((x, k) => uidOf(x, `${f}.uids[${k}]`));
      const value = int(need(o, 'value', f), `${f}.value`, 0, 65535);
      const lu = int(need(o, 'last_update', f), `${f}.last_update`, 0);
      for (const u of uids) {
        s.weights[u] = [[u, value]];
        setLu(u, lu);
      }
      return;
    }
    case 'replace_neuron': {
      const o = obj(a[kind], f);
      const uid = uidOf(need(o, 'uid', f), `${f}.uid`);
      const reg = int(need(o, 'registered_at', f), `${f}.registered_at`, 0);
      const stake = u64(need(o, 'stake', f), `${f}.stake`);
      s.weights[uid] = undefined;
      for (let i = 0; i < n; i++) {
        const row = s.weights[i];
        if (row) s.weights[i] = row.map(([t, v]) => [t, t === uid ? 0 : v]);
      }
      bondRows(s)[uid] = undefined;
      s.permit[uid] = false;
      s.registeredAt[uid] = reg;
      setLu(uid, reg);
      s.stake[uid] = stake;
      return;
    }
    case 'add_stake': {
      const o = obj(a[kind], f);
      const uid = uidOf(need(o, 'uid', f), `${f}.uid`);
      s.stake[uid] = s.stake[uid]! + u64(need(o, 'amount', f), `${f}.amount`);
      return;
    }
    case 'reset_bonds_to_uid': {
      const u = uidOf(a[kind], f);
      const bonds = bondRows(s);
      for (let i = 0; i < n; i++) {
        const row = bonds[i];
        if (row) bonds[i] = row.filter(([t]) => t !== u);
      }
      return;
    }
    default:
      fail(field, `unknown action "${kind}"`);
  }
}

const TWO32 = 4294967296;

/**
 * Shortest decimal that reads back (to nearest, ties to even) to the I32F32 value `bits` — the same string as
 * `I32F32.toDecimal`, computed exactly with numbers. Writing the fraction as fp/2^32, digit by digit
 * fp·10^d = c0·2^32 + r (r·10 < 2^36, and c0 < 10^d stays below 2^53 because d never passes 10), the
 * d-digit rounding is c = c0 or c0 + 1 (half to even), and it reads back to fp exactly when
 * |c·2^32 − fp·10^d| (= r, or 2^32 − r) is below 10^d / 2, or equal to it with fp even.
 */
export function yumaFixedDecimal(bits: number): string {
  const neg = bits < 0;
  const mag = neg ? -bits : bits;
  const ip = Math.floor(mag / TWO32);
  const fp = mag - ip * TWO32;
  const sign = neg ? '-' : '';
  if (fp === 0) return `${sign}${ip}`;
  let c0 = 0;
  let r = fp;
  let p = 1;
  for (let d = 1; d <= 33; d++) {
    const t = r * 10;
    const digit = Math.floor(t / TWO32);
    r = t - digit * TWO32;
    c0 = c0 * 10 + digit;
    p *= 10;
    const up = 2 * r > TWO32 || (2 * r === TWO32 && c0 % 2 === 1);
    const diff = up ? TWO32 - r : r;
    if (2 * diff < p || (2 * diff === p && fp % 2 === 0)) {
      const c = up ? c0 + 1 : c0;
      if (c === p) return `${sign}${ip + 1}`; // unreachable: 10^d reads back to 2^32, never to fp < 2^32
      return `${sign}${ip}.${String(c).padStart(d, '0').replace(/0+$/, '')}`;
    }
  }
  return I32F32.toDecimal(BigInt(bits));
}

const dec = yumaFixedDecimal;
const decVec = (v: Float64Array): string[] => Array.from(v, dec);
function decRows(m: SparseFixedMatrix): Array<Array<[number, string]>> {
  const out: Array<Array<[number, string]>> = [];
  for (let i = 0; i < m.rows; i++) {
    const row: Array<[number, string]> = [];
    for (let k = m.rowPtr[i]!; k < m.rowPtr[i + 1]!; k++) row.push([m.cols[k]!, dec(m.bits[k]!)]);
    out.push(row);
  }
  return out;
}

/** The explain trace as JSON (I32F32 values as shortest decimal strings; matrices as one row per uid). */
export function yumaTraceToJson(t: YumaEpochTrace): Record<string, unknown> {
  return {
    activity_cutoff: t.activityCutoff,
    last_tempo: t.lastTempo,
    validator_permit_input: t.permitUsed,
    normalized_stake: decVec(t.normalizedStake),
    active_stake: decVec(t.activeStake),
    weights_normalized: decRows(t.weights),
    kappa: dec(t.kappa),
    consensus_stake_sum: dec(t.consensusStakeSum),
    minority: dec(t.minority),
    consensus: decVec(t.consensus),
    clipped_weights: decRows(t.clippedWeights),
    validator_trust: decVec(t.validatorTrust),
    ranks: decVec(t.ranks),
    incentive: decVec(t.incentive),
    bond_weights: decRows(t.bondWeights),
    bonds_in: decRows(t.bondsIn),
    ...(t.bondsDelta ? { bonds_delta_normalized: decRows(t.bondsDelta) } : {}),
    ema_bonds: decRows(t.emaBonds),
    liquid_alpha: t.liquidAlpha,
    fixed_alpha: dec(t.fixedAlpha),
    ...(t.bondsNormalized ? { bonds_normalized: decRows(t.bondsNormalized) } : {}),
    ...(t.bondTotals ? { bond_totals: decVec(t.bondTotals) } : {}),
    dividends: decVec(t.dividends),
    normalized_server_emission: decVec(t.normalizedServerEmission),
    normalized_validator_emission: decVec(t.normalizedValidatorEmission),
    normalized_combined_emission: decVec(t.normalizedCombinedEmission),
    fallback: t.fallback,
  };
}

function epochJson(block: number, out: YumaEpochOutput): YumaCaseEpochJson {
  const bonds: Array<[number, Pairs]> = [];
  const b = out.bonds;
  for (let i = 0; i < b.rows; i++) {
    const row: Pairs = [];
    for (let k = b.rowPtr[i]!; k < b.rowPtr[i + 1]!; k++) if (b.vals[k]! !== 0) row.push([b.cols[k]!, b.vals[k]!]);
    if (row.length > 0) bonds.push([i, row]);
  }
  const s = (v: bigint[]) => v.map((x) => x.toString());
  return {
    block,
    incentive: out.incentive,
    dividends: out.dividends,
    consensus: out.consensus,
    validator_trust: out.validatorTrust,
    validator_permit: out.validatorPermit,
    active: out.active,
    emission: s(out.emission),
    server_emission: s(out.serverEmission),
    validator_emission: s(out.validatorEmission),
    bonds,
    ...(out.trace ? { explain: yumaTraceToJson(out.trace) } : {}),
  };
}

/** Run a case object (one element of `cases`) and return `{ epochs: [...] }` (1 + steps.length entries). */
export function runYumaCase(raw: unknown, opts: { explain?: boolean } = {}): { epochs: YumaCaseEpochJson[] } {
  const epochs: YumaCaseEpochJson[] = [];
  yumaCaseEpochs(raw, opts, (block, out) => epochs.push(epochJson(block, out)));
  return { epochs };
}

/**
 * Validates a case and runs its epochs in order (the top-level one, then each step), handing each epoch's block and
 * output to `emit` (outputs are fresh; `out.bonds` is carried into the next epoch and must not be changed).
 */
export function yumaCaseEpochs(
  raw: unknown,
  opts: { explain?: boolean },
  emit: (block: number, out: YumaEpochOutput) => void,
): void {
  const c = obj(raw, 'case');
  const hp = readHyperparams(need(c, 'hyperparams', 'case'), 'hyperparams');
  const block0 = int(need(c, 'block', 'case'), 'block', 0);
  const emission0 = u64(need(c, 'emission', 'case'), 'emission');
  const lmsb = int(need(c, 'last_mechanism_step_block', 'case'), 'last_mechanism_step_block', 0);
  const neurons = arr(need(c, 'neurons', 'case'), 'neurons');
  const n = neurons.length;
  const state: CaseState = { n, stake: [], lastUpdate: [], registeredAt: [], permit: [], weights: [], bonds: [] };
  neurons.forEach((nv, i) => {
    const f = `neurons[${i}]`;
    const o = obj(nv, f);
    if ('uid' in o && int(o.uid, `${f}.uid`, 0) !== i) fail(`${f}.uid`, `expected ${i} (neurons must be in uid order)`);
    state.stake.push(u64(need(o, 'stake', f), `${f}.stake`));
    state.lastUpdate.push(int(need(o, 'last_update', f), `${f}.last_update`, 0));
    state.registeredAt.push(int(need(o, 'registered_at', f), `${f}.registered_at`, 0));
    state.permit.push(bool(need(o, 'validator_permit', f), `${f}.validator_permit`));
  });
  state.weights = readRows(need(c, 'weights', 'case'), 'weights', n);
  state.bonds = readRows(need(c, 'bonds', 'case'), 'bonds', n);
  if (c.last_update_vector_override !== undefined) {
    state.lastUpdate = arr(c.last_update_vector_override, 'last_update_vector_override').map((x, k) =>
      int(x, `last_update_vector_override[${k}]`, 0),
    );
  }
  if (c.validator_permit_vector_override !== undefined) {
    state.permit = arr(c.validator_permit_vector_override, 'validator_permit_vector_override').map((x, k) =>
      bool(x, `validator_permit_vector_override[${k}]`),
    );
  }
  const commitBlocks: Array<number | undefined> = new Array(n);
  if (c.commit_blocks !== undefined) {
    const cb = obj(c.commit_blocks, 'commit_blocks');
    for (const [k, v] of Object.entries(cb)) {
      if (!/^\d+$/.test(k) || Number(k) >= n) fail(`commit_blocks.${k}`, 'expected a uid key');
      commitBlocks[Number(k)] = int(v, `commit_blocks.${k}`, 0);
    }
  }
  if (c.mechanism !== undefined) int(c.mechanism, 'mechanism', 0, 255);
  const steps = c.steps === undefined ? [] : arr(c.steps, 'steps');

  const run = (block: number, params: ReturnType<typeof readHyperparams>, emission: bigint) => {
    const { ownerUid, ...hyper } = params;
    const out = runYumaEpoch({
      block,
      n,
      params: hyper,
      ownerUid,
      lastMechanismStepBlock: lmsb,
      alphaStake: state.stake,
      lastUpdate: state.lastUpdate,
      registeredAt: state.registeredAt,
      validatorPermit: state.permit,
      weights: (state.weightsPacked ??= yumaPackRows(state.weights, n)),
      bonds: Array.isArray(state.bonds) ? yumaPackRows(state.bonds, n) : state.bonds,
      commitBlocks,
      emission,
      ...(opts.explain ? { explain: true } : {}),
    });
    emit(block, out);
    // Carry over: new permits and the stored bond rows (zero values are never stored).
    state.permit = out.validatorPermit.slice();
    state.bonds = out.bonds;
  };

  run(block0, hp, emission0);
  steps.forEach((sv, k) => {
    const f = `steps[${k}]`;
    const st = obj(sv, f);
    const params = st.hyperparams === undefined ? hp : readHyperparams(st.hyperparams, `${f}.hyperparams`, hp);
    const actions = st.actions === undefined ? [] : arr(st.actions, `${f}.actions`);
    actions.forEach((a, ai) => {
      applyAction(state, a, `${f}.actions[${ai}]`);
    });
    const block = int(need(st, 'block', f), `${f}.block`, 0);
    const emission = st.emission === undefined ? emission0 : u64(st.emission, `${f}.emission`);
    run(block, params, emission);
  });
}

/**
 * Read views of the economy over a state, in the JSON shapes of the RPC methods (`subnet_list`, `subnet_info`,
 * `subnet_metagraph`, `subnet_epochTrace`, `stake_list`, `swap_quote`, `chain_getIssuance`). Pure functions of state,
 * shared by the node's RPC handlers and any in-process reader.
 */

import { I32F32 } from '@tensorium/primitives';
import type {
  AxonJson,
  EpochTraceJson,
  IssuanceJson,
  MatrixRowsJson,
  MetagraphJson,
  StakeJson,
  SubnetInfoJson,
  SubnetSummaryJson,
  SwapQuoteJson,
} from '@tensorium/rpc';
import { applyEmissionEnabled, emissionShares } from '../../economy/emissionShares.js';
import { nextEpochBlock } from '../../economy/epochSchedule.js';
import { blockEmissionForIssuance, halvingCount, halvingThreshold } from '../../economy/issuance.js';
import { movingPriceForShares } from '../../economy/movingPrice.js';
import { priceToRao } from '../../economy/swap.js';
import { paramBig } from '../../framework/params.js';
import type { State } from '../../state/state.js';
import { totalIssuance } from '../balances/index.js';
import { emittingSubnets } from '../coinbase/blockStep.js';
import { getStoredTrace } from '../coinbase/epoch.js';
import { formatIp } from '../neurons/axon.js';
import { getAxon, getKeys, getLastUpdate, getMeta, isImmune, ownerOf } from '../neurons/storage.js';
import { allStakes, totalHotkeyAlpha } from '../staking/storage.js';
import { currentPrice, getPool, quote } from '../swap/pool.js';
import { getBondRows, getWeightRows } from '../weights/api.js';
import { ECONOMY_PARAMS } from './params.js';
import {
  allNetuids,
  burnedTao,
  getBurn,
  getEm,
  getHp,
  getInfo,
  hpBig,
  hpBool,
  hpNum,
  nonRootNetuids,
  ROOT_NETUID,
  subnetExists,
} from './storage.js';

const U64_MAX = (1n << 64n) - 1n;

/** Emission share of every emitting subnet now, raw U64F64 (what the next block's coinbase would use). */
export function currentShares(state: State): Map<number, bigint> {
  const emitting = emittingSubnets(state);
  const moving = emitting.map((n) =>
    movingPriceForShares(getEm(state, n).movingPrice, getInfo(state, n)!.mechanism !== 1),
  );
  const shares = applyEmissionEnabled(
    emissionShares(
      moving,
      emitting.map((n) => getEm(state, n).minerBurned),
    ),
    emitting.map((n) => hpBool(state, n, 'subnet_emission_enabled')),
  );
  return new Map(emitting.map((n, i) => [n, shares[i]!]));
}

function summary(state: State, netuid: number, shares: Map<number, bigint>): SubnetSummaryJson {
  const info = getInfo(state, netuid)!;
  const pool = getPool(state, netuid);
  const em = getEm(state, netuid);
  const moving = em.movingPrice < 0n ? 0n : em.movingPrice;
  return {
    netuid,
    owner: info.owner,
    ownerHotkey: info.ownerHotkey,
    n: getKeys(state, netuid).length,
    maxUids: hpNum(state, netuid, 'max_allowed_uids'),
    tempo: hpNum(state, netuid, 'tempo'),
    taoIn: pool.tao.toString(),
    alphaIn: pool.alphaIn.toString(),
    alphaOut: pool.alphaOut.toString(),
    price: priceToRao(currentPrice(state, netuid)).toString(),
    movingPrice: ((moving * 1_000_000_000n) >> 32n).toString(),
    emissionShare: (((shares.get(netuid) ?? 0n) * 1_000_000_000n) >> 64n).toString(),
    burn: getBurn(state, netuid).toString(),
    registeredAt: info.registeredAt,
    started: info.firstEmissionBlock !== 0,
    emissionEnabled: hpBool(state, netuid, 'subnet_emission_enabled'),
  };
}

export function subnetList(state: State): SubnetSummaryJson[] {
  const shares = currentShares(state);
  return nonRootNetuids(state).map((n) => summary(state, n, shares));
}

export function subnetInfo(state: State, netuid: number): SubnetInfoJson | null {
  if (netuid === ROOT_NETUID || !subnetExists(state, netuid)) return null;
  const info = getInfo(state, netuid)!;
  const pool = getPool(state, netuid);
  const em = getEm(state, netuid);
  const hp = getHp(state, netuid);
  const tempo = hpNum(state, netuid, 'tempo');
  const next = nextEpochBlock(BigInt(em.lastEpochBlock), tempo, BigInt(em.pendingEpochAt));
  const hyperparameters: Record<string, number | string | boolean> = {};
  for (const d of ECONOMY_PARAMS) {
    if (d.scope !== 'subnet') continue;
    const v = hp[d.name];
    if (v !== undefined)
      hyperparameters[d.name] = typeof v === 'bigint' ? v.toString() : (v as number | string | boolean);
  }
  return {
    ...summary(state, netuid, currentShares(state)),
    priceRaw: currentPrice(state, netuid).toString(),
    movingPriceRaw: em.movingPrice.toString(),
    quoteWeight: pool.quoteWeight.toString(),
    protocolAlpha: pool.protocolAlpha.toString(),
    locked: info.locked.toString(),
    firstEmissionBlock: info.firstEmissionBlock === 0 ? null : info.firstEmissionBlock,
    lastEpochBlock: em.lastEpochBlock,
    nextEpochBlock: next === undefined ? null : Number(next),
    epochIndex: em.epochIndex,
    pending: {
      server: em.pendingServer.toString(),
      validator: em.pendingValidator.toString(),
      root: em.pendingRoot.toString(),
      ownerCut: em.pendingOwnerCut.toString(),
    },
    hyperparameters,
  };
}

export function subnetMetagraph(state: State, netuid: number, block: number): MetagraphJson | null {
  if (netuid === ROOT_NETUID || !subnetExists(state, netuid)) return null;
  const keys = getKeys(state, netuid);
  const m = getMeta(state, netuid);
  const lu = getLastUpdate(state, netuid);
  const tw = paramBig(state, 'tao_weight');
  const immunity = hpBig(state, netuid, 'immunity_period');
  return {
    netuid,
    block,
    n: keys.length,
    neurons: keys.map((hotkey, uid) => {
      const stake = totalHotkeyAlpha(state, hotkey, netuid);
      const root = totalHotkeyAlpha(state, hotkey, ROOT_NETUID);
      const axon = getAxon(state, netuid, hotkey);
      const axonJson: AxonJson | null = axon
        ? {
            block: axon.block,
            version: axon.version,
            ip: formatIp(axon.ip, axon.ipType),
            port: axon.port,
            ipType: axon.ipType,
            protocol: axon.protocol,
          }
        : null;
      const regAt = m.regAt[uid] ?? 0;
      return {
        uid,
        hotkey,
        coldkey: ownerOf(state, hotkey) ?? '',
        stake: stake.toString(),
        rootStake: root.toString(),
        stakeWeight: (stake + (root * tw) / U64_MAX).toString(),
        incentive: m.incentive[uid] ?? 0,
        dividends: m.dividends[uid] ?? 0,
        consensus: m.consensus[uid] ?? 0,
        validatorTrust: m.trust[uid] ?? 0,
        validatorPermit: m.permit[uid] ?? false,
        emission: (m.emission[uid] ?? 0n).toString(),
        lastUpdate: lu[uid] ?? 0,
        active: m.active[uid] ?? true,
        immune: isImmune(regAt, block, immunity),
        registeredAt: regAt,
        axon: axonJson,
      };
    }),
  };
}

/** `subnet_weights` / `subnet_bonds`: the stored rows (all uids with a non-empty row, or one uid). */
export function subnetMatrixRows(
  state: State,
  netuid: number,
  which: 'weights' | 'bonds',
  block: number,
  uid?: number,
): MatrixRowsJson | null {
  if (!getInfo(state, netuid) && netuid !== 0) return null;
  const keys = getKeys(state, netuid);
  const all = which === 'weights' ? getWeightRows(state, netuid, keys.length) : getBondRows(state, netuid);
  const rows: MatrixRowsJson['rows'] = [];
  all.forEach((row, i) => {
    if (uid !== undefined && i !== uid) return;
    if (row.length > 0) rows.push({ uid: i, hotkey: keys[i] ?? null, entries: row.map(([t, v]) => [t, v]) });
  });
  return { netuid, block, rows };
}

export function subnetEpochTrace(state: State, netuid: number, uid?: number): EpochTraceJson | null {
  const t = getStoredTrace(state, netuid);
  if (!t) return null;
  const keys = getKeys(state, netuid);
  const n = t.permitUsed.length;
  const uids = uid === undefined ? Array.from({ length: n }, (_, i) => i) : uid < n ? [uid] : [];
  return {
    netuid,
    block: t.block,
    emission: t.emission.toString(),
    activityCutoff: t.activityCutoff,
    lastTempo: t.lastTempo,
    kappa: I32F32Decimal(t.kappa),
    fallback: t.fallback,
    uids: uids.map((i) => {
      const row: { uid: number; hotkey: string | null; permitUsed: boolean } & Record<
        string,
        string | number | boolean | null
      > = {
        uid: i,
        hotkey: keys[i] ?? null,
        permitUsed: t.permitUsed[i] ?? false,
      };
      for (const [k, v] of Object.entries(t.vectors)) row[k] = I32F32Decimal(v[i] ?? 0);
      return row;
    }),
  };
}

function I32F32Decimal(bits: number): string {
  return I32F32.toDecimal(BigInt(bits));
}

export function stakeList(state: State, coldkey: string): StakeJson[] {
  return allStakes(state)
    .filter((s) => s.coldkey === coldkey && s.stake > 0n)
    .map((s) => ({
      hotkey: s.hotkey,
      netuid: s.netuid,
      stake: s.stake.toString(),
      taoValue: ((s.stake * currentPrice(state, s.netuid)) >> 64n).toString(),
    }));
}

export type QuoteAnswer = { ok: true; value: SwapQuoteJson } | { ok: false; error: string };

export function swapQuote(state: State, netuid: number, direction: 'stake' | 'unstake', amount: bigint): QuoteAnswer {
  if (!subnetExists(state, netuid)) return { ok: false, error: 'SubnetNotExists' };
  const q = quote(state, netuid, direction, amount);
  if (!q.ok) return q;
  const v = q.value;
  const slip = v.slippage;
  return {
    ok: true,
    value: {
      amountIn: v.amountIn.toString(),
      amountOut: v.amountOut.toString(),
      fee: v.fee.toString(),
      price: v.price.toString(),
      priceAfter: v.priceAfter.toString(),
      slippage: `${slip / 1_000_000_000n}.${(slip % 1_000_000_000n).toString().padStart(9, '0')}`,
    },
  };
}

export function issuanceInfo(state: State): IssuanceJson {
  const issuance = totalIssuance(state);
  const k = halvingCount(issuance);
  let totalStake = 0n;
  for (const n of allNetuids(state)) totalStake += getPool(state, n).tao;
  return {
    totalIssuance: issuance.toString(),
    blockEmission: blockEmissionForIssuance(issuance).toString(),
    halvings: Number.isFinite(k) ? k : -1,
    nextHalvingAt: Number.isFinite(k) ? halvingThreshold(k + 1).toString() : '0',
    totalStake: totalStake.toString(),
    burned: burnedTao(state).toString(),
    supplyCap: '21000000000000000',
  };
}

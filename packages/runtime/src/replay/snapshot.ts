/**
 * The JSON snapshot of a state-transition case (vectors/stf/README.md §3): issuance, balances of the named accounts,
 * subnets (root left out), stakes and metagraphs. Accounts are printed by the names the case used.
 */

import { totalIssuance } from '../modules/balances/index.js';
import { getKeys, getLastUpdate, getMeta } from '../modules/neurons/storage.js';
import { allStakes } from '../modules/staking/storage.js';
import { getBurn, getEm, getInfo, hpBool, hpNum, nonRootNetuids, ROOT_NETUID } from '../modules/subnets/storage.js';
import { currentPrice, getPool } from '../modules/swap/pool.js';
import { getAccount } from '../modules/system/index.js';
import type { State } from '../state/state.js';
import type { SnapshotPart } from './stfCase.js';

export interface SubnetSnapshot {
  tao_in: string;
  alpha_in: string;
  alpha_out: string;
  price: string;
  moving_price: string;
  owner: string;
  tempo: number;
  burn: string;
  subnet_n: number;
  emission_enabled: boolean;
}

export interface MetagraphSnapshot {
  hotkeys: string[];
  incentive: number[];
  dividends: number[];
  emission: string[];
  validator_permit: boolean[];
  last_update: number[];
  registered_at: number[];
}

export interface Snapshot {
  block: number;
  issuance?: string;
  balances?: Record<string, string>;
  subnets?: Record<string, SubnetSnapshot>;
  stakes?: Record<string, Record<string, Record<string, string>>>;
  metagraph?: Record<string, MetagraphSnapshot>;
}

/** Address ↔ case name. */
export interface Names {
  /** Named accounts (URIs) → SS58, in the order they are printed. */
  readonly byName: ReadonlyMap<string, string>;
  /** SS58 → URI. */
  readonly byAddress: ReadonlyMap<string, string>;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function takeSnapshot(state: State, block: number, include: readonly SnapshotPart[], names: Names): Snapshot {
  const name = (addr: string): string => names.byAddress.get(addr) ?? addr;
  const snap: Snapshot = { block };
  if (include.includes('issuance')) snap.issuance = totalIssuance(state).toString();
  if (include.includes('balances')) {
    const b: Record<string, string> = {};
    for (const n of [...names.byName.keys()].sort(cmp)) b[n] = getAccount(state, names.byName.get(n)!).free.toString();
    snap.balances = b;
  }
  const netuids = nonRootNetuids(state);
  if (include.includes('subnets')) {
    const s: Record<string, SubnetSnapshot> = {};
    for (const netuid of netuids) {
      const pool = getPool(state, netuid);
      const info = getInfo(state, netuid)!;
      s[String(netuid)] = {
        tao_in: pool.tao.toString(),
        alpha_in: pool.alphaIn.toString(),
        alpha_out: pool.alphaOut.toString(),
        price: currentPrice(state, netuid).toString(),
        moving_price: getEm(state, netuid).movingPrice.toString(),
        owner: name(info.owner),
        tempo: hpNum(state, netuid, 'tempo'),
        burn: getBurn(state, netuid).toString(),
        subnet_n: getKeys(state, netuid).length,
        emission_enabled: hpBool(state, netuid, 'subnet_emission_enabled'),
      };
    }
    snap.subnets = s;
  }
  if (include.includes('stakes')) {
    const rows = allStakes(state)
      .filter((r) => r.stake > 0n)
      .map((r) => ({ hk: name(r.hotkey), ck: name(r.coldkey), n: r.netuid, stake: r.stake }))
      .sort((a, b) => cmp(a.hk, b.hk) || cmp(a.ck, b.ck) || a.n - b.n);
    const out: Record<string, Record<string, Record<string, string>>> = {};
    for (const r of rows) {
      const h = (out[r.hk] ??= {});
      const c = (h[r.ck] ??= {});
      c[String(r.n)] = r.stake.toString();
    }
    snap.stakes = out;
  }
  if (include.includes('metagraph')) {
    const m: Record<string, MetagraphSnapshot> = {};
    for (const netuid of netuids) {
      if (netuid === ROOT_NETUID) continue;
      const keys = getKeys(state, netuid);
      const meta = getMeta(state, netuid);
      const lu = getLastUpdate(state, netuid);
      const n = keys.length;
      const pad = <T>(v: readonly T[], d: T): T[] => Array.from({ length: n }, (_, i) => v[i] ?? d);
      m[String(netuid)] = {
        hotkeys: keys.map(name),
        incentive: pad(meta.incentive, 0),
        dividends: pad(meta.dividends, 0),
        emission: pad(meta.emission, 0n).map((e) => e.toString()),
        validator_permit: pad(meta.permit, false),
        last_update: pad(lu, 0),
        registered_at: pad(meta.regAt, 0),
      };
    }
    snap.metagraph = m;
  }
  return snap;
}

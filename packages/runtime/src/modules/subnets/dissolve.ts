/**
 * Pruning and dissolving subnets (spec/economics.md §2.4): the weakest non-immune subnet is chosen by moving price; on
 * dissolution its TAO reserve is paid pro rata to the alpha held by stakers (largest remainders get the leftover
 * RAO), the protocol's part and everything else the subnet held is recycled, and every per-subnet entry is deleted.
 */
import { fxConvert, I96F32, U64F64 } from '../../economy/fixedExtra.js';
import { type DissolutionStake, dissolutionPayout, subnetToPrune } from '../../economy/subnetLifecycle.js';
import { DispatchError } from '../../framework/errors.js';
import type { Ctx } from '../../framework/module.js';
import { paramBig } from '../../framework/params.js';
import type { State } from '../../state/state.js';
import { deposit } from '../balances/index.js';
import { clearNeurons } from '../neurons/storage.js';
import { clearSubnetStakes, stakersOf } from '../staking/storage.js';
import { getPool } from '../swap/pool.js';
import { clearWeights } from '../weights/storage.js';
import { clearSubnet, getEm, getInfo, getLedger, nonRootNetuids, ROOT_NETUID } from './storage.js';
import { recycleHeld } from './tao.js';

/** Moving price as emission shares read it (U64F64): the stored I96F32 value, negative → 0. */
export function movingPriceU64F64(state: State, netuid: number): bigint {
  if (netuid === ROOT_NETUID || getInfo(state, netuid)?.mechanism !== 1) return 1n << 64n;
  const raw = getEm(state, netuid).movingPrice;
  return raw <= 0n ? 0n : fxConvert(I96F32, U64F64, raw);
}

/** `get_network_to_prune`: the lowest moving price among non-immune subnets; ties → earliest registration. */
export function networkToPrune(state: State, now: number): number | undefined {
  const candidates = nonRootNetuids(state).map((netuid) => ({
    netuid,
    registeredAt: BigInt(getInfo(state, netuid)!.registeredAt),
    movingPriceRaw: getEm(state, netuid).movingPrice,
  }));
  return subnetToPrune(candidates, BigInt(now), paramBig(state, 'network_immunity_period'));
}

/** Which hotkeys have a share pool on a subnet (ascending). */
function hotkeysWithStake(state: State, netuid: number): string[] {
  const suffix = `/${String(netuid).padStart(5, '0')}`;
  return state
    .scan('staking/alpha/')
    .map(([k]) => k)
    .filter((k) => k.endsWith(suffix))
    .map((k) => k.split('/')[2]!);
}

/** `do_dissolve_network` without the origin check. */
export function dissolveNetwork(ctx: Ctx, netuid: number): void {
  const st = ctx.state;
  const pool = getPool(st, netuid);
  const stakes: DissolutionStake[] = [];
  for (const hotkey of hotkeysWithStake(st, netuid)) {
    for (const [coldkey, value] of stakersOf(st, hotkey, netuid)) stakes.push({ hotkey, coldkey, value });
  }
  const pot = pool.tao;
  let paidOut = 0n;
  for (const p of dissolutionPayout(pot, stakes, pool.alphaIn + pool.protocolAlpha).payouts) {
    if (p.amount === 0n) continue;
    // A payment that would create an account below the existential deposit stays with the subnet (recycled).
    st.checkpoint();
    try {
      deposit(ctx, p.coldkey, p.amount);
      st.commitCheckpoint();
      paidOut += p.amount;
    } catch (e) {
      if (!(e instanceof DispatchError)) throw e;
      st.revertCheckpoint();
    }
  }
  // Everything else the subnet held is recycled: the unpaid reserve and the subnet account's other TAO.
  recycleHeld(st, pot - paidOut + getLedger(st, netuid).heldTao);
  clearSubnetStakes(st, netuid);
  // Root-dividend bookkeeping of the subnet (spec §2.4 step 1).
  const n5 = String(netuid).padStart(5, '0');
  for (const [k] of st.scan('staking/root_claimable/')) if (k.endsWith(`/${n5}`)) st.delete(k);
  for (const [k] of st.scan(`staking/root_claimed/${n5}/`)) st.delete(k);
  clearNeurons(st, netuid);
  clearWeights(st, netuid);
  clearSubnet(st, netuid);
  ctx.emit('subnets', 'NetworkRemoved', { netuid, paidToStakers: paidOut });
}

/**
 * Conservation invariants of the economy, checked after every block in tests (and by `tensorium replay --check`):
 *
 * - TAO: total issuance = Σ account balances (free + reserved) + Σ pool TAO reserves (root included) + TAO held by
 *   subnets outside their reserve + burned TAO + the genesis offset (issuance not held by any account).
 * - Alpha, per non-root subnet: SubnetAlphaOut = Σ stake of every hotkey + pending emission (server, validator, root,
 *   owner cut) + protocol alpha (chain buys) + burned alpha + undistributed alpha + unclaimed root dividends.
 * - Root: SubnetTAO[0] = SubnetAlphaOut[0] = Σ root stake.
 * - No amount is negative or above u64::MAX.
 * - Share pools: the coldkeys' values of a (hotkey, subnet) add up to its TotalHotkeyAlpha, short by less than one
 *   unit per coldkey (flooring).
 */
import { totalIssuance } from '../modules/balances/index.js';
import { allHotkeyTotals, allStakes } from '../modules/staking/storage.js';
import { allNetuids, burnedTao, getEm, getLedger, issuanceOffset, ROOT_NETUID } from '../modules/subnets/storage.js';
import { getPool } from '../modules/swap/pool.js';
import { allAccounts } from '../modules/system/index.js';
import type { State } from '../state/state.js';

const U64_MAX = (1n << 64n) - 1n;

/** Returns every violated invariant (empty when all hold). */
export function checkInvariants(state: State): string[] {
  const errors: string[] = [];
  const amount = (what: string, v: bigint) => {
    if (v < 0n || v > U64_MAX) errors.push(`${what} out of range: ${v}`);
  };

  let accounts = 0n;
  for (const [addr, a] of allAccounts(state)) {
    amount(`balance of ${addr}`, a.free);
    accounts += a.free + a.reserved;
  }
  let pools = 0n;
  let held = 0n;
  const stakeByNet = new Map<number, bigint>();
  for (const t of allHotkeyTotals(state)) {
    amount(`TotalHotkeyAlpha ${t.hotkey}/${t.netuid}`, t.total);
    stakeByNet.set(t.netuid, (stakeByNet.get(t.netuid) ?? 0n) + t.total);
  }
  for (const netuid of allNetuids(state)) {
    const pool = getPool(state, netuid);
    const led = getLedger(state, netuid);
    const em = getEm(state, netuid);
    for (const [k, v] of Object.entries({
      ...pool,
      ...led,
      pendingServer: em.pendingServer,
      pendingValidator: em.pendingValidator,
      pendingRoot: em.pendingRoot,
      pendingOwnerCut: em.pendingOwnerCut,
    })) {
      if (typeof v === 'bigint' && k !== 'quoteWeight') amount(`subnet ${netuid} ${k}`, v);
    }
    pools += pool.tao;
    held += led.heldTao;
    const staked = stakeByNet.get(netuid) ?? 0n;
    if (netuid === ROOT_NETUID) {
      if (pool.tao !== staked || pool.alphaOut !== staked)
        errors.push(`root: SubnetTAO ${pool.tao}, SubnetAlphaOut ${pool.alphaOut}, Σ root stake ${staked}`);
      continue;
    }
    const accounted =
      staked +
      em.pendingServer +
      em.pendingValidator +
      em.pendingRoot +
      em.pendingOwnerCut +
      pool.protocolAlpha +
      led.burnedAlpha +
      led.undistributedAlpha +
      led.rootClaimableAlpha;
    if (accounted !== pool.alphaOut)
      errors.push(
        `subnet ${netuid}: SubnetAlphaOut ${pool.alphaOut} ≠ accounted alpha ${accounted} (Δ ${pool.alphaOut - accounted})`,
      );
  }
  const issuance = totalIssuance(state);
  const tao = accounts + pools + held + burnedTao(state) + issuanceOffset(state);
  if (issuance !== tao)
    errors.push(
      `TAO: issuance ${issuance} ≠ accounts ${accounts} + pools ${pools} + held ${held} + burned ${burnedTao(state)} + offset ${issuanceOffset(state)} (Δ ${issuance - tao})`,
    );

  const sums = new Map<string, { sum: bigint; count: bigint }>();
  for (const s of allStakes(state)) {
    const k = `${s.hotkey}/${s.netuid}`;
    const e = sums.get(k) ?? { sum: 0n, count: 0n };
    sums.set(k, { sum: e.sum + s.stake, count: e.count + 1n });
  }
  for (const t of allHotkeyTotals(state)) {
    const e = sums.get(`${t.hotkey}/${t.netuid}`) ?? { sum: 0n, count: 0n };
    const gap = t.total - e.sum;
    if (gap < 0n || gap > e.count)
      errors.push(`share pool ${t.hotkey}/${t.netuid}: total ${t.total}, Σ values ${e.sum} over ${e.count} coldkeys`);
  }
  return errors;
}

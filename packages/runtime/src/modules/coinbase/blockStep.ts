/**
 * The per-block step (spec/economics.md §5.1), run at the start of every block: registration price decay, mint the
 * block's TAO, the coinbase (shares, injection, chain buys, alpha out and its split into pending amounts), epochs of
 * due subnets with their distribution, and the moving prices. The emission arithmetic is the economy layer's
 * `runCoinbaseEmission`; this file reads the subnets from state and writes every result back.
 */
import { addPending, type CoinbaseSubnet, runCoinbaseEmission } from '../../economy/coinbase.js';
import { scheduleEpochs } from '../../economy/epochSchedule.js';
import { blockEmissionForIssuance, mintAmount } from '../../economy/issuance.js';
import { updateMovingPrice } from '../../economy/movingPrice.js';
import { decayBurn, decayFactorQ32, mulByQ32 } from '../../economy/registrationPrice.js';
import type { Ctx } from '../../framework/module.js';
import { paramBig, paramNum } from '../../framework/params.js';
import type { State } from '../../state/state.js';
import { totalIssuance } from '../balances/index.js';
import {
  allNetuids,
  getBurn,
  getEm,
  getInfo,
  getSubnetState,
  hpBig,
  hpBool,
  hpNum,
  nonRootNetuids,
  ROOT_NETUID,
  setBurn,
  updateSubnetState,
} from '../subnets/storage.js';
import { mintHeld } from '../subnets/tao.js';
import { currentPrice, getPool } from '../swap/pool.js';
import { distributeEmission } from './distribute.js';

/** `decay_factor_q32` by half-life: a pure function of its argument, found by bisection, so it is kept once computed. */
const DECAY_FACTORS = new Map<number, bigint>();
function decayFactor(halfLife: number): bigint {
  let f = DECAY_FACTORS.get(halfLife);
  if (f === undefined) DECAY_FACTORS.set(halfLife, (f = decayFactorQ32(halfLife)));
  return f;
}

/** §3.2: every subnet's burn price decays by its half-life and is clamped to [min_burn, max_burn]. */
export function decayRegistrationPrices(
  state: State,
  now: number,
  netuids: readonly number[] = allNetuids(state),
): void {
  for (const netuid of netuids) {
    const burn = getBurn(state, netuid);
    const halfLife = hpNum(state, netuid, 'burn_half_life');
    // `decayBurn` with the factor looked up once per half-life (same arithmetic: floor(Burn·f/2^32), then clamp).
    const decayed = halfLife > 0 && now > 1 ? mulByQ32(burn, decayFactor(halfLife)) : burn;
    const next = decayBurn(
      decayed,
      { minBurn: hpBig(state, netuid, 'min_burn'), maxBurn: hpBig(state, netuid, 'max_burn'), halfLife: 0 },
      BigInt(now),
    );
    if (next !== burn) setBurn(state, netuid, next);
  }
}

/** §5.2: non-root subnets that were started, are subtoken-enabled and accept registrations. */
export function emittingSubnets(state: State, netuids: readonly number[] = nonRootNetuids(state)): number[] {
  return netuids.filter((n) => {
    if (n === ROOT_NETUID) return false;
    const info = getInfo(state, n);
    return (
      info !== undefined &&
      info.firstEmissionBlock !== 0 &&
      info.subtokenEnabled &&
      hpBool(state, n, 'network_registration_allowed')
    );
  });
}

/** §5.3–§5.5: spends the block's credit on the emitting subnets and accumulates their pending emission. */
export function runEmission(ctx: Ctx, credit: bigint, emitting: readonly number[]): void {
  const st = ctx.state;
  const subnets: CoinbaseSubnet[] = emitting.map((netuid) => {
    const pool = getPool(st, netuid);
    const em = getEm(st, netuid);
    return {
      netuid,
      mechanism: getInfo(st, netuid)!.mechanism,
      taoReserve: pool.tao,
      alphaIn: pool.alphaIn,
      alphaOut: pool.alphaOut,
      quoteWeight: pool.quoteWeight,
      movingPriceRaw: em.movingPrice,
      minerBurnedRaw: em.minerBurned,
      emissionEnabled: hpBool(st, netuid, 'subnet_emission_enabled'),
      ownerCutEnabled: hpBool(st, netuid, 'owner_cut_enabled'),
    };
  });
  const res = runCoinbaseEmission(credit, subnets, {
    rootTao: getPool(st, ROOT_NETUID).tao,
    taoWeight: paramBig(st, 'tao_weight'),
    ownerCut: paramNum(st, 'subnet_owner_cut'),
    minimumReserve: paramBig(st, 'minimum_reserve'),
  });
  mintHeld(st, credit - res.recycledCredit);
  for (const r of res.subnets) {
    const cur = getSubnetState(st, r.netuid);
    // A chain buy that failed leaves its TAO in the subnet account, outside the reserve.
    const stranded = r.excessTaoMoved - r.chainBuyTaoIn;
    const s = r.split;
    const rootPending = res.rootSellFlag ? s.rootAlpha : 0n;
    // Minted alpha not assigned to any pending amount (flooring) stays counted in SubnetAlphaOut.
    const unassigned = r.alphaOutMinted - s.ownerCut - s.server - s.validator - s.rootAlpha;
    // Pool, ledger and pending emission in one write of the subnet's entry.
    updateSubnetState(st, r.netuid, {
      tao: r.after.taoReserve,
      alphaIn: r.after.alphaIn,
      alphaOut: r.after.alphaOut,
      protocolAlpha: cur.protocolAlpha + r.chainBuyAlphaOut,
      quoteWeight: r.after.quoteWeight,
      heldTao: cur.heldTao + stranded,
      undistributedAlpha: cur.undistributedAlpha + unassigned,
      pendingServer: addPending(cur.pendingServer, s.server),
      pendingValidator: addPending(cur.pendingValidator, s.validator),
      pendingRoot: addPending(cur.pendingRoot, rootPending),
      pendingOwnerCut: addPending(cur.pendingOwnerCut, s.ownerCut),
      taoInEmission: r.injectedTao,
      alphaInEmission: r.injectedAlpha,
      alphaOutEmission: r.alphaOutMinted,
      excessTao: r.chainBuyTaoIn,
    });
  }
}

/** §5.6–§5.7: schedules epochs (at most max_epochs_per_block), drains due subnets and distributes them. */
export function runEpochs(ctx: Ctx, subnets: readonly number[] = nonRootNetuids(ctx.state)): void {
  const st = ctx.state;
  const now = ctx.block.number;
  const ems = subnets.map((n) => getEm(st, n));
  const decisions = scheduleEpochs(
    subnets.map((netuid, i) => ({
      netuid,
      tempo: hpNum(st, netuid, 'tempo'),
      lastEpochBlock: BigInt(ems[i]!.lastEpochBlock),
      pendingEpochAt: BigInt(ems[i]!.pendingEpochAt),
      blocksSinceLastStep: BigInt(ems[i]!.blocksSinceLastStep),
    })),
    BigInt(now),
    paramNum(st, 'max_epochs_per_block'),
  );
  const toDistribute: {
    netuid: number;
    pending: { server: bigint; validator: bigint; root: bigint; ownerCut: bigint };
  }[] = [];
  decisions.forEach((d, i) => {
    const em = ems[i]!;
    const ran = d.decision === 'run';
    if (ran)
      toDistribute.push({
        netuid: d.netuid,
        pending: {
          server: em.pendingServer,
          validator: em.pendingValidator,
          root: em.pendingRoot,
          ownerCut: em.pendingOwnerCut,
        },
      });
    const schedule = {
      lastEpochBlock: Number(d.lastEpochBlock),
      pendingEpochAt: Number(d.pendingEpochAt),
      blocksSinceLastStep: Number(d.blocksSinceLastStep),
      epochIndex: em.epochIndex + d.epochIndexIncrement,
    };
    updateSubnetState(
      st,
      d.netuid,
      ran ? { ...schedule, pendingServer: 0n, pendingValidator: 0n, pendingRoot: 0n, pendingOwnerCut: 0n } : schedule,
    );
    if (d.decision === 'defer') ctx.emit('coinbase', 'EpochDeferred', { netuid: d.netuid, from: now, to: now + 1 });
  });
  for (const t of toDistribute) distributeEmission(ctx, t.netuid, t.pending);
}

/** §4.6: moving prices of the emitting subnets, after the coinbase used them. */
export function updateMovingPrices(
  state: State,
  now: number,
  emitting: readonly number[] = emittingSubnets(state),
): void {
  const alpha = paramBig(state, 'subnet_moving_alpha');
  for (const netuid of emitting) {
    const em = getEm(state, netuid);
    const next = updateMovingPrice({
      previousRaw: em.movingPrice,
      spotPriceRaw: currentPrice(state, netuid),
      now: BigInt(now),
      firstEmissionBlock: BigInt(getInfo(state, netuid)!.firstEmissionBlock),
      movingAlphaRaw: alpha,
      halvingBlocks: hpBig(state, netuid, 'ema_price_halving_blocks'),
    });
    updateSubnetState(state, netuid, { movingPrice: next });
  }
}

/** The whole block step. */
export function blockStep(ctx: Ctx): void {
  const st = ctx.state;
  const now = ctx.block.number;
  const all = allNetuids(st);
  const subnets = all.filter((n) => n !== ROOT_NETUID);
  decayRegistrationPrices(st, now, all);
  const issuance = totalIssuance(st);
  const credit = mintAmount(blockEmissionForIssuance(issuance), issuance);
  if (st.get<bigint>('coinbase/block_emission') !== credit) st.set('coinbase/block_emission', credit);
  const emitting = emittingSubnets(st, subnets);
  runEmission(ctx, credit, emitting);
  runEpochs(ctx, subnets);
  // Epochs change neither registration nor start state: the emitting set is the same as for the coinbase.
  updateMovingPrices(st, now, emitting);
}

/**
 * Burned registration of a neuron (spec/economics.md §3.1): the coldkey pays the subnet's current `Burn`, which buys
 * alpha through the pool that is then destroyed; the hotkey gets the next uid or replaces the neuron chosen by §3.5;
 * the price is bumped by `burn_increase_mult`.
 */
import { MAX_PRICE_RAO } from '../../economy/constants.js';
import { bumpBurn } from '../../economy/registrationPrice.js';
import { fail } from '../../framework/errors.js';
import type { Ctx } from '../../framework/module.js';
import { getBurn, hpBig, hpBool, hpNum, ROOT_NETUID, setBurn, subnetExists, updateLedger } from '../subnets/storage.js';
import { coldkeyBalance, takeFromColdkey } from '../subnets/tao.js';
import { getPool, putPool, swapTaoForAlpha } from '../swap/pool.js';
import { createHotkeyIfNew, getKeys, isRegistered, ownerOf } from './storage.js';
import { appendNeuron, pruneCandidate, replaceNeuron } from './uids.js';

export const NEURONS = 'neurons';

/** Checks of `do_register` up to the payment, in the reference chain's order. */
function checkRegister(ctx: Ctx, coldkey: string, netuid: number, hotkey: string): bigint {
  const st = ctx.state;
  if (netuid === ROOT_NETUID) fail(NEURONS, 'RegistrationNotPermittedOnRootSubnet');
  if (!subnetExists(st, netuid)) fail(NEURONS, 'SubnetNotExists');
  if (!hpBool(st, netuid, 'network_registration_allowed')) fail(NEURONS, 'SubNetRegistrationDisabled');
  if (isRegistered(st, netuid, hotkey)) fail(NEURONS, 'HotKeyAlreadyRegisteredInSubNet');
  const cost = getBurn(st, netuid);
  if (coldkeyBalance(st, coldkey) < cost) fail(NEURONS, 'NotEnoughBalanceToStake');
  const owner = ownerOf(st, hotkey);
  if (owner !== undefined && owner !== coldkey) fail(NEURONS, 'NonAssociatedColdKey');
  const maxUids = hpNum(st, netuid, 'max_allowed_uids');
  if (maxUids === 0) fail(NEURONS, 'NoNeuronIdAvailable');
  if (getKeys(st, netuid).length >= maxUids && pruneCandidate(st, netuid, ctx.block.number) === undefined)
    fail(NEURONS, 'NoNeuronIdAvailable');
  return cost;
}

/** `do_register` (burned_register): returns the uid given to the hotkey. */
export function registerNeuron(ctx: Ctx, coldkey: string, netuid: number, hotkey: string): number {
  const st = ctx.state;
  const now = ctx.block.number;
  const cost = checkRegister(ctx, coldkey, netuid, hotkey);
  createHotkeyIfNew(st, coldkey, hotkey);

  // Payment: the TAO enters the subnet and buys alpha at any price; the bought alpha is destroyed (alpha issuance
  // falls) and the swap fee stays in the subnet account.
  const paid = takeFromColdkey(ctx, NEURONS, coldkey, cost);
  const r = swapTaoForAlpha(st, netuid, paid, MAX_PRICE_RAO, false);
  const pool = getPool(st, netuid);
  putPool(st, netuid, { ...pool, alphaOut: pool.alphaOut - r.amountPaidOut });
  const held = paid - r.amountPaidIn;
  if (held > 0n) updateLedger(st, netuid, { heldTao: held });

  // Slot.
  let uid: number;
  const n = getKeys(st, netuid).length;
  if (n < hpNum(st, netuid, 'max_allowed_uids')) uid = appendNeuron(st, netuid, hotkey, now);
  else {
    const prune = pruneCandidate(st, netuid, now);
    if (prune === undefined) fail(NEURONS, 'NoNeuronIdAvailable');
    replaceNeuron(st, netuid, prune, hotkey, now);
    uid = prune;
  }

  // Price bump for the next registration.
  setBurn(
    st,
    netuid,
    bumpBurn(getBurn(st, netuid), {
      minBurn: hpBig(st, netuid, 'min_burn'),
      maxBurn: hpBig(st, netuid, 'max_burn'),
      increaseMultRaw: hpBig(st, netuid, 'burn_increase_mult'),
    }),
  );
  ctx.emit(NEURONS, 'NeuronRegistered', { netuid, uid, hotkey, coldkey, burn: cost });
  return uid;
}

/** `register_limit`: registration only while `Burn ≤ limit_price`. */
export function registerNeuronLimit(
  ctx: Ctx,
  coldkey: string,
  netuid: number,
  hotkey: string,
  limitPrice: bigint,
): number {
  if (netuid === ROOT_NETUID) fail(NEURONS, 'RegistrationNotPermittedOnRootSubnet');
  if (!subnetExists(ctx.state, netuid)) fail(NEURONS, 'SubnetNotExists');
  if (getBurn(ctx.state, netuid) > limitPrice) fail(NEURONS, 'RegistrationPriceLimitExceeded');
  return registerNeuron(ctx, coldkey, netuid, hotkey);
}

/**
 * Plans of `stake move` and `stake transfer`: moving alpha to another hotkey and/or subnet (`move_stake`, or
 * `swap_stake_limit` when guarded, which keeps the hotkey) and giving it to another coldkey (`transfer_stake`). Moves
 * between subnets unstake on the origin and stake on the destination with one swap fee; the preview shows both legs.
 */
import { TensoriumError } from '@tensorium/primitives';
import type { CallPlan } from './callPlan.js';
import { tao } from './context.js';
import { addressOption, u16Option, usageError } from './economyArgs.js';
import { alpha } from './economyFormat.js';
import { nextBlock, nextEpoch } from './eta.js';
import type { Io } from './io.js';
import { hotkeyAddress } from './keyAddresses.js';
import { heldStake, type StakeCtx, startedWarning } from './stakeContext.js';
import { movePreviewJson, movePreviewLines } from './stakeLines.js';
import { type MovePreview, previewMove } from './stakeQuote.js';

/** Parsed option values (parseArgs). */
type Values = Record<string, any>;

async function amountToMove(
  ctx: StakeCtx,
  requested: bigint,
): Promise<{ requested: bigint; held: bigint; moves: bigint }> {
  const held = await heldStake(ctx.chain, ctx.coldkey, ctx.hotkey, ctx.netuid);
  if (held === 0n)
    throw new TensoriumError(
      'TNS_CLI_NOT_FOUND',
      `coldkey ${ctx.coldkey} holds no stake on hotkey ${ctx.hotkey} in subnet ${ctx.netuid}`,
    );
  return { requested, held, moves: requested < held ? requested : held };
}

async function checks(
  ctx: StakeCtx,
  destNetuid: number,
  p: MovePreview,
  held: bigint,
  requested: bigint,
): Promise<string[]> {
  const warnings = [
    ...(await startedWarning(ctx.chain, ctx.netuid)),
    ...(destNetuid !== ctx.netuid ? await startedWarning(ctx.chain, destNetuid) : []),
  ];
  if (requested > held) warnings.push(`only ${alpha(held)} is staked: the chain moves that much`);
  const minStake = await ctx.chain.param('min_stake');
  if (p.unstake && BigInt(p.unstake.amountOut) <= minStake)
    warnings.push(
      `the unstaked TAO (${tao(p.unstake.amountOut)}) is not above the minimum stake ${tao(minStake)}: the chain will reject it (staking.AmountTooLow)`,
    );
  return warnings;
}

async function timing(ctx: StakeCtx, destNetuid: number): Promise<string> {
  const base = `the stake moves ${await nextBlock(ctx.chain)}`;
  return destNetuid === 0
    ? base
    : `${base}; it counts on subnet ${destNetuid} from ${await nextEpoch(ctx.chain, await ctx.chain.subnet(destNetuid))}`;
}

const moved = (p: MovePreview, moves: bigint): bigint => (p.guard ? p.guard.fills : moves);

/** `stake move`: to `--dest-hotkey` (default the same) on `--dest-netuid` (default the same). */
export async function planMove(ctx: StakeCtx, values: Values, amount: bigint, io: Io): Promise<CallPlan> {
  const { chain, hotkey, netuid, guard } = ctx;
  const destHotkey =
    values['dest-hotkey'] !== undefined ? hotkeyAddress({ ...values, hotkey: values['dest-hotkey'] }, io) : hotkey;
  const destNetuid = u16Option(values, 'dest-netuid', netuid);
  if (destHotkey === hotkey && destNetuid === netuid)
    throw usageError('nothing to move: give --dest-hotkey and/or --dest-netuid');
  if (guard && destHotkey !== hotkey) {
    throw usageError(
      'a guarded move keeps the hotkey (the chain has swap_stake_limit but no move_stake_limit): drop --dest-hotkey, or the guard',
    );
  }
  const { requested, held, moves } = await amountToMove(ctx, amount);
  const p = await previewMove(chain, netuid, destNetuid, moves, guard);
  const call: CallPlan['call'] = guard
    ? {
        fn: 'swap_stake_limit',
        args: {
          hotkey,
          origin_netuid: netuid,
          destination_netuid: destNetuid,
          alpha_amount: requested,
          limit_price: p.guard!.limitRao,
          allow_partial: guard.partial,
        },
      }
    : {
        fn: 'move_stake',
        args: {
          origin_hotkey: hotkey,
          destination_hotkey: destHotkey,
          origin_netuid: netuid,
          destination_netuid: destNetuid,
          alpha_amount: requested,
        },
      };
  const to = [destHotkey !== hotkey ? `hotkey ${destHotkey}` : '', destNetuid !== netuid ? `subnet ${destNetuid}` : '']
    .filter(Boolean)
    .join(' on ');
  return {
    action: `Move ${alpha(requested)} of stake from hotkey ${hotkey} on subnet ${netuid} to ${to}`,
    call,
    details: movePreviewLines(p),
    costs: [
      p.guard?.outcome === 'reject'
        ? `nothing but the fee if rejected (${alpha(moves)} of the ${alpha(held)} staked on subnet ${netuid} if it fills)`
        : `${alpha(moved(p, moves))} of the stake on subnet ${netuid} (${alpha(held)} held)`,
    ],
    when: await timing(ctx, destNetuid),
    warnings: await checks(ctx, destNetuid, p, held, requested),
    data: { held: held.toString(), destinationHotkey: destHotkey, preview: movePreviewJson(p) },
    question: `Move ${alpha(p.guard?.outcome === 'reject' ? moves : moved(p, moves))}?`,
  };
}

/** `stake transfer`: the stake goes to the coldkey `--dest` (same hotkey), on `--dest-netuid` (default the same). */
export async function planTransfer(ctx: StakeCtx, values: Values, amount: bigint): Promise<CallPlan> {
  const { chain, hotkey, netuid, guard } = ctx;
  if (guard)
    throw usageError('the chain has no transfer_stake_limit: --limit-price/--tolerance do not apply to transfers');
  const dest = addressOption(values, 'dest');
  const destNetuid = u16Option(values, 'dest-netuid', netuid);
  if (dest === ctx.coldkey && destNetuid === netuid)
    throw usageError('nothing to transfer: --dest is this coldkey and the subnet is the same');
  const { requested, held, moves } = await amountToMove(ctx, amount);
  const p = await previewMove(chain, netuid, destNetuid, moves);
  const warnings = await checks(ctx, destNetuid, p, held, requested);
  for (const n of new Set([netuid, destNetuid])) {
    const info = n === 0 ? null : await chain.subnet(n);
    if (info && info.hyperparameters.transfer_toggle === false)
      warnings.push(`stake transfers are off on subnet ${n}: the chain will reject it (staking.TransferDisallowed)`);
  }
  return {
    action: `Transfer ${alpha(requested)} of stake on hotkey ${hotkey} from subnet ${netuid} to coldkey ${dest}${destNetuid !== netuid ? ` on subnet ${destNetuid}` : ''}`,
    call: {
      fn: 'transfer_stake',
      args: {
        destination_coldkey: dest,
        hotkey,
        origin_netuid: netuid,
        destination_netuid: destNetuid,
        alpha_amount: requested,
      },
    },
    details: movePreviewLines(p),
    costs: [`${alpha(moves)} of the stake on subnet ${netuid} (${alpha(held)} held), given away`],
    when: await timing(ctx, destNetuid),
    warnings,
    data: { held: held.toString(), destinationColdkey: dest, preview: movePreviewJson(p) },
    question: `Transfer ${alpha(moves)} of stake to ${dest}?`,
  };
}

/**
 * tensorium stake add|remove|move|transfer|list — staking through the subnet pools, shaped after btcli. Every
 * stake-moving subcommand shows the quote (the chain's `swap_quote`), the fee and the slippage and asks for
 * confirmation (`--yes` skips it); `--limit-price` / `--tolerance` guard against slippage through the chain's
 * `*_limit` calls; `--explain` shows what will happen, what it costs and when, without submitting.
 */
import { TensoriumError, type Value } from '@tensorium/primitives';
import { parse } from '../args.js';
import { type CallPlan, executePlan } from '../callPlan.js';
import { type ChainReader, withChain } from '../chainReader.js';
import { printJson, table, tao } from '../context.js';
import {
  amountOption,
  ECONOMY_OPTIONS,
  priceOption,
  subcommand,
  toleranceOption,
  u16Option,
  usageError,
} from '../economyArgs.js';
import { alpha, decimalToPpb, percent, price, short } from '../economyFormat.js';
import { nextBlock, nextEpoch } from '../eta.js';
import type { Io } from '../io.js';
import { coldkeyAddress, hotkeyAddress } from '../keyAddresses.js';
import { loadSigner } from '../signer.js';
import { heldStake, type StakeCtx, stakeSummary, startedWarning } from '../stakeContext.js';
import { swapPreviewJson, swapPreviewLines } from '../stakeLines.js';
import { type Guard, guardFrom, previewSwap, type SwapPreview } from '../stakeQuote.js';
import { planMove, planTransfer } from '../stakeTransition.js';

const SUBCOMMANDS = ['add', 'remove', 'move', 'transfer', 'list'] as const;

const HELP = `Usage: tensorium stake <add|remove|move|transfer|list> [options]

  add        stake TAO to a hotkey on a subnet (buys the subnet's alpha through its pool)
  remove     unstake alpha for TAO (--amount ALPHA, or --all)
  move       move stake to another hotkey (--dest-hotkey) and/or subnet (--dest-netuid)
  transfer   give stake to another coldkey (--dest ADDRESS), optionally on another subnet
  list       the stakes of a coldkey (--wallet, or an address as argument), valued at the spot price and unstaked now

Options:
  --netuid N              subnet (for move/transfer: the origin subnet; also --origin-netuid)
  --amount AMOUNT         TAO for add, alpha for remove/move/transfer (9 decimals, e.g. 12.5)
  --all                   remove: all of this hotkey's stake on the subnet (without --netuid: on every subnet)
  --hotkey NAME|//URI|SS58  the hotkey staked to (a hotkey of --wallet, a dev URI or an address)
  --dest-hotkey ...       move: the destination hotkey (default: the same)
  --dest-netuid N         move/transfer: the destination subnet (default: the same)
  --dest ADDRESS          transfer: the destination coldkey
  --limit-price PRICE     guard: TAO per alpha the price may reach (buying) or fall to (selling); for moves the origin
                          price in destination alpha
  --tolerance FRACTION    guard: the limit as the current price ± this fraction (0.005 or 0.5%)
  --partial               with a guard: fill what fits within the limit instead of failing (SlippageTooHigh)
  --explain               show what will happen, what it costs and when it takes effect; submit nothing
  --wallet NAME|//URI     the coldkey that signs and pays
  --rpc URL  --json  --yes  --wallets-dir DIR  --password-file FILE  --no-password`;

const OPTIONS = {
  ...ECONOMY_OPTIONS,
  netuid: { type: 'string' },
  'origin-netuid': { type: 'string' },
  'dest-netuid': { type: 'string' },
  amount: { type: 'string' },
  all: { type: 'boolean' },
  'dest-hotkey': { type: 'string' },
  dest: { type: 'string' },
  'limit-price': { type: 'string' },
  tolerance: { type: 'string' },
  partial: { type: 'boolean' },
} as const;

/** Parsed option values (parseArgs). */
type Values = Record<string, any>;

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const sub = subcommand(positionals[0] === 'list' ? positionals.slice(0, 1) : positionals, 'stake', SUBCOMMANDS);
  if (sub === 'list') return list(values, positionals, io);
  const guard = guardFrom(priceOption(values, 'limit-price'), toleranceOption(values), values.partial);
  if (values.netuid !== undefined && values['origin-netuid'] !== undefined)
    throw usageError('give --netuid or --origin-netuid, not both');
  if (values.all && sub !== 'remove') throw usageError('--all belongs to `stake remove`');
  const everywhere = sub === 'remove' && values.all === true && values.netuid === undefined;
  if (everywhere && guard)
    throw usageError('the chain has no unstake_all with a limit: give --netuid to guard one subnet');
  const netuid = everywhere ? 0 : u16Option(values, values['origin-netuid'] !== undefined ? 'origin-netuid' : 'netuid');
  if (values.all && values.amount !== undefined) throw usageError('give --amount or --all, not both');
  if (values.all && guard?.partial)
    throw usageError('--all with --partial: the chain unstakes everything or nothing (remove_stake_full_limit)');
  const amount = values.all ? undefined : amountOption(values, 'amount');
  const coldkey = coldkeyAddress(values, io);
  const hotkey = hotkeyAddress(values, io);
  const common = { io, values, signer: coldkey, loadPair: () => loadSigner(values, io) };
  return withChain(values, io, async (chain) => {
    const ctx = { chain, coldkey, hotkey, netuid, guard };
    if (sub === 'add')
      return executePlan(await planAdd(ctx, amount!), { ...common, chain, after: () => afterStake(ctx) });
    if (everywhere) return executePlan(await planUnstakeAll(ctx), { ...common, chain });
    if (sub === 'remove')
      return executePlan(await planRemove(ctx, amount), { ...common, chain, after: () => afterStake(ctx) });
    if (sub === 'move') return executePlan(await planMove(ctx, values, amount!, io), { ...common, chain });
    return executePlan(await planTransfer(ctx, values, amount!), { ...common, chain });
  });
}

async function stakeTiming(chain: ChainReader, netuid: number): Promise<string> {
  const base = `the stake changes ${await nextBlock(chain)}`;
  if (netuid === 0) return base;
  return `${base}; it counts for validator permits and dividends from ${await nextEpoch(chain, await chain.subnet(netuid))}`;
}

function guardArgs(guard: Guard | undefined, p: SwapPreview): Record<string, Value> {
  return guard ? { limit_price: p.guard!.limitRao, allow_partial: guard.partial } : {};
}

async function planAdd(ctx: StakeCtx, amount: bigint): Promise<CallPlan> {
  const { chain, coldkey, hotkey, netuid, guard } = ctx;
  const p = await previewSwap(chain, netuid, 'stake', amount, guard);
  const [free, minStake] = await Promise.all([chain.free(coldkey), chain.param('min_stake')]);
  const spend = p.guard ? p.guard.fills : amount;
  const warnings = await startedWarning(chain, netuid);
  if (free < spend)
    warnings.push(
      `the coldkey's free balance (${tao(free)}) is below ${tao(spend)}: the chain will reject it (staking.NotEnoughBalanceToStake)`,
    );
  if (amount < minStake)
    warnings.push(
      `below the minimum stake of ${tao(minStake)} (plus its fee): the chain will reject it (staking.AmountTooLow)`,
    );
  return {
    action: `Stake ${tao(amount)} to hotkey ${hotkey} on subnet ${netuid}`,
    call: guard
      ? { fn: 'add_stake_limit', args: { hotkey, netuid, amount_staked: amount, ...guardArgs(guard, p) } }
      : { fn: 'add_stake', args: { hotkey, netuid, amount_staked: amount } },
    details: swapPreviewLines(p),
    costs: [
      p.guard?.outcome === 'reject'
        ? `nothing but the fee if rejected (${tao(amount)} if it fills)`
        : `${tao(spend)} from the coldkey's free balance (${tao(free)} now)`,
    ],
    when: await stakeTiming(chain, netuid),
    warnings,
    data: { preview: swapPreviewJson(p) },
    question: `Stake ${tao(amount)} on subnet ${netuid}?`,
  };
}

/** `stake remove`: `amount` alpha, or everything when undefined (`--all`). */
async function planRemove(ctx: StakeCtx, given: bigint | undefined): Promise<CallPlan> {
  const { chain, coldkey, hotkey, netuid, guard } = ctx;
  const held = await heldStake(chain, coldkey, hotkey, netuid);
  const all = given === undefined;
  const requested = given ?? held;
  const amount = requested < held ? requested : held;
  if (held === 0n)
    throw new TensoriumError(
      'TNS_CLI_NOT_FOUND',
      `coldkey ${coldkey} holds no stake on hotkey ${hotkey} in subnet ${netuid}`,
    );
  const warnings = await startedWarning(chain, netuid);
  if (requested > held) warnings.push(`only ${alpha(held)} is staked: the chain unstakes that much`);
  const p = await previewSwap(chain, netuid, 'unstake', amount, guard);
  let call: CallPlan['call'];
  if (all)
    call = {
      fn: 'remove_stake_full_limit',
      args: { hotkey, netuid, ...(p.guard ? { limit_price: p.guard.limitRao } : {}) },
    };
  else if (guard)
    call = { fn: 'remove_stake_limit', args: { hotkey, netuid, amount_unstaked: requested, ...guardArgs(guard, p) } };
  else call = { fn: 'remove_stake', args: { hotkey, netuid, amount_unstaked: requested } };
  const sells = p.guard ? p.guard.fills : amount;
  return {
    action: `Unstake ${all ? `all (${alpha(held)})` : alpha(requested)} from hotkey ${hotkey} on subnet ${netuid}`,
    call,
    details: swapPreviewLines(p),
    costs: [
      p.guard?.outcome === 'reject'
        ? `nothing but the fee if rejected (${alpha(amount)} of the ${alpha(held)} staked if it fills)`
        : `${alpha(sells)} of the stake (${alpha(held)} held); the TAO goes to the coldkey's free balance`,
    ],
    when: `the TAO is free ${await nextBlock(chain)}`,
    warnings,
    data: { held: held.toString(), preview: swapPreviewJson(p) },
    question: `Unstake ${alpha(sells)} on subnet ${netuid}?`,
  };
}

/** `stake remove --all` without `--netuid`: the chain's unstake_all, every subnet of the hotkey at once. */
async function planUnstakeAll(ctx: StakeCtx): Promise<CallPlan> {
  const { chain, coldkey, hotkey } = ctx;
  const stakes = (await chain.client.request('stake_list', coldkey)).filter((s) => s.hotkey === hotkey);
  if (stakes.length === 0)
    throw new TensoriumError('TNS_CLI_NOT_FOUND', `coldkey ${coldkey} holds no stake on hotkey ${hotkey}`);
  const legs = await Promise.all(
    stakes.map(async (s) => ({ s, q: await chain.client.request('swap_quote', s.netuid, 'unstake', s.stake) })),
  );
  const total = legs.reduce((a, { q }) => a + BigInt(q.amountOut), 0n);
  const warnings: string[] = [];
  for (const { s } of legs)
    warnings.push(...(await startedWarning(chain, s.netuid)).map((w) => `${w.split(':')[0]}: the chain skips it`));
  return {
    action: `Unstake everything on hotkey ${hotkey}: ${legs.length} subnet${legs.length === 1 ? '' : 's'}`,
    call: { fn: 'unstake_all', args: { hotkey } },
    details: legs.map(({ s, q }) => [
      `Subnet ${s.netuid}`,
      `${alpha(q.amountIn)} → ${tao(q.amountOut)} (fee ${alpha(q.fee)}, slippage ${percent(decimalToPpb(q.slippage))})`,
    ]),
    costs: [`all the hotkey's stake of this coldkey, for about ${tao(total)} at the current pools`],
    when: `the TAO is free ${await nextBlock(chain)}`,
    warnings,
    data: { quotes: legs.map(({ s, q }) => ({ netuid: s.netuid, stake: s.stake, quote: q })), total: total.toString() },
    question: `Unstake everything on hotkey ${hotkey} (about ${tao(total)})?`,
  };
}

async function afterStake(ctx: StakeCtx): Promise<{ lines: string[]; data: Record<string, unknown> }> {
  const s = await stakeSummary(ctx.chain, ctx.coldkey, ctx.hotkey, ctx.netuid);
  return {
    lines: [`  stake now ${alpha(s.stake)} on subnet ${ctx.netuid}; free balance ${tao(s.free)}`],
    data: { stake: s.stake.toString(), free: s.free.toString() },
  };
}

async function list(values: Values, positionals: string[], io: Io): Promise<number> {
  if (positionals.length > 2) throw usageError(`tensorium stake list: unexpected argument "${positionals[2]}"`);
  const coldkey = positionals[1] ?? coldkeyAddress(values, io);
  return withChain(values, io, async (chain) => {
    const stakes = await chain.client.request('stake_list', coldkey);
    const rows = await Promise.all(
      stakes.map(async (s) => {
        let unstakeNow: string | null = null;
        try {
          unstakeNow = (await chain.client.request('swap_quote', s.netuid, 'unstake', s.stake)).amountOut;
        } catch {}
        const info = s.netuid === 0 ? null : await chain.subnetOrNull(s.netuid);
        return { ...s, price: info ? info.price : '1000000000', unstakeNow };
      }),
    );
    const total = rows.reduce((a, r) => a + BigInt(r.taoValue), 0n);
    if (values.json)
      printJson(io, { coldkey, head: await chain.head(), stakes: rows, totalTaoValue: total.toString() });
    else if (rows.length === 0) io.out(`coldkey ${coldkey} has no stake`);
    else {
      io.out(`stakes of ${coldkey}\n`);
      io.out(
        table(
          ['netuid', 'hotkey', 'stake', 'price', 'value (spot)', 'unstake now (after fee and slippage)'],
          rows.map((r) => [
            r.netuid,
            short(r.hotkey),
            alpha(r.stake),
            price(r.price),
            tao(r.taoValue),
            r.unstakeNow === null ? '-' : tao(r.unstakeNow),
          ]),
        ),
      );
      io.out(`\ntotal value at spot prices: ${tao(total)}`);
    }
    return 0;
  });
}

/**
 * The human-readable lines of stake previews (quote, fee, slippage, guard) and their JSON form, shared by
 * `stake add|remove|move|transfer`.
 */
import type { SwapQuoteJson } from '@tensorium/rpc';
import { tao } from './context.js';
import { alpha, decimalToPpb, percent, price } from './economyFormat.js';
import type { GuardPreview, MovePreview, SwapPreview } from './stakeQuote.js';

type Line = readonly [string, string];

function amountIn(direction: 'stake' | 'unstake', v: bigint | string): string {
  return direction === 'stake' ? tao(v) : alpha(v);
}

function quoteLines(q: SwapQuoteJson, direction: 'stake' | 'unstake', label = 'Quote'): Line[] {
  const out = direction === 'stake' ? alpha(q.amountOut) : tao(q.amountOut);
  return [
    [label, `${amountIn(direction, q.amountIn)} → ${out} at ${price(q.price)} (price after: ${price(q.priceAfter)})`],
    ['Fee', `${amountIn(direction, q.fee)} (swap fee, in the input token)`],
    ['Slippage', `${percent(decimalToPpb(q.slippage))} (price impact against the spot price, fee excluded)`],
  ];
}

function guardLine(g: GuardPreview, unit: 'stake' | 'unstake' | 'move', requested: bigint): Line {
  const limit = unit === 'move' ? `${price(g.limitRao)} (origin price in destination alpha)` : price(g.limitRao);
  const src = g.tolerancePpb !== undefined ? ` (tolerance ${percent(g.tolerancePpb)})` : '';
  const fmt = (v: bigint) => (unit === 'stake' ? tao(v) : alpha(v));
  let what: string;
  if (g.outcome === 'full') what = 'the whole amount fits within the limit now';
  else if (g.outcome === 'partial')
    what = `only ${fmt(g.fills)} of ${fmt(requested)} fits within the limit now: that part fills (--partial)`;
  else if (g.chainError === 'staking.SlippageTooHigh')
    what = `only ${fmt(g.maxFill)} fits within the limit now: the chain will reject it (${g.chainError}) unless the price moves; --partial fills what fits`;
  else what = `the price is already past the limit: the chain will reject it (${g.chainError}) unless the price moves`;
  return ['Guard', `limit price ${limit}${src}: ${what}`];
}

/** Lines of a stake or unstake preview. */
export function swapPreviewLines(p: SwapPreview): Line[] {
  const lines: Line[] = [];
  if (p.quote) lines.push(...quoteLines(p.quote, p.direction, p.quoteWithoutGuard ? 'Without guard' : 'Quote'));
  if (p.guard) lines.push(guardLine(p.guard, p.direction, p.requested));
  else
    lines.push([
      'Guard',
      'none: it fills at whatever price the pool has when its block runs (emission and other trades move it first); --tolerance 0.005 or --limit-price bound that',
    ]);
  return lines;
}

/** Lines of a move/transfer preview. */
export function movePreviewLines(p: MovePreview): Line[] {
  if (p.withinSubnet)
    return [['Swap', `none: ${alpha(p.requested)} change hands on subnet ${p.originNetuid} as is, without a fee`]];
  const lines: Line[] = [];
  if (p.unstake) lines.push(...quoteLines(p.unstake, 'unstake', `Unstake (subnet ${p.originNetuid})`));
  if (p.stake) lines.push(...quoteLines(p.stake, 'stake', `Stake (subnet ${p.destinationNetuid})`));
  if (p.guard) lines.push(guardLine(p.guard, 'move', p.requested));
  return lines;
}

/** JSON of a swap preview. */
export function swapPreviewJson(p: SwapPreview): Record<string, unknown> {
  return {
    netuid: p.netuid,
    direction: p.direction,
    requested: p.requested.toString(),
    price: p.priceRao.toString(),
    quote: p.quote ?? null,
    quoteWithoutGuard: p.quoteWithoutGuard === true,
    guard: p.guard ? guardJson(p.guard) : null,
  };
}

export function movePreviewJson(p: MovePreview): Record<string, unknown> {
  return {
    originNetuid: p.originNetuid,
    destinationNetuid: p.destinationNetuid,
    requested: p.requested.toString(),
    withinSubnet: p.withinSubnet,
    priceRatio: p.ratioRao.toString(),
    unstakeQuote: p.unstake ?? null,
    stakeQuote: p.stake ?? null,
    guard: p.guard ? guardJson(p.guard) : null,
  };
}

function guardJson(g: GuardPreview): Record<string, unknown> {
  return {
    limitPrice: g.limitRao.toString(),
    ...(g.tolerancePpb !== undefined ? { tolerance: percent(g.tolerancePpb, 7) } : {}),
    maxFill: g.maxFill.toString(),
    outcome: g.outcome,
    fills: g.fills.toString(),
    ...(g.chainError ? { chainError: g.chainError } : {}),
  };
}

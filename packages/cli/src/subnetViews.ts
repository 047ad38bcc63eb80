/**
 * The read-only subnet views: `subnet list|show|hyperparams|metagraph|price`, as tables (default) or JSON (`--json`),
 * straight from the `subnet_*` and `swap_quote` RPC methods.
 */
import type { SubnetInfoJson } from '@tensorium/rpc';
import { subnetsModule } from '@tensorium/runtime';
import type { ChainReader } from './chainReader.js';
import { printJson, table, tao } from './context.js';
import { alpha, decimalToPpb, percent, price, short, u16Percent } from './economyFormat.js';
import { atBlock } from './eta.js';
import type { Io } from './io.js';

const ppbShare = (v: string): string => percent(BigInt(v), 2);

export async function subnetList(chain: ChainReader, io: Io, json: boolean): Promise<number> {
  const list = await chain.client.request('subnet_list');
  if (json) printJson(io, list);
  else if (list.length === 0) io.out('no subnets yet (create one with `tensorium subnet create`)');
  else {
    io.out(
      table(
        [
          'netuid',
          'owner',
          'neurons',
          'tempo',
          'price',
          'TAO in pool',
          'alpha in pool',
          'emission',
          'reg. cost',
          'started',
        ],
        list.map((s) => [
          s.netuid,
          short(s.owner),
          `${s.n}/${s.maxUids}`,
          s.tempo,
          price(s.price),
          tao(s.taoIn),
          alpha(s.alphaIn),
          ppbShare(s.emissionShare),
          tao(s.burn),
          s.started ? 'yes' : 'no',
        ]),
      ),
    );
  }
  return 0;
}

export async function subnetShow(chain: ChainReader, io: Io, netuid: number, json: boolean): Promise<number> {
  const s = await chain.subnet(netuid);
  if (json) {
    printJson(io, s);
    return 0;
  }
  const head = await chain.head();
  const lines: [string, string][] = [
    ['owner', `${s.owner} (hotkey ${s.ownerHotkey})`],
    ['registered', `block #${s.registeredAt}, locked ${tao(s.locked)}`],
    [
      'started',
      s.firstEmissionBlock === null
        ? 'no (the owner runs `tensorium subnet start`)'
        : `emission and staking since block #${s.firstEmissionBlock}`,
    ],
    ['neurons', `${s.n} of ${s.maxUids}; registration costs ${tao(s.burn)} (burned)`],
    ['pool', `${tao(s.taoIn)} and ${alpha(s.alphaIn)}; ${alpha(s.alphaOut)} outside the pool`],
    ['price', `${price(s.price)} (moving price ${price(s.movingPrice)})`],
    [
      'emission',
      `${ppbShare(s.emissionShare)} of each block's TAO${s.emissionEnabled ? '' : ' (emission switched off)'}`,
    ],
    ['tempo', `${s.tempo} blocks; epoch #${s.epochIndex} ran at block #${s.lastEpochBlock}`],
    ['next epoch', s.nextEpochBlock === null ? 'none (tempo 0)' : await atBlock(chain, s.nextEpochBlock, head)],
    [
      'pending',
      `server ${alpha(s.pending.server)}, validator ${alpha(s.pending.validator)}, root ${alpha(s.pending.root)}, owner cut ${alpha(s.pending.ownerCut)}`,
    ],
  ];
  const w = Math.max(...lines.map(([l]) => l.length));
  io.out(
    [
      `subnet ${netuid} at block #${head}`,
      ...lines.map(([l, t]) => `  ${l.padEnd(w)}  ${t}`),
      '',
      '(`tensorium subnet hyperparams --netuid N` lists every hyperparameter)',
    ].join('\n'),
  );
  return 0;
}

/** Who may change a parameter: the owner (within bounds) or sudo only. */
function setter(name: string): string {
  if (name === 'tempo') return 'owner (set_tempo)';
  const def = subnetsModule.ECONOMY_PARAM_MAP.get(name);
  if (!def?.owner) return 'sudo';
  const { min, max } = def.owner;
  const bounds = min !== undefined || max !== undefined ? ` [${min ?? 0}, ${max ?? '…'}]` : '';
  return `owner${bounds}`;
}

export async function subnetHyperparams(chain: ChainReader, io: Io, netuid: number, json: boolean): Promise<number> {
  const s = await chain.subnet(netuid);
  const rows = Object.entries(s.hyperparameters).map(([name, value]) => ({
    name,
    value,
    setBy: setter(name),
    doc: subnetsModule.ECONOMY_PARAM_MAP.get(name)?.doc ?? '',
  }));
  if (json)
    printJson(io, {
      netuid,
      hyperparameters: s.hyperparameters,
      settable: Object.fromEntries(rows.map((r) => [r.name, r.setBy])),
    });
  else
    io.out(
      table(
        ['hyperparameter', 'value', 'set by', 'meaning'],
        rows.map((r) => [r.name, String(r.value), r.setBy, r.doc]),
      ),
    );
  return 0;
}

export async function subnetMetagraph(chain: ChainReader, io: Io, netuid: number, json: boolean): Promise<number> {
  const m = await chain.client.request('subnet_metagraph', netuid);
  if (!m) {
    await chain.subnet(netuid); // a clear error for a missing subnet
    return 1;
  }
  if (json) {
    printJson(io, m);
    return 0;
  }
  io.out(`subnet ${netuid} metagraph at block #${m.block}: ${m.n} neurons\n`);
  io.out(
    table(
      [
        'uid',
        'hotkey',
        'coldkey',
        'stake',
        'stake weight',
        'incentive',
        'dividends',
        'consensus',
        'vtrust',
        'permit',
        'emission',
        'updated',
        'active',
        'immune',
        'axon',
      ],
      m.neurons.map((n) => [
        n.uid,
        short(n.hotkey),
        short(n.coldkey),
        alpha(n.stake),
        alpha(n.stakeWeight),
        u16Percent(n.incentive),
        u16Percent(n.dividends),
        u16Percent(n.consensus),
        u16Percent(n.validatorTrust),
        n.validatorPermit ? 'yes' : 'no',
        alpha(n.emission),
        n.lastUpdate ? `#${n.lastUpdate}` : '-',
        n.active ? 'yes' : 'no',
        n.immune ? 'yes' : 'no',
        n.axon ? `${n.axon.ip}:${n.axon.port}` : '-',
      ]),
    ),
  );
  return 0;
}

const SAMPLE_TAO = [1_000_000_000n, 10_000_000_000n, 100_000_000_000n];

async function depth(
  chain: ChainReader,
  s: SubnetInfoJson,
): Promise<Array<{ tao: string; alphaOut: string | null; priceAfter: string | null; slippage: string | null }>> {
  return Promise.all(
    SAMPLE_TAO.map(async (amount) => {
      try {
        const q = await chain.client.request('swap_quote', s.netuid, 'stake', amount.toString());
        return { tao: amount.toString(), alphaOut: q.amountOut, priceAfter: q.priceAfter, slippage: q.slippage };
      } catch {
        return { tao: amount.toString(), alphaOut: null, priceAfter: null, slippage: null };
      }
    }),
  );
}

/** `subnet price`: prices of every subnet, or one subnet's price, pool and what 1/10/100 TAO buy now. */
export async function subnetPrice(
  chain: ChainReader,
  io: Io,
  netuid: number | undefined,
  json: boolean,
): Promise<number> {
  if (netuid === undefined) {
    const list = await chain.client.request('subnet_list');
    if (json)
      printJson(
        io,
        list.map((s) => ({
          netuid: s.netuid,
          price: s.price,
          movingPrice: s.movingPrice,
          taoIn: s.taoIn,
          alphaIn: s.alphaIn,
        })),
      );
    else
      io.out(
        table(
          ['netuid', 'price', 'moving price', 'TAO in pool', 'alpha in pool'],
          list.map((s) => [s.netuid, price(s.price), price(s.movingPrice), tao(s.taoIn), alpha(s.alphaIn)]),
        ),
      );
    return 0;
  }
  const s = await chain.subnet(netuid);
  const d = await depth(chain, s);
  if (json) {
    printJson(io, {
      netuid,
      price: s.price,
      priceRaw: s.priceRaw,
      movingPrice: s.movingPrice,
      taoIn: s.taoIn,
      alphaIn: s.alphaIn,
      quoteWeight: s.quoteWeight,
      stakeQuotes: d,
    });
    return 0;
  }
  io.out(
    `subnet ${netuid}: ${price(s.price)} (moving price ${price(s.movingPrice)}); pool ${tao(s.taoIn)} / ${alpha(s.alphaIn)}\n`,
  );
  io.out(
    table(
      ['stake', 'buys', 'price after', 'slippage'],
      d.map((r) => [
        tao(r.tao),
        r.alphaOut === null ? '-' : alpha(r.alphaOut),
        r.priceAfter === null ? '-' : price(r.priceAfter),
        r.slippage === null ? '-' : percent(decimalToPpb(r.slippage)),
      ]),
    ),
  );
  return 0;
}

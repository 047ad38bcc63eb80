/**
 * tensorium neuron register — a hotkey gets a uid on a subnet by burning the current registration price (btcli
 * `subnets register`). The coldkey pays; `--max-cost` turns it into `register_limit`, which fails rather than pay more.
 */
import { decayBurn } from '@tensorium/runtime';
import { parse } from '../args.js';
import { type CallPlan, executePlan } from '../callPlan.js';
import { type ChainReader, withChain } from '../chainReader.js';
import { tao } from '../context.js';
import { ECONOMY_OPTIONS, priceOption, subcommand, u16Option, usageError } from '../economyArgs.js';
import { atBlock, nextBlock } from '../eta.js';
import type { Io } from '../io.js';
import { coldkeyAddress, hotkeyAddress } from '../keyAddresses.js';
import { loadSigner } from '../signer.js';

const HELP = `Usage: tensorium neuron register --netuid N [options]

Registers --hotkey on the subnet for the current registration price (burned), paid by --wallet's coldkey.

Options:
  --netuid N                 the subnet (not root)
  --hotkey NAME|//URI|SS58   the hotkey to register (a hotkey of --wallet, a dev URI or an address)
  --max-cost TAO             fail (RegistrationPriceLimitExceeded) rather than pay more than this (register_limit)
  --explain                  show what will happen, what it costs and when it takes effect; submit nothing
  --wallet NAME|//URI        the coldkey that pays and will own the hotkey
  --rpc URL  --json  --yes  --wallets-dir DIR  --password-file FILE  --no-password`;

const OPTIONS = { ...ECONOMY_OPTIONS, netuid: { type: 'string' }, 'max-cost': { type: 'string' } } as const;

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  subcommand(positionals, 'neuron', ['register']);
  const netuid = u16Option(values, 'netuid');
  if (netuid === 0) throw usageError('neurons cannot be registered on the root subnet (netuid 0)');
  const maxCost = priceOption(values, 'max-cost');
  const coldkey = coldkeyAddress(values, io);
  const hotkey = hotkeyAddress(values, io);
  return withChain(values, io, async (chain) =>
    executePlan(await planRegister(chain, coldkey, hotkey, netuid, maxCost), {
      io,
      chain,
      values,
      signer: coldkey,
      loadPair: () => loadSigner(values, io),
      after: async (out) => {
        const ev = out.events.find((e) => e.name === 'NeuronRegistered')?.data as { uid?: number } | undefined;
        return ev?.uid === undefined
          ? {}
          : { lines: [`  hotkey ${hotkey} is uid ${ev.uid} on subnet ${netuid}`], data: { uid: ev.uid } };
      },
    }),
  );
}

async function planRegister(
  chain: ChainReader,
  coldkey: string,
  hotkey: string,
  netuid: number,
  maxCost: bigint | undefined,
): Promise<CallPlan> {
  const s = await chain.subnet(netuid);
  const [m, free, head] = await Promise.all([
    chain.client.request('subnet_metagraph', netuid),
    chain.free(coldkey),
    chain.head(),
  ]);
  // The price decays at the start of every block: the one charged in the next block, by the chain's own rule.
  const hp = (name: string) => BigInt(String(s.hyperparameters[name]));
  const burn = decayBurn(
    BigInt(s.burn),
    { minBurn: hp('min_burn'), maxBurn: hp('max_burn'), halfLife: Number(hp('burn_half_life')) },
    BigInt(head + 1),
  );
  const warnings: string[] = [];
  const mine = m?.neurons.find((n) => n.hotkey === hotkey);
  if (mine)
    warnings.push(
      `hotkey ${hotkey} already holds uid ${mine.uid}: the chain will reject it (neurons.HotKeyAlreadyRegisteredInSubNet)`,
    );
  if (free < burn)
    warnings.push(
      `the coldkey's free balance (${tao(free)}) is below the price: the chain will reject it (neurons.NotEnoughBalanceToStake)`,
    );
  if (maxCost !== undefined && burn > maxCost)
    warnings.push(
      `the price ${tao(burn)} is above --max-cost ${tao(maxCost)}: the chain will reject it (neurons.RegistrationPriceLimitExceeded) unless the price decays first`,
    );
  if (s.n >= s.maxUids)
    warnings.push(
      `the subnet is full (${s.n}/${s.maxUids}): the lowest-ranked non-immune neuron is replaced, or the chain rejects it (neurons.NoNeuronIdAvailable)`,
    );
  const immunity = Number(s.hyperparameters.immunity_period ?? 0);
  return {
    action: `Register hotkey ${hotkey} on subnet ${netuid}`,
    call:
      maxCost === undefined
        ? { fn: 'burned_register', args: { netuid, hotkey } }
        : { fn: 'register_limit', args: { netuid, hotkey, limit_price: maxCost } },
    details: [
      [
        'Price',
        `${tao(burn)} in block #${head + 1}, burned (${tao(s.burn)} now; it decays every block and rises ×1.26 with each registration: the price at inclusion is charged)`,
      ],
      ['Slots', `${s.n} of ${s.maxUids} uids taken`],
    ],
    costs: [`~${tao(burn)} registration from the coldkey's free balance (${tao(free)} now)`],
    when: `the uid is assigned ${await nextBlock(chain)}; immune to replacement for ${immunity} blocks (until ${await atBlock(chain, head + 1 + immunity, head)})`,
    warnings,
    data: {
      price: burn.toString(),
      priceNow: s.burn,
      ...(maxCost !== undefined ? { maxCost: maxCost.toString() } : {}),
    },
    question: `Register for ${tao(burn)}?`,
  };
}

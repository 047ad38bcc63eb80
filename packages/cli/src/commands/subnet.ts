/**
 * tensorium subnet list|show|create|hyperparams|set|metagraph|price|start — subnets, shaped after btcli's `subnets`
 * and `sudo` commands. Reads come from the `subnet_*` RPC methods; `create`, `start` and `set` submit the chain's
 * register_network, start_call and set_hyperparameter / set_tempo / sudo_set calls, each with `--explain`.
 */
import { parse } from '../args.js';
import { executePlan } from '../callPlan.js';
import { withChain } from '../chainReader.js';
import { ECONOMY_OPTIONS, subcommand, u16Option, usageError } from '../economyArgs.js';
import type { Io } from '../io.js';
import { coldkeyAddress, hotkeyAddress } from '../keyAddresses.js';
import { loadSigner } from '../signer.js';
import { planCreate, planSet, planStart } from '../subnetPlans.js';
import { subnetHyperparams, subnetList, subnetMetagraph, subnetPrice, subnetShow } from '../subnetViews.js';

const SUBCOMMANDS = ['list', 'show', 'create', 'hyperparams', 'set', 'metagraph', 'price', 'start'] as const;

const HELP = `Usage: tensorium subnet <list|show|create|hyperparams|set|metagraph|price|start> [options]

  list          every subnet: owner, neurons, tempo, price, pool, emission share, registration cost
  show          one subnet (--netuid): pool, prices, emission, epochs, pending emission
  create        register a new subnet (pays the lock cost); --hotkey becomes its uid 0
  start         open staking and switch on emission of a subnet you own (start_call)
  hyperparams   every hyperparameter of a subnet, and who may set it
  set           change a hyperparameter: --param NAME --value V (owner), or --sudo (sudo key; global without --netuid)
  metagraph     the neurons of a subnet: stake, incentive, dividends, trust, permits, emission, axons
  price         a subnet's price, moving price and what 1/10/100 TAO buy now (all subnets without --netuid)

Options:
  --netuid N             the subnet
  --param NAME --value V set: the parameter (snake_case, as hyperparams lists it) and its value
  --sudo                 set: as the sudo key (sudo_set)
  --explain              show what will happen, what it costs and when it takes effect; submit nothing
  --wallet NAME|//URI    the coldkey that signs (create/start/set)
  --hotkey NAME|//URI|SS58  create: the owner hotkey
  --rpc URL  --json  --yes  --wallets-dir DIR  --password-file FILE  --no-password`;

const OPTIONS = {
  ...ECONOMY_OPTIONS,
  netuid: { type: 'string' },
  param: { type: 'string' },
  value: { type: 'string' },
  sudo: { type: 'boolean' },
} as const;

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const sub = subcommand(positionals, 'subnet', SUBCOMMANDS);
  const json = values.json === true;
  if ((values.param !== undefined || values.value !== undefined || values.sudo) && sub !== 'set')
    throw usageError(`--param, --value and --sudo belong to \`subnet set\``);
  const signing = sub === 'create' || sub === 'start' || sub === 'set';
  if (!signing && values.explain)
    throw usageError(`subnet ${sub} only reads: --explain applies to create, start and set`);
  // Validate before connecting, so that usage errors never need a node.
  const netuid =
    sub === 'list' ||
    sub === 'create' ||
    (sub === 'price' && values.netuid === undefined) ||
    (sub === 'set' && values.sudo && values.netuid === undefined)
      ? undefined
      : u16Option(values, 'netuid');
  const coldkey = signing ? coldkeyAddress(values, io) : '';
  const hotkey = sub === 'create' ? hotkeyAddress(values, io) : '';
  return withChain(values, io, async (chain) => {
    const exec = { io, chain, values, signer: coldkey, loadPair: () => loadSigner(values, io) };
    switch (sub) {
      case 'list':
        return subnetList(chain, io, json);
      case 'show':
        return subnetShow(chain, io, netuid!, json);
      case 'hyperparams':
        return subnetHyperparams(chain, io, netuid!, json);
      case 'metagraph':
        return subnetMetagraph(chain, io, netuid!, json);
      case 'price':
        return subnetPrice(chain, io, netuid, json);
      case 'create':
        return executePlan(await planCreate(chain, coldkey, hotkey), {
          ...exec,
          after: async (out) => {
            const added = out.events.find((e) => e.module === 'subnets' && e.name === 'NetworkAdded')?.data as
              | { netuid?: number }
              | undefined;
            const n = added?.netuid;
            const started = out.events.some((e) => e.module === 'subnets' && e.name === 'FirstEmissionBlockNumberSet');
            return n === undefined
              ? {}
              : {
                  lines: [
                    started
                      ? `  subnet ${n} created and started (this chain starts new subnets at creation)`
                      : `  subnet ${n} created; start it with \`tensorium subnet start --netuid ${n}\``,
                  ],
                  data: { netuid: n },
                };
          },
        });
      case 'start':
        return executePlan(await planStart(chain, coldkey, netuid!), exec);
      default:
        return executePlan(await planSet(chain, coldkey, values), exec);
    }
  });
}

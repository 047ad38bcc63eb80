/**
 * tensorium axon serve — a registered hotkey publishes where its axon listens (IP, port, protocol, version) on a
 * subnet, through the chain's `serve_axon` (btcli `axon set`). Signed by the hotkey; the address is checked with the
 * chain's own IP rules before anything is sent.
 */

import { neuronsModule } from '@tensorium/runtime';
import { PROTOCOL_VERSION } from '@tensorium/sdk';
import { parse } from '../args.js';
import { type CallPlan, executePlan } from '../callPlan.js';
import { type ChainReader, withChain } from '../chainReader.js';
import { ECONOMY_OPTIONS, required, subcommand, u16Option, u32Option, usageError } from '../economyArgs.js';
import { atBlock, nextBlock } from '../eta.js';
import type { Io } from '../io.js';
import { hotkeyAddress } from '../keyAddresses.js';
import { loadSigner } from '../signer.js';

const HELP = `Usage: tensorium axon serve --netuid N --ip IP --port PORT [options]

Publishes the hotkey's axon endpoint on the subnet (what validators' dendrites connect to).

Options:
  --netuid N             the subnet the hotkey is registered on
  --ip IP                public IPv4 or IPv6 address (not localhost)
  --port PORT            1–65535
  --protocol N           u8 protocol tag (default 4, as btcli)
  --version N            u32 axon version (default ${PROTOCOL_VERSION}, this SDK's wire protocol)
  --hotkey NAME|//URI    the hotkey that signs (of --wallet)
  --explain              show what will happen, what it costs and when it takes effect; submit nothing
  --wallet NAME  --rpc URL  --json  --yes  --wallets-dir DIR`;

const OPTIONS = {
  ...ECONOMY_OPTIONS,
  netuid: { type: 'string' },
  ip: { type: 'string' },
  port: { type: 'string' },
  protocol: { type: 'string' },
  version: { type: 'string' },
} as const;

export interface AxonArgs {
  readonly netuid: number;
  readonly ip: string;
  readonly ipType: 4 | 6;
  readonly port: number;
  readonly protocol: number;
  readonly version: number;
}

/** The validated arguments of `axon serve` (the chain's IP rules: no localhost, no all-ones, port > 0). */
export function axonArgs(values: Record<string, unknown>): AxonArgs {
  const netuid = u16Option(values, 'netuid');
  const ip = required(values, 'ip', 'IP');
  const ipType = ip.includes(':') ? 6 : 4;
  const parsed = neuronsModule.parseIp(ip);
  if (parsed === undefined || /^\d+$/.test(ip)) throw usageError(`--ip must be an IPv4 or IPv6 address, got "${ip}"`);
  if (!neuronsModule.isValidIp(ipType, parsed))
    throw usageError(
      `--ip ${ip} is not allowed on chain (localhost and all-ones addresses are rejected: InvalidIpAddress)`,
    );
  const port = u16Option(values, 'port');
  if (port === 0) throw usageError('--port must be 1–65535');
  const protocol = u16Option(values, 'protocol', 4);
  if (protocol > 255) throw usageError('--protocol must be a u8 (0–255)');
  return { netuid, ip, ipType, port, protocol, version: u32Option(values, 'version', PROTOCOL_VERSION) };
}

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  subcommand(positionals, 'axon', ['serve']);
  const a = axonArgs(values);
  const hotkey = hotkeyAddress(values, io);
  return withChain(values, io, async (chain) =>
    executePlan(await planServe(chain, hotkey, a), {
      io,
      chain,
      values,
      signer: hotkey,
      loadPair: () => loadSigner(values, io, { useHotkey: true }),
    }),
  );
}

async function planServe(chain: ChainReader, hotkey: string, a: AxonArgs): Promise<CallPlan> {
  const s = await chain.subnet(a.netuid);
  const [m, head] = await Promise.all([chain.client.request('subnet_metagraph', a.netuid), chain.head()]);
  const me = m?.neurons.find((n) => n.hotkey === hotkey);
  const warnings: string[] = [];
  if (!me)
    warnings.push(
      `hotkey ${hotkey} is not registered on subnet ${a.netuid}: the chain will reject it (neurons.HotKeyNotRegisteredInNetwork); run \`tensorium neuron register\` first`,
    );
  const limit = Number(s.hyperparameters.serving_rate_limit ?? 0);
  const last = me?.axon?.block ?? 0;
  if (limit > 0 && last > 0 && head + 1 - last < limit) {
    warnings.push(
      `served at block #${last}: serving again is allowed from ${await atBlock(chain, last + limit, head)} (neurons.ServingRateLimitExceeded)`,
    );
  }
  return {
    action: `Serve the axon of hotkey ${hotkey}${me ? ` (uid ${me.uid})` : ''} on subnet ${a.netuid} at ${a.ipType === 6 ? `[${a.ip}]` : a.ip}:${a.port}`,
    call: {
      fn: 'serve_axon',
      args: {
        netuid: a.netuid,
        version: a.version,
        ip: a.ip,
        port: a.port,
        ip_type: a.ipType,
        protocol: a.protocol,
        placeholder1: 0,
        placeholder2: 0,
      },
    },
    details: [
      ['Endpoint', `IPv${a.ipType} ${a.ip} port ${a.port}, protocol ${a.protocol}, version ${a.version}`],
      ['Before', me?.axon ? `${me.axon.ip}:${me.axon.port} (served at block #${me.axon.block})` : 'not served yet'],
    ],
    when: `in the metagraph ${await nextBlock(chain)}; serving again waits serving_rate_limit = ${limit} blocks`,
    warnings,
    data: { ...a },
    question: `Publish ${a.ip}:${a.port}?`,
  };
}

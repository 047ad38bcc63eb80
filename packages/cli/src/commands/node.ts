/**
 * `tensorium node`: runs an authority node (producing blocks with the authority key) or a follower
 * (`--follow ws://…`), with JSON-RPC over HTTP and WebSocket on one port. Runs until SIGINT or SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_RPC_PORT, Node, type NodeOptions, parseDuration } from '@tensorium/node';
import { cryptoReady, type Keypair, keypairFromUri, TensoriumError } from '@tensorium/primitives';
import { type ChainSpec, DEV_ADDRESSES, type PresetName, parseChainSpec, presetSpec } from '@tensorium/runtime';
import { parse } from '../args.js';
import type { Io } from '../io.js';

const OPTIONS = {
  dev: { type: 'boolean' },
  data: { type: 'string' },
  'rpc-port': { type: 'string' },
  'rpc-host': { type: 'string' },
  'block-time': { type: 'string' },
  follow: { type: 'string' },
  'chain-spec': { type: 'string' },
  preset: { type: 'string' },
  authority: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: tensorium node [options]

Runs a Tensorium node with JSON-RPC over HTTP and WebSocket on one port.

  --dev                 development chain: preset dev, //Alice as authority, 250 ms blocks, dev_* RPC methods
  --data DIR            keep the chain in DIR (SQLite); in memory when omitted
  --rpc-port N          RPC port (default ${DEFAULT_RPC_PORT}; 0 picks a free port)
  --rpc-host H          RPC interface (default 127.0.0.1; 0.0.0.0 to serve other machines)
  --block-time T        time between blocks, e.g. 250ms, 2s (default: the chain spec's, 12s on mainnet-like)
  --follow URL          follow the authority at ws://HOST:PORT instead of producing blocks
  --chain-spec FILE     genesis from a JSON chain spec
  --preset NAME         dev | mainnet-like (default mainnet-like, or dev with --dev)
  --authority URI       secret URI of the authority key (or TENSORIUM_AUTHORITY_URI); a chain whose
                        authority is a well-known dev account uses that account's key by default`;

function usage(msg: string): never {
  throw new TensoriumError('TNS_CLI_USAGE', msg);
}

function loadSpec(v: Record<string, any>): ChainSpec {
  const preset = (v.preset ?? (v.dev ? 'dev' : 'mainnet-like')) as PresetName;
  if (preset !== 'dev' && preset !== 'mainnet-like') usage(`unknown preset "${preset}" (dev or mainnet-like)`);
  // `--dev` is a dev *network*: new subnets start at creation (subnet_auto_start), so it pays out within seconds.
  if (!v['chain-spec']) return presetSpec(preset, v.dev ? { params: { subnet_auto_start: true } } : {});
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(v['chain-spec'], 'utf8'));
  } catch (e) {
    usage(`cannot read chain spec ${v['chain-spec']}: ${(e as Error).message}`);
  }
  try {
    return parseChainSpec(json, preset);
  } catch (e) {
    usage(`invalid chain spec ${v['chain-spec']}: ${(e as Error).message}`);
  }
}

function authorityKey(v: Record<string, any>, spec: ChainSpec, io: Io): Keypair {
  const uri: string | undefined = v.authority ?? io.env.TENSORIUM_AUTHORITY_URI ?? (v.dev ? '//Alice' : undefined);
  if (uri) return keypairFromUri(uri);
  const dev = Object.entries(DEV_ADDRESSES).find(([, a]) => a === spec.authority);
  if (!dev)
    usage(
      `the chain's authority is ${spec.authority}: give its key with --authority URI (or TENSORIUM_AUTHORITY_URI), or use --follow`,
    );
  io.err(`warning: producing blocks with the well-known dev key //${dev[0]} (anyone can sign for it)`);
  return keypairFromUri(`//${dev[0]}`);
}

/** Builds the node's options from the command line. */
export function nodeOptions(args: string[], io: Io): NodeOptions | undefined {
  const { values: v } = parse(args, OPTIONS, false);
  if (v.help) {
    io.out(HELP);
    return undefined;
  }
  const spec = loadSpec(v);
  const port = v['rpc-port'] === undefined ? DEFAULT_RPC_PORT : Number(v['rpc-port']);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    usage(`--rpc-port must be a port number, got "${v['rpc-port']}"`);
  if (v.follow !== undefined && !/^wss?:\/\/[^\s]+$/.test(v.follow))
    usage(`--follow takes a ws://HOST:PORT URL, got "${v.follow}"`);
  const blockTimeMs = v['block-time'] !== undefined ? parseDuration(v['block-time']) : v.dev ? 250 : spec.blockTimeMs;
  const log = { info: (l: string) => io.out(l), warn: (l: string) => io.err(l) };
  const o: NodeOptions = {
    spec,
    rpcPort: port,
    rpcHost: v['rpc-host'] ?? '127.0.0.1',
    blockTimeMs,
    dev: v.dev ?? false,
    log,
  };
  if (v.data) o.dataDir = v.data;
  if (v.follow) o.follow = v.follow;
  else o.authority = authorityKey(v, spec, io);
  return o;
}

export async function run(args: string[], io: Io): Promise<number> {
  await cryptoReady();
  const opts = nodeOptions(args, io);
  if (!opts) return 0;
  const node = new Node(opts);
  await node.start();
  io.out(`RPC listening on ${node.url} (${node.wsUrl})`);
  io.out(
    opts.follow
      ? `following ${opts.follow}`
      : `producing blocks every ${node.blockTimeMs} ms as ${opts.authority!.address}`,
  );
  let onSignal: ((sig: NodeJS.Signals) => void) | undefined;
  await new Promise<void>((resolve) => {
    let stopping = false;
    onSignal = (sig) => {
      if (stopping) process.exit(130); // a second signal: stop now
      stopping = true;
      io.out(`${sig}: shutting down`);
      node.stop().then(resolve, (e) => {
        io.err(`shutdown error: ${(e as Error).message}`);
        resolve();
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  process.off('SIGINT', onSignal!);
  process.off('SIGTERM', onSignal!);
  io.out('stopped');
  return 0;
}

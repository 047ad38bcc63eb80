/**
 * What the economy commands read from a node: the head, the block time, chain parameters and subnets, through one
 * client. Tests hand commands an in-process dev chain's client through the `Io` (a test-only seam, as `walletKdf`);
 * nothing on the command line reaches it.
 */
import { TensoriumError } from '@tensorium/primitives';
import { RpcError, type SubnetInfoJson } from '@tensorium/rpc';
import type { TensoriumClient } from '@tensorium/sdk';
import { connect } from './context.js';
import type { Io } from './io.js';

export class ChainReader {
  private blockTime: number | undefined;
  private readonly params = new Map<string, bigint>();
  private readonly subnets = new Map<number, SubnetInfoJson | null>();

  constructor(
    readonly client: TensoriumClient,
    private readonly owned: boolean,
  ) {}

  /** The current head block number. */
  async head(): Promise<number> {
    return (await this.client.getHeader())?.number ?? 0;
  }

  async blockTimeMs(): Promise<number> {
    this.blockTime ??= (await this.client.chainInfo()).blockTimeMs;
    return this.blockTime;
  }

  /** A numeric chain parameter (`params/<name>` in state). */
  async param(name: string): Promise<bigint> {
    let v = this.params.get(name);
    if (v === undefined) {
      const raw = await this.client.request('state_getStorage', `params/${name}`);
      if (raw === null || raw === undefined)
        throw new TensoriumError('TNS_CLI_NOT_FOUND', `the chain has no parameter "${name}"`);
      v = BigInt(raw as string | number);
      this.params.set(name, v);
    }
    return v;
  }

  /** A raw state entry as JSON, or null. */
  storage(key: string): Promise<unknown> {
    return this.client.request('state_getStorage', key);
  }

  /** `subnet_info`, or null for a missing subnet (and for root, which has no pool). */
  async subnetOrNull(netuid: number): Promise<SubnetInfoJson | null> {
    if (!this.subnets.has(netuid)) this.subnets.set(netuid, await this.client.request('subnet_info', netuid));
    return this.subnets.get(netuid) ?? null;
  }

  /** `subnet_info`, or a clear error when there is no such subnet. */
  async subnet(netuid: number): Promise<SubnetInfoJson> {
    const info = await this.subnetOrNull(netuid);
    if (!info)
      throw new TensoriumError(
        'TNS_CLI_NOT_FOUND',
        netuid === 0 ? 'subnet 0 is the root subnet: it has no pool or metagraph here' : `no subnet ${netuid}`,
      );
    return info;
  }

  /** The free balance of an account, RAO. */
  async free(address: string): Promise<bigint> {
    return BigInt((await this.client.getAccount(address)).free);
  }

  close(): Promise<void> {
    return this.owned ? this.client.close() : Promise.resolve();
  }
}

/** Opens the node of `--rpc` (or the test seam's client). */
export function openChain(values: { rpc?: string }, io: Io): ChainReader {
  const injected = (io as Io & { client?: TensoriumClient }).client;
  return injected ? new ChainReader(injected, false) : new ChainReader(connect(values, io), true);
}

/**
 * Runs `body` with a chain reader and closes it afterwards. A JSON-RPC error (a rejected transaction, a quote the pool
 * refuses) is printed as one line and exits 1 instead of escaping as a stack trace.
 */
export async function withChain(
  values: { rpc?: string },
  io: Io,
  body: (chain: ChainReader) => Promise<number>,
): Promise<number> {
  const chain = openChain(values, io);
  try {
    return await body(chain);
  } catch (e) {
    if (e instanceof RpcError) {
      const reason = typeof e.data?.reason === 'string' ? ` (${e.data.reason})` : '';
      io.err(`error [${e.data?.code ?? e.code}]: ${e.message}${reason}`);
      return 1;
    }
    throw e;
  } finally {
    await chain.close();
  }
}

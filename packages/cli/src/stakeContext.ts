/**
 * What the stake subcommands share: who stakes to which hotkey on which subnet with which guard, and reads of the
 * coldkey's holdings and of the subnet's state that their previews check.
 */
import type { ChainReader } from './chainReader.js';
import type { Guard } from './stakeQuote.js';

export interface StakeCtx {
  readonly chain: ChainReader;
  readonly coldkey: string;
  readonly hotkey: string;
  readonly netuid: number;
  readonly guard: Guard | undefined;
}

/** Alpha the coldkey holds on the hotkey in the subnet (RAO on root). */
export async function heldStake(chain: ChainReader, coldkey: string, hotkey: string, netuid: number): Promise<bigint> {
  const s = (await chain.client.request('stake_list', coldkey)).find((x) => x.hotkey === hotkey && x.netuid === netuid);
  return s ? BigInt(s.stake) : 0n;
}

/** The coldkey's stake on the hotkey and subnet, and its free balance. */
export async function stakeSummary(
  chain: ChainReader,
  coldkey: string,
  hotkey: string,
  netuid: number,
): Promise<{ stake: bigint; free: bigint }> {
  const [stake, free] = await Promise.all([heldStake(chain, coldkey, hotkey, netuid), chain.free(coldkey)]);
  return { stake, free };
}

/** The warning of a stake-moving call on a subnet that was not started (root is always on). */
export async function startedWarning(chain: ChainReader, netuid: number): Promise<string[]> {
  if (netuid === 0) return [];
  const info = await chain.subnet(netuid);
  return info.started
    ? []
    : [
        `subnet ${netuid} has not been started: the chain will reject it (staking.SubtokenDisabled); its owner runs \`tensorium subnet start\``,
      ];
}

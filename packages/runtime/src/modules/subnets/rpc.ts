/**
 * RPC handlers of the economy (`subnet_*`, `stake_list`, `swap_quote`, `chain_getIssuance`) over a chain's head state.
 * Registered in api/rpcHandlers.ts (MODULE_HANDLERS).
 */
import { RpcError } from '@tensorium/rpc';
import type { Handlers } from '../../api/rpcHandlers.js';
import type { Chain } from '../../chain/chain.js';
import {
  issuanceInfo,
  stakeList,
  subnetEpochTrace,
  subnetInfo,
  subnetList,
  subnetMatrixRows,
  subnetMetagraph,
  swapQuote,
} from './views.js';

export function economyRpcHandlers(chain: Chain): Handlers {
  return {
    chain_getIssuance: () => issuanceInfo(chain.readState()),
    subnet_list: () => subnetList(chain.readState()),
    subnet_info: (netuid) => subnetInfo(chain.readState(), netuid),
    subnet_metagraph: (netuid) => subnetMetagraph(chain.readState(), netuid, chain.headNumber),
    subnet_epochTrace: (netuid, uid) => subnetEpochTrace(chain.readState(), netuid, uid ?? undefined),
    subnet_weights: (netuid, uid) =>
      subnetMatrixRows(chain.readState(), netuid, 'weights', chain.headNumber, uid ?? undefined),
    subnet_bonds: (netuid, uid) =>
      subnetMatrixRows(chain.readState(), netuid, 'bonds', chain.headNumber, uid ?? undefined),
    stake_list: (coldkey) => stakeList(chain.readState(), coldkey),
    swap_quote: (netuid, direction, amount) => {
      if (direction !== 'stake' && direction !== 'unstake')
        throw RpcError.of('INVALID_PARAMS', 'swap_quote: param "direction" must be "stake" or "unstake"');
      if (!/^\d+$/.test(amount) || BigInt(amount) >= 1n << 64n)
        throw RpcError.of('INVALID_PARAMS', 'swap_quote: param "amount" must be a u64 decimal string');
      const r = swapQuote(chain.readState(), netuid, direction, BigInt(amount));
      if (!r.ok) {
        if (r.error === 'SubnetNotExists') throw RpcError.of('NOT_FOUND', `swap_quote: no subnet ${netuid}`);
        throw RpcError.of('INVALID_PARAMS', `swap_quote: the swap would fail (${r.error})`, { error: r.error });
      }
      return r.value;
    },
  };
}

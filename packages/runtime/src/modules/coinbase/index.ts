/**
 * coinbase: the per-block economy step (spec/economics.md §5): registration price decay, TAO issuance on the halving
 * schedule, the split of the block's TAO across subnets, injection and chain buys, alpha out and its pending split,
 * epoch scheduling, the Yuma epochs and the distribution of their results, and the moving prices. It has no calls.
 *
 *   coinbase/block_emission   bigint: TAO minted for the current block (before recycling the unspent part)
 *
 * The per-subnet state it drives lives in `subnets/state/<nn>` (pool, pending emission, epoch schedule, moving price,
 * burn) and in the stake pools.
 */
import type { ModuleDef } from '../../framework/module.js';
import { blockStep } from './blockStep.js';

export const coinbase: ModuleDef = {
  name: 'coinbase',
  calls: [],
  errors: {},
  events: {
    EpochDistributed: "A subnet's epoch ran and its emission was distributed.",
    EpochDeferred: 'A due epoch was moved to the next block (max_epochs_per_block).',
  },
  onInitialize: blockStep,
};

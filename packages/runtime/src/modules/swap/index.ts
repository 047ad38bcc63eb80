/**
 * swap: every subnet's pool (TAO reserve, alpha reserve, Balancer weight) and the swaps against it (spec/economics.md
 * §4). It has no calls of its own: staking, registration and the coinbase swap through `pool.ts`, and `quote` is the
 * pure preview shared with the SDK, CLI, explorer and simulator (RPC `swap_quote`). Storage is documented in pool.ts.
 */
import type { ModuleDef } from '../../framework/module.js';
import { SWAP } from './pool.js';

export { currentPrice, getPool, type PoolRecord, quote } from './pool.js';

export const swap: ModuleDef = {
  name: SWAP,
  calls: [],
  errors: {
    SwapInputTooLarge: 'The net input is more than 1000 times the input reserve.',
    ReservesTooLow: 'The output reserve is below the minimum reserve, or the swap would pay nothing.',
    PriceLimitExceeded: 'The current price is already past the limit price.',
    InsufficientLiquidity: 'The pool cannot pay the output.',
  },
  events: {},
};

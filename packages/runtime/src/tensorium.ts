/**
 * The Tensorium runtime: its modules in execution order.
 */
import { buildRuntime } from './framework/runtime.js';
import { balances } from './modules/balances/index.js';
import { coinbase } from './modules/coinbase/index.js';
import { neurons } from './modules/neurons/index.js';
import { staking } from './modules/staking/index.js';
import { subnets } from './modules/subnets/index.js';
import { swap } from './modules/swap/index.js';
import { system } from './modules/system/index.js';
import { weights } from './modules/weights/index.js';

export const RUNTIME_VERSION = '0.1.0';

export const tensoriumRuntime = buildRuntime(
  [system, balances, subnets, neurons, swap, staking, weights, coinbase],
  RUNTIME_VERSION,
);

/**
 * The Tensorium runtime: its modules in execution order.
 */
import { buildRuntime } from './framework/runtime.js';
import { balances } from './modules/balances/index.js';
import { system } from './modules/system/index.js';

export const RUNTIME_VERSION = '0.1.0';

export const tensoriumRuntime = buildRuntime([system, balances], RUNTIME_VERSION);

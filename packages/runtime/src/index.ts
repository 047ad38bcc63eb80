export * from './yuma/index.js';
export * from './state/index.js';
export * from './framework/index.js';
export * from './chain/index.js';
export * from './presets.js';
export * from './tensorium.js';
export * as system from './modules/system/index.js';
export * as balances from './modules/balances/index.js';
export * from './economy/index.js';

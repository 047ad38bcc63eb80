/** Public API of the swap module (re-exported by the runtime as `swapModule`). */
export { swap } from './index.js';
export { type PoolRecord, getPool, poolState, currentPrice, simSwap, quote, swapTaoForAlpha, swapAlphaForTao, adjustProtocolLiquidity, alphaIssuanceOf } from './pool.js';

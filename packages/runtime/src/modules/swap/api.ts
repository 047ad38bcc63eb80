/** Public API of the swap module (re-exported by the runtime as `swapModule`). */
export { swap } from './index.js';
export {
  adjustProtocolLiquidity,
  alphaIssuanceOf,
  currentPrice,
  getPool,
  type PoolRecord,
  poolState,
  quote,
  simSwap,
  swapAlphaForTao,
  swapTaoForAlpha,
} from './pool.js';

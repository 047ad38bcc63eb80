/** Public API of the subnets module (re-exported by the runtime as `subnetsModule`). */

export { inAdminFreezeWindow } from './admin.js';
export { dissolveNetwork, movingPriceU64F64, networkToPrune } from './dissolve.js';
export { subnets } from './index.js';
export {
  coerceParam,
  ECONOMY_PARAM_MAP,
  ECONOMY_PARAMS,
  ECONOMY_PRESET_PARAMS,
  type EconomyParam,
  type ParamKind,
  SUBNET_PARAM_NAMES,
} from './params.js';
export { lockCost, registerNetwork, startCall, subnetMedianPrice } from './register.js';
export { economyRpcHandlers } from './rpc.js';
export {
  allNetuids,
  burnedTao,
  type EmissionState,
  getBurn,
  getEm,
  getHp,
  getInfo,
  getLastLock,
  getLedger,
  hp,
  issuanceOffset,
  type Ledger,
  nonRootNetuids,
  ROOT_NETUID,
  type SubnetInfo,
  subnetExists,
} from './storage.js';
export {
  currentShares,
  issuanceInfo,
  stakeList,
  subnetEpochTrace,
  subnetInfo,
  subnetList,
  subnetMetagraph,
  swapQuote,
} from './views.js';

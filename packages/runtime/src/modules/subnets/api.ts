/** Public API of the subnets module (re-exported by the runtime as `subnetsModule`). */
export { subnets } from './index.js';
export { ECONOMY_PARAMS, ECONOMY_PARAM_MAP, ECONOMY_PRESET_PARAMS, SUBNET_PARAM_NAMES, coerceParam, type EconomyParam, type ParamKind } from './params.js';
export { lockCost, subnetMedianPrice, registerNetwork, startCall } from './register.js';
export { networkToPrune, dissolveNetwork, movingPriceU64F64 } from './dissolve.js';
export { inAdminFreezeWindow } from './admin.js';
export {
  ROOT_NETUID,
  type SubnetInfo,
  type EmissionState,
  type Ledger,
  allNetuids,
  nonRootNetuids,
  subnetExists,
  getInfo,
  getHp,
  hp,
  getEm,
  getBurn,
  getLedger,
  getLastLock,
  burnedTao,
  issuanceOffset,
} from './storage.js';
export { currentShares, subnetList, subnetInfo, subnetMetagraph, subnetEpochTrace, stakeList, swapQuote, issuanceInfo } from './views.js';
export { economyRpcHandlers } from './rpc.js';

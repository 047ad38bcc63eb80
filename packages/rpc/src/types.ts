/**
 * JSON shapes of RPC results. Amounts are RAO (or alpha base units) as decimal strings; block numbers are JSON
 * integers; hashes and bytes are 0x-hex.
 */
export interface Health {
  peers: number;
  isSyncing: boolean;
  shouldHavePeers: boolean;
  /** Head block number (Tensorium addition). */
  best: number;
}

export interface HeaderJson {
  number: number;
  hash: string;
  parentHash: string;
  stateRoot: string;
  extrinsicsRoot: string;
  timestamp: number;
  author: string;
  signature: string;
}

export interface EventJson {
  module: string;
  name: string;
  /** Event fields; bigints as decimal strings, bytes as 0x-hex. */
  data: unknown;
  extrinsic?: number;
}

export interface ExtrinsicJson {
  hash: string;
  /** 0x-hex of the canonical transaction bytes. */
  raw: string;
  signer: string;
  nonce: number;
  tip: string;
  validUntil: number;
  module: string;
  fn: string;
  args: unknown;
  success: boolean;
  error?: string;
  fee: string;
}

export interface BlockJson {
  header: HeaderJson;
  extrinsics: ExtrinsicJson[];
  events: EventJson[];
}

export interface AccountJson {
  free: string;
  reserved: string;
  nonce: number;
}

export type TxStatus =
  | { status: 'ready'; hash: string }
  | { status: 'inBlock'; hash: string; block: number; blockHash: string; success: boolean; error?: string }
  | { status: 'finalized'; hash: string; block: number; blockHash: string; success: boolean; error?: string }
  /** `dispatchError` (`module.Error`) when `reason` is `Call`: a feeless call that would fail. */
  | { status: 'invalid'; hash?: string; error: string; reason: string; dispatchError?: string }
  | { status: 'dropped'; hash: string; error: string };

export interface ChainInfo {
  name: string;
  id: string;
  genesisHash: string;
  blockTimeMs: number;
  tokenSymbol: 'TAO';
  decimals: 9;
  ss58Prefix: 42;
  runtimeVersion: string;
  /** Whether dev_* methods are enabled. */
  dev: boolean;
}

/** One subnet in `subnet_list`. Amounts in RAO (TAO) or alpha base units, prices in RAO per alpha. */
export interface SubnetSummaryJson {
  netuid: number;
  owner: string;
  ownerHotkey: string;
  /** Neurons registered / slots. */
  n: number;
  maxUids: number;
  tempo: number;
  /** TAO reserve of the pool (SubnetTAO). */
  taoIn: string;
  /** Alpha reserve of the pool (SubnetAlphaIn). */
  alphaIn: string;
  /** Alpha outside the pool (SubnetAlphaOut). */
  alphaOut: string;
  /** Spot price, RAO per alpha (floored). */
  price: string;
  /** Moving price (EMA), RAO per alpha (floored). */
  movingPrice: string;
  /** Share of the block's TAO emission this subnet would get now, parts per 10^9. */
  emissionShare: string;
  /** Current registration price (burn), RAO. */
  burn: string;
  registeredAt: number;
  /** start_call done: emission and staking on. */
  started: boolean;
  emissionEnabled: boolean;
}

/** `subnet_info`: a subnet's pool, emission state and every hyperparameter. */
export interface SubnetInfoJson extends SubnetSummaryJson {
  /** Raw U64F64 bits of the spot price and raw I96F32 bits of the moving price (what state-transition cases print). */
  priceRaw: string;
  movingPriceRaw: string;
  /** Quote (TAO) weight of the Balancer pool, parts per 10^18. */
  quoteWeight: string;
  protocolAlpha: string;
  /** TAO paid to register the subnet. */
  locked: string;
  firstEmissionBlock: number | null;
  lastEpochBlock: number;
  /** Block of the next expected epoch (null when tempo is 0). */
  nextEpochBlock: number | null;
  epochIndex: number;
  pending: { server: string; validator: string; root: string; ownerCut: string };
  /** Every hyperparameter by its snake_case name (u64 values as decimal strings). */
  hyperparameters: Record<string, number | string | boolean>;
}

export interface AxonJson {
  block: number;
  version: number;
  /** Dotted IPv4 or IPv6 text. */
  ip: string;
  port: number;
  ipType: number;
  protocol: number;
}

/** One uid of `subnet_metagraph`. u16 values (incentive, dividends, consensus, validatorTrust) are of 65535. */
export interface NeuronJson {
  uid: number;
  hotkey: string;
  coldkey: string;
  /** Alpha staked to the hotkey on this subnet. */
  stake: string;
  /** TAO staked to the hotkey on root. */
  rootStake: string;
  /** Stake weight used by the epoch: alpha + tao_weight · root (floored). */
  stakeWeight: string;
  incentive: number;
  dividends: number;
  consensus: number;
  validatorTrust: number;
  validatorPermit: boolean;
  /** Alpha emission of the last epoch. */
  emission: string;
  lastUpdate: number;
  active: boolean;
  immune: boolean;
  registeredAt: number;
  axon: AxonJson | null;
}

export interface MetagraphJson {
  netuid: number;
  block: number;
  n: number;
  neurons: NeuronJson[];
}

/** `subnet_weights` / `subnet_bonds`: stored rows of (target uid, u16 value), one per uid that has any. */
export interface MatrixRowsJson {
  netuid: number;
  /** The head block the rows were read at. */
  block: number;
  rows: Array<{ uid: number; hotkey: string | null; entries: Array<[number, number]> }>;
}

/** `subnet_epochTrace`: the last epoch's explain trace (per-uid vectors as decimal values). */
export interface EpochTraceJson {
  netuid: number;
  block: number;
  emission: string;
  activityCutoff: number;
  lastTempo: number;
  kappa: string;
  fallback: boolean;
  /** Uid → its values, or every uid when no uid was asked. */
  uids: Array<
    { uid: number; hotkey: string | null; permitUsed: boolean } & Record<string, string | number | boolean | null>
  >;
}

export interface StakeJson {
  hotkey: string;
  netuid: number;
  /** Alpha (RAO for root). */
  stake: string;
  /** What the stake would fetch at the spot price, RAO (no slippage, no fee). */
  taoValue: string;
}

/** `swap_quote`: the shared preview of a stake (TAO→alpha) or unstake (alpha→TAO). */
export interface SwapQuoteJson {
  /** Input consumed, fee included. */
  amountIn: string;
  amountOut: string;
  /** Fee, in the input token. */
  fee: string;
  /** Spot price before and after, RAO per alpha. */
  price: string;
  priceAfter: string;
  /** Price impact against the spot price, as a decimal fraction with 9 decimals ("0.001234567"). */
  slippage: string;
}

export interface IssuanceJson {
  /** TotalIssuance, RAO. */
  totalIssuance: string;
  /** TAO issued per block at the current issuance (halving schedule), RAO. */
  blockEmission: string;
  /** Halvings so far. */
  halvings: number;
  /** Issuance at which the next halving happens, RAO. */
  nextHalvingAt: string;
  /** TAO held in subnet pools (root included), RAO. */
  totalStake: string;
  /** TAO sent to the burn account, RAO. */
  burned: string;
  supplyCap: string;
}

/**
 * The JSON-RPC methods, declared once as data: the node's server, the SDK's typed client, the in-process dev
 * chain and docs/rpc.md are all derived from this table. Names follow the Substrate style `namespace_verbNoun`.
 * Later modules append their methods here (subnet_*, stake_*, swap_*).
 */
import type {
  AccountJson,
  BlockJson,
  ChainInfo,
  EpochTraceJson,
  HeaderJson,
  Health,
  IssuanceJson,
  MatrixRowsJson,
  MetagraphJson,
  StakeJson,
  SubnetInfoJson,
  SubnetSummaryJson,
  SwapQuoteJson,
  TxStatus,
} from './types.js';

export type ParamType = 'number' | 'string' | 'numberOrHash' | 'address' | 'hex' | 'boolean' | 'any';

export interface ParamDef {
  readonly name: string;
  readonly type: ParamType;
  readonly optional?: boolean;
  readonly doc: string;
}

export interface MethodDef {
  readonly params: readonly ParamDef[];
  readonly result: string;
  readonly doc: string;
  /** WebSocket subscription: the notification method and the matching unsubscribe method. */
  readonly subscription?: { readonly notification: string; readonly unsubscribe: string };
  /** Only on dev chains. */
  readonly dev?: boolean;
}

/** The parameters the subnet methods share. */
const NETUID: ParamDef = { name: 'netuid', type: 'number', doc: 'Subnet id.' };
const NETUID_AND_UID: readonly ParamDef[] = [
  NETUID,
  { name: 'uid', type: 'number', optional: true, doc: 'Only this uid.' },
];

export const METHODS = {
  system_health: { params: [], result: 'Health', doc: 'Node health: peers, syncing state, head block number.' },
  system_chain: { params: [], result: 'string', doc: 'The chain name from the chain spec.' },
  system_version: { params: [], result: 'string', doc: 'The node software version.' },
  system_chainInfo: {
    params: [],
    result: 'ChainInfo',
    doc: 'Chain name, id, genesis hash, block time, token and runtime version.',
  },
  chain_getHeader: {
    params: [
      { name: 'at', type: 'numberOrHash', optional: true, doc: 'Block number or 0x hash; the head when omitted.' },
    ],
    result: 'HeaderJson | null',
    doc: 'A block header, or null if there is no such block.',
  },
  chain_getBlock: {
    params: [
      { name: 'at', type: 'numberOrHash', optional: true, doc: 'Block number or 0x hash; the head when omitted.' },
    ],
    result: 'BlockJson | null',
    doc: 'A block with its header, decoded transactions (with outcome and fee) and events.',
  },
  chain_getBlockHash: {
    params: [{ name: 'number', type: 'number', optional: true, doc: 'Block number; the head when omitted.' }],
    result: 'string | null',
    doc: 'The hash of a block by number.',
  },
  chain_getRawBlock: {
    params: [{ name: 'at', type: 'numberOrHash', doc: 'Block number or 0x hash.' }],
    result: 'string | null',
    doc: 'The canonical block bytes as 0x-hex (what followers import and verify).',
  },
  chain_subscribeNewHeads: {
    params: [],
    result: 'string (subscription id)',
    doc: 'WebSocket only: notifies `chain_newHead` with each new HeaderJson.',
    subscription: { notification: 'chain_newHead', unsubscribe: 'chain_unsubscribeNewHeads' },
  },
  chain_unsubscribeNewHeads: {
    params: [{ name: 'id', type: 'string', doc: 'Subscription id.' }],
    result: 'boolean',
    doc: 'WebSocket only: ends a new-heads subscription.',
  },
  author_submitExtrinsic: {
    params: [{ name: 'tx', type: 'hex', doc: 'Signed transaction bytes as 0x-hex.' }],
    result: 'string (tx hash)',
    doc: 'Validates a signed transaction and adds it to the pool; returns its hash, or an error naming the rejection reason.',
  },
  author_submitAndWatchExtrinsic: {
    params: [{ name: 'tx', type: 'hex', doc: 'Signed transaction bytes as 0x-hex.' }],
    result: 'string (subscription id)',
    doc: 'WebSocket only: submits and notifies `author_extrinsicUpdate` with TxStatus: ready → inBlock → finalized, or invalid/dropped with the error.',
    subscription: { notification: 'author_extrinsicUpdate', unsubscribe: 'author_unwatchExtrinsic' },
  },
  author_unwatchExtrinsic: {
    params: [{ name: 'id', type: 'string', doc: 'Subscription id.' }],
    result: 'boolean',
    doc: 'WebSocket only: stops watching a transaction.',
  },
  author_pendingExtrinsics: { params: [], result: 'string[]', doc: 'Hashes of the transactions in the pool.' },
  state_getAccount: {
    params: [{ name: 'address', type: 'address', doc: 'SS58 address.' }],
    result: 'AccountJson',
    doc: 'Free and reserved balance (RAO, decimal strings) and nonce of an account at the head.',
  },
  state_getStorage: {
    params: [{ name: 'key', type: 'string', doc: 'Storage key, e.g. `balances/issuance`.' }],
    result: 'unknown | null',
    doc: 'A raw state entry decoded to JSON (bigints as decimal strings, bytes as 0x-hex), or null.',
  },
  dev_advanceBlocks: {
    params: [{ name: 'n', type: 'number', doc: 'How many blocks to produce now.' }],
    result: 'number (new head)',
    doc: 'Dev chains only: produces n blocks at once.',
    dev: true,
  },
  dev_snapshot: {
    params: [],
    result: 'string (snapshot id)',
    doc: 'Dev chains only: snapshots the whole chain state.',
    dev: true,
  },
  dev_restore: {
    params: [{ name: 'id', type: 'string', doc: 'Snapshot id.' }],
    result: 'number (head after restore)',
    doc: 'Dev chains only: returns the chain to a snapshot.',
    dev: true,
  },
  chain_getIssuance: {
    params: [],
    result: 'IssuanceJson',
    doc: 'Total issuance, the current block emission on the halving schedule, the next halving threshold, TAO in pools and burned TAO.',
  },
  subnet_list: {
    params: [],
    result: 'SubnetSummaryJson[]',
    doc: 'Every subnet except root: owner, size, tempo, pool reserves, prices, emission share, burn.',
  },
  subnet_info: {
    params: [NETUID],
    result: 'SubnetInfoJson | null',
    doc: 'One subnet: hyperparameters, pool reserves and weight, price and moving price, emission share, registration cost, tempo and next epoch block, pending emission.',
  },
  subnet_metagraph: {
    params: [NETUID],
    result: 'MetagraphJson | null',
    doc: 'Per uid: hotkey, coldkey, stake (alpha, root, weight), incentive, dividends, consensus, validator trust and permit, emission, last update, active, immune, registration block, axon.',
  },
  subnet_epochTrace: {
    params: NETUID_AND_UID,
    result: 'EpochTraceJson | null',
    doc: "The last epoch's explain trace: stake, active stake, consensus, trust, ranks, incentive, dividends and emission shares per uid.",
  },
  subnet_weights: {
    params: NETUID_AND_UID,
    result: 'MatrixRowsJson | null',
    doc: 'The weights as stored (row per setting uid: [target uid, u16 weight] pairs, max-upscaled), the W the next epoch reads before its masks.',
  },
  subnet_bonds: {
    params: NETUID_AND_UID,
    result: 'MatrixRowsJson | null',
    doc: 'The bonds the last epoch stored (row per validator: [target uid, u16 bond] pairs; Yuma3: prop_to_u16 of the EMA bond, classic: column max-upscaled).',
  },
  stake_list: {
    params: [{ name: 'coldkey', type: 'address', doc: 'Coldkey SS58 address.' }],
    result: 'StakeJson[]',
    doc: "A coldkey's stakes: hotkey, subnet, alpha and its TAO value at the spot price.",
  },
  swap_quote: {
    params: [
      { name: 'netuid', type: 'number', doc: 'Subnet id.' },
      { name: 'direction', type: 'string', doc: '"stake" (TAO in, alpha out) or "unstake" (alpha in, TAO out).' },
      { name: 'amount', type: 'string', doc: 'Input amount, RAO or alpha units (decimal string).' },
    ],
    result: 'SwapQuoteJson',
    doc: 'What a swap would do now (the same code as the chain): amount in and out, fee, price before and after, slippage.',
  },
} as const satisfies Record<string, MethodDef>;

export type MethodName = keyof typeof METHODS;

/** Parameter and result types per method, for the typed client. */
export interface RpcSchema {
  system_health: { params: []; result: Health };
  system_chain: { params: []; result: string };
  system_version: { params: []; result: string };
  system_chainInfo: { params: []; result: ChainInfo };
  chain_getHeader: { params: [at?: number | string]; result: HeaderJson | null };
  chain_getBlock: { params: [at?: number | string]; result: BlockJson | null };
  chain_getBlockHash: { params: [number?: number]; result: string | null };
  chain_getRawBlock: { params: [at: number | string]; result: string | null };
  chain_subscribeNewHeads: { params: []; result: string };
  chain_unsubscribeNewHeads: { params: [id: string]; result: boolean };
  author_submitExtrinsic: { params: [tx: string]; result: string };
  author_submitAndWatchExtrinsic: { params: [tx: string]; result: string };
  author_unwatchExtrinsic: { params: [id: string]; result: boolean };
  author_pendingExtrinsics: { params: []; result: string[] };
  state_getAccount: { params: [address: string]; result: AccountJson };
  state_getStorage: { params: [key: string]; result: unknown };
  dev_advanceBlocks: { params: [n: number]; result: number };
  dev_snapshot: { params: []; result: string };
  dev_restore: { params: [id: string]; result: number };
  chain_getIssuance: { params: []; result: IssuanceJson };
  subnet_list: { params: []; result: SubnetSummaryJson[] };
  subnet_info: { params: [netuid: number]; result: SubnetInfoJson | null };
  subnet_metagraph: { params: [netuid: number]; result: MetagraphJson | null };
  subnet_epochTrace: { params: [netuid: number, uid?: number]; result: EpochTraceJson | null };
  subnet_weights: { params: [netuid: number, uid?: number]; result: MatrixRowsJson | null };
  subnet_bonds: { params: [netuid: number, uid?: number]; result: MatrixRowsJson | null };
  stake_list: { params: [coldkey: string]; result: StakeJson[] };
  swap_quote: { params: [netuid: number, direction: string, amount: string]; result: SwapQuoteJson };
}

/** Notifications by subscription method. */
export interface NotificationSchema {
  chain_newHead: HeaderJson;
  author_extrinsicUpdate: TxStatus;
}

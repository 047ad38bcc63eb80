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
  | { status: 'invalid'; hash?: string; error: string; reason: string }
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

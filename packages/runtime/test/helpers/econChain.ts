/**
 * A test chain driver for the economy: a dev-preset Chain (or a bare executor) where calls are signed transactions,
 * with the invariants checked after every block.
 */
import assert from 'node:assert/strict';
import type { Value } from '@tensorium/primitives';
import { type Keypair, keypairFromUri, sign } from '@tensorium/primitives';
import {
  Chain,
  checkInvariants,
  type ExecutedBlock,
  InvalidTransaction,
  MemoryStore,
  type PresetName,
  presetSpec,
  signTx,
  system,
  tensoriumRuntime,
} from '@tensorium/runtime';

const keys = new Map<string, Keypair>();
export function key(uri: string): Keypair {
  let k = keys.get(uri);
  if (!k) keys.set(uri, (k = keypairFromUri(uri)));
  return k;
}
export const addr = (uri: string): string => key(uri).address;

export interface EconChainOptions {
  preset?: PresetName;
  balances?: Record<string, bigint>;
  params?: Record<string, Value>;
}

export class EconChain {
  readonly chain: Chain;
  private readonly author = key('//Alice');
  private time = 0;

  constructor(opts: EconChainOptions = {}) {
    const balances: Record<string, bigint> = {};
    for (const [uri, v] of Object.entries(opts.balances ?? { '//Alice': 1_000_000n * 10n ** 9n }))
      balances[addr(uri)] = v;
    const spec = presetSpec(opts.preset ?? 'dev', { balances, params: opts.params ?? {} });
    this.chain = Chain.open(new MemoryStore(), tensoriumRuntime, spec);
  }

  get head(): number {
    return this.chain.headNumber;
  }

  /** Queues a signed call from `uri` for the next block. */
  submit(uri: string, module: string, fn: string, args: Record<string, Value>): void {
    const k = key(uri);
    const st = this.chain.readState();
    const pending = this.chain.pool.all().filter((t) => t.payload.signer === k.address).length;
    const tx = signTx(
      {
        chain: this.chain.genesisHash,
        signer: k.address,
        nonce: system.getAccount(st, k.address).nonce + pending,
        validUntil: this.head + 100,
        tip: 0n,
        call: { module, fn, args },
      },
      k,
    );
    this.chain.submit(tx.bytes);
  }

  /** Produces one block (with the queued calls) and checks the invariants. */
  block(): ExecutedBlock {
    this.time += 250;
    const b = this.chain.produce(this.time, (m) => sign(this.author, m));
    assert.deepEqual(checkInvariants(this.chain.readState()), [], `invariants after block ${b.block.header.number}`);
    return b;
  }

  blocks(n: number): void {
    for (let i = 0; i < n; i++) this.block();
  }

  /** Submits one call, produces a block, returns the call's receipt error (undefined on success). */
  call(uri: string, module: string, fn: string, args: Record<string, Value>): string | undefined {
    try {
      this.submit(uri, module, fn, args);
    } catch (e) {
      // A feeless call that would fail is refused at submission with its dispatch error.
      if (e instanceof InvalidTransaction && e.reason === 'Call') return e.detail;
      throw e;
    }
    const b = this.block();
    const r = b.receipts.at(-1)!;
    return r.success ? undefined : r.error;
  }

  state() {
    return this.chain.readState();
  }
}

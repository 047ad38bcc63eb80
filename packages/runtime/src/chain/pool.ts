/**
 * The transaction pool. Valid transactions wait here until a block includes them. A block takes them by
 * tip (highest first), then arrival (oldest first), always in nonce order per account: an account's
 * transaction with nonce n+1 becomes ready only once the one with nonce n is in the block.
 */
import { InvalidTransaction } from '../framework/errors.js';
import type { SignedTx } from './transaction.js';

interface Entry {
  readonly tx: SignedTx;
  readonly arrival: number;
}

export class TxPool {
  private readonly byHash = new Map<string, Entry>();
  private readonly bySigner = new Map<string, Map<number, Entry>>();
  private arrivals = 0;

  constructor(readonly maxSize = 8192) {}

  get size(): number {
    return this.byHash.size;
  }

  has(hash: string): boolean {
    return this.byHash.has(hash);
  }

  add(tx: SignedTx): void {
    if (this.byHash.has(tx.hash)) throw new InvalidTransaction('AlreadyImported');
    const s = tx.payload.signer;
    let m = this.bySigner.get(s);
    const existing = m?.get(tx.payload.nonce);
    if (existing) {
      // Replacement by a higher tip, as Substrate's pool does; otherwise the first one stays.
      if (tx.payload.tip <= existing.tx.payload.tip)
        throw new InvalidTransaction('AlreadyImported', `nonce ${tx.payload.nonce} is already pending`);
      this.remove(existing.tx.hash);
      m = this.bySigner.get(s);
    }
    if (this.byHash.size >= this.maxSize) throw new InvalidTransaction('PoolFull');
    const e: Entry = { tx, arrival: this.arrivals++ };
    this.byHash.set(tx.hash, e);
    if (!m) this.bySigner.set(s, (m = new Map()));
    m.set(tx.payload.nonce, e);
  }

  remove(hash: string): SignedTx | undefined {
    const e = this.byHash.get(hash);
    if (!e) return undefined;
    this.byHash.delete(hash);
    const m = this.bySigner.get(e.tx.payload.signer);
    m?.delete(e.tx.payload.nonce);
    if (m && m.size === 0) this.bySigner.delete(e.tx.payload.signer);
    return e.tx;
  }

  all(): SignedTx[] {
    return [...this.byHash.values()].sort((a, b) => a.arrival - b.arrival).map((e) => e.tx);
  }

  /**
   * Yields transactions in inclusion order. `nonceOf(signer)` gives the account's current nonce; `accept`
   * tries to apply one and says whether it went in (the next nonce of that signer then becomes ready).
   */
  select(nonceOf: (signer: string) => number, accept: (tx: SignedTx) => boolean, limit: number): void {
    const ready: Entry[] = [];
    for (const [signer, m] of this.bySigner) {
      const e = m.get(nonceOf(signer));
      if (e) ready.push(e);
    }
    const better = (a: Entry, b: Entry): boolean =>
      a.tx.payload.tip !== b.tx.payload.tip ? a.tx.payload.tip > b.tx.payload.tip : a.arrival < b.arrival;
    // A binary heap keyed by (tip desc, arrival asc).
    const heap: Entry[] = [];
    const push = (e: Entry): void => {
      heap.push(e);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!better(heap[i]!, heap[p]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    };
    const pop = (): Entry | undefined => {
      const top = heap[0];
      const last = heap.pop();
      if (heap.length && last) {
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && better(heap[l]!, heap[m]!)) m = l;
          if (r < heap.length && better(heap[r]!, heap[m]!)) m = r;
          if (m === i) break;
          [heap[i], heap[m]] = [heap[m]!, heap[i]!];
          i = m;
        }
      }
      return top;
    };
    for (const e of ready) push(e);
    let taken = 0;
    while (taken < limit) {
      const e = pop();
      if (!e) break;
      if (accept(e.tx)) {
        taken++;
        const next = this.bySigner.get(e.tx.payload.signer)?.get(e.tx.payload.nonce + 1);
        if (next) push(next);
      }
    }
  }
}

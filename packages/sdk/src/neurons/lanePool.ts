/**
 * Per-axon "lanes" of a dendrite: lane k always uses the k-th uuid and carries at most one request at a
 * time, so the nonces an axon sees for each (hotkey, uuid) are strictly increasing however many
 * requests the dendrite has in flight to it. Waiting for a lane counts against the call's timeout.
 */
interface Lanes {
  busy: boolean[];
  waiters: (() => void)[];
}

export class LanePool {
  private readonly byKey = new Map<string, Lanes>();

  /** `uuids[0]` is the dendrite's own uuid; the others are extra lanes. */
  constructor(readonly uuids: readonly string[]) {}

  /** Resolves with a free lane index for `key`, waiting if all are busy; rejects when `signal` aborts. */
  acquire(key: string, signal: AbortSignal): Promise<number> {
    let lanes = this.byKey.get(key);
    if (!lanes) {
      lanes = { busy: [], waiters: [] };
      this.byKey.set(key, lanes);
    }
    const l = lanes;
    const free = (): number => {
      for (let i = 0; i < this.uuids.length; i++) if (!l.busy[i]) return i;
      return -1;
    };
    const i = free();
    if (i >= 0) {
      l.busy[i] = true;
      return Promise.resolve(i);
    }
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const wake = (): void => {
        signal.removeEventListener('abort', onAbort);
        const j = free();
        l.busy[j] = true;
        resolve(j);
      };
      const onAbort = (): void => {
        const k = l.waiters.indexOf(wake);
        if (k >= 0) l.waiters.splice(k, 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      l.waiters.push(wake);
    });
  }

  release(key: string, lane: number): void {
    const l = this.byKey.get(key);
    if (!l) return;
    l.busy[lane] = false;
    const next = l.waiters.shift();
    if (next) next();
    else if (!l.busy.some(Boolean)) this.byKey.delete(key);
  }

  /** Axons with a lane in use or a waiter (for tests and stats). */
  get size(): number {
    return this.byKey.size;
  }
}

/**
 * The axon's concurrency limit: at most `maxConcurrent` handlers run at once; the rest wait in a
 * bounded queue ordered by priority (stake by default), first come first served within a priority.
 * When the queue is full a newcomer displaces the lowest-priority waiter if it outranks it.
 */
export type GateRejection = 'busy' | 'timeout';

export class GateError extends Error {
  constructor(readonly reason: GateRejection) {
    super(reason === 'busy' ? 'Service busy' : 'Timed out waiting for a worker');
  }
}

interface Waiter {
  priority: number;
  grant: (release: () => void) => void;
  reject: (e: GateError) => void;
  cleanup: () => void;
}

export class PriorityGate {
  private running = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    readonly maxConcurrent: number,
    readonly maxQueue: number,
  ) {}

  get active(): number {
    return this.running;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with a release function once a slot is free; rejects on `busy` or when `signal` aborts. */
  acquire(priority: number, signal?: AbortSignal): Promise<() => void> {
    const p = Number.isFinite(priority) ? priority : 0;
    if (this.running < this.maxConcurrent && this.queue.length === 0) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (signal?.aborted) return Promise.reject(new GateError('timeout'));
    if (this.queue.length >= this.maxQueue) {
      const lowest = this.queue[this.queue.length - 1];
      if (!lowest || lowest.priority >= p) return Promise.reject(new GateError('busy'));
      this.queue.pop();
      lowest.cleanup();
      lowest.reject(new GateError('busy'));
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.queue.indexOf(w);
        if (i >= 0) this.queue.splice(i, 1);
        reject(new GateError('timeout'));
      };
      const w: Waiter = {
        priority: p,
        grant: resolve,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      let i = this.queue.length;
      while (i > 0 && (this.queue[i - 1] as Waiter).priority < p) i--;
      this.queue.splice(i, 0, w);
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.queue.shift();
      if (next) {
        next.cleanup();
        next.grant(this.releaser());
      } else this.running--;
    };
  }
}

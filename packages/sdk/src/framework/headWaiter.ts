/**
 * Waits for the chain head to pass a block: over the client's new-heads subscription (WebSocket, dev chain), or by
 * polling the head over HTTP. Used by the miner and validator loops between steps.
 */
import type { TensoriumClient } from '../client/client.js';
import { ClientError } from '../client/transport.js';

export class HeadWaiter {
  private head = -1;
  private waiters: { after: number; resolve: () => void }[] = [];
  private unsubscribe: (() => Promise<void>) | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly client: TensoriumClient,
    private readonly pollMs = 250,
  ) {}

  async start(): Promise<void> {
    try {
      this.unsubscribe = await this.client.subscribeNewHeads((h) => this.seen(h.number));
    } catch (e) {
      if (!(e instanceof ClientError && e.code === 'TNS_CLIENT_NO_SUBSCRIPTIONS')) throw e;
      this.timer = setInterval(() => {
        this.client.getHeader().then(
          (h) => this.seen(h?.number ?? 0),
          () => {},
        );
      }, this.pollMs);
    }
  }

  private seen(n: number): void {
    if (n > this.head) this.head = n;
    const ready = this.waiters.filter((w) => this.head > w.after);
    this.waiters = this.waiters.filter((w) => this.head <= w.after);
    for (const w of ready) w.resolve();
  }

  /** Resolves once a head above `block` is seen, or after `maxMs`, or when stopped. */
  next(block: number, maxMs = 30_000): Promise<void> {
    if (this.head > block) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, maxMs);
      const w = { after: block, resolve: done };
      function done(): void {
        clearTimeout(t);
        resolve();
      }
      this.waiters.push(w);
    });
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const u = this.unsubscribe;
    this.unsubscribe = undefined;
    for (const w of this.waiters.splice(0)) w.resolve();
    await u?.();
  }
}

/** Test helpers: in-process nodes, a JSON-RPC caller over HTTP, a WebSocket client that records notifications. */

import { Node, type NodeOptions } from '@tensorium/node';
import { type Keypair, keypairFromUri } from '@tensorium/primitives';
import { type Chain, type ChainSpec, presetSpec, signTx, system } from '@tensorium/runtime';
import WebSocket from 'ws';

export async function startNode(over: Partial<NodeOptions> = {}): Promise<Node> {
  const spec: ChainSpec = over.spec ?? presetSpec('dev');
  const node = new Node({
    spec,
    rpcPort: 0,
    dev: true,
    autoProduce: false,
    authority: over.follow ? undefined : keypairFromUri('//Alice'),
    ...over,
  });
  await node.start();
  return node;
}

export interface RpcReply {
  status: number;
  body: any;
}

export async function post(url: string, body: string | object): Promise<RpcReply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

let ids = 1;
/** Calls a method over HTTP and returns the result, or throws the error object. */
export async function call(url: string, method: string, params: unknown[] = []): Promise<any> {
  const r = await post(url, { jsonrpc: '2.0', id: ids++, method, params });
  if (r.body.error) throw Object.assign(new Error(r.body.error.message), r.body.error);
  return r.body.result;
}

/** Calls and returns the error object (fails if the call succeeded). */
export async function callError(
  url: string,
  method: string,
  params: unknown[] = [],
): Promise<{ code: number; message: string; data?: any }> {
  const r = await post(url, { jsonrpc: '2.0', id: ids++, method, params });
  if (!r.body.error) throw new Error(`${method} succeeded: ${JSON.stringify(r.body.result)}`);
  return r.body.error;
}

export class TestWs {
  readonly messages: any[] = [];
  private waiters: (() => void)[] = [];
  private nextId = 1;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.messages.push(JSON.parse(d.toString()));
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static open(url: string): Promise<TestWs> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const t = new TestWs(ws);
      ws.once('open', () => resolve(t));
      ws.once('error', reject);
    });
  }

  send(obj: unknown): void {
    this.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj));
  }

  /** Waits for the first message (from index `from`) matching `pred`. */
  async waitFor(pred: (m: any) => boolean, timeoutMs = 5000): Promise<any> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const m = this.messages.find(pred);
      if (m) return m;
      const left = end - Date.now();
      if (left <= 0) throw new Error(`timed out; messages: ${JSON.stringify(this.messages).slice(0, 2000)}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  async call(method: string, params: unknown[] = []): Promise<any> {
    const id = `t${this.nextId++}`;
    this.send({ jsonrpc: '2.0', id, method, params });
    const m = await this.waitFor((x) => x.id === id);
    if (m.error) throw Object.assign(new Error(m.error.message), m.error);
    return m.result;
  }

  notifications(sub: string): any[] {
    return this.messages.filter((m) => m.params?.subscription === sub).map((m) => m.params.result);
  }

  close(): void {
    this.ws.close();
  }
}

/** A signed transfer from `from` with its next nonce (read from the chain unless given). */
export function transfer(
  chain: Chain,
  from: Keypair,
  to: string,
  value: bigint,
  over: { nonce?: number; tip?: bigint; validUntil?: number } = {},
) {
  return signTx(
    {
      chain: chain.genesisHash,
      signer: from.address,
      nonce: over.nonce ?? system.getAccount(chain.readState(), from.address).nonce,
      validUntil: over.validUntil ?? chain.headNumber + 100,
      tip: over.tip ?? 0n,
      call: { module: 'balances', fn: 'transfer_keep_alive', args: { dest: to, value } },
    },
    from,
  );
}

export const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;

export async function until(
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

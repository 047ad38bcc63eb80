import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keypairFromUri } from '@tensorium/primitives';
import { RpcError } from '@tensorium/rpc';
import { createDevChain } from '@tensorium/sdk';

describe('dev chain', () => {
  it('answers like a node, mines submitted transactions, and snapshots/restores', async () => {
    const dev = await createDevChain();
    const { client } = dev;
    assert.equal(dev.head, 0);
    const info = await client.chainInfo();
    assert.equal(info.dev, true);
    assert.equal(info.genesisHash, dev.genesisHash);
    const bob = keypairFromUri('//Bob');
    const dest = keypairFromUri('//Dest').address;
    const snap = dev.snapshot();
    const out = await client.send(bob, {
      module: 'balances',
      fn: 'transfer_keep_alive',
      args: { dest, value: 2_000_000_000n },
    });
    assert.equal(out.success, true);
    assert.equal(out.block, 1);
    assert.equal(await client.getBalance(dest), 2_000_000_000n);
    const heads: number[] = [];
    const unsub = await client.subscribeNewHeads((h) => heads.push(h.number));
    dev.advanceBlocks(3);
    await unsub();
    dev.advanceBlocks(1);
    assert.deepEqual(heads, [2, 3, 4]);
    const block = await client.getBlock(1);
    assert.equal(block?.extrinsics[0]?.fn, 'transfer_keep_alive');
    assert.equal(dev.restore(snap), 0);
    assert.equal(await client.getBalance(dest), 0n);
    // A call that fails on chain resolves with its error; a bad transaction is rejected with its reason.
    const failed = await client.send(bob, { module: 'balances', fn: 'transfer_keep_alive', args: { dest, value: 1n } });
    assert.equal(failed.success, false);
    assert.equal(failed.error, 'balances.BelowMinimum');
    await assert.rejects(
      client.send(keypairFromUri('//Nobody'), {
        module: 'balances',
        fn: 'transfer_keep_alive',
        args: { dest, value: 1n },
      }),
      (e: unknown) => e instanceof RpcError && e.data?.reason === 'Payment',
    );
    await assert.rejects(
      client.request('dev_restore', '0xdead'),
      (e: unknown) => e instanceof RpcError && e.code === 4004,
    );
  });
});

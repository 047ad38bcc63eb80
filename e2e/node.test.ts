/**
 * `tensorium node` as a user runs it: a --dev node with fast blocks, a follower on a second port, clean shutdown
 * on SIGINT/SIGTERM, and a restart that resumes at the last committed block.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, fromHex, keypairFromUri } from '@tensorium/primitives';
import { signTx } from '@tensorium/runtime';
import { nodeOptions } from '../packages/cli/src/commands/node.js';
import { rpc, spawnNode, until } from './nodeProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'tns-e2e-node-'));
before(() => cryptoReady());
after(() => rmSync(dir, { recursive: true, force: true }));

describe('tensorium node', () => {
  it('--dev --block-time 250ms: first block within 1 s of listening, blocks keep coming, SIGINT stops it cleanly', async () => {
    const n = await spawnNode(['--dev', '--block-time', '250ms', '--rpc-port', '0']);
    try {
      const listenAt = Date.now();
      await n.waitForLine(/^block #1 /, 5000);
      const firstBlockMs = Date.now() - listenAt;
      assert.ok(firstBlockMs < 1000, `first block ${firstBlockMs} ms after listening`);
      await n.waitForLine(/^block #6 /, 5000);
      const h = await rpc(n.url, 'chain_getHeader');
      assert.ok(h.number >= 6);
      assert.equal((await rpc(n.url, 'system_chainInfo')).dev, true);
      // Blocks are 250 ms apart on average.
      const ts = await Promise.all([2, 6].map((k) => rpc(n.url, 'chain_getHeader', [k])));
      const avg = (ts[1].timestamp - ts[0].timestamp) / 4;
      assert.ok(avg >= 200 && avg < 450, `average block time ${avg} ms`);
      console.log(`# spawn → listening ${listenAt - n.spawnedAt} ms, listening → block #1 ${firstBlockMs} ms`);
    } finally {
      n.proc.kill('SIGINT');
    }
    assert.equal(await n.exited, 0);
    assert.ok(n.lines.includes('stopped'), n.lines.slice(-5).join('\n'));
  });

  it('a follower on a second port reaches the head and answers identically; SIGTERM and restart resume at the head', async () => {
    const data = join(dir, 'auth');
    const auth = await spawnNode(['--dev', '--block-time', '1500ms', '--rpc-port', '0', '--data', data]);
    const fdata = join(dir, 'fol');
    const fol = await spawnNode(['--dev', '--rpc-port', '0', '--data', fdata, '--follow', auth.wsUrl]);
    try {
      const alice = keypairFromUri('//Alice');
      const bob = keypairFromUri('//Bob').address;
      const info = await rpc(auth.url, 'system_chainInfo');
      const head = await rpc(auth.url, 'chain_getHeader');
      const tx = signTx(
        {
          chain: fromHex(info.genesisHash),
          signer: alice.address,
          nonce: (await rpc(auth.url, 'state_getAccount', [alice.address])).nonce,
          validUntil: head.number + 50,
          tip: 0n,
          call: { module: 'balances', fn: 'transfer_keep_alive', args: { dest: bob, value: 3_000_000_000n } },
        },
        alice,
      );
      // Submitted to the follower, forwarded to the authority.
      assert.equal(
        await rpc(fol.url, 'author_submitExtrinsic', [`0x${Buffer.from(tx.bytes).toString('hex')}`]),
        tx.hash,
      );
      let same = false;
      await until(
        async () => {
          const [a, f] = await Promise.all([rpc(auth.url, 'chain_getHeader'), rpc(fol.url, 'chain_getHeader')]);
          if (a.number < head.number + 2 || a.hash !== f.hash) return false;
          const [sa, sf, a2] = await Promise.all([
            rpc(auth.url, 'state_getAccount', [bob]),
            rpc(fol.url, 'state_getAccount', [bob]),
            rpc(auth.url, 'chain_getHeader'),
          ]);
          if (a2.hash !== a.hash) return false; // a block arrived in between: try again
          assert.deepEqual(sf, sa);
          same = true;
          return true;
        },
        20_000,
        'follower at the authority head',
      );
      assert.ok(same);
      const fh = await rpc(fol.url, 'chain_getHeader');
      for (let k = 0; k <= fh.number; k++)
        assert.deepEqual(await rpc(fol.url, 'chain_getHeader', [k]), await rpc(auth.url, 'chain_getHeader', [k]));
      assert.ok(fol.lines.some((l) => /^imported #1 /.test(l)));
    } finally {
      fol.proc.kill('SIGTERM');
      auth.proc.kill('SIGTERM');
    }
    assert.equal(await fol.exited, 0);
    assert.equal(await auth.exited, 0);
    const last = Math.max(
      ...auth.lines
        .map((l) => /^block #(\d+) /.exec(l))
        .filter((m) => m)
        .map((m) => Number(m![1])),
    );
    const again = await spawnNode(['--dev', '--block-time', '1h', '--rpc-port', '0', '--data', data]);
    try {
      assert.ok(
        again.lines.some((l) => l.includes(`head #${last}`)),
        again.lines.join('\n'),
      );
      assert.ok((await rpc(again.url, 'chain_getHeader')).number >= last);
    } finally {
      again.proc.kill('SIGINT');
    }
    assert.equal(await again.exited, 0);
  });

  it('usage errors exit with code 2 and a clear message', async () => {
    await assert.rejects(spawnNode(['--rpc-port', 'x'], 30_000), /--rpc-port must be a port number/);
    await assert.rejects(spawnNode(['--block-time', 'fast'], 30_000), /invalid duration/);
  });

  it('options: presets, chain spec files, block times, authority keys', () => {
    const lines: string[] = [];
    const io = {
      out: (t: string) => lines.push(t),
      err: (t: string) => lines.push(`ERR ${t}`),
      env: {} as Record<string, string | undefined>,
    };
    const dev = nodeOptions(['--dev'], io)!;
    assert.equal(dev.spec.id, 'tensorium-dev');
    assert.equal(dev.blockTimeMs, 250);
    assert.equal(dev.authority!.address, keypairFromUri('//Alice').address);
    assert.equal(dev.rpcPort, 9944);
    assert.equal(dev.rpcHost, '127.0.0.1');
    assert.equal(nodeOptions(['--dev', '--block-time', '2s'], io)!.blockTimeMs, 2000);
    const main = nodeOptions([], io)!;
    assert.equal(main.spec.id, 'tensorium-mainnet-like');
    assert.equal(main.blockTimeMs, 12_000);
    assert.ok(lines.some((l) => l.startsWith('ERR warning: producing blocks with the well-known dev key //Alice')));
    const file = join(dir, 'spec.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'Mine',
        id: 'mine',
        authority: keypairFromUri('//Bob').address,
        blockTimeMs: 3000,
        balances: { [keypairFromUri('//Bob').address]: '1000000000000' },
      }),
    );
    const mine = nodeOptions(
      ['--chain-spec', file, '--authority', '//Bob', '--rpc-port', '0', '--data', join(dir, 'd')],
      io,
    )!;
    assert.equal(mine.spec.name, 'Mine');
    assert.equal(mine.blockTimeMs, 3000);
    assert.equal(mine.authority!.address, keypairFromUri('//Bob').address);
    assert.equal(mine.dataDir, join(dir, 'd'));
    const fol = nodeOptions(['--dev', '--follow', 'ws://127.0.0.1:1'], io)!;
    assert.equal(fol.follow, 'ws://127.0.0.1:1');
    assert.equal(fol.authority, undefined);
    assert.equal(
      nodeOptions(['--chain-spec', file], io)!.authority!.address,
      keypairFromUri('//Bob').address,
      'a dev authority falls back to its dev key',
    );
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ authority: keypairFromUri('//Zed').address }));
    assert.throws(() => nodeOptions(['--chain-spec', other], io), /--authority/);
    assert.throws(() => nodeOptions(['--follow', 'http://x'], io), /ws:\/\/HOST:PORT/);
    assert.throws(() => nodeOptions(['--preset', 'moon'], io), /unknown preset/);
    assert.throws(() => nodeOptions(['--nope'], io), /Unknown option/);
  });
});

/**
 * The import hot path's shortcuts (runtime chain/state, made for bench/import.bench.ts) keep their results:
 * the signing message sliced from the transaction bytes, the memoised signer keys, the state root's vector cache,
 * and blocks stored as received.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { blake2b } from '@noble/hashes/blake2.js';
import {
  blake2b256,
  blake2b512Keyed,
  cryptoReady,
  decode,
  encode,
  keypairFromUri,
  utf8Encode,
  type Value,
} from '@tensorium/primitives';
import {
  decodeBlock,
  decodeTx,
  encodeBlock,
  InvalidTransaction,
  LtAccumulator,
  META_ACCUMULATOR,
  MemoryBackend,
  State,
  signerPublicKey,
  signingMessage,
  signTx,
  txSigningMessage,
} from '@tensorium/runtime';

before(() => cryptoReady());

describe('import path', () => {
  it('the WebAssembly blake2b (keyed 512, plain 256) gives the bytes of the JavaScript one', () => {
    for (const n of [0, 1, 63, 64, 65, 127, 128, 129, 300]) {
      const data = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff);
      assert.deepEqual(
        blake2b512Keyed(data, utf8Encode('tensorium/lt/2')),
        blake2b(data, { dkLen: 64, key: utf8Encode('tensorium/lt/2') }),
      );
      assert.deepEqual(blake2b256(data), blake2b(data, { dkLen: 32 }));
    }
  });

  it('the signing message sliced from the bytes equals the encoded one', () => {
    const alice = keypairFromUri('//Alice');
    for (const args of [
      { dest: alice.address, value: 1n },
      { dest: alice.address, value: 10n ** 30n, note: 'x'.repeat(300) },
    ]) {
      const tx = signTx(
        {
          chain: new Uint8Array(32).fill(1),
          signer: alice.address,
          nonce: 7,
          validUntil: 99,
          tip: 3n,
          call: { module: 'balances', fn: 'transfer', args },
        },
        alice,
      );
      assert.deepEqual(txSigningMessage(tx), signingMessage(tx.payload));
      assert.deepEqual(txSigningMessage(decodeTx(tx.bytes)), signingMessage(tx.payload));
    }
  });

  it('a transaction or block with extra fields is malformed (so re-encoding gives the same bytes)', () => {
    const alice = keypairFromUri('//Alice');
    const tx = signTx(
      {
        chain: new Uint8Array(32),
        signer: alice.address,
        nonce: 0,
        validUntil: 9,
        tip: 0n,
        call: { module: 'm', fn: 'f', args: {} },
      },
      alice,
    );
    const v = decode(tx.bytes) as { payload: { call: Record<string, Value> } & Record<string, Value>; sig: Uint8Array };
    const extra = encode({ ...v, payload: { ...v.payload, call: { ...v.payload.call, x: 1 } } });
    assert.throws(
      () => decodeTx(extra),
      (e: unknown) => e instanceof InvalidTransaction && e.reason === 'Malformed',
    );
    const header = {
      v: 1,
      number: 1,
      parent: new Uint8Array(32),
      stateRoot: new Uint8Array(32),
      txRoot: new Uint8Array(32),
      timestamp: 5,
      author: alice.address,
    };
    const ok = encode({ header, sig: new Uint8Array(64), txs: [] });
    assert.deepEqual(encodeBlock(decodeBlock(ok)), ok);
    assert.throws(() => decodeBlock(encode({ header: { ...header, extra: 1 }, sig: new Uint8Array(64), txs: [] })));
    assert.throws(() => decodeBlock(encode({ header, sig: new Uint8Array(64), txs: [], extra: 1 })));
  });

  it('signer keys: addresses decode (memoised), 0x keys and garbage do not', () => {
    const alice = keypairFromUri('//Alice');
    assert.deepEqual(signerPublicKey(alice.address), alice.publicKey);
    assert.deepEqual(signerPublicKey(alice.address), alice.publicKey);
    assert.equal(signerPublicKey(`0x${'11'.repeat(32)}`), undefined);
    assert.equal(signerPublicKey('5notAnAddress'), undefined);
  });

  it('the state root after many blocks of changes (some computed and dropped) equals the root recomputed from the whole state', () => {
    const backend = new MemoryBackend();
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >>> 12) % n; // the high bits: the low ones of this generator repeat quickly
    };
    let root = new Uint8Array();
    for (let block = 0; block < 30; block++) {
      const st = new State(backend);
      for (let i = 0; i < 40; i++) {
        const k = `t/${rnd(60)}`;
        if (rnd(5) === 0) st.delete(k);
        else st.set(k, { v: BigInt(rnd(4)) }); // few distinct values: writes often restore stored bytes
      }
      const { changes, accumulator, stateRoot } = st.finish();
      if (block % 3 === 2) continue; // a block whose root was computed but which was refused: not committed
      backend.commit(changes, new Map([[META_ACCUMULATOR, accumulator.bytes()]]));
      root = stateRoot;
    }
    const fresh = new LtAccumulator();
    for (const [k, v] of backend.entries()) fresh.add(k, v);
    assert.deepEqual(fresh.root(), root);
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { mnemonicToMiniSecret, sr25519Sign } from '@polkadot/util-crypto';
import { sr25519_keypair_from_seed, sr25519_sign } from '@polkadot-labs/schnorrkel-wasm';
import {
  cryptoReady,
  DEV_ACCOUNTS,
  fromHex,
  generateMnemonic,
  isAddress,
  isValidMnemonic,
  keypairFromSchnorrkelSecret,
  keypairFromSecretKey,
  keypairFromSeed,
  keypairFromUri,
  miniSecretFromMnemonic,
  schnorrkelSecret,
  sign,
  ss58Decode,
  ss58Encode,
  toHex,
  utf8Encode,
  verify,
  verifyMessage,
  verifyReference,
} from '@tensorium/primitives';

interface Vector {
  id: string;
  [k: string]: string | number;
}
const vectors = JSON.parse(
  readFileSync(new URL('../../../vectors/protocol/vectors.json', import.meta.url), 'utf8'),
) as {
  keys: Vector[];
  cross_check_inputs: Vector[];
};
const key = (id: string): Vector => {
  const v = vectors.keys.find((k) => k.id === id) ?? vectors.cross_check_inputs.find((k) => k.id === id);
  assert.ok(v, `vector ${id} present`);
  return v;
};
const str = (v: Vector, field: string): string => String(v[field]);

/** Well-known Substrate development accounts (the `//Name` hard derivations of the dev phrase). */
const DEV_ADDRESSES: Record<(typeof DEV_ACCOUNTS)[number], string> = {
  Alice: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  Bob: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
  Charlie: '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y',
  Dave: '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy',
  Eve: '5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw',
  Ferdie: '5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL',
};

before(async () => {
  await cryptoReady();
});

describe('keys: Bittensor vectors', () => {
  it('mnemonic -> ss58 (no derivation path)', () => {
    const v = key('mnemonic_to_ss58');
    assert.equal(keypairFromUri(str(v, 'mnemonic')).address, str(v, 'ss58_address'));
    assert.equal(keypairFromSeed(miniSecretFromMnemonic(str(v, 'mnemonic'))).address, str(v, 'ss58_address'));
  });

  it('public key -> ss58 with prefix 42, and back', () => {
    const v = key('public_key_to_ss58');
    const pk = fromHex(str(v, 'public_key'));
    assert.equal(ss58Encode(pk, Number(v.ss58_format)), str(v, 'ss58_address'));
    assert.equal(ss58Encode(pk), str(v, 'ss58_address'));
    assert.equal(toHex(ss58Decode(str(v, 'ss58_address'))), str(v, 'public_key'));
  });

  it('a prefix-0 address decodes to the same public key', () => {
    const v = key('ss58_prefix0_to_public_key');
    assert.equal(toHex(ss58Decode(str(v, 'ss58_address'))), str(v, 'public_key'));
  });

  it('canonical schnorrkel private key (btwallet privateKey) -> public key, and back', () => {
    const v = key('private_key_to_public_key');
    const pair = keypairFromSchnorrkelSecret(fromHex(str(v, 'private_key')));
    assert.equal(toHex(pair.publicKey), str(v, 'public_key'));
    assert.equal(toHex(schnorrkelSecret(pair)), str(v, 'private_key'));
    // The same key as the mnemonic vector: both secret forms describe one keypair.
    const fromMnemonic = keypairFromUri(str(key('mnemonic_to_ss58'), 'mnemonic'));
    assert.equal(toHex(pair.secretKey), toHex(fromMnemonic.secretKey));
    assert.equal(toHex(schnorrkelSecret(fromMnemonic)), str(v, 'private_key'));
  });

  for (const id of [
    'uri_hard_from_mnemonic',
    'uri_soft_from_mnemonic',
    'uri_dev_alice',
    'uri_dev_bob_hard_soft',
    'uri_dev_bob_soft_hard',
    'uri_long_junction_hashed',
  ]) {
    it(`derivation path: ${id}`, () => {
      const v = key(id);
      assert.equal(keypairFromUri(str(v, 'uri')).address, str(v, 'ss58_address'), str(v, 'uri'));
    });
  }

  it('dev accounts //Alice … //Ferdie', () => {
    for (const name of DEV_ACCOUNTS) assert.equal(keypairFromUri(`//${name}`).address, DEV_ADDRESSES[name], name);
    assert.equal(key('ss58_format_of_alice').ss58_address, DEV_ADDRESSES.Alice);
  });

  it('a well-formed signature from elsewhere does not verify for another key', () => {
    const v = key('invalid_signature_example');
    const pair = keypairFromUri(generateMnemonic());
    const sig = fromHex(str(v, 'signature'));
    assert.equal(verify(utf8Encode(str(v, 'message')), sig, pair.publicKey), false);
    assert.equal(verifyReference(utf8Encode(str(v, 'message')), sig, pair.publicKey), false);
  });
});

describe('keys: cross-checks between implementations', () => {
  it('mnemonic and seed: util-crypto (JS) and schnorrkel (Rust/wasm) derive the same keypair', () => {
    for (const seed of [
      mnemonicToMiniSecret(str(key('mnemonic_cross_check'), 'mnemonic')),
      fromHex(str(key('seed_cross_check'), 'seed')),
    ]) {
      const ours = keypairFromSeed(seed);
      const rust = sr25519_keypair_from_seed(seed); // secret(64) ‖ public(32)
      assert.equal(toHex(ours.publicKey), toHex(rust.subarray(64, 96)));
      assert.equal(toHex(keypairFromSecretKey(ours.secretKey).publicKey), toHex(ours.publicKey));
    }
    const phrase = str(key('mnemonic_cross_check'), 'mnemonic');
    assert.equal(keypairFromUri(phrase).address, keypairFromSeed(miniSecretFromMnemonic(phrase)).address);
    assert.equal(
      keypairFromUri(str(key('seed_cross_check'), 'seed')).address,
      keypairFromSeed(fromHex(str(key('seed_cross_check'), 'seed'))).address,
    );
  });

  it('canonical private key round-trips', () => {
    const secret = fromHex(str(key('private_key_cross_check'), 'private_key'));
    const pair = keypairFromSchnorrkelSecret(secret);
    assert.equal(toHex(schnorrkelSecret(pair)), toHex(secret));
    assert.ok(isAddress(pair.address));
    const msg = utf8Encode('cross-check');
    assert.ok(verifyReference(msg, sign(pair, msg), pair.publicKey));
  });

  it('the fast verifier and util-crypto accept each other’s signatures and reject tampering', () => {
    const msgs = [new Uint8Array(0), utf8Encode('hello tensorium'), new Uint8Array(1000).fill(7)];
    for (const uri of ['//Alice', '//Bob/test', str(key('mnemonic_cross_check'), 'mnemonic')]) {
      const pair = keypairFromUri(uri);
      for (const msg of msgs) {
        const jsSig = sr25519Sign(msg, pair);
        const rustSig = sr25519_sign(pair.publicKey, pair.secretKey, msg);
        assert.ok(verify(msg, jsSig, pair.publicKey), 'wasm verifies util-crypto signature');
        assert.ok(verifyReference(msg, rustSig, pair.publicKey), 'util-crypto verifies schnorrkel signature');
        assert.ok(verify(msg, rustSig, pair.publicKey));
        assert.ok(verifyReference(msg, sign(pair, msg), pair.publicKey));
        const bad = jsSig.slice();
        bad[5]! ^= 1;
        assert.equal(verify(msg, bad, pair.publicKey), false);
        assert.equal(verifyReference(msg, bad, pair.publicKey), false);
        const other = keypairFromUri('//Ferdie').publicKey;
        assert.equal(verify(msg, jsSig, other), false);
        assert.equal(verifyReference(msg, jsSig, other), false);
      }
    }
  });

  it('verify never throws on malformed input', () => {
    const pair = keypairFromUri('//Alice');
    assert.equal(verify(new Uint8Array(1), new Uint8Array(63), pair.publicKey), false);
    assert.equal(verify(new Uint8Array(1), new Uint8Array(64), new Uint8Array(32)), false);
    assert.equal(verify(new Uint8Array(1), new Uint8Array(64).fill(255), new Uint8Array(32).fill(255)), false);
  });

  it('verifyMessage also accepts the <Bytes>-wrapped form', () => {
    const pair = keypairFromUri('//Alice');
    const msg = utf8Encode('nonce:123');
    const wrapped = utf8Encode('<Bytes>nonce:123</Bytes>');
    assert.ok(verifyMessage(msg, sign(pair, wrapped), pair.publicKey));
    assert.ok(verifyMessage(msg, sign(pair, msg), pair.publicKey));
    assert.equal(verify(msg, sign(pair, wrapped), pair.publicKey), false);
  });
});

describe('keys: mnemonics and bad input', () => {
  it('generates valid 12 and 24 word mnemonics', () => {
    for (const n of [12, 15, 24] as const) {
      const m = generateMnemonic(n);
      assert.equal(m.split(' ').length, n);
      assert.ok(isValidMnemonic(m));
    }
  });

  it('rejects bad mnemonics, seeds, secrets and addresses with typed codes', () => {
    const code = (fn: () => unknown, c: string) =>
      assert.throws(fn, (e: unknown) => (e as { code?: string }).code === c);
    code(
      () => keypairFromUri('old leopard transfer rib spatial phone calm indicate online fire caution caution'),
      'TNS_KEY_MNEMONIC',
    );
    code(() => miniSecretFromMnemonic('not a mnemonic'), 'TNS_KEY_MNEMONIC');
    code(() => keypairFromSeed(new Uint8Array(31)), 'TNS_KEY_SEED');
    code(() => keypairFromSchnorrkelSecret(new Uint8Array(63)), 'TNS_KEY_SECRET');
    code(() => keypairFromSchnorrkelSecret(new Uint8Array(64).fill(255)), 'TNS_KEY_SECRET');
    code(() => ss58Decode('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ'), 'TNS_KEY_ADDRESS');
    assert.equal(isAddress('0x' + '00'.repeat(32)), false);
    assert.equal(isAddress(DEV_ADDRESSES.Bob), true);
  });
});

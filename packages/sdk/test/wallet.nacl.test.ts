/**
 * `$NACL` compatibility with the real parameters (Argon2i, opslimit 8, 512 MiB): a keyfile built here
 * from the spec with libsodium primitives directly (not the wallet code) opens in the wallet code, and a
 * wallet written by the wallet code opens with the independent code. Two Argon2i derivations in all (one
 * independent, one by the reader with its default parameters); the writer is handed the independent key,
 * and its own default parameters are the same constants, checked against the vectors below.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createWallet, keyFromUri, loadColdkey, NACL_KDF, NACL_PREFIX, NACL_SALT, type NaclKey } from '@tensorium/sdk';
import sodium from 'libsodium-wrappers-sumo';

const vectors = JSON.parse(readFileSync(new URL('../../../vectors/protocol/vectors.json', import.meta.url), 'utf8'));
const nacl = vectors.keyfile.nacl;
const mnemonicVector = vectors.keys.find((k: { id: string }) => k.id === 'mnemonic_to_ss58');
const PASSWORD = 'testing123!';

const dir = mkdtempSync(join(tmpdir(), 'tns-nacl-'));
let independentKey: Uint8Array;

before(async () => {
  await sodium.ready;
  const p = nacl.libsodium_numeric_values_checked_locally;
  assert.equal(p.opslimit, 8);
  assert.equal(p.memlimit, 536870912);
  const salt = sodium.from_hex(nacl.salt_hex);
  assert.equal(salt.length, p.saltbytes);
  independentKey = sodium.crypto_pwhash(
    p.keybytes,
    PASSWORD,
    salt,
    p.opslimit,
    p.memlimit,
    sodium.crypto_pwhash_ALG_ARGON2I13,
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('$NACL keyfiles with the real Argon2i parameters', () => {
  it('the default parameters are the documented ones', () => {
    const p = nacl.libsodium_numeric_values_checked_locally;
    assert.deepEqual({ ...NACL_KDF }, { opslimit: p.opslimit, memlimit: p.memlimit });
    assert.equal(sodium.to_hex(NACL_SALT), nacl.salt_hex);
    assert.equal(NACL_PREFIX, vectors.keyfile.encryption_prefixes.nacl);
  });

  it('a coldkey built independently from the spec opens in Tensorium', async () => {
    // The older Python writer's JSON: all six keys, ", " / ": " separators.
    const plaintext = JSON.stringify(
      {
        accountId: '0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446',
        publicKey: '0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446',
        privateKey: null,
        secretPhrase: mnemonicVector.mnemonic,
        secretSeed: null,
        ss58Address: mnemonicVector.ss58_address,
      },
      null,
      0,
    )
      .replace(/,"/g, ', "')
      .replace(/":/g, '": ');
    const nonce = sodium.randombytes_buf(nacl.libsodium_numeric_values_checked_locally.noncebytes);
    const box = sodium.crypto_secretbox_easy(sodium.from_string(plaintext), nonce, independentKey);
    const file = new Uint8Array([...sodium.from_string('$NACL'), ...nonce, ...box]);
    const walletDir = join(dir, 'btcli-made');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(walletDir, { recursive: true });
    writeFileSync(join(walletDir, 'coldkey'), file, { mode: 0o600 });

    const progress: string[] = [];
    const key = await loadColdkey({
      walletsDir: dir,
      wallet: 'btcli-made',
      password: PASSWORD,
      onProgress: (m) => progress.push(m),
    });
    assert.equal(key.pair.address, mnemonicVector.ss58_address);
    assert.equal(key.secretPhrase, mnemonicVector.mnemonic);
    assert.match(progress[0] ?? '', /Decrypting .*Argon2i, 512 MiB/);
    assert.match(progress[1] ?? '', /^Decrypted in \d+\.\d s$/);
  });

  it('a coldkey written by Tensorium opens with the independent code', async () => {
    const naclKey: NaclKey = { key: independentKey, kdf: NACL_KDF };
    const created = await createWallet({
      walletsDir: dir,
      wallet: 'tensorium-made',
      password: PASSWORD,
      naclKey,
      coldkeyMnemonic: mnemonicVector.mnemonic,
    });
    const file = new Uint8Array(readFileSync(join(dir, 'tensorium-made', 'coldkey')));
    assert.equal(sodium.to_string(file.subarray(0, 5)), '$NACL');
    const plain = sodium.crypto_secretbox_open_easy(file.subarray(29), file.subarray(5, 29), independentKey);
    const json = JSON.parse(sodium.to_string(plain));
    assert.deepEqual(Object.keys(json).sort(), [...vectors.keyfile.json_keys_full.keys].sort());
    assert.equal(json.ss58Address, mnemonicVector.ss58_address);
    assert.equal(json.secretPhrase, mnemonicVector.mnemonic);
    assert.equal(
      json.privateKey,
      vectors.keys.find((k: { id: string }) => k.id === 'private_key_to_public_key').private_key,
    );
    assert.equal(json.secretSeed, `0x${Buffer.from(keyFromUri(mnemonicVector.mnemonic).secretSeed!).toString('hex')}`);
    assert.equal(created.coldkey.address, mnemonicVector.ss58_address);
    // A wrong key does not open it.
    const wrong = independentKey.slice();
    wrong[0]! ^= 1;
    assert.throws(() => sodium.crypto_secretbox_open_easy(file.subarray(29), file.subarray(5, 29), wrong));
  });
});

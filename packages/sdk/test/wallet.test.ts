/**
 * Wallet behaviour with cheap Argon2i parameters (the format with the real ones is in wallet.nacl.test.ts).
 */
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, keypairFromUri, toHex } from '@tensorium/primitives';
import {
  btPasswordEnvName,
  coldkeyPublic,
  createWallet,
  decodeBtPassword,
  deriveNaclKey,
  describeWallet,
  encodeBtPassword,
  keyFromMnemonic,
  keyFromPolkadotJson,
  keyFromUri,
  listWallets,
  loadColdkey,
  loadHotkey,
  type NaclKdf,
  normalizeMnemonic,
  parseKeyfile,
  resolveAddress,
  resolveSigner,
  serializeKeyfile,
  writeColdkey,
  writeColdkeypub,
  writeHotkey,
} from '@tensorium/sdk';

const vectors = JSON.parse(readFileSync(new URL('../../../vectors/protocol/vectors.json', import.meta.url), 'utf8'));
const vec = (id: string) => vectors.keys.find((k: { id: string }) => k.id === id);
const MNEMONIC: string = vec('mnemonic_to_ss58').mnemonic;
const ADDRESS: string = vec('mnemonic_to_ss58').ss58_address;
const PUBKEY: string = vec('public_key_to_ss58').public_key;
const PRIVKEY: string = vec('private_key_to_public_key').private_key;
const KDF: NaclKdf = { opslimit: 3, memlimit: 8192 };

const root = mkdtempSync(join(tmpdir(), 'tns-wallet-'));
let n = 0;
const freshDir = () => join(root, `w${n++}`);
const code = (c: string) => (e: unknown) => (e as { code?: string }).code === c;

/** Names, modes and contents of every file below `dir`, to show that a failure wrote nothing. */
function snapshot(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out.push(`${p} ${st.mode.toString(8)} ${st.mtimeMs} ${readFileSync(p, 'hex')}`);
    }
  };
  walk(dir);
  return out.join('\n');
}

before(() => cryptoReady());
after(() => rmSync(root, { recursive: true, force: true }));

describe('keyfile JSON', () => {
  it('writes the six spec fields with btwallet values for a mnemonic key', () => {
    const json = JSON.parse(serializeKeyfile(keyFromMnemonic(MNEMONIC)));
    assert.deepEqual(Object.keys(json), vectors.keyfile.json_keys_full.keys);
    assert.equal(json.accountId, PUBKEY);
    assert.equal(json.publicKey, PUBKEY);
    assert.equal(json.privateKey, PRIVKEY); // canonical schnorrkel form, as btwallet writes it
    assert.equal(json.secretPhrase, MNEMONIC);
    assert.equal(json.ss58Address, ADDRESS);
    assert.match(json.secretSeed, /^0x[0-9a-f]{64}$/);
  });

  it('reads the old Python writer (nulls, spaced separators) and btwallet 4 (omitted keys)', () => {
    const py = `{"accountId": "${PUBKEY}", "publicKey": "${PUBKEY}", "privateKey": null, "secretPhrase": "${MNEMONIC}", "secretSeed": null, "ss58Address": "${ADDRESS}"}`;
    const a = parseKeyfile(py);
    assert.equal(a.kind === 'secret' && a.key.pair.address, ADDRESS);
    const onlyPrivate = parseKeyfile(JSON.stringify({ privateKey: PRIVKEY, publicKey: PUBKEY }));
    assert.equal(onlyPrivate.kind === 'secret' && onlyPrivate.key.pair.address, ADDRESS);
    const seed = toHex(keyFromMnemonic(MNEMONIC).secretSeed!);
    const onlySeed = parseKeyfile(JSON.stringify({ secretSeed: seed }));
    assert.equal(onlySeed.kind === 'secret' && onlySeed.key.pair.address, ADDRESS);
  });

  it('falls back past a raw-text secretSeed, and rejects a secret that does not match its public key', () => {
    const quirky = parseKeyfile(
      JSON.stringify({ secretSeed: 'not hex at all', secretPhrase: MNEMONIC, ss58Address: ADDRESS }),
    );
    assert.equal(quirky.kind === 'secret' && quirky.key.pair.address, ADDRESS);
    const seedFirstBroken = parseKeyfile(
      JSON.stringify({
        secretPhrase: 'garbage words',
        secretSeed: toHex(keyFromMnemonic(MNEMONIC).secretSeed!),
        ss58Address: ADDRESS,
      }),
    );
    assert.equal(seedFirstBroken.kind === 'secret' && seedFirstBroken.key.pair.address, ADDRESS);
    assert.throws(
      () => parseKeyfile(JSON.stringify({ secretPhrase: MNEMONIC, ss58Address: keypairFromUri('//Bob').address })),
      code('TNS_WALLET_KEYFILE'),
    );
    assert.throws(
      () => parseKeyfile(JSON.stringify({ publicKey: PUBKEY, ss58Address: keypairFromUri('//Bob').address })),
      code('TNS_WALLET_KEYFILE'),
    );
    assert.throws(() => parseKeyfile('{"nothing": 1}'), code('TNS_WALLET_KEYFILE'));
    assert.throws(() => parseKeyfile('\x00\x01binary'), code('TNS_WALLET_KEYFILE'));
  });

  it('reads public-only files and a bare 0x public key', () => {
    const pub = parseKeyfile(JSON.stringify({ accountId: PUBKEY, publicKey: PUBKEY, ss58Address: ADDRESS }));
    assert.equal(pub.kind === 'public' && pub.info.address, ADDRESS);
    const bare = parseKeyfile(`${PUBKEY}\n`);
    assert.equal(bare.kind === 'public' && bare.info.address, ADDRESS);
  });

  it('normalizes mnemonics, including numbered ones in any order', () => {
    const words = MNEMONIC.split(' ');
    const numbered = words
      .map((w, i) => `${i + 1}-${w}`)
      .reverse()
      .join(' ');
    assert.equal(normalizeMnemonic(numbered), MNEMONIC);
    assert.equal(normalizeMnemonic(`  ${MNEMONIC.toUpperCase().replace(/ /g, '   ')} `), MNEMONIC);
    assert.throws(() => normalizeMnemonic(words.slice(0, 11).join(' ')), code('TNS_KEY_MNEMONIC'));
    assert.throws(() => normalizeMnemonic('1-old 3-leopard'), code('TNS_KEY_MNEMONIC'));
  });

  it('keeps derivation paths: a URI key is stored by its private key', () => {
    const k = keyFromUri('//Alice');
    assert.equal(k.secretPhrase, undefined);
    const back = parseKeyfile(serializeKeyfile(k));
    assert.equal(back.kind === 'secret' && back.key.pair.address, keypairFromUri('//Alice').address);
  });
});

describe('wallet files', () => {
  it('createWallet writes the btcli layout, 0600 files in 0700 directories, coldkey $NACL, hotkey plain', async () => {
    const dir = freshDir();
    const w = await createWallet({
      walletsDir: dir,
      wallet: 'alice',
      password: 'pw-123456',
      kdf: KDF,
      coldkeyMnemonic: MNEMONIC,
    });
    assert.equal(w.coldkey.address, ADDRESS);
    assert.equal(w.coldkey.mnemonic, MNEMONIC);
    assert.equal(w.hotkey?.name, 'default');
    assert.equal(w.hotkey?.mnemonic.split(' ').length, 12);
    const base = join(dir, 'alice');
    for (const f of ['coldkey', 'coldkeypub.txt', 'hotkeys/default', 'hotkeys/defaultpub.txt']) {
      assert.equal(statSync(join(base, f)).mode & 0o777, 0o600, f);
    }
    for (const d of [dir, base, join(base, 'hotkeys')]) assert.equal(statSync(d).mode & 0o777, 0o700, d);
    assert.equal(readFileSync(join(base, 'coldkey')).subarray(0, 5).toString(), '$NACL');
    const pub = JSON.parse(readFileSync(join(base, 'coldkeypub.txt'), 'utf8'));
    assert.deepEqual(Object.keys(pub).sort(), [...vectors.keyfile.json_keys_public_only.keys].sort());
    assert.equal(pub.ss58Address, ADDRESS);
    const hot = JSON.parse(readFileSync(join(base, 'hotkeys/default'), 'utf8'));
    assert.equal(hot.ss58Address, w.hotkey?.address);
    assert.equal(hot.secretPhrase, w.hotkey?.mnemonic);
    assert.equal(readdirSync(base).filter((f) => f.endsWith('.tmp')).length, 0);
  });

  it('opens the coldkey with the right password; a wrong or missing one is a clear error and writes nothing', async () => {
    const dir = freshDir();
    await createWallet({ walletsDir: dir, wallet: 'w', password: 'right-pw', kdf: KDF, coldkeyMnemonic: MNEMONIC });
    const key = await loadColdkey({ walletsDir: dir, wallet: 'w', password: 'right-pw', kdf: KDF });
    assert.equal(key.pair.address, ADDRESS);
    const before = snapshot(dir);
    await assert.rejects(
      loadColdkey({ walletsDir: dir, wallet: 'w', password: 'wrong-pw', kdf: KDF }),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'TNS_WALLET_PASSWORD');
        assert.match(e.message, /wrong password/);
        return true;
      },
    );
    await assert.rejects(loadColdkey({ walletsDir: dir, wallet: 'w', kdf: KDF }), code('TNS_WALLET_PASSWORD_REQUIRED'));
    await assert.rejects(
      loadColdkey({ walletsDir: dir, wallet: 'w', password: null, kdf: KDF }),
      code('TNS_WALLET_PASSWORD_REQUIRED'),
    );
    await assert.rejects(
      resolveSigner({ walletsDir: dir, wallet: 'w', password: 'nope', kdf: KDF }),
      code('TNS_WALLET_PASSWORD'),
    );
    assert.equal(snapshot(dir), before);
  });

  it('takes the password from TENSORIUM_PASSWORD, from btcli’s BT_PW_ variable, or from a prompt only when needed', async () => {
    const dir = freshDir();
    await createWallet({ walletsDir: dir, wallet: 'w', password: 'env-pw', kdf: KDF });
    const cold = join(dir, 'w', 'coldkey');
    const a = await resolveSigner({ walletsDir: dir, wallet: 'w', env: { TENSORIUM_PASSWORD: 'env-pw' }, kdf: KDF });
    const name = btPasswordEnvName(cold);
    const b = await resolveSigner({
      walletsDir: dir,
      wallet: 'w',
      env: { [name]: encodeBtPassword(name, 'env-pw') },
      kdf: KDF,
    });
    assert.equal(a.address, b.address);
    const asked: string[] = [];
    const c = await resolveSigner({
      walletsDir: dir,
      wallet: 'w',
      password: ({ path }) => {
        asked.push(path);
        return 'env-pw';
      },
      kdf: KDF,
    });
    assert.equal(c.address, a.address);
    assert.deepEqual(asked, [cold]);
    await resolveSigner({
      walletsDir: dir,
      wallet: 'w',
      useHotkey: true,
      password: () => assert.fail('hotkey is plain; no prompt'),
      kdf: KDF,
    });
  });

  it('a key derived once (naclKey) serves both writing and opening in one command', async () => {
    const dir = freshDir();
    const naclKey = await deriveNaclKey('once', KDF);
    await createWallet({ walletsDir: dir, wallet: 'w', password: 'once', naclKey, coldkeyMnemonic: MNEMONIC });
    const prompts: string[] = [];
    const key = await loadColdkey({
      walletsDir: dir,
      wallet: 'w',
      naclKey,
      password: ({ path }) => {
        prompts.push(path);
        return 'x';
      },
    });
    assert.equal(key.pair.address, ADDRESS);
    assert.deepEqual(prompts, []);
    assert.ok(
      naclKey.key.some((b) => b !== 0),
      'a caller-owned key is not wiped',
    );
    await assert.rejects(
      loadColdkey({ walletsDir: dir, wallet: 'w', password: 'once', kdf: { opslimit: 4, memlimit: 8192 } }),
      code('TNS_WALLET_PASSWORD'),
    );
  });

  it('BT_PW_ names and values follow btwallet', () => {
    assert.equal(
      btPasswordEnvName('/home/ubuntu/.bittensor/wallets/mywallet/coldkey'),
      vectors.keyfile.password_env_var.example_name_from_issue.split(' ')[0],
    );
    const name = 'BT_PW__X';
    assert.equal(
      decodeBtPassword(name, encodeBtPassword(name, 'pässwörd with a long tail')),
      'pässwörd with a long tail',
    );
    // base64 of bytes XOR-ed with the repeating name: 'B' ^ 'B' = 0, 'T' ^ 'T' = 0 …
    assert.equal(encodeBtPassword(name, 'BT_'), Buffer.from([0, 0, 0]).toString('base64'));
  });

  it('--no-password writes a plain coldkey that opens without a password', async () => {
    const dir = freshDir();
    const w = await createWallet({ walletsDir: dir, wallet: 'plain', password: null, hotkey: 'miner' });
    assert.equal(w.coldkey.encrypted, false);
    assert.equal(JSON.parse(readFileSync(join(dir, 'plain', 'coldkey'), 'utf8')).ss58Address, w.coldkey.address);
    assert.equal(
      (await loadColdkey({ walletsDir: dir, wallet: 'plain', password: null })).pair.address,
      w.coldkey.address,
    );
    assert.equal(
      (await loadHotkey({ walletsDir: dir, wallet: 'plain', hotkey: 'miner' })).pair.address,
      w.hotkey?.address,
    );
  });

  it('never overwrites without being asked, and a refused create writes nothing', async () => {
    const dir = freshDir();
    await createWallet({ walletsDir: dir, wallet: 'w', password: null });
    const before = snapshot(dir);
    await assert.rejects(createWallet({ walletsDir: dir, wallet: 'w', password: null }), code('TNS_WALLET_EXISTS'));
    await assert.rejects(
      createWallet({ walletsDir: dir, wallet: 'w', password: null, hotkey: 'other' }),
      code('TNS_WALLET_EXISTS'),
    );
    assert.equal(snapshot(dir), before);
    assert.equal(existsSync(join(dir, 'w', 'hotkeys', 'other')), false);
    const again = await createWallet({
      walletsDir: dir,
      wallet: 'w',
      password: null,
      overwrite: true,
      coldkeyMnemonic: MNEMONIC,
    });
    assert.equal(coldkeyPublic(dir, 'w').address, again.coldkey.address);
  });

  it('regenerates keys from a mnemonic, a seed or a private key, and adds hotkeys to an existing wallet', async () => {
    const dir = freshDir();
    await writeColdkey(keyFromMnemonic(MNEMONIC), 'pw', { walletsDir: dir, wallet: 'r', kdf: KDF });
    assert.equal(
      (await loadColdkey({ walletsDir: dir, wallet: 'r', password: 'pw', kdf: KDF })).secretPhrase,
      MNEMONIC,
    );
    await writeHotkey('h1', keyFromUri(PRIVKEY.slice(0, 66)), { walletsDir: dir, wallet: 'r' });
    await writeHotkey('h2', keyFromUri('//Bob'), { walletsDir: dir, wallet: 'r' });
    assert.equal(
      resolveAddress({ walletsDir: dir, wallet: 'r', hotkey: 'h2', useHotkey: true }),
      keypairFromUri('//Bob').address,
    );
    writeColdkeypub(keypairFromUri('//Eve').publicKey, { walletsDir: dir, wallet: 'watch' });
    assert.equal(resolveAddress({ walletsDir: dir, wallet: 'watch' }), keypairFromUri('//Eve').address);
    await assert.rejects(resolveSigner({ walletsDir: dir, wallet: 'watch' }), code('TNS_WALLET_NOT_FOUND'));
  });
});

describe('listing and resolving', () => {
  it('lists wallets and hotkeys without any password, as btcli does', async () => {
    const dir = freshDir();
    await createWallet({ walletsDir: dir, wallet: 'b', password: 'pw', kdf: KDF, hotkey: 'h1' });
    await writeHotkey('h0', keyFromUri('//Charlie'), { walletsDir: dir, wallet: 'b' });
    mkdirSync(join(dir, 'a', 'hotkeys'), { recursive: true });
    writeFileSync(
      join(dir, 'a', 'hotkeys', 'watchpub.txt'),
      JSON.stringify({ ss58Address: keypairFromUri('//Dave').address }),
    );
    const list = listWallets(dir);
    assert.deepEqual(
      list.map((w) => w.name),
      ['a', 'b'],
    );
    assert.equal(list[0]?.coldkeyAddress, undefined);
    assert.deepEqual(
      list[0]?.hotkeys.map((h) => [h.name, h.publicOnly, h.address]),
      [['watch', true, keypairFromUri('//Dave').address]],
    );
    const b = describeWallet(dir, 'b');
    assert.equal(b.coldkeyEncrypted, true);
    assert.deepEqual(
      b.hotkeys.map((h) => [h.name, h.publicOnly, h.encrypted]),
      [
        ['h0', false, false],
        ['h1', false, false],
      ],
    );
    assert.equal(b.hotkeys[0]?.address, keypairFromUri('//Charlie').address);
    assert.deepEqual(listWallets(join(dir, 'missing')), []);
    assert.throws(() => describeWallet(dir, 'missing'), code('TNS_WALLET_NOT_FOUND'));
    assert.throws(() => describeWallet(dir, '../etc'), code('TNS_WALLET_NAME'));
  });

  it('dev URIs work wherever a wallet is accepted', async () => {
    const alice = keypairFromUri('//Alice');
    assert.equal((await resolveSigner({ wallet: '//Alice' })).address, alice.address);
    assert.equal(
      (await resolveSigner({ wallet: '//Alice', hotkey: '//Bob', useHotkey: true })).address,
      keypairFromUri('//Bob').address,
    );
    await assert.rejects(resolveSigner({ wallet: '//Alice', useHotkey: true }), code('TNS_WALLET_HOTKEY'));
    assert.equal(resolveAddress({ wallet: '//Alice' }), alice.address);
    assert.equal(resolveAddress({ wallet: alice.address }), alice.address);
    await assert.rejects(resolveSigner({ walletsDir: freshDir(), wallet: 'nobody' }), code('TNS_WALLET_NOT_FOUND'));
  });

  it('refuses legacy encrypted formats with a pointer to btcli', async () => {
    const dir = freshDir();
    for (const [wallet, head] of [
      ['ansible', '$ANSIBLE_VAULT;1.1;AES256\n6162'],
      ['fernet', 'gAAAAABkZ'],
    ]) {
      mkdirSync(join(dir, wallet!), { recursive: true });
      writeFileSync(join(dir, wallet!, 'coldkey'), head!);
      await assert.rejects(
        loadColdkey({ walletsDir: dir, wallet: wallet!, password: 'x', kdf: KDF }),
        code('TNS_WALLET_LEGACY_FORMAT'),
      );
    }
  });
});

describe('polkadot-js JSON backups', () => {
  const v = vec('polkadotjs_json_backup');
  it('decrypts the btwallet test export to its own address', async () => {
    const k = await keyFromPolkadotJson(v.json, v.passphrase);
    assert.equal(k.pair.address, JSON.parse(v.json).address);
    // Stored by its canonical private key; reading it back gives the same key.
    const back = parseKeyfile(serializeKeyfile(k));
    assert.equal(back.kind === 'secret' && toHex(back.key.pair.secretKey), toHex(k.pair.secretKey));
  });
  it('a wrong password or a foreign file is a clear error', async () => {
    await assert.rejects(keyFromPolkadotJson(v.json, 'Password124'), code('TNS_WALLET_PASSWORD'));
    await assert.rejects(
      keyFromPolkadotJson('{"encoded":"", "encoding": {"version": "2", "content": [], "type": []}}', 'x'),
      code('TNS_WALLET_JSON'),
    );
    await assert.rejects(keyFromPolkadotJson('not json', 'x'), code('TNS_WALLET_JSON'));
  });
});

/**
 * `tensorium wallet …` end to end through main(), in a temporary wallets directory. The commands get cheap
 * Argon2i parameters through the Io (a test-only seam); the real ones are tested in packages/sdk.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { keypairFromUri } from '@tensorium/primitives';
import { main } from '../src/index.js';
import { type Io, processIo } from '../src/io.js';
import { loadSigner, testKdf } from '../src/signer.js';

const vectors = JSON.parse(readFileSync(new URL('../../../vectors/protocol/vectors.json', import.meta.url), 'utf8'));
const vec = (id: string) => vectors.keys.find((k: { id: string }) => k.id === id);
const MNEMONIC: string = vec('mnemonic_to_ss58').mnemonic;
const ADDRESS: string = vec('mnemonic_to_ss58').ss58_address;

const root = mkdtempSync(join(tmpdir(), 'tns-cli-wallet-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${n++}`);
const pwFile = (pw: string) => {
  const p = join(root, `pw${n++}`);
  writeFileSync(p, `${pw}\n`);
  return p;
};

interface TestIo extends Io {
  stdout: string[];
  stderr: string[];
  walletKdf?: { opslimit: number; memlimit: number };
}
function makeIo(env: Record<string, string | undefined> = {}, cheap = true): TestIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    env,
    ...(cheap ? { walletKdf: { opslimit: 3, memlimit: 8192 } } : {}),
  };
}
async function cli(
  args: string[],
  io: TestIo = makeIo(),
): Promise<{ code: number; out: string; err: string; io: TestIo }> {
  const code = await main(args, io);
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n'), io };
}
const json = (r: { out: string }) => JSON.parse(r.out);
const files = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort() : [];

describe('tensorium wallet', () => {
  it('create --no-password --json writes the btcli layout and shows the mnemonics once', async () => {
    const dir = freshDir();
    const r = await cli([
      'wallet',
      'create',
      '--wallet',
      'w1',
      '--hotkey',
      'miner',
      '--wallets-dir',
      dir,
      '--no-password',
      '--json',
    ]);
    assert.equal(r.code, 0, r.err);
    const w = json(r);
    assert.equal(w.coldkey.encrypted, false);
    assert.equal(w.coldkey.mnemonic.split(' ').length, 12);
    assert.equal(w.hotkey.name, 'miner');
    assert.deepEqual(files(join(dir, 'w1')), [
      'coldkey',
      'coldkeypub.txt',
      'hotkeys',
      'hotkeys/miner',
      'hotkeys/minerpub.txt',
    ]);
    assert.equal(statSync(join(dir, 'w1', 'coldkey')).mode & 0o777, 0o600);
    assert.equal(JSON.parse(readFileSync(join(dir, 'w1', 'coldkey'), 'utf8')).secretPhrase, w.coldkey.mnemonic);

    const list = await cli(['wallet', 'list', '--wallets-dir', dir, '--json']);
    assert.equal(list.code, 0);
    const listed = json(list).wallets;
    assert.equal(listed[0].coldkeyAddress, w.coldkey.address);
    assert.equal(listed[0].hotkeys[0].address, w.hotkey.address);
    assert.ok(!list.out.includes(w.coldkey.mnemonic), 'list never shows a mnemonic');

    const human = await cli(['wallet', 'show', '--wallet', 'w1', '--wallets-dir', dir]);
    assert.equal(human.code, 0);
    assert.match(human.out, new RegExp(`w1  ${w.coldkey.address}  \\(not encrypted\\)`));
    assert.match(human.out, /└─ miner {2}5/);
    assert.ok(!human.out.includes(w.coldkey.mnemonic));
  });

  it('human create output: addresses, encryption and a mnemonic warning', async () => {
    const dir = freshDir();
    const r = await cli(
      ['wallet', 'create', '--wallet', 'h', '--password-file', pwFile('secret-1')],
      makeIo({ TENSORIUM_WALLETS_DIR: dir }),
    );
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Created wallet "h" in /);
    assert.match(r.out, /coldkey {2}5\w{47} {2}\(encrypted, \$NACL\)/);
    assert.match(r.out, /IMPORTANT: write these mnemonics down/);
    assert.match(r.out, /coldkey mnemonic: +(\w+ ){11}\w+/);
    assert.match(r.err, /Encrypting \(Argon2i/);
    assert.equal(
      readFileSync(join(dir, 'h', 'coldkey'))
        .subarray(0, 5)
        .toString(),
      '$NACL',
    );
  });

  it('loadSigner opens the coldkey with --password-file or TENSORIUM_PASSWORD; a wrong one fails and changes nothing', async () => {
    const dir = freshDir();
    const created = json(
      await cli(
        ['wallet', 'create', '--wallet', 's', '--wallets-dir', dir, '--json'],
        makeIo({ TENSORIUM_PASSWORD: 'pw-from-env' }),
      ),
    );
    assert.equal(created.coldkey.encrypted, true);
    const io = makeIo();
    const viaFile = await loadSigner({ wallet: 's', 'wallets-dir': dir, 'password-file': pwFile('pw-from-env') }, io);
    assert.equal(viaFile.address, created.coldkey.address);
    assert.ok(
      io.stderr.some((l) => /Decrypting .*coldkey/.test(l)),
      'progress shown while Argon2 runs',
    );
    const viaEnv = await loadSigner({ wallet: 's', 'wallets-dir': dir }, makeIo({ TENSORIUM_PASSWORD: 'pw-from-env' }));
    assert.equal(viaEnv.address, created.coldkey.address);
    const hot = await loadSigner({ wallet: 's', 'wallets-dir': dir }, makeIo(), { useHotkey: true });
    assert.equal(hot.address, created.hotkey.address);

    const before = files(dir).map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}`);
    await assert.rejects(
      loadSigner({ wallet: 's', 'wallets-dir': dir, 'password-file': pwFile('wrong') }, makeIo()),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'TNS_WALLET_PASSWORD');
        assert.match(e.message, /wrong password/);
        return true;
      },
    );
    await assert.rejects(loadSigner({ wallet: 's', 'wallets-dir': dir }, makeIo()), {
      code: 'TNS_WALLET_PASSWORD_REQUIRED',
    });
    await assert.rejects(loadSigner({ wallet: 's', 'wallets-dir': dir, 'no-password': true }, makeIo()), {
      code: 'TNS_WALLET_PASSWORD_REQUIRED',
    });
    assert.deepEqual(
      files(dir).map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}`),
      before,
    );
  });

  it('dev keys: --wallet //Alice needs no files and no password', async () => {
    const pair = await loadSigner({ wallet: '//Alice', 'wallets-dir': freshDir() }, makeIo());
    assert.equal(pair.address, keypairFromUri('//Alice').address);
    const hot = await loadSigner({ wallet: '//Alice', hotkey: '//Bob' }, makeIo(), { useHotkey: true });
    assert.equal(hot.address, keypairFromUri('//Bob').address);
    const r = await cli(['wallet', 'show', '--wallet', '//Alice', '--json']);
    assert.equal(json(r).coldkeyAddress, keypairFromUri('//Alice').address);
  });

  it('without a password source and without a terminal, create refuses and writes nothing', async () => {
    const dir = freshDir();
    const r = await cli(['wallet', 'create', '--wallet', 'x', '--wallets-dir', dir]);
    assert.equal(r.code, 1);
    assert.match(r.err, /TNS_WALLET_PASSWORD_REQUIRED.*--password-file/);
    assert.deepEqual(files(dir), []);
  });

  it('create on an existing wallet adds a new hotkey, refuses an existing one', async () => {
    const dir = freshDir();
    const first = json(
      await cli(['wallet', 'create', '--wallet', 'w', '--wallets-dir', dir, '--no-password', '--json']),
    );
    const coldBefore = readFileSync(join(dir, 'w', 'coldkey'), 'utf8');
    const second = await cli(['wallet', 'create', '--wallet', 'w', '--hotkey', 'h2', '--wallets-dir', dir, '--json']);
    assert.equal(second.code, 0, second.err);
    assert.equal(json(second).coldkey, null);
    assert.equal(readFileSync(join(dir, 'w', 'coldkey'), 'utf8'), coldBefore);
    const again = await cli(['wallet', 'create', '--wallet', 'w', '--wallets-dir', dir, '--no-password']);
    assert.equal(again.code, 1);
    assert.match(again.err, /TNS_WALLET_EXISTS/);
    assert.equal(
      json(await cli(['wallet', 'show', '--wallet', 'w', '--wallets-dir', dir, '--json'])).coldkeyAddress,
      first.coldkey.address,
    );
  });

  it('regen restores the Bittensor vector address from its mnemonic (numbered form too), and hotkeys and coldkeypub', async () => {
    const dir = freshDir();
    const r = await cli([
      'wallet',
      'regen',
      '--wallet',
      'v',
      '--wallets-dir',
      dir,
      '--mnemonic',
      MNEMONIC,
      '--password-file',
      pwFile('pw'),
      '--json',
    ]);
    assert.equal(r.code, 0, r.err);
    assert.equal(json(r).address, ADDRESS);
    assert.equal(
      (await loadSigner({ wallet: 'v', 'wallets-dir': dir, 'password-file': pwFile('pw') }, makeIo())).address,
      ADDRESS,
    );
    const refused = await cli([
      'wallet',
      'regen',
      '--wallet',
      'v',
      '--wallets-dir',
      dir,
      '--mnemonic',
      MNEMONIC,
      '--no-password',
    ]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /TNS_WALLET_EXISTS/);
    const numbered = MNEMONIC.split(' ')
      .map((w, i) => `${i + 1}-${w}`)
      .reverse()
      .join(' ');
    const hot = await cli([
      'wallet',
      'regen',
      'hotkey',
      '--wallet',
      'v',
      '--hotkey',
      'hk',
      '--wallets-dir',
      dir,
      '--mnemonic',
      numbered,
    ]);
    assert.equal(hot.code, 0, hot.err);
    assert.match(hot.out, new RegExp(`Regenerated hotkey of wallet "v": ${ADDRESS}`));
    const pub = await cli([
      'wallet',
      'regen',
      'coldkeypub',
      '--wallet',
      'watch',
      '--wallets-dir',
      dir,
      '--ss58',
      keypairFromUri('//Eve').address,
    ]);
    assert.equal(pub.code, 0, pub.err);
    assert.deepEqual(files(join(dir, 'watch')), ['coldkeypub.txt']);
    const bad = await cli([
      'wallet',
      'regen',
      '--wallet',
      'v2',
      '--wallets-dir',
      dir,
      '--mnemonic',
      'old leopard transfer',
      '--no-password',
    ]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /TNS_KEY_MNEMONIC/);
    assert.equal(existsSync(join(dir, 'v2')), false);
  });

  it('import takes a polkadot-js JSON backup, or a secret URI', async () => {
    const dir = freshDir();
    const v = vec('polkadotjs_json_backup');
    const backup = join(root, 'backup.json');
    writeFileSync(backup, v.json);
    const r = await cli([
      'wallet',
      'import',
      '--json',
      backup,
      '--json-password-file',
      pwFile(v.passphrase),
      '--wallet',
      'pj',
      '--wallets-dir',
      dir,
      '--no-password',
      '--json-output',
    ]);
    assert.equal(r.code, 0, r.err);
    assert.equal(json(r).address, JSON.parse(v.json).address);
    const wrong = await cli([
      'wallet',
      'import',
      '--json',
      backup,
      '--json-password',
      'nope',
      '--wallet',
      'pj2',
      '--wallets-dir',
      dir,
      '--no-password',
    ]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /TNS_WALLET_PASSWORD/);
    assert.equal(existsSync(join(dir, 'pj2')), false);
    const uri = await cli([
      'wallet',
      'import',
      'hotkey',
      '--uri',
      '//Alice//hot',
      '--wallet',
      'pj',
      '--hotkey',
      'dev',
      '--wallets-dir',
      dir,
      '--json',
    ]);
    assert.equal(json(uri).address, keypairFromUri('//Alice//hot').address);
    const list = json(await cli(['wallet', 'list', '--wallets-dir', dir, '--json']));
    assert.deepEqual(
      list.wallets[0].hotkeys.map((h: { name: string }) => h.name),
      ['dev'],
    );
  });

  it('usage errors: unknown subcommand, unknown flag, bad --words, two key sources', async () => {
    assert.equal((await cli(['wallet', 'frobnicate'])).code, 2);
    assert.equal((await cli(['wallet', 'list', '--bogus'])).code, 2);
    assert.equal(
      (await cli(['wallet', 'create', '--words', '13', '--no-password', '--wallets-dir', freshDir()])).code,
      2,
    );
    assert.equal(
      (await cli(['wallet', 'regen', '--seed', `0x${'11'.repeat(32)}`, '--uri', '//Bob', '--wallets-dir', freshDir()]))
        .code,
      2,
    );
    const help = await cli(['wallet', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /create\s+a new coldkey/);
    assert.match((await cli(['--help'])).out, /wallet\s+Create, list, show, regenerate and import wallets/);
  });

  it('real commands never get the cheap test parameters', () => {
    // The SDK tests check the real parameters (wallet.nacl.test.ts); the seam exists only on test Io objects.
    assert.equal(testKdf(processIo), undefined);
    assert.equal(testKdf(makeIo({}, false)), undefined);
  });
});

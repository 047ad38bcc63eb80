/**
 * tensorium wallet create|list|show|regen|import — wallets in the btcli layout (coldkey, coldkeypub.txt,
 * hotkeys/<name>), coldkeys encrypted in btcli's `$NACL` format, so btcli and Tensorium open each other's.
 */
import { existsSync, readFileSync } from 'node:fs';
import {
  generateMnemonic,
  isAddress,
  keypairFromUri,
  type MnemonicWords,
  ss58Decode,
  ss58Encode,
  TensoriumError,
} from '@tensorium/primitives';
import {
  createWallet,
  DEFAULT_HOTKEY,
  DEFAULT_WALLET,
  describeWallet,
  expandHome,
  isSecretUri,
  type KeyMaterial,
  keyFromMnemonic,
  keyFromPolkadotJson,
  keyFromPrivateKey,
  keyFromSeed,
  keyFromUri,
  listWallets,
  type WalletSummary,
  walletPaths,
  writeColdkey,
  writeColdkeypub,
  writeHotkey,
} from '@tensorium/sdk';
import { COMMON_OPTIONS, parse } from '../args.js';
import type { Io } from '../io.js';
import { canPrompt, passwordForNewKey, promptHidden, readPasswordFile, testKdf, walletsDirOf } from '../signer.js';

const HELP = `Usage: tensorium wallet <create|list|show|regen|import> [options]

  create   a new coldkey (encrypted) and hotkey; with an existing coldkey, only the hotkey
  list     every wallet under the wallets directory, with addresses (no password needed)
  show     one wallet: paths, addresses, which keys are encrypted
  regen    [coldkey|hotkey|coldkeypub] restore a key from its mnemonic (or --seed, --private-key)
  import   [coldkey|hotkey] from a polkadot-js JSON backup (--json FILE) or a secret URI (--uri)

Options:
  --wallet NAME          wallet (default "default")
  --hotkey NAME          hotkey (default "default")
  --wallets-dir DIR      wallets root (default $TENSORIUM_WALLETS_DIR or ~/.tensorium/wallets;
                         ~/.bittensor/wallets works as is)
  --no-password          store the coldkey unencrypted (as btcli --no-use-password)
  --password-file FILE   coldkey password from the first line of FILE (else $TENSORIUM_PASSWORD, else a prompt)
  --words 12|15|18|21|24 mnemonic length for create (default 12)
  --mnemonic "…"         regen: the mnemonic (numbered "1-word 2-word …" accepted); or --mnemonic-file FILE
  --seed 0x…             regen: 32-byte mini-secret;  --private-key 0x…: 64-byte keyfile privateKey
  --ss58 ADDRESS         regen coldkeypub: the public key as an address (or --public-key 0x…)
  --json FILE            import: polkadot-js account export (also --json-file FILE); its password from --json-password-file FILE,
                         --json-password PW, or a prompt
  --uri URI              import: a secret URI such as //Alice or "<mnemonic>//hard/soft"
  --overwrite            replace existing key files
  --json-output, --json  machine-readable output (includes new mnemonics)

Passwords in files and environment variables are not secret from other programs of the same user.`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  words: { type: 'string' },
  mnemonic: { type: 'string' },
  'mnemonic-file': { type: 'string' },
  seed: { type: 'string' },
  'private-key': { type: 'string' },
  ss58: { type: 'string' },
  'public-key': { type: 'string' },
  'json-file': { type: 'string' },
  'json-password': { type: 'string' },
  'json-password-file': { type: 'string' },
  'json-output': { type: 'boolean' },
  uri: { type: 'string' },
  overwrite: { type: 'boolean' },
} as const;

const WORDS = new Set(['create', 'list', 'show', 'regen', 'import', 'help', 'coldkey', 'hotkey', 'coldkeypub']);

type Values = Record<string, any>;

function usage(message: string): TensoriumError {
  return new TensoriumError('TNS_CLI_USAGE', message);
}

function printJson(io: Io, v: unknown): void {
  io.out(JSON.stringify(v, null, 2));
}

export async function run(args: string[], io: Io): Promise<number> {
  // `--json FILE` (btcli's import option) and `--json` (output) share a name: a following value that is
  // neither an option nor a subcommand word is the file. `--json-file FILE` says it unambiguously.
  const normalized: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    if (a === '--json' && next !== undefined && !next.startsWith('-') && !WORDS.has(next)) {
      normalized.push('--json-file', next);
      i++;
    } else normalized.push(a);
  }
  const { values, positionals } = parse(normalized, OPTIONS);
  if (values['json-output']) values.json = true;
  const [sub, ...rest] = positionals;
  if (values.help || sub === undefined || sub === 'help') {
    io.out(HELP);
    return values.help || sub === 'help' ? 0 : 2;
  }
  switch (sub) {
    case 'create':
      return create(values, rest, io);
    case 'list':
      return list(values, rest, io);
    case 'show':
      return show(values, rest, io);
    case 'regen':
    case 'import':
      return regen(sub, values, rest, io);
    default:
      throw usage(`unknown wallet command "${sub}" (create, list, show, regen, import)`);
  }
}

function noExtra(rest: string[]): void {
  if (rest.length > 0) throw usage(`unexpected argument "${rest[0]}"`);
}

function walletName(values: Values): string {
  const name: string = values.wallet ?? DEFAULT_WALLET;
  if (isSecretUri(name))
    throw usage(`"${name}" is a dev key, not a wallet name: use --uri ${name} with regen/import to store it`);
  return name;
}

function mnemonicWords(values: Values): MnemonicWords {
  const w = values.words === undefined ? 12 : Number(values.words);
  if (![12, 15, 18, 21, 24].includes(w)) throw usage('--words must be 12, 15, 18, 21 or 24');
  return w as MnemonicWords;
}

function progress(io: Io): (m: string) => void {
  return (m) => io.err(m);
}

async function create(values: Values, rest: string[], io: Io): Promise<number> {
  noExtra(rest);
  const walletsDir = walletsDirOf(values, io);
  const wallet = walletName(values);
  const hotkey: string = values.hotkey ?? DEFAULT_HOTKEY;
  const words = mnemonicWords(values);
  const paths = walletPaths(walletsDir, wallet);
  const kdf = testKdf(io);
  const common = {
    walletsDir,
    wallet,
    overwrite: values.overwrite === true,
    onProgress: progress(io),
    ...(kdf ? { kdf } : {}),
  };

  if (existsSync(paths.coldkey) && !values.overwrite) {
    // Keep the coldkey; add the hotkey (btcli new-hotkey). No password needed.
    if (existsSync(paths.hotkey(hotkey))) {
      throw new TensoriumError(
        'TNS_WALLET_EXISTS',
        `wallet "${wallet}" already has a coldkey and a hotkey "${hotkey}" (pass --overwrite to replace them)`,
      );
    }
    const key = keyFromMnemonic(generateMnemonic(words));
    await writeHotkey(hotkey, key, common);
    if (values.json) {
      printJson(io, {
        wallet,
        dir: paths.dir,
        coldkey: null,
        hotkey: { name: hotkey, address: key.pair.address, mnemonic: key.secretPhrase },
      });
    } else {
      io.out(`Wallet "${wallet}" already has a coldkey (kept). Created hotkey "${hotkey}": ${key.pair.address}`);
      io.out(mnemonicWarning([['hotkey', key.secretPhrase!]], wallet, hotkey));
    }
    return 0;
  }

  const password = await passwordForNewKey(values, io);
  const w = await createWallet({ ...common, password, hotkey, words });
  if (values.json) {
    printJson(io, w);
    return 0;
  }
  io.out(`Created wallet "${wallet}" in ${w.dir}`);
  io.out(`  coldkey  ${w.coldkey.address}  (${w.coldkey.encrypted ? 'encrypted, $NACL' : 'NOT encrypted'})`);
  if (w.hotkey) io.out(`  hotkey   ${w.hotkey.address}  (${w.hotkey.name})`);
  io.out(
    mnemonicWarning(
      [['coldkey', w.coldkey.mnemonic], ...(w.hotkey ? ([['hotkey', w.hotkey.mnemonic]] as [string, string][]) : [])],
      wallet,
      w.hotkey?.name ?? hotkey,
    ),
  );
  return 0;
}

function mnemonicWarning(mnemonics: [string, string][], wallet: string, hotkey: string): string {
  return [
    '',
    'IMPORTANT: write these mnemonics down and keep them offline. They are shown only once, and anyone',
    'who has one controls the key. Restore a key with:',
    `  tensorium wallet regen --wallet ${wallet} --mnemonic "…"            (coldkey)`,
    `  tensorium wallet regen hotkey --wallet ${wallet} --hotkey ${hotkey} --mnemonic "…"`,
    '',
    ...mnemonics.map(([k, m]) => `  ${`${k} mnemonic:`.padEnd(18)}${m}`),
  ].join('\n');
}

function walletLines(w: WalletSummary): string[] {
  const enc = w.coldkeyEncrypted === undefined ? 'no coldkey file' : w.coldkeyEncrypted ? 'encrypted' : 'not encrypted';
  const lines = [`${w.name}  ${w.coldkeyAddress ?? '?'}  (${enc})`];
  w.hotkeys.forEach((h, i) => {
    const flags = [h.publicOnly ? 'public only' : '', h.encrypted ? 'encrypted' : ''].filter(Boolean).join(', ');
    lines.push(
      `  ${i === w.hotkeys.length - 1 ? '└─' : '├─'} ${h.name}  ${h.address ?? '?'}${flags ? `  (${flags})` : ''}`,
    );
  });
  return lines;
}

async function list(values: Values, rest: string[], io: Io): Promise<number> {
  noExtra(rest);
  const walletsDir = walletsDirOf(values, io);
  const wallets = listWallets(walletsDir);
  if (values.json) {
    printJson(io, { walletsDir, wallets });
    return 0;
  }
  if (wallets.length === 0) {
    io.out(`No wallets in ${walletsDir} (create one with: tensorium wallet create --wallet NAME)`);
    return 0;
  }
  io.out(`Wallets in ${walletsDir}`);
  for (const w of wallets) io.out(walletLines(w).join('\n'));
  return 0;
}

async function show(values: Values, rest: string[], io: Io): Promise<number> {
  noExtra(rest);
  const name: string = values.wallet ?? DEFAULT_WALLET;
  if (isSecretUri(name)) {
    const pair = keypairFromUri(name);
    if (values.json) printJson(io, { wallet: name, dev: true, coldkeyAddress: pair.address });
    else io.out(`${name} is a dev key (no files): ${pair.address}`);
    return 0;
  }
  const walletsDir = walletsDirOf(values, io);
  const w = describeWallet(walletsDir, name);
  const paths = walletPaths(walletsDir, name);
  if (values.json) {
    printJson(io, { ...w, coldkeyPath: paths.coldkey, coldkeypubPath: paths.coldkeypub });
    return 0;
  }
  io.out(walletLines(w).join('\n'));
  io.out(`\n  coldkey     ${paths.coldkey}\n  coldkeypub  ${paths.coldkeypub}\n  hotkeys     ${paths.hotkeysDir}`);
  return 0;
}

/** The key a regen/import describes, from whichever source option was given (exactly one). */
async function keySource(values: Values, io: Io): Promise<KeyMaterial> {
  const given = ['mnemonic', 'mnemonic-file', 'seed', 'private-key', 'json-file', 'uri'].filter(
    (k) => values[k] !== undefined,
  );
  if (given.length > 1) throw usage(`give only one of ${given.map((g) => `--${g}`).join(', ')}`);
  if (values.mnemonic !== undefined) return keyFromMnemonic(values.mnemonic);
  if (values['mnemonic-file'] !== undefined)
    return keyFromMnemonic(readFileSync(expandHome(values['mnemonic-file'], io.env), 'utf8'));
  if (values.seed !== undefined) return keyFromSeed(values.seed);
  if (values['private-key'] !== undefined) return keyFromPrivateKey(values['private-key']);
  if (values.uri !== undefined) return keyFromUri(values.uri);
  if (values['json-file'] !== undefined) {
    const text = readFileSync(expandHome(values['json-file'], io.env), 'utf8');
    let pw: string | undefined = values['json-password'];
    if (values['json-password-file'] !== undefined) pw = readPasswordFile(values['json-password-file'], io);
    if (pw === undefined) {
      if (!canPrompt())
        throw usage('the JSON backup needs its password: --json-password-file FILE or --json-password PW');
      pw = await promptHidden('Password of the JSON backup: ');
    }
    return keyFromPolkadotJson(text, pw);
  }
  if (canPrompt()) return keyFromMnemonic(await promptHidden('Enter the mnemonic: '));
  throw usage(
    'say which key: --mnemonic "…", --mnemonic-file FILE, --seed 0x…, --private-key 0x…, --json FILE or --uri URI',
  );
}

async function regen(sub: 'regen' | 'import', values: Values, rest: string[], io: Io): Promise<number> {
  const [which = 'coldkey', ...extra] = rest;
  noExtra(extra);
  if (!['coldkey', 'hotkey', 'coldkeypub'].includes(which) || (sub === 'import' && which === 'coldkeypub')) {
    throw usage(
      `tensorium wallet ${sub} takes coldkey (default), hotkey${sub === 'regen' ? ' or coldkeypub' : ''}, not "${which}"`,
    );
  }
  const walletsDir = walletsDirOf(values, io);
  const wallet = walletName(values);
  const paths = walletPaths(walletsDir, wallet);
  const kdf = testKdf(io);
  const common = {
    walletsDir,
    wallet,
    overwrite: values.overwrite === true,
    onProgress: progress(io),
    ...(kdf ? { kdf } : {}),
  };
  let address: string;
  let path: string;
  if (which === 'coldkeypub') {
    const src: string | undefined = values.ss58 ?? values['public-key'];
    if (src === undefined) throw usage('regen coldkeypub needs --ss58 ADDRESS or --public-key 0x…');
    if (!src.startsWith('0x') && !isAddress(src)) throw usage(`not an SS58 address: ${src}`);
    const publicKey = ss58Decode(src);
    writeColdkeypub(publicKey, common);
    address = ss58Encode(publicKey);
    path = paths.coldkeypub;
  } else if (which === 'hotkey') {
    const hotkey: string = values.hotkey ?? DEFAULT_HOTKEY;
    const key = await keySource(values, io);
    await writeHotkey(hotkey, key, common);
    address = key.pair.address;
    path = paths.hotkey(hotkey);
  } else {
    const key = await keySource(values, io);
    const password = await passwordForNewKey(values, io);
    await writeColdkey(key, password, common);
    address = key.pair.address;
    path = paths.coldkey;
  }
  if (values.json) printJson(io, { wallet, key: which, address, path });
  else io.out(`${sub === 'regen' ? 'Regenerated' : 'Imported'} ${which} of wallet "${wallet}": ${address}\n  ${path}`);
  return 0;
}

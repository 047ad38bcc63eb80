/**
 * The keyfile JSON of Bittensor wallets (spec/neurons.md §1.5): what a coldkey holds once decrypted,
 * what a hotkey file holds in the clear, and the public-only `coldkeypub.txt` / `<hotkey>pub.txt`.
 */
import {
  fromHex,
  isValidMnemonic,
  type Keypair,
  keypairFromSchnorrkelSecret,
  keypairFromSecretKey,
  keypairFromSeed,
  keypairFromUri,
  miniSecretFromMnemonic,
  schnorrkelSecret,
  ss58Decode,
  ss58Encode,
  TensoriumError,
  toHex,
} from '@tensorium/primitives';

/** A keypair with what it was made from, when known (written to keyfiles so btcli can regenerate it). */
export interface KeyMaterial {
  readonly pair: Keypair;
  /** The BIP39 sentence, for keys made from a mnemonic. */
  readonly secretPhrase?: string;
  /** The 32-byte substrate-bip39 mini-secret, for keys made from a mnemonic or a seed. */
  readonly secretSeed?: Uint8Array;
}

/** The public part of a keyfile. */
export interface PublicKeyInfo {
  readonly publicKey: Uint8Array;
  readonly address: string;
}

/** Keys written, in the order of the spec's table (btwallet 4 omits missing keys; so do we). */
export const KEYFILE_FIELDS = [
  'accountId',
  'publicKey',
  'privateKey',
  'secretPhrase',
  'secretSeed',
  'ss58Address',
] as const;
export type KeyfileJson = Partial<Record<(typeof KEYFILE_FIELDS)[number], string | null>>;

export function keyFromMnemonic(phrase: string): KeyMaterial {
  const secretPhrase = normalizeMnemonic(phrase);
  const secretSeed = miniSecretFromMnemonic(secretPhrase);
  return { pair: keypairFromSeed(secretSeed), secretPhrase, secretSeed };
}

export function keyFromSeed(seed: Uint8Array | string): KeyMaterial {
  const secretSeed = typeof seed === 'string' ? parseHex(seed, 32, 'seed') : seed;
  return { pair: keypairFromSeed(secretSeed), secretSeed };
}

/** From a 64-byte canonical schnorrkel secret (a keyfile `privateKey`, as btwallet writes it). */
export function keyFromPrivateKey(privateKey: Uint8Array | string): KeyMaterial {
  return {
    pair: keypairFromSchnorrkelSecret(
      typeof privateKey === 'string' ? parseHex(privateKey, 64, 'private key') : privateKey,
    ),
  };
}

/**
 * From a secret URI (`//Alice`, `<mnemonic>//hot`, `0x<seed>/soft`). A bare mnemonic or seed keeps
 * its phrase/seed; a derived key has no mini-secret and is stored by its private key only.
 */
export function keyFromUri(uri: string): KeyMaterial {
  const trimmed = uri.trim();
  if (!trimmed.includes('/')) {
    if (/^0x[0-9a-fA-F]{64}$/.test(trimmed)) return keyFromSeed(trimmed);
    return keyFromMnemonic(trimmed);
  }
  return { pair: keypairFromUri(trimmed) };
}

/**
 * Lower-cases and collapses whitespace; numbered mnemonics (`2-word 1-word …`, as btcli accepts)
 * are put in order. Throws `TNS_KEY_MNEMONIC` when the result is not a valid BIP39 sentence.
 */
export function normalizeMnemonic(phrase: string): string {
  let words = phrase.trim().toLowerCase().split(/\s+/);
  if (words.length > 0 && words.every((w) => /^\d+-[a-z]+$/.test(w))) {
    const numbered = words.map((w) => {
      const dash = w.indexOf('-');
      return { n: Number(w.slice(0, dash)), word: w.slice(dash + 1) };
    });
    numbered.sort((a, b) => a.n - b.n);
    if (numbered.some((e, i) => e.n !== i + 1))
      throw new TensoriumError('TNS_KEY_MNEMONIC', 'numbered mnemonic must number its words 1..N');
    words = numbered.map((e) => e.word);
  }
  const sentence = words.join(' ');
  if (![12, 15, 18, 21, 24].includes(words.length) || !isValidMnemonic(sentence)) {
    throw new TensoriumError('TNS_KEY_MNEMONIC', `invalid mnemonic (${words.length} words; checksum or word list)`);
  }
  return sentence;
}

/** The full keyfile (what a hotkey file holds, or a coldkey before encryption): compact JSON. */
export function serializeKeyfile(key: KeyMaterial): string {
  const pub = toHex(key.pair.publicKey);
  const json: KeyfileJson = { accountId: pub, publicKey: pub, privateKey: toHex(schnorrkelSecret(key.pair)) };
  if (key.secretPhrase !== undefined) json.secretPhrase = key.secretPhrase;
  if (key.secretSeed !== undefined) json.secretSeed = toHex(key.secretSeed);
  json.ss58Address = key.pair.address;
  return JSON.stringify(json);
}

/** `coldkeypub.txt` / `<hotkey>pub.txt`: public fields only. */
export function serializePublicKeyfile(publicKey: Uint8Array): string {
  const pub = toHex(publicKey);
  return JSON.stringify({ accountId: pub, publicKey: pub, ss58Address: ss58Encode(publicKey) } satisfies KeyfileJson);
}

export type ParsedKeyfile =
  | { readonly kind: 'secret'; readonly key: KeyMaterial }
  | { readonly kind: 'public'; readonly info: PublicKeyInfo };

/**
 * Reads a plaintext keyfile: btwallet 4 compact JSON, the older Python writer's (all six keys, `null`
 * for missing ones), or a bare `0x…` public key. Secret sources are tried in btwallet's order
 * (`secretPhrase`, `secretSeed`, `privateKey`); a source that does not give the file's own public key
 * (e.g. a `secretSeed` written as raw text) is skipped.
 */
export function parseKeyfile(text: string): ParsedKeyfile {
  const trimmed = text.trim();
  if (/^0x[0-9a-fA-F]{64}$/.test(trimmed)) {
    const publicKey = fromHex(trimmed);
    return { kind: 'public', info: { publicKey, address: ss58Encode(publicKey) } };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(trimmed);
  } catch {
    throw new TensoriumError(
      'TNS_WALLET_KEYFILE',
      'keyfile is not valid JSON (encrypted in an unknown format, or damaged)',
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new TensoriumError('TNS_WALLET_KEYFILE', 'keyfile JSON is not an object');
  const json = raw as Record<string, unknown>;
  const field = (k: string): string | undefined =>
    typeof json[k] === 'string' && json[k] !== '' ? (json[k] as string) : undefined;

  const claimed = claimedPublicKey(field('publicKey') ?? field('accountId'), field('ss58Address'));
  const matches = (m: KeyMaterial): boolean => claimed === undefined || toHex(claimed) === toHex(m.pair.publicKey);
  const candidates: Array<() => KeyMaterial> = [];
  const phrase = field('secretPhrase');
  const seed = field('secretSeed');
  const priv = field('privateKey');
  if (phrase !== undefined) candidates.push(() => keyFromUri(phrase));
  if (seed !== undefined)
    candidates.push(() => ({
      ...keyFromSeed(seed),
      ...(phrase !== undefined && isValidMnemonic(phrase) ? { secretPhrase: phrase } : {}),
    }));
  if (priv !== undefined) {
    candidates.push(() => keyFromPrivateKey(priv));
    // Older writers (py-substrate-interface) stored the ed25519-expanded form; only accepted when it matches.
    if (claimed !== undefined)
      candidates.push(() => ({ pair: keypairFromSecretKey(parseHex(priv, 64, 'private key')) }));
  }
  for (const make of candidates) {
    let m: KeyMaterial;
    try {
      m = make();
    } catch {
      continue;
    }
    if (matches(m)) return { kind: 'secret', key: m };
  }
  if (candidates.length > 0)
    throw new TensoriumError('TNS_WALLET_KEYFILE', 'keyfile secret does not match its public key');
  if (claimed === undefined)
    throw new TensoriumError('TNS_WALLET_KEYFILE', 'keyfile has neither a secret nor a public key');
  return { kind: 'public', info: { publicKey: claimed, address: ss58Encode(claimed) } };
}

function claimedPublicKey(hex: string | undefined, address: string | undefined): Uint8Array | undefined {
  const fromAddr = address === undefined ? undefined : ss58Decode(address);
  if (hex === undefined) return fromAddr;
  const pk = parseHex(hex, 32, 'public key');
  if (fromAddr !== undefined && toHex(fromAddr) !== toHex(pk))
    throw new TensoriumError('TNS_WALLET_KEYFILE', 'keyfile publicKey and ss58Address disagree');
  return pk;
}

function parseHex(hex: string, bytes: number, what: string): Uint8Array {
  const h = hex.trim();
  if (!new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`).test(h))
    throw new TensoriumError('TNS_KEY_HEX', `${what} must be 0x followed by ${bytes * 2} hex digits`);
  return fromHex(h);
}

/**
 * Cross-checks keys.ts, ss58.ts and secretUri.ts against polkadot-js util-crypto (a devDependency used only here):
 * SS58 encoding and decoding, mnemonic validation, substrate-bip39 mini-secrets, keypairs from seeds and
 * derivation through secret URIs, over many pseudo-random inputs (seeded, so a failure reproduces).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { compactAddLength, stringToU8a } from '@polkadot/util';
import {
  blake2AsU8a,
  cryptoWaitReady,
  decodeAddress,
  encodeAddress,
  keyExtractSuri,
  keyFromPath,
  mnemonicToMiniSecret,
  mnemonicValidate,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';
import { entropyToMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import {
  cryptoReady,
  DEV_PHRASE,
  fromHex,
  isAddress,
  isValidMnemonic,
  keypairFromSeed,
  keypairFromUri,
  miniSecretFromMnemonic,
  sign,
  ss58Decode,
  ss58Encode,
  TensoriumError,
  toHex,
  verifyReference,
} from '@tensorium/primitives';

/** xorshift32: deterministic test input. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}
const next = rng(0x7e05_0001);
const int = (n: number) => next() % n;
const bytes = (n: number) => Uint8Array.from({ length: n }, () => next() & 0xff);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;

/** The reference keypair of a URI, entirely through util-crypto (its sr25519 is @scure/sr25519, pure JS). */
function referencePair(uri: string): { publicKey: Uint8Array; secretKey: Uint8Array } {
  const { phrase, path, password } = keyExtractSuri(uri);
  const seed = /^0x[0-9a-fA-F]{64}$/.test(phrase) ? fromHex(phrase) : referenceMiniSecret(phrase, password ?? '');
  return keyFromPath(sr25519PairFromSeed(seed), path, 'sr25519');
}

const miniSecrets = new Map<string, Uint8Array>();
/** util-crypto's mini-secret, memoised by phrase and password (PBKDF2 is the slow part of these tests). */
function referenceMiniSecret(phrase: string, password: string): Uint8Array {
  const k = `${phrase}///${password}`;
  let v = miniSecrets.get(k);
  if (!v) miniSecrets.set(k, (v = mnemonicToMiniSecret(phrase, password)));
  return v;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const EXOTIC = ['é', 'ß', 'ж', '中', '😀', '-', '_', '.', ' ', '#', '?', '\\'];

/** A junction text of the kinds both implementations read alike (no `0x`, numbers below 2^64). */
function junction(): string {
  switch (int(6)) {
    case 0:
      return String(int(1000));
    case 1:
      return String(BigInt.asUintN(64, (BigInt(next()) << 32n) | BigInt(next()))); // up to 2^64 − 1
    case 2: // 30–34 characters: the SCALE encoding is around the 32-byte limit (padded below, hashed above)
      return Array.from({ length: 30 + int(5) }, () => pick([...ALNUM])).join('');
    case 3:
      return Array.from({ length: 1 + int(8) }, () => pick([...ALNUM, ...EXOTIC])).join('');
    case 4:
      return Array.from({ length: 40 + int(80) }, () => pick([...ALNUM])).join('');
    default:
      return pick(['Alice', 'hot', 'stash', 'test', 'polkadot', '0', '1', 'a1']);
  }
}

function path(): string {
  let p = '';
  for (let n = int(5); n > 0; n--) p += (int(2) ? '//' : '/') + junction();
  return p;
}

function mnemonic(): string {
  return entropyToMnemonic(bytes(pick([16, 20, 24, 28, 32])), wordlist);
}

before(async () => {
  await cryptoWaitReady();
});

describe('keys cross-check: verifyReference loads with cryptoReady', () => {
  it('throws TNS_KEY_NOT_READY before cryptoReady, verifies after', async () => {
    const pair = keypairFromUri('//Alice');
    assert.throws(
      () => verifyReference(new Uint8Array(1), new Uint8Array(64), pair.publicKey),
      (e: unknown) => e instanceof TensoriumError && e.code === 'TNS_KEY_NOT_READY',
    );
    assert.equal(await cryptoReady(), true);
    assert.equal(verifyReference(new Uint8Array(1), new Uint8Array(64), pair.publicKey), false);
  });
});

describe('keys cross-check: SS58 against util-crypto', () => {
  it('encodes like encodeAddress for random keys and prefixes, and decodes its output', () => {
    for (let i = 0; i < 400; i++) {
      const pk = bytes(32);
      const prefix = i < 100 ? 42 : i < 200 ? int(64) : int(16384);
      if (prefix === 46 || prefix === 47) continue;
      const addr = ss58Encode(pk, prefix);
      assert.equal(addr, encodeAddress(pk, prefix), `prefix ${prefix}`);
      assert.equal(toHex(ss58Decode(addr)), toHex(pk));
      assert.equal(isAddress(addr), true);
    }
  });

  it('rejects what decodeAddress rejects: altered characters, wrong lengths, reserved prefixes', () => {
    const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
    const refAccepts = (a: string) => {
      try {
        return decodeAddress(a).length === 32;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 400; i++) {
      const good = ss58Encode(bytes(32), i % 3 === 0 ? int(16384 - 48) + 48 : 42);
      let a: string;
      switch (i % 4) {
        case 0: {
          const at = int(good.length);
          a = good.slice(0, at) + pick([...alphabet]) + good.slice(at + 1);
          break;
        }
        case 1:
          a = good.slice(0, good.length - 1 - int(3));
          break;
        case 2:
          a = good + pick([...alphabet]);
          break;
        default:
          a = encodeAddress(bytes(pick([1, 2, 4, 8, 33])), 42);
      }
      assert.equal(isAddress(a), refAccepts(a), a);
    }
    for (const reserved of [46, 47]) assert.throws(() => ss58Encode(bytes(32), reserved), { code: 'TNS_KEY_ADDRESS' });
    assert.throws(() => ss58Encode(bytes(31)), { code: 'TNS_KEY_ADDRESS' });
    for (const bad of [
      '',
      '0x',
      `0x${'ab'.repeat(31)}`,
      `0x${'ab'.repeat(33)}`,
      'l'.repeat(48),
      '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQ',
    ])
      assert.throws(() => ss58Decode(bad), { code: 'TNS_KEY_ADDRESS' }, bad);
    const hexKey = `0x${'Ab'.repeat(32)}`;
    assert.equal(toHex(ss58Decode(hexKey)), toHex(decodeAddress(hexKey)));
  });
});

describe('keys cross-check: mnemonics, seeds and derivation against util-crypto', () => {
  it('mini-secrets and keypairs of random mnemonics of every length', () => {
    for (let i = 0; i < 12; i++) {
      const m = mnemonic();
      assert.equal(isValidMnemonic(m), true);
      const mini = miniSecretFromMnemonic(m);
      assert.equal(toHex(mini), toHex(mnemonicToMiniSecret(m)), m);
      const ours = keypairFromSeed(mini);
      const ref = sr25519PairFromSeed(mini);
      assert.equal(toHex(ours.publicKey), toHex(ref.publicKey));
      assert.equal(toHex(ours.secretKey), toHex(ref.secretKey), 'same 64-byte secret form');
      assert.equal(ours.address, encodeAddress(ref.publicKey, 42));
    }
  });

  it('the dev phrase (whose mini-secret keys.ts writes out) and the same phrase with a password', () => {
    assert.equal(toHex(miniSecretFromMnemonic(DEV_PHRASE)), toHex(mnemonicToMiniSecret(DEV_PHRASE)));
    assert.equal(
      keypairFromUri(`${DEV_PHRASE}///pw`).address,
      encodeAddress(referencePair(`${DEV_PHRASE}///pw`).publicKey, 42),
    );
    assert.notEqual(keypairFromUri(`${DEV_PHRASE}///pw`).address, keypairFromUri(DEV_PHRASE).address);
  });

  it('validates like mnemonicValidate: swapped words, bad checksums, spacing, case', () => {
    for (let i = 0; i < 60; i++) {
      const words = mnemonic().split(' ');
      let m: string;
      switch (i % 6) {
        case 0:
          words[int(words.length)] = pick(wordlist);
          m = words.join(' ');
          break;
        case 1:
          m = words.slice(1).join(' ');
          break;
        case 2:
          m = words.join('  ');
          break;
        case 3:
          m = ` ${words.join(' ')}`;
          break;
        case 4:
          m = words.join(' ').toUpperCase();
          break;
        default:
          m = [...words, pick(wordlist), pick(wordlist), pick(wordlist)].join(' ');
      }
      assert.equal(isValidMnemonic(m), mnemonicValidate(m), JSON.stringify(m));
    }
  });

  it('random secret URIs: mnemonics and 0x seeds, hard and soft junctions, passwords', () => {
    // Mostly the dev phrase and 0x seeds: a fresh mnemonic costs PBKDF2 on both sides (checked above).
    const phrases = [DEV_PHRASE, DEV_PHRASE, mnemonic(), toHex(bytes(32)), toHex(bytes(32))];
    for (let i = 0; i < 100; i++) {
      let uri = pick(phrases) + path();
      if (i % 6 === 0) uri += `///${pick(['', 'pw', 'correct horse', 'päss/wörd', '///'])}`;
      const ours = keypairFromUri(uri);
      const ref = referencePair(uri);
      assert.equal(toHex(ours.publicKey), toHex(ref.publicKey), uri);
      // A soft junction draws the new nonce (the secret's second half) at random, in schnorrkel and in
      // @scure/sr25519 alike; the scalar is deterministic, and so is the whole secret after a hard junction.
      const endsSoft = /(^|[^/])\/[^/]+$/.test(uri.split('///')[0]!);
      const n = endsSoft ? 32 : 64;
      assert.equal(toHex(ours.secretKey.subarray(0, n)), toHex(ref.secretKey.subarray(0, n)), uri);
      if (i % 4 === 0) {
        const msg = bytes(1 + int(100));
        assert.ok(verifyReference(msg, sign(ours, msg), ref.publicKey), uri);
      }
    }
    for (let i = 0; i < 20; i++) {
      const p = path() || '//x';
      assert.equal(keypairFromUri(p).address, encodeAddress(referencePair(DEV_PHRASE + p).publicKey, 42), p);
    }
  });

  it('rejects malformed URIs as util-crypto does', () => {
    for (const uri of [
      '',
      'word  word',
      `${DEV_PHRASE}//`,
      `${DEV_PHRASE}/`,
      `${DEV_PHRASE}//a/`,
      `${DEV_PHRASE}//a//`,
      'a_b//c',
    ]) {
      assert.throws(() => keyExtractSuri(uri), undefined, uri);
      assert.throws(() => keypairFromUri(uri), { code: 'TNS_KEY_URI' }, uri);
    }
    assert.throws(() => keypairFromUri(`${toHex(bytes(31))}//a`), { code: 'TNS_KEY_MNEMONIC' });
  });
});

describe('keys cross-check: junctions Substrate reads as strings', () => {
  /** util-crypto's derivation with the junction forced to Substrate's string encoding. */
  const stringJunction = (code: string, hard: boolean) => {
    const encoded = compactAddLength(stringToU8a(code));
    const chainCode = new Uint8Array(32);
    chainCode.set(encoded.length > 32 ? blake2AsU8a(encoded, 256) : encoded);
    return { chainCode, isHard: hard, isSoft: !hard };
  };

  it('0x junctions and numbers from 2^64 are SCALE strings (util-crypto reads them as bytes and 256-bit numbers)', () => {
    for (const code of ['0x1234', `0x${'ab'.repeat(40)}`, '18446744073709551616', '99999999999999999999999']) {
      for (const hard of [true, false]) {
        const uri = `${DEV_PHRASE}${hard ? '//' : '/'}${code}`;
        const ref = keyFromPath(
          sr25519PairFromSeed(referenceMiniSecret(DEV_PHRASE, '')),
          [stringJunction(code, hard)],
          'sr25519',
        );
        assert.equal(toHex(keypairFromUri(uri).publicKey), toHex(ref.publicKey), uri);
        assert.notEqual(
          toHex(keypairFromUri(uri).publicKey),
          toHex(referencePair(uri).publicKey),
          'util-crypto differs here',
        );
      }
    }
  });

  it('u64 junctions accept a leading + and leading zeros, as Rust parses them', () => {
    assert.equal(keypairFromUri('//Alice/+7').address, keypairFromUri('//Alice/7').address);
    assert.equal(keypairFromUri('//Alice//007').address, keypairFromUri('//Alice//7').address);
    const max = `${DEV_PHRASE}//18446744073709551615`; // 2^64 − 1: still a number for both
    assert.equal(keypairFromUri(max).address, encodeAddress(referencePair(max).publicKey, 42));
  });
});

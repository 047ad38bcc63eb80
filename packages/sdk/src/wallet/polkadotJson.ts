/**
 * Import of polkadot-js account exports (spec/neurons.md §1.6.3), as `btcli wallet regen-coldkey --json`
 * accepts them: base64 of salt(32) ‖ N ‖ p ‖ r (u32 LE) ‖ nonce(24) ‖ secretbox(PKCS8), the box key being
 * scrypt(password) (or the zero-padded password when `scrypt` is not listed).
 */
import { bytesEqual, keypairFromSecretKey, ss58Decode, TensoriumError, utf8Encode } from '@tensorium/primitives';
import sodium from 'libsodium-wrappers-sumo';
import type { KeyMaterial } from './keyfile.js';
import { sodiumReady } from './nacl.js';

const PKCS8_HEADER = Uint8Array.from([48, 83, 2, 1, 1, 48, 5, 6, 3, 43, 101, 112, 4, 34, 4, 32]);
const PKCS8_DIVIDER = Uint8Array.from([161, 35, 3, 33, 0]);
const SECRET_BYTES = 64;
const PUBLIC_BYTES = 32;
/** The largest scrypt cost accepted (polkadot-js writes N = 2^15); bounds the memory a file can demand. */
const MAX_SCRYPT_N = 1 << 20;

interface PolkadotJsExport {
  encoded: string;
  encoding: { content: string[]; type: string[] | string; version: string };
  address?: string;
  meta?: { name?: string };
}

function bad(message: string): TensoriumError {
  return new TensoriumError('TNS_WALLET_JSON', message);
}

function parseExport(text: string): PolkadotJsExport {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    throw bad('not a JSON file');
  }
  const e = j as Partial<PolkadotJsExport>;
  if (typeof e?.encoded !== 'string' || typeof e.encoding !== 'object' || e.encoding === null)
    throw bad('not a polkadot-js account export (no encoded/encoding)');
  if (e.encoding.version !== '3')
    throw bad(`unsupported polkadot-js export version ${JSON.stringify(e.encoding.version)} (need "3")`);
  const content = Array.isArray(e.encoding.content) ? e.encoding.content : [];
  if (!content.includes('pkcs8') || !content.includes('sr25519')) throw bad('only sr25519 pkcs8 exports are supported');
  return e as PolkadotJsExport;
}

/** Decrypts a polkadot-js JSON backup; a wrong password is `TNS_WALLET_PASSWORD`. */
export async function keyFromPolkadotJson(text: string, password: string): Promise<KeyMaterial> {
  const exp = parseExport(text);
  await sodiumReady();
  const types = Array.isArray(exp.encoding.type) ? exp.encoding.type : [exp.encoding.type];
  if (!types.includes('xsalsa20-poly1305')) throw bad('only xsalsa20-poly1305 encrypted exports are supported');
  let data: Uint8Array;
  try {
    data = sodium.from_base64(exp.encoded.trim(), sodium.base64_variants.ORIGINAL);
  } catch {
    throw bad('"encoded" is not base64');
  }
  const pw = utf8Encode(password);
  let key: Uint8Array;
  if (types.includes('scrypt')) {
    if (data.length < 44) throw bad('export is truncated');
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const [n, p, r] = [view.getUint32(32, true), view.getUint32(36, true), view.getUint32(40, true)];
    if (n < 2 || n > MAX_SCRYPT_N || (n & (n - 1)) !== 0 || p < 1 || p > 16 || r < 1 || r > 32)
      throw bad(`unsupported scrypt parameters N=${n} p=${p} r=${r}`);
    key = sodium.crypto_pwhash_scryptsalsa208sha256_ll(pw, data.subarray(0, 32), n, r, p, 32);
    data = data.subarray(44);
  } else {
    key = new Uint8Array(32);
    key.set(pw.subarray(0, 32));
  }
  if (data.length < 24 + 16) throw bad('export is truncated');
  let plain: Uint8Array;
  try {
    plain = sodium.crypto_secretbox_open_easy(data.subarray(24), data.subarray(0, 24), key);
  } catch {
    throw new TensoriumError('TNS_WALLET_PASSWORD', 'wrong password for the JSON backup (or the file is damaged)');
  }
  const h = PKCS8_HEADER.length;
  const d = h + SECRET_BYTES;
  if (
    plain.length < d + PKCS8_DIVIDER.length + PUBLIC_BYTES ||
    !bytesEqual(plain.subarray(0, h), PKCS8_HEADER) ||
    !bytesEqual(plain.subarray(d, d + PKCS8_DIVIDER.length), PKCS8_DIVIDER)
  ) {
    throw bad('decrypted backup is not an sr25519 PKCS8 key');
  }
  const pair = keypairFromSecretKey(plain.subarray(h, d));
  const pub = plain.subarray(d + PKCS8_DIVIDER.length, d + PKCS8_DIVIDER.length + PUBLIC_BYTES);
  if (!bytesEqual(pair.publicKey, pub)) throw bad('backup secret does not match its public key');
  if (exp.address !== undefined && !bytesEqual(ss58Decode(exp.address), pub))
    throw bad('backup address does not match its key');
  return { pair };
}

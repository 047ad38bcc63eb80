/**
 * The signed messages of spec/neurons.md §2.5. Request (dendrite → axon), five dot-separated parts:
 *   `{dendrite.nonce}.{dendrite.hotkey}.{axon.hotkey}.{dendrite.uuid}.{body_hash}`
 * Axon side, four parts, no body hash: `{axon.nonce}.{dendrite.hotkey}.{axon.hotkey}.{axon.uuid}`.
 * Signatures are sr25519 over the UTF-8 message, sent as `0x` + hex.
 */
import { fromHex, type Keypair, sign, ss58Decode, toHex, utf8Encode, verifyMessage } from '@tensorium/primitives';

/** Whatever holds the hotkey: a keypair, or a remote/hardware signer. */
export interface Signer {
  /** SS58 address of the hotkey. */
  readonly address: string;
  sign(message: Uint8Array): Uint8Array;
}

export function keypairSigner(pair: Keypair): Signer {
  return { address: pair.address, sign: (m) => sign(pair, m) };
}

export function toSigner(s: Signer | Keypair): Signer {
  return 'secretKey' in s ? keypairSigner(s) : s;
}

export interface RequestMessageParts {
  nonce: bigint;
  dendriteHotkey: string;
  axonHotkey: string;
  uuid: string;
  bodyHash: string;
}

export function requestMessage(p: RequestMessageParts): string {
  return `${p.nonce}.${p.dendriteHotkey}.${p.axonHotkey}.${p.uuid}.${p.bodyHash}`;
}

export interface AxonMessageParts {
  nonce: bigint;
  dendriteHotkey: string | null;
  axonHotkey: string;
  uuid: string;
}

/** The axon's 4-part message; Python prints a missing dendrite hotkey as `None`. */
export function axonMessage(p: AxonMessageParts): string {
  return `${p.nonce}.${p.dendriteHotkey ?? 'None'}.${p.axonHotkey}.${p.uuid}`;
}

export function signMessage(signer: Signer, message: string): string {
  return toHex(signer.sign(utf8Encode(message)));
}

const SIG_RE = /^0x[0-9a-fA-F]{128}$/;
const pubkeyCache = new Map<string, Uint8Array>();
const PUBKEY_CACHE_MAX = 4096;

/** Public key of an SS58 hotkey (cached; bounded). Throws on an invalid address. */
export function hotkeyPublicKey(hotkey: string): Uint8Array {
  const hit = pubkeyCache.get(hotkey);
  if (hit) return hit;
  const pk = ss58Decode(hotkey);
  if (pubkeyCache.size >= PUBKEY_CACHE_MAX) pubkeyCache.delete(pubkeyCache.keys().next().value as string);
  pubkeyCache.set(hotkey, pk);
  return pk;
}

/**
 * Verifies a `0x`-hex signature of `message` by `hotkey` the way btwallet's `Keypair.verify` does
 * (raw message, then `<Bytes>`-wrapped). Never throws.
 */
export function verifySignature(message: string, signature: string, hotkey: string): boolean {
  if (!SIG_RE.test(signature)) return false;
  let pk: Uint8Array;
  try {
    pk = hotkeyPublicKey(hotkey);
  } catch {
    return false;
  }
  return verifyMessage(utf8Encode(message), fromHex(signature), pk);
}

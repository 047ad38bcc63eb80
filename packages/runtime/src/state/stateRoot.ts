/**
 * The state root: a lattice (homomorphic multiset) hash of every (key, value) entry of the state.
 *
 * Each entry maps to a 2048-bit vector h(k, v) = 64 lanes of u32, built from four blake2b-512 digests of
 * (len(key) ‖ key ‖ value) with the salts "tensorium/lt/0".."3". The accumulator is the lane-wise sum mod 2^32 of
 * h over all entries; the root is blake2b-256 of the accumulator. Changing an entry subtracts its old vector and
 * adds its new one, so computing a block's root costs work in proportion to the entries the block changed, not to
 * the size of the state, and the root depends only on the state's content (not on its history). This is the
 * LtHash construction (Bellare–Micciancio; Lewi et al.), sized for this chain: the best known attack (a
 * generalized-birthday search) needs about 2^90 work at this width.
 */
import { blake2b } from '@noble/hashes/blake2.js';
import { blake2b256, concatBytes, utf8Encode } from '@tensorium/primitives';

export const LANES = 64;
const SALTS = [0, 1, 2, 3].map((i) => {
  const s = new Uint8Array(16);
  s.set(utf8Encode(`tensorium/lt/${i}`));
  return s;
});

function elementHash(key: string, value: Uint8Array): Uint32Array {
  const kb = utf8Encode(key);
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, kb.length, true);
  const msg = concatBytes(len, kb, value);
  const out = new Uint32Array(LANES);
  for (let i = 0; i < 4; i++) {
    const d = blake2b(msg, { dkLen: 64, salt: SALTS[i]! });
    const dv = new DataView(d.buffer, d.byteOffset, 64);
    for (let j = 0; j < 16; j++) out[i * 16 + j] = dv.getUint32(j * 4, true);
  }
  return out;
}

export class LtAccumulator {
  readonly lanes: Uint32Array;

  constructor(lanes?: Uint8Array) {
    this.lanes = new Uint32Array(LANES);
    if (lanes) {
      const dv = new DataView(lanes.buffer, lanes.byteOffset, lanes.byteLength);
      for (let i = 0; i < LANES; i++) this.lanes[i] = dv.getUint32(i * 4, true);
    }
  }

  add(key: string, value: Uint8Array): void {
    const h = elementHash(key, value);
    for (let i = 0; i < LANES; i++) this.lanes[i] = (this.lanes[i]! + h[i]!) >>> 0;
  }

  remove(key: string, value: Uint8Array): void {
    const h = elementHash(key, value);
    for (let i = 0; i < LANES; i++) this.lanes[i] = (this.lanes[i]! - h[i]!) >>> 0;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(LANES * 4);
    const dv = new DataView(out.buffer);
    for (let i = 0; i < LANES; i++) dv.setUint32(i * 4, this.lanes[i]!, true);
    return out;
  }

  root(): Uint8Array {
    return blake2b256(this.bytes());
  }

  clone(): LtAccumulator {
    return new LtAccumulator(this.bytes());
  }
}

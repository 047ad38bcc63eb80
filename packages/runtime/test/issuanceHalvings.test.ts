// The block emission found from precomputed halving starts against its definition: the chain's I96F32 computation
// with three divisions (spec/economics.md §1.1), kept here as the reference.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockEmissionForIssuance } from '../src/economy/issuance.js';

function reference(issuance: bigint, totalSupply: bigint, baseEmission: bigint): bigint {
  if (issuance < 0n) issuance = 0n;
  if (issuance >= totalSupply) return 0n;
  const q = ((issuance << 32n) << 32n) / (totalSupply << 32n);
  const oneMinus = (1n << 32n) - q;
  if (oneMinus <= 0n) return 0n;
  const v = (1n << 64n) / oneMinus;
  const k = BigInt(v.toString(2).length - 33);
  if (k >= 96n) return 0n;
  const pct = (1n << 64n) / ((1n << k) << 32n);
  return (pct * baseEmission) >> 32n;
}

let x = 0x2545_f491;
const next = (): bigint => {
  x ^= x << 13;
  x >>>= 0;
  x ^= x >>> 17;
  x ^= x << 5;
  return BigInt((x >>>= 0));
};

describe('block emission for issuance', () => {
  it('agrees with the division definition around every halving and at random issuances', () => {
    for (const supply of [21_000_000n * 10n ** 9n, 1_000_000_007n, 1000n, 7n, 1n << 80n])
      for (const base of [10n ** 9n, 1n, 12_345n]) {
        const probes: bigint[] = [-5n, 0n, 1n, supply - 2n, supply - 1n, supply, supply + 1n];
        // Around each halving: the issuance where q first reaches 2^32 − 2^(32−j).
        for (let j = 1n; j <= 32n; j++) {
          const start = (((1n << 32n) - (1n << (32n - j))) * supply + (1n << 32n) - 1n) >> 32n;
          for (const d of [-2n, -1n, 0n, 1n, 2n]) probes.push(start + d);
        }
        for (let i = 0; i < 300; i++) probes.push(((next() << 32n) | next()) % (supply + 1n));
        for (const issuance of probes)
          assert.equal(
            blockEmissionForIssuance(issuance, supply, base),
            reference(issuance, supply, base),
            `supply ${supply} base ${base} issuance ${issuance}`,
          );
      }
  });
});

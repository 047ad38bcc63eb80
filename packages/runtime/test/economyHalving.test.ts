/**
 * The TAO emission halves when total issuance crosses 10.5M TAO (economics.md §1.1): a dev chain started just below
 * the threshold (the `total_issuance` genesis parameter) mints 1 TAO per block until the block whose starting
 * issuance is at or above 10,500,000 TAO, and 0.5 TAO per block from then on.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoReady } from '@tensorium/primitives';
import { Sandbox } from './helpers/sandbox.js';

const TAO = 10n ** 9n;
const HALF_SUPPLY = 10_500_000n * TAO;

before(async () => {
  await cryptoReady();
});

const issuance = (s: Sandbox): bigint => s.state.get<bigint>('balances/issuance')!;

describe('halving', () => {
  it('emission drops from 1 TAO to 0.5 TAO per block at 10.5M TAO issued', () => {
    const s = new Sandbox({
      balances: { '//Owner': 1_000n * TAO },
      params: { total_issuance: HALF_SUPPLY - 5n * TAO - TAO / 2n },
    });
    s.ok('//Owner', 'register_network', { hotkey: '//Owner//hot' });
    s.ok('//Owner', 'start_call', { netuid: 1 });
    s.next(2); // the first emitting block has no moving price yet: its TAO is recycled
    const minted: { block: number; start: bigint; amount: bigint }[] = [];
    for (let i = 0; i < 12; i++) {
      const start = issuance(s);
      s.next();
      minted.push({ block: s.number, start, amount: issuance(s) - start });
    }
    for (const m of minted) {
      // Independent rule: k = number of times half of the remaining supply was issued; here k is 0 or 1.
      const expected = m.start < HALF_SUPPLY ? TAO : TAO / 2n;
      assert.equal(m.amount, expected, `block ${m.block} (issuance ${m.start})`);
    }
    const first = minted.findIndex((m) => m.amount === TAO / 2n);
    assert.ok(first > 0, 'the halving happened');
    assert.ok(minted[first - 1]!.start < HALF_SUPPLY && minted[first]!.start >= HALF_SUPPLY);
    assert.equal(minted[first]!.block, 9); // minting from block 3: −5.5 TAO … −0.5 TAO at the start of block 8, +0.5 TAO at block 9
  });
});

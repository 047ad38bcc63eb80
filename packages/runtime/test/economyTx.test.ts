/**
 * Economy calls as signed transactions on a dev chain: a failed call changes nothing but the signer's fee and nonce
 * (compared with a twin chain that never saw it).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoReady, encode, toHex, type Value } from '@tensorium/primitives';
import { addr, EconChain } from './helpers/econChain.js';

const TAO = 10n ** 9n;
const PREFIXES = [
  'system/',
  'balances/',
  'params/',
  'subnets/',
  'neurons/',
  'swap/',
  'staking/',
  'weights/',
  'coinbase/',
];

function dump(c: EconChain): Map<string, string> {
  const st = c.state();
  const out = new Map<string, string>();
  for (const p of PREFIXES) for (const [k, v] of st.scan<Value>(p)) out.set(k, toHex(encode(v)));
  return out;
}

before(async () => {
  await cryptoReady();
});

describe('failed economy transactions', () => {
  const FAILING: [string, string, string, (c: EconChain) => Record<string, Value>][] = [
    [
      'add_stake beyond the balance',
      'staking',
      'add_stake',
      () => ({ hotkey: addr('//Alice//hot'), netuid: 1, amount_staked: 50_000n * TAO }),
    ],
    [
      'add_stake below the minimum',
      'staking',
      'add_stake',
      () => ({ hotkey: addr('//Alice//hot'), netuid: 1, amount_staked: 1_000n }),
    ],
    [
      'add_stake_limit past the limit',
      'staking',
      'add_stake_limit',
      () => ({
        hotkey: addr('//Alice//hot'),
        netuid: 1,
        amount_staked: 500n * TAO,
        limit_price: 1_050_000_000n,
        allow_partial: false,
      }),
    ],
    [
      'burned_register of a registered hotkey',
      'neurons',
      'burned_register',
      () => ({ netuid: 1, hotkey: addr('//Alice//hot') }),
    ],
    ['set_weights for an unknown uid', 'weights', 'set_weights', () => ({ netuid: 1, dests: [9], weights: [1] })],
    ['register_network beyond the balance', 'subnets', 'register_network', () => ({ hotkey: addr('//Bob//sn') })],
  ];

  for (const [what, module, fn, args] of FAILING) {
    it(`${what}: only the fee and the nonce change`, () => {
      const setup = (c: EconChain) => {
        assert.equal(c.call('//Alice', 'subnets', 'register_network', { hotkey: addr('//Alice//hot') }), undefined);
        assert.equal(c.call('//Alice', 'subnets', 'start_call', { netuid: 1 }), undefined);
        c.blocks(2);
      };
      const balances = { '//Alice': 1_000_000n * TAO, '//Bob': 150n * TAO };
      const a = new EconChain({ balances });
      const b = new EconChain({ balances });
      setup(a);
      setup(b);
      const signer = fn === 'set_weights' ? '//Alice//hot' : '//Bob';
      if (fn === 'set_weights') {
        for (const c of [a, b]) {
          c.submit('//Alice', 'balances', 'transfer_keep_alive', { dest: addr('//Alice//hot'), value: TAO });
          c.block();
        }
      }
      a.submit(signer, module, fn, args(a));
      const blk = a.block();
      b.block();
      const r = blk.receipts[0]!;
      assert.equal(r.success, false, `${fn} should fail`);
      const da = dump(a);
      const db = dump(b);
      const acct = `system/account/${addr(signer)}`;
      const changed = [...new Set([...da.keys(), ...db.keys()])].filter((k) => da.get(k) !== db.get(k));
      assert.deepEqual(
        changed.sort(),
        ['balances/issuance', acct].sort(),
        `${r.error} changed more than fee and nonce`,
      );
      const accA = a.state().get<{ nonce: number; free: bigint }>(acct)!;
      const accB = b.state().get<{ nonce: number; free: bigint }>(acct)!;
      assert.equal(accA.nonce, accB.nonce + 1);
      assert.equal(accB.free - accA.free, r.fee);
    });
  }
});

/**
 * Economy calls as signed transactions on a dev chain: a failed call changes nothing but the signer's fee and nonce
 * (compared with a twin chain that never saw it).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoReady, encode, toHex, type Value } from '@tensorium/primitives';
import { InvalidTransaction } from '@tensorium/runtime';
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
      const signer = '//Bob';
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

describe('feeless calls (Pays::No on the reference chain: set_weights, commit/reveal, serve_axon)', () => {
  const balances = { '//Alice': 1_000_000n * TAO, '//Bob': 1_000n * TAO };
  /**
   * A started subnet 1 owned by Alice (owner hotkey uid 0, which holds a validator permit after the first epoch)
   * with Bob's hotkey registered (uid 1). Neither hotkey holds any TAO.
   */
  function subnet(): EconChain {
    const c = new EconChain({ balances });
    assert.equal(c.call('//Alice', 'subnets', 'register_network', { hotkey: addr('//Alice//hot') }), undefined);
    assert.equal(c.call('//Alice', 'subnets', 'start_call', { netuid: 1 }), undefined);
    assert.equal(c.call('//Bob', 'neurons', 'burned_register', { netuid: 1, hotkey: addr('//Bob//hot') }), undefined);
    c.blocks(12); // an epoch: permits
    return c;
  }
  const account = (c: EconChain, uri: string) =>
    c.state().get<{ nonce: number; free: bigint }>(`system/account/${addr(uri)}`) ?? { nonce: 0, free: 0n };

  it('a hotkey with no TAO sets weights and serves an axon; no fee is charged', () => {
    const c = subnet();
    const [miner, validator] = ['//Bob//hot', '//Alice//hot'];
    assert.equal(account(c, miner).free, 0n);
    assert.equal(account(c, validator).free, 0n);
    const issuance = c.state().get<bigint>('balances/issuance');
    const axon = { netuid: 1, version: 1, ip: '10.0.0.7', port: 8091, ip_type: 4, protocol: 0 };
    c.submit(miner, 'neurons', 'serve_axon', axon);
    c.submit(validator, 'weights', 'set_weights', { netuid: 1, dests: [1], weights: [65535] });
    const blk = c.block();
    assert.deepEqual(
      blk.receipts.map((r) => [r.success, r.fee]),
      [
        [true, 0n],
        [true, 0n],
      ],
    );
    for (const k of [miner, validator]) assert.deepEqual([account(c, k).nonce, account(c, k).free], [1, 0n]);
    assert.ok(c.state().get<bigint>('balances/issuance')! >= issuance!, 'no fee burned');
  });

  it('a feeless call that would fail is refused at submission and changes nothing, not even the nonce', () => {
    const a = subnet();
    const b = subnet();
    assert.throws(
      () => a.submit('//Alice//hot', 'weights', 'set_weights', { netuid: 1, dests: [9], weights: [1] }),
      (e: unknown) =>
        e instanceof InvalidTransaction && e.reason === 'Call' && e.detail === 'weights.UidVecContainInvalidOne',
    );
    assert.equal(a.chain.pool.all().length, 0);
    a.block();
    b.block();
    assert.deepEqual(dump(a), dump(b));
  });

  it('one that passes the pool check but fails in its block is left out of the block, with no trace', () => {
    const c = subnet();
    const hot = '//Alice//hot';
    // The second set_weights is queued behind the first (nonce + 1), so only the block sees the rate limit.
    c.submit(hot, 'weights', 'set_weights', { netuid: 1, dests: [1], weights: [65535] });
    c.submit(hot, 'weights', 'set_weights', { netuid: 1, dests: [1], weights: [100] });
    const blk = c.block();
    assert.equal(blk.receipts.length, 1);
    assert.equal(blk.receipts[0]!.success, true);
    assert.equal(account(c, hot).nonce, 1);
    assert.equal(c.chain.pool.all().length, 0, 'the failing one is dropped from the pool');
    assert.ok(!blk.events.some((e) => e.name === 'ExtrinsicFailed'));
  });
});

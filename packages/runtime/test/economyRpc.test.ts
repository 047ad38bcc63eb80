/**
 * The economy's RPC methods over a dev chain driven by signed transactions: subnet_list, subnet_info,
 * subnet_metagraph, subnet_epochTrace, subnet_weights, subnet_bonds, stake_list, swap_quote, chain_getIssuance.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cryptoReady } from '@tensorium/primitives';
import { RpcError } from '@tensorium/rpc';
import { allRpcHandlers, validateParams } from '@tensorium/runtime';
import { addr, EconChain } from './helpers/econChain.js';

const TAO = 10n ** 9n;
let c: EconChain;

before(async () => {
  await cryptoReady();
  c = new EconChain({
    balances: { '//Alice': 1_000_000n * TAO, '//Bob': 1_000n * TAO, '//Miner': 100n * TAO, '//Miner//hot': TAO },
  });
  assert.equal(c.call('//Alice', 'subnets', 'register_network', { hotkey: addr('//Alice//hot') }), undefined);
  assert.equal(c.call('//Alice', 'subnets', 'start_call', { netuid: 1 }), undefined);
  assert.equal(c.call('//Miner', 'neurons', 'burned_register', { netuid: 1, hotkey: addr('//Miner//hot') }), undefined);
  assert.equal(
    c.call('//Bob', 'staking', 'add_stake', { hotkey: addr('//Alice//hot'), netuid: 1, amount_staked: 100n * TAO }),
    undefined,
  );
  assert.equal(
    c.call('//Miner//hot', 'neurons', 'serve_axon', {
      netuid: 1,
      version: 3,
      ip: '10.1.2.3',
      port: 8091,
      ip_type: 4,
      protocol: 4,
    }),
    undefined,
  );
  c.blocks(12);
});

describe('economy RPC', () => {
  const h = () => allRpcHandlers(c.chain, { nodeVersion: 'test' });

  it('subnet_list and subnet_info describe the subnet, its pool and hyperparameters', () => {
    const list = h().subnet_list!();
    assert.equal(list.length, 1);
    const s = list[0]!;
    assert.equal(s.netuid, 1);
    assert.equal(s.owner, addr('//Alice'));
    assert.equal(s.n, 2);
    assert.equal(s.started, true);
    assert.equal(s.emissionShare, '1000000000');
    const info = h().subnet_info!(1)!;
    assert.equal(info.tempo, 10);
    assert.equal(info.hyperparameters.tempo, 10);
    assert.equal(info.hyperparameters.burn_increase_mult, '23242897532874035200');
    assert.ok(info.nextEpochBlock! > c.head);
    assert.equal(h().subnet_info!(7), null);
  });

  it('subnet_metagraph lists every uid with stake, epoch outputs and the axon', () => {
    const m = h().subnet_metagraph!(1)!;
    assert.equal(m.n, 2);
    assert.equal(m.neurons[0]!.hotkey, addr('//Alice//hot'));
    assert.equal(m.neurons[1]!.coldkey, addr('//Miner'));
    assert.ok(BigInt(m.neurons[0]!.stake) > (99n * TAO) / 10n);
    assert.deepEqual(m.neurons[1]!.axon && { ip: m.neurons[1]!.axon.ip, port: m.neurons[1]!.axon.port }, {
      ip: '10.1.2.3',
      port: 8091,
    });
    assert.equal(m.neurons[0]!.validatorPermit, true);
  });

  it('subnet_epochTrace gives the last epoch per uid', () => {
    const t = h().subnet_epochTrace!(1)!;
    assert.equal(t.uids.length, 2);
    assert.equal(t.uids[0]!.hotkey, addr('//Alice//hot'));
    assert.ok('normalizedStake' in t.uids[0]!);
    assert.equal(h().subnet_epochTrace!(1, 1)!.uids.length, 1);
  });

  it("stake_list shows a coldkey's stakes with their TAO value", () => {
    const l = h().stake_list!(addr('//Bob'));
    assert.equal(l.length, 1);
    assert.equal(l[0]!.hotkey, addr('//Alice//hot'));
    const price = BigInt(h().subnet_info!(1)!.priceRaw);
    assert.equal(BigInt(l[0]!.taoValue), (BigInt(l[0]!.stake) * price) >> 64n);
    assert.deepEqual(h().stake_list!(addr('//Miner')), []);
  });

  it('swap_quote previews exactly what the chain would do', () => {
    const q = h().swap_quote!(1, 'stake', (10n * TAO).toString());
    assert.equal(q.amountIn, (10n * TAO).toString());
    assert.equal(BigInt(q.fee), (10n * TAO * 33n) / 65535n);
    assert.ok(BigInt(q.priceAfter) > BigInt(q.price));
    assert.match(q.slippage, /^0\.\d{9}$/);
    const u = h().swap_quote!(1, 'unstake', (1n * TAO).toString());
    assert.ok(BigInt(u.priceAfter) < BigInt(u.price));
    assert.throws(
      () => h().swap_quote!(1, 'buy', '1'),
      (e: unknown) => e instanceof RpcError && e.code === -32602,
    );
    assert.throws(
      () => h().swap_quote!(9, 'stake', '1000'),
      (e: unknown) => e instanceof RpcError && e.code === 4004,
    );
    assert.throws(() => validateParams('swap_quote', [1, 'stake']), RpcError);
  });

  it('chain_getIssuance reports issuance, block emission and the next halving', () => {
    const i = h().chain_getIssuance!();
    assert.equal(i.blockEmission, TAO.toString());
    assert.equal(i.halvings, 0);
    assert.equal(i.nextHalvingAt, '10500000000000000');
    assert.ok(BigInt(i.totalStake) > 100n * TAO);
  });

  it('subnet_weights and subnet_bonds return the stored rows; the bonds follow the weights after an epoch', () => {
    assert.equal(c.call('//Alice//hot', 'weights', 'set_weights', { netuid: 1, dests: [1], weights: [7] }), undefined);
    const w = h().subnet_weights!(1)!;
    assert.equal(w.block, c.head);
    assert.deepEqual(w.rows, [{ uid: 0, hotkey: addr('//Alice//hot'), entries: [[1, 65535]] }]); // max-upscaled
    assert.deepEqual(h().subnet_weights!(1, 1)!.rows, []);
    c.blocks(12); // an epoch with the weights: the validator bonds to the miner
    const b = h().subnet_bonds!(1)!;
    assert.equal(b.rows.length, 1);
    assert.equal(b.rows[0]!.uid, 0);
    assert.equal(b.rows[0]!.entries[0]![0], 1);
    assert.ok(b.rows[0]!.entries[0]![1] > 0);
    assert.equal(h().subnet_weights!(9), null);
    assert.equal(h().subnet_bonds!(9), null);
  });
});

/**
 * Writes the economy's end-to-end state-transition cases vectors/stf/04-*.json … from the scenarios below: runs each
 * on the runtime, checks that every call's result is the one the scenario expects and that the invariants hold after
 * every block, and stores the run's calls and snapshots as `expected`.
 *   node --conditions=tensorium-src --import tsx packages/runtime/test/stfGenerate.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkInvariants, runStfCaseAsync } from '@tensorium/runtime';

const TAO = 1_000_000_000n;
const DIR = join(import.meta.dirname, '../../../vectors/stf');

/** The parameters of the example cases (every case states them all). */
const BASE: Record<string, unknown> = {
  tao_weight: '3320413933267719290',
  subnet_owner_cut: 11796,
  network_min_lock_cost: '100000000000',
  network_last_lock_cost: '100000000000',
  network_lock_reduction_interval: 100,
  network_rate_limit: 0,
  network_immunity_period: 1000,
  subnet_limit: 128,
  max_epochs_per_block: 2,
  start_call_delay: 0,
  stake_threshold: '0',
  subnet_moving_alpha: '429496730',
  ema_price_halving_blocks: 1,
  default_take: 11796,
  min_stake: '2000000',
  nominator_min_required_stake: '10000000',
  tempo: 10,
  activity_cutoff_factor_milli: 13889,
  max_allowed_uids: 8,
  max_allowed_validators: 64,
  immunity_period: 5000,
  min_allowed_weights: 1,
  max_weights_limit: 65535,
  weights_set_rate_limit: 2,
  weights_version_key: 0,
  commit_reveal_weights_enabled: false,
  reveal_period_epochs: 1,
  burn: '1000000000',
  min_burn: '500000',
  max_burn: '100000000000',
  burn_half_life: 360,
  burn_increase_mult: '23242897532874035200',
  kappa: 32767,
  bonds_moving_average: 900000,
  bonds_penalty: 65535,
  yuma3_enabled: true,
  liquid_alpha_enabled: false,
  alpha_low: 45875,
  alpha_high: 58982,
  alpha_sigmoid_steepness: 1000,
  serving_rate_limit: 50,
  immune_owner_uids_limit: 1,
  min_non_immune_uids: 10,
  owner_cut_enabled: true,
  recycle_or_burn: 'burn',
  network_registration_allowed: true,
  subnet_emission_enabled: false,
  fee_rate: 33,
  transfer_toggle: true,
};

type Call = { origin: string; call: string; args: Record<string, unknown>; expect: string };
type Block = { calls: Call[] } | { repeat: number };
const c = (origin: string, call: string, args: Record<string, unknown>, expect = 'ok'): Call => ({
  origin,
  call,
  args,
  expect,
});
const rep = (n: number): Block => ({ repeat: n });
const b = (...calls: Call[]): Block => ({ calls });
const amount = (tao: bigint | number): string => (BigInt(tao) * TAO).toString();

interface Scenario {
  file: string;
  description: string;
  balances: Record<string, bigint>;
  params?: Record<string, unknown>;
  blocks: Block[];
  snapshots: { after: number; include: string[] }[];
}

const ALL = ['issuance', 'balances', 'subnets', 'stakes', 'metagraph'];

/** A started subnet: //Owner registers with //Owner//hot at block 1 and starts it with emission switched on at block 2. */
function subnetStart(owner = '//Owner', netuid = 1): Block[] {
  return [
    b(c(owner, 'register_network', { hotkey: `${owner}//hot` })),
    b(
      c('sudo', 'sudo_set', { netuid, name: 'subnet_emission_enabled', value: true }),
      c(owner, 'start_call', { netuid }),
    ),
  ];
}

const SCENARIOS: Scenario[] = [
  {
    file: '04-registration-and-replacement.json',
    description:
      'Neuron registration on a small subnet (max_allowed_uids 4): the burn price bumps ×1.26 per registration and decays with its half-life, a full subnet replaces the non-immune neuron with the lowest emission (never the owner), immunity protects new neurons, register_limit, serve_axon checks.',
    balances: {
      '//Owner': 1_000n * TAO,
      '//A': 100n * TAO,
      '//B': 100n * TAO,
      '//C': 100n * TAO,
      '//D': 100n * TAO,
      '//E': 100n * TAO,
      '//A//hot': TAO,
    },
    params: {
      max_allowed_uids: 4,
      immunity_period: 12,
      min_non_immune_uids: 0,
      burn_half_life: 4,
      total_issuance: '1501000000000',
    },
    blocks: [
      ...subnetStart(),
      b(
        c('//A', 'burned_register', { netuid: 1, hotkey: '//A//hot' }),
        c('//B', 'burned_register', { netuid: 1, hotkey: '//B//hot' }),
        c('//B', 'burned_register', { netuid: 1, hotkey: '//B//hot' }, 'HotKeyAlreadyRegisteredInSubNet'),
        c('//C', 'burned_register', { netuid: 1, hotkey: '//A//hot' }, 'HotKeyAlreadyRegisteredInSubNet'),
        c('//C', 'burned_register', { netuid: 0, hotkey: '//C//hot' }, 'RegistrationNotPermittedOnRootSubnet'),
        c('//C', 'burned_register', { netuid: 2, hotkey: '//C//hot' }, 'SubnetNotExists'),
      ),
      b(
        c('//A//hot', 'serve_axon', { netuid: 1, version: 7, ip: '192.168.1.20', port: 8091, ip_type: 4, protocol: 4 }),
        c(
          '//A//hot',
          'serve_axon',
          { netuid: 1, version: 7, ip: '192.168.1.20', port: 8091, ip_type: 4, protocol: 4 },
          'ServingRateLimitExceeded',
        ),
        c(
          '//B//hot',
          'serve_axon',
          { netuid: 1, version: 7, ip: '127.0.0.1', port: 8091, ip_type: 4, protocol: 4 },
          'InvalidIpAddress',
        ),
        c(
          '//B//hot',
          'serve_axon',
          { netuid: 1, version: 7, ip: '10.0.0.2', port: 0, ip_type: 4, protocol: 4 },
          'InvalidPort',
        ),
        c(
          '//B//hot',
          'serve_axon',
          { netuid: 1, version: 7, ip: '10.0.0.2', port: 8091, ip_type: 5, protocol: 4 },
          'InvalidIpType',
        ),
        c(
          '//C//hot',
          'serve_axon',
          { netuid: 1, version: 7, ip: '10.0.0.2', port: 8091, ip_type: 4, protocol: 4 },
          'HotKeyNotRegisteredInNetwork',
        ),
      ),
      b(
        c(
          '//C',
          'register_limit',
          { netuid: 1, hotkey: '//C//hot', limit_price: '100000000' },
          'RegistrationPriceLimitExceeded',
        ),
        c('//C', 'register_limit', { netuid: 1, hotkey: '//C//hot', limit_price: '5000000000' }),
      ),
      rep(3),
      // Full (4 uids) and every neuron immune: the immune candidate with the lowest emission goes (immunity 12 blocks).
      b(c('//D', 'burned_register', { netuid: 1, hotkey: '//D//hot' })),
      rep(14),
      // No longer immune: the lowest-emission non-immune neuron is replaced; the owner never is.
      b(c('//E', 'burned_register', { netuid: 1, hotkey: '//E//hot' })),
      rep(6),
    ],
    snapshots: [
      { after: 3, include: ['balances', 'subnets', 'metagraph'] },
      { after: 9, include: ALL },
      { after: 30, include: ALL },
    ],
  },
  {
    file: '05-limit-orders-and-stake-moves.json',
    description:
      'Two subnets: add_stake_limit fill-or-kill refusal and partial fill, remove_stake_limit, swap_stake between subnets (one fee), move_stake to another hotkey on another subnet, transfer_stake to another coldkey, unstake_all, the minimum stake and the transfer toggle.',
    balances: {
      '//Owner': 1_000n * TAO,
      '//Owner2': 1_000n * TAO,
      '//Alice': 2_000n * TAO,
      '//Bob': 10n * TAO,
      '//Dave': 10n * TAO,
    },
    params: { total_issuance: '4020000000000' },
    blocks: [
      ...subnetStart(),
      b(c('//Owner2', 'register_network', { hotkey: '//Owner2//hot' })),
      b(
        c('sudo', 'sudo_set', { netuid: 2, name: 'subnet_emission_enabled', value: true }),
        c('//Owner2', 'start_call', { netuid: 2 }),
      ),
      rep(2),
      b(
        c('//Alice', 'add_stake', { hotkey: '//Owner//hot', netuid: 1, amount_staked: amount(300) }),
        c(
          '//Alice',
          'add_stake_limit',
          {
            hotkey: '//Owner2//hot',
            netuid: 2,
            amount_staked: amount(300),
            limit_price: '1500000000',
            allow_partial: false,
          },
          'SlippageTooHigh',
        ),
        c('//Alice', 'add_stake_limit', {
          hotkey: '//Owner2//hot',
          netuid: 2,
          amount_staked: amount(300),
          limit_price: '1500000000',
          allow_partial: true,
        }),
        c('//Bob', 'add_stake', { hotkey: '//Owner//hot', netuid: 1, amount_staked: '1000000' }, 'AmountTooLow'),
        c(
          '//Bob',
          'add_stake',
          { hotkey: '//Owner//hot', netuid: 1, amount_staked: amount(20) },
          'NotEnoughBalanceToStake',
        ),
      ),
      rep(4),
      b(
        c('//Alice', 'swap_stake', {
          hotkey: '//Owner//hot',
          origin_netuid: 1,
          destination_netuid: 2,
          alpha_amount: amount(20),
        }),
        c('//Alice', 'move_stake', {
          origin_hotkey: '//Owner2//hot',
          destination_hotkey: '//Owner//hot',
          origin_netuid: 2,
          destination_netuid: 1,
          alpha_amount: amount(10),
        }),
        c('//Alice', 'transfer_stake', {
          destination_coldkey: '//Dave',
          hotkey: '//Owner//hot',
          origin_netuid: 1,
          destination_netuid: 1,
          alpha_amount: amount(5),
        }),
        c(
          '//Alice',
          'move_stake',
          {
            origin_hotkey: '//Owner//hot',
            destination_hotkey: '//Owner//hot',
            origin_netuid: 1,
            destination_netuid: 1,
            alpha_amount: amount(1),
          },
          'SameNetuid',
        ),
      ),
      b(
        c('sudo', 'sudo_set', { netuid: 2, name: 'transfer_toggle', value: false }),
        c(
          '//Alice',
          'transfer_stake',
          {
            destination_coldkey: '//Dave',
            hotkey: '//Owner2//hot',
            origin_netuid: 2,
            destination_netuid: 2,
            alpha_amount: amount(5),
          },
          'TransferDisallowed',
        ),
        c(
          '//Alice',
          'remove_stake_limit',
          {
            hotkey: '//Owner2//hot',
            netuid: 2,
            amount_unstaked: amount(50),
            limit_price: '100000000000000',
            allow_partial: true,
          },
          'PriceLimitExceeded',
        ),
        c('//Alice', 'remove_stake_limit', {
          hotkey: '//Owner2//hot',
          netuid: 2,
          amount_unstaked: amount(50),
          limit_price: '1000000000',
          allow_partial: true,
        }),
      ),
      rep(10),
      b(
        c('//Dave', 'unstake_all', { hotkey: '//Owner//hot' }),
        c('//Alice', 'remove_stake', { hotkey: '//Owner//hot', netuid: 1, amount_unstaked: amount(10) }),
      ),
      rep(5),
    ],
    snapshots: [
      { after: 7, include: ALL },
      { after: 12, include: ALL },
      { after: 29, include: ALL },
    ],
  },
  {
    file: '06-commit-reveal.json',
    description:
      'Hash commit-reveal of weights (reveal period 1 epoch, tempo 10): set_weights refused while commit-reveal is on, a reveal in the commit epoch is too early, a reveal that does not match, a reveal one epoch later sets the weights, a commit left two epochs expires; incentive then follows the revealed weights.',
    balances: {
      '//Owner': 1_000n * TAO,
      '//V': 1_000n * TAO,
      '//V//hot': 1n * TAO,
      '//M1': 100n * TAO,
      '//M2': 100n * TAO,
    },
    params: { commit_reveal_weights_enabled: true, total_issuance: '2201000000000' },
    blocks: [
      ...subnetStart(),
      b(
        c('//V', 'burned_register', { netuid: 1, hotkey: '//V//hot' }),
        c('//M1', 'burned_register', { netuid: 1, hotkey: '//M1//hot' }),
        c('//M2', 'burned_register', { netuid: 1, hotkey: '//M2//hot' }),
        c('//V', 'add_stake', { hotkey: '//V//hot', netuid: 1, amount_staked: amount(200) }),
      ),
      rep(8),
      // block 12: the validator has a permit (epoch at 10)
      b(
        c('//V//hot', 'set_weights', { netuid: 1, dests: [2, 3], weights: [1, 3] }, 'CommitRevealEnabled'),
        c('//V//hot', 'commit_weights', { netuid: 1, commit_hash: '@hash:V//hot:1:[2,3]:[1,3]:[7,7]:0' }),
        c(
          '//V//hot',
          'reveal_weights',
          { netuid: 1, uids: [2, 3], values: [1, 3], salt: [7, 7], version_key: 0 },
          'RevealTooEarly',
        ),
      ),
      rep(8),
      // block 21: the epoch at 20 ran; the reveal is due
      b(
        c(
          '//V//hot',
          'reveal_weights',
          { netuid: 1, uids: [2, 3], values: [3, 1], salt: [7, 7], version_key: 0 },
          'InvalidRevealCommitHashNotMatch',
        ),
        c('//V//hot', 'reveal_weights', { netuid: 1, uids: [2, 3], values: [1, 3], salt: [7, 7], version_key: 0 }),
        c('//V//hot', 'commit_weights', { netuid: 1, commit_hash: '@hash:V//hot:1:[2,3]:[5,5]:[1]:0' }),
      ),
      rep(20),
      // block 42: the second commit (epoch 2) was not revealed in epoch 3 and is expired in epoch 4
      b(
        c(
          '//V//hot',
          'reveal_weights',
          { netuid: 1, uids: [2, 3], values: [5, 5], salt: [1], version_key: 0 },
          'ExpiredWeightCommit',
        ),
      ),
      rep(8),
    ],
    snapshots: [
      { after: 21, include: ['subnets', 'stakes', 'metagraph'] },
      { after: 50, include: ALL },
    ],
  },
];

/** Replaces `@hash:<hotkey uri without //>:<netuid>:<uids>:<values>:<salt>:<version>` by the commit hash. */
async function expandHashes(s: Scenario): Promise<void> {
  const { commitHash } = await import('@tensorium/runtime');
  const { keypairFromUri } = await import('@tensorium/primitives');
  for (const blk of s.blocks) {
    if (!('calls' in blk)) continue;
    for (const call of blk.calls) {
      const h = call.args.commit_hash;
      if (typeof h !== 'string' || !h.startsWith('@hash:')) continue;
      const [, who, netuid, uids, values, salt, vk] = h.split(':') as string[];
      const pk = keypairFromUri(`//${who}`).publicKey;
      const bytes = commitHash(
        pk,
        Number(netuid),
        JSON.parse(uids!),
        JSON.parse(values!),
        JSON.parse(salt!),
        BigInt(vk!),
      );
      call.args.commit_hash = `0x${Buffer.from(bytes).toString('hex')}`;
    }
  }
}

for (const s of SCENARIOS) {
  await expandHashes(s);
  const balances: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.balances)) balances[k] = v.toString();
  const total = Object.values(s.balances).reduce((a, x) => a + x, 0n);
  const params = { ...BASE, ...(s.params ?? {}) };
  params.total_issuance = total.toString();
  const kase = {
    name: s.file.replace(/\.json$/, ''),
    description: s.description,
    preset: 'dev',
    genesis: { balances, sudo: '//Owner', params },
    blocks: s.blocks,
    snapshots: s.snapshots,
  };
  const violations: string[] = [];
  const out = await runStfCaseAsync(kase, {
    onBlock: (st, n) => violations.push(...checkInvariants(st).map((v) => `block ${n}: ${v}`)),
  });
  if (violations.length) throw new Error(`${s.file}: ${violations[0]}`);
  let i = 0;
  for (const blk of s.blocks) {
    if (!('calls' in blk)) continue;
    for (const call of blk.calls) {
      const got = out.calls[i++]!;
      if (got.result !== call.expect)
        throw new Error(
          `${s.file}: block ${got.block} call ${got.index} ${got.call}: expected ${call.expect}, got ${got.result}`,
        );
    }
  }
  writeFileSync(join(DIR, s.file), `${JSON.stringify({ ...kase, expected: out }, null, 1)}\n`);
  console.log(`wrote ${s.file}: ${out.calls.length} calls, ${out.snapshots.length} snapshots`);
}

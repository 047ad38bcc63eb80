/**
 * createValidator against the in-process dev chain with real miners (createMiner, axons on loopback): sampling
 * reproducible from the logged seed, the exact score average, weights set every epoch_length blocks with exactly one
 * log line per decision and the logged vector equal to the chain's stored row, the wrong miner earning least, the
 * explained refusals (no permit, rate limit, version key), commit-reveal (commit, reveal in the reveal epoch, expiry)
 * and the score reset when a uid is taken by a new hotkey.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cryptoReady, type Keypair, keypairFromUri } from '@tensorium/primitives';
import {
  ClientError,
  createDevChain,
  createLocalSubnet,
  createMiner,
  createRng,
  createValidator,
  type DevChain,
  defineSynapse,
  type Miner,
  type NeuronLogger,
  roundSeed,
  type StepReport,
  TensoriumClient,
  type Validator,
} from '@tensorium/sdk';
import { z } from 'zod';

const TAO = 1_000_000_000n;
const HOST = '127.0.0.2';
const k = (uri: string): Keypair => keypairFromUri(uri);

const Square = defineSynapse({
  name: 'Square',
  request: z.object({ x: z.int() }),
  response: z.object({ y: z.int().nullable().optional() }),
});

type Line = { level: string; event: string } & Record<string, any>;
function capture(): { logger: NeuronLogger; lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: string) =>
    (event: string, fields: Record<string, unknown> = {}) =>
      lines.push({ level, event, ...fields }) &&
      (process.env.FWDEBUG ? console.error(event, JSON.stringify(fields).slice(0, 300)) : 0);
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}

/** Every network's stop, run after the tests even when an assertion failed (axons would keep the process alive). */
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

interface Net {
  dev: DevChain;
  netuid: number;
  miners: Miner<typeof Square>[];
  minerUids: number[];
  validator: Validator<unknown>;
  log: ReturnType<typeof capture>;
  stop(): Promise<void>;
}

/** A subnet with `nMiners` miners (the last answers wrong) and one validator; extra validator options. */
async function net(
  nMiners: number,
  o: {
    stake?: bigint;
    hyperparameters?: Record<string, string>;
    extra?: number;
    validator?: Record<string, unknown>;
    /** The validator's client (default the dev chain's). */
    client?: (dev: DevChain) => TensoriumClient;
  } = {},
): Promise<Net> {
  const dev = await createDevChain();
  const minerKeys = Array.from({ length: nMiners }, (_, i) => ({ coldkey: k('//Bob'), hotkey: k(`//Bob//m${i}`) }));
  const extra = Array.from({ length: o.extra ?? 0 }, (_, i) => ({ coldkey: k('//Dave'), hotkey: k(`//Dave//x${i}`) }));
  const v = { coldkey: k('//Charlie'), hotkey: k('//Charlie//v'), stake: o.stake ?? 50n * TAO };
  const { netuid, uids } = await createLocalSubnet(dev.client, {
    owner: dev.alice,
    ownerHotkey: k('//Alice//owner'),
    neurons: [...minerKeys, ...extra, v],
    hyperparameters: o.hyperparameters ?? {},
  });
  const miners = minerKeys.map((m, i) =>
    createMiner({
      client: dev.client,
      netuid,
      hotkey: m.hotkey,
      synapses: [Square],
      forward: ({ x }) => ({ y: i === nMiners - 1 ? x * x + 1 : x * x }),
      axon: { host: HOST, externalIp: HOST, port: 0 },
    }),
  );
  for (const m of miners) await m.start();
  dev.advanceEpochs(1, netuid); // permits
  const log = capture();
  const validator = createValidator({
    client: o.client?.(dev) ?? dev.client,
    netuid,
    hotkey: v.hotkey,
    synapses: [Square],
    epochLength: 5,
    sampleSize: 50,
    forward: async (ctx) => {
      const x = ctx.rng.int(1000);
      return { x, results: await ctx.query(Square, { x }, { timeout: 5 }) };
    },
    reward: ({ x, results }) => results.map((r) => (r.ok && r.response.y === x * x ? 1 : 0)),
    logger: log.logger,
    ...o.validator,
  }) as Validator<unknown>;
  const stop = async () => {
    await validator.stop();
    for (const m of miners) await m.stop();
  };
  cleanups.push(stop);
  return {
    dev,
    netuid,
    miners,
    minerUids: uids.slice(0, nMiners),
    validator,
    log,
    stop,
  };
}

/** Steps the validator `n` times, one block between steps. */
async function run(n: Net, steps: number): Promise<StepReport[]> {
  const out: StepReport[] = [];
  for (let i = 0; i < steps; i++) {
    out.push(await n.validator.step());
    n.dev.advanceBlocks(1);
  }
  return out;
}

/** A stored weight row: 0x-hex of little-endian (u16 uid, u16 weight) pairs, read back as pairs. */
const storedRow = async (n: Net, uid: number) => {
  const hex = (await n.dev.client.request(
    'state_getStorage',
    `weights/w/${String(n.netuid).padStart(5, '0')}/${String(uid).padStart(5, '0')}`,
  )) as string | null;
  if (hex === null) return null;
  const b = Buffer.from(hex.slice(2), 'hex');
  return Array.from({ length: b.length / 4 }, (_, i) => [b.readUInt16LE(4 * i), b.readUInt16LE(4 * i + 2)]);
};

before(async () => {
  await cryptoReady();
});

describe('createValidator', () => {
  it('samples from the logged seed, averages scores exactly, and sets explained weights every epoch_length', async () => {
    const n = await net(4, { validator: { sampleSize: 3 } });
    const uid = await n.validator.checkRegistration();
    const reports = await run(n, 16);
    // Sampling: reproducible from (block hash, hotkey, step), 3 of the 4 serving miners.
    for (const r of reports) {
      const again = createRng(roundSeed(r.blockHash, n.validator.hotkey, r.step))
        .sample(n.minerUids, 3)
        .sort((a, b) => a - b);
      assert.deepEqual(r.uids, again, `step ${r.step}`);
      assert.equal(r.seeds[0], createRng(roundSeed(r.blockHash, n.validator.hotkey, r.step)).seed);
    }
    // Exactly one weights decision per step, each logged with its reason.
    assert.ok(reports.every((r) => r.weights.length === 1));
    const decisions = n.log.lines.filter((l) => l.event.startsWith('weights.'));
    assert.equal(decisions.length, reports.length);
    for (const d of decisions) {
      assert.equal(typeof d.reason, 'string');
      assert.equal(typeof d.blocksSinceLastUpdate, 'number');
      assert.equal(d.rateLimit, 2);
      assert.equal(d.commitReveal.enabled, false);
      if (d.action === 'skipped')
        assert.match(
          d.reason,
          /blocks since last update \(block \d+\) ≤ epoch_length 5: next submission after block \d+; commit-reveal off/,
        );
    }
    const sets = decisions.filter((d) => d.action === 'set');
    assert.ok(sets.length >= 2, `${sets.length} sets`);
    for (const s of sets) {
      assert.ok(s.blocksSinceLastUpdate > 5);
      assert.match(
        s.reason,
        /^\d+ blocks since last update \(block \d+\) > epoch_length 5; rate limit 2 ok; commit-reveal off; included in block \d+$/,
      );
      assert.equal(s.tx.success, true);
    }
    // The last vector logged is the row the chain stores; the wrong miner has no weight.
    const last = sets.at(-1)!;
    assert.deepEqual(await storedRow(n, uid), last.vector);
    const wrong = n.minerUids.at(-1)!;
    assert.ok(!last.vector.some(([u]: [number, number]) => u === wrong));
    assert.ok(last.vector.some(([, w]: [number, number]) => w === 65535));
    // Scores are exact integers; the wrong miner's is 0.
    assert.ok(n.validator.scores.every((s) => Number.isInteger(s)));
    assert.equal(n.validator.scores[wrong], 0);
    // After epochs, the honest miners earn incentive and the wrong one nothing.
    n.dev.advanceEpochs(2, n.netuid);
    const mg = (await n.dev.client.request('subnet_metagraph', n.netuid))!;
    for (const u of n.minerUids.slice(0, -1)) assert.ok(mg.neurons[u]!.incentive > 0, `miner ${u}`);
    assert.equal(mg.neurons[wrong]!.incentive, 0);
    // The state resumes in a new validator.
    const st = n.validator.state();
    assert.equal(st.step, 16);
    assert.deepEqual(st.scores, n.validator.scores);
    await n.stop();
  });

  it('explains refusals: no permit, rate limit, version key', async () => {
    // No stake: no permit at the epochs.
    const a = await net(2, { stake: 0n, validator: { epochLength: 0 } });
    const [ra] = await run(a, 1);
    assert.equal(ra!.weights[0]!.code, 'NeuronNoValidatorPermit');
    assert.match(
      ra!.weights[0]!.reason,
      /^no validator permit: permits go at each epoch to the top max_allowed_validators by stake \(stake weight 0 RAO\) \(checked locally before submitting; every score is 0/,
    );
    assert.equal(a.validator.scores[a.minerUids[0]!], 0, 'the miner refuses a caller without a permit (403)');
    await a.stop();
    // weights_set_rate_limit 6 with epoch_length 0: set, then refused for 5 blocks by the rate limit.
    const b = await net(2, {
      hyperparameters: { weights_version_key: '3' },
      validator: { epochLength: 0, versionKey: 3n },
    });
    await b.dev.client.send(b.dev.alice, {
      module: 'subnets',
      fn: 'sudo_set',
      args: { netuid: b.netuid, name: 'weights_set_rate_limit', value: '6' },
    });
    const rb = await run(b, 6);
    const codes = rb.map((r) => r.weights[0]!.code);
    assert.equal(codes[0], 'SET');
    assert.deepEqual(codes.slice(1, 5), ['RATE_LIMIT', 'RATE_LIMIT', 'RATE_LIMIT', 'RATE_LIMIT']);
    assert.match(
      rb[1]!.weights[0]!.reason,
      /^rate limit: \d blocks since last update < weights_set_rate_limit 6; commit-reveal off$/,
    );
    assert.equal(codes[5], 'SET');
    await b.stop();
    // An old version key: refused before submitting, with both keys in the reason.
    const c = await net(2, {
      hyperparameters: { weights_version_key: '3' },
      validator: { epochLength: 0, versionKey: 2n },
    });
    const [rc] = await run(c, 1);
    assert.equal(rc!.weights[0]!.code, 'IncorrectWeightVersionKey');
    assert.match(rc!.weights[0]!.reason, /version_key 2 is below the subnet's weights_version_key 3/);
    await c.stop();
  });

  it('commits, reveals in the reveal epoch, and reports an expired commit', async () => {
    const n = await net(2, {
      hyperparameters: { commit_reveal_weights_enabled: 'true' },
      validator: { epochLength: 3 },
    });
    const uid = await n.validator.checkRegistration();
    const reports = await run(n, 6);
    const commit = reports.flatMap((r) => r.weights).find((d) => d.action === 'committed')!;
    assert.ok(commit, 'committed');
    assert.match(
      commit.reason,
      /commit-reveal on; included in block \d+: commit in epoch (\d+), reveal in epoch (\d+)$/,
    );
    assert.equal(await storedRow(n, uid), null, 'nothing set before the reveal');
    const { revealEpoch } = n.validator.state().pending[0]!;
    n.dev.advanceEpochs(1, n.netuid);
    const after = await n.validator.step();
    const reveal = after.weights.find((d) => d.action === 'revealed')!;
    assert.ok(reveal, JSON.stringify(after.weights));
    assert.match(
      reveal.reason,
      new RegExp(
        `^reveal epoch ${revealEpoch} reached \\(commit at block \\d+, epoch ${revealEpoch - 1}\\); included in block \\d+$`,
      ),
    );
    assert.deepEqual(await storedRow(n, uid), reveal.vector);
    // The same step committed again (epoch_length passed); left alone for two epochs, that commit expires.
    assert.ok(after.weights.some((d) => d.action === 'committed'));
    n.dev.advanceEpochs(2, n.netuid);
    const late = await n.validator.step();
    const expired = late.weights.find((d) => d.code === 'REVEAL_EXPIRED');
    assert.ok(expired, JSON.stringify(late.weights));
    assert.match(expired.reason, /expired: its reveal epoch \d+ passed/);
    await n.stop();
  });

  it("restarts a uid's score when a new hotkey takes it", async () => {
    // 8 slots: owner, 6 miners, the validator. No weights yet, so no emission: uid 1 (earliest) is replaced next.
    const n = await net(6, { hyperparameters: { max_allowed_uids: '8' }, validator: { epochLength: 1000 } });
    await n.validator.checkRegistration();
    await run(n, 2);
    assert.ok(n.validator.scores[1]! > 0);
    await n.dev.client.send(k('//Bob'), {
      module: 'neurons',
      fn: 'burned_register',
      args: { netuid: n.netuid, hotkey: k('//Bob//newcomer').address },
    });
    const r = await n.validator.step();
    assert.deepEqual(r.reset, [1]);
    assert.equal(n.validator.scores[1], 0);
    assert.ok(n.log.lines.some((l) => l.event === 'validator.scores_reset' && l.uids[0] === 1));
    await n.stop();
  });

  it('retries a submission that failed in transport, and says so', async () => {
    let failures = 2;
    const flaky = (dev: DevChain) => {
      const t = dev.client.transport;
      return new TensoriumClient({
        request: (m, p) => t.request(m, p),
        subscribe: (m, ...rest) => {
          if (m === 'author_submitAndWatchExtrinsic' && failures-- > 0)
            return Promise.reject(new ClientError('TNS_CLIENT_CONNECT', 'connection reset'));
          return t.subscribe(m, ...rest);
        },
        close: () => t.close(),
      });
    };
    const n = await net(2, { client: flaky, validator: { epochLength: 0, retryDelayMs: 5 } });
    const [r] = await run(n, 1);
    const d = r!.weights[0]!;
    assert.equal(d.code, 'SET', d.reason);
    assert.equal(d.attempts, 3);
    const retries = n.log.lines.filter((l) => l.event === 'tx.retry');
    assert.deepEqual(
      retries.map((l) => [l.fn, l.attempt, l.error]),
      [
        ['set_weights', 1, 'connection reset'],
        ['set_weights', 2, 'connection reset'],
      ],
    );
    await n.stop();
  });

  it('follows commit-reveal turned on mid-epoch: one refusal, explained, then commits', async () => {
    const n = await net(2, { validator: { epochLength: 0 } });
    const [first] = await run(n, 1);
    assert.equal(first!.weights[0]!.code, 'SET');
    await n.dev.client.send(n.dev.alice, {
      module: 'subnets',
      fn: 'set_hyperparameter',
      args: { netuid: n.netuid, name: 'commit_reveal_weights_enabled', value: 'true' },
    });
    n.dev.advanceBlocks(2);
    const [refused, next] = await run(n, 2);
    const d = refused!.weights[0]!;
    assert.equal(d.action, 'failed');
    assert.equal(d.code, 'CommitRevealEnabled');
    assert.match(
      d.reason,
      /refused by the chain at submission \(nothing included, no fee\): commit-reveal is on for this subnet/,
    );
    assert.equal(next!.weights[0]!.action, 'committed');
    await n.stop();
  });
});

/**
 * Plans of the subnet calls: `subnet create` (register_network, with the lock cost the chain will charge), `subnet
 * start` (start_call) and `subnet set` (set_hyperparameter / set_tempo for the owner, sudo_set with `--sudo`).
 * Parameter names, bounds and value types come from the runtime's own parameter table.
 */
import { TensoriumError } from '@tensorium/primitives';
import { isInAdminFreezeWindow, networkLockCost, subnetsModule } from '@tensorium/runtime';
import type { CallPlan } from './callPlan.js';
import type { ChainReader } from './chainReader.js';
import { tao } from './context.js';
import { required, u16Option, usageError } from './economyArgs.js';
import { atBlock, blocksAsTime, nextBlock, nextEpoch } from './eta.js';

/** Parsed option values (parseArgs). */
type Values = Record<string, any>;

/** The subnet lock cost at block `now` (spec §2.3), from the chain's last lock and parameters. */
export async function lockCostAt(
  chain: ChainReader,
  now: number,
): Promise<{ cost: bigint; minLock: bigint; lastBlock: number }> {
  const stored = (await chain.storage('subnets/lock')) as { cost: string; block: number } | null;
  const last = stored
    ? { cost: BigInt(stored.cost), block: stored.block }
    : { cost: await chain.param('network_last_lock_cost'), block: 0 };
  const [minLock, reductionInterval, issuance] = await Promise.all([
    chain.param('network_min_lock_cost'),
    chain.param('network_lock_reduction_interval'),
    chain.client.request('chain_getIssuance'),
  ]);
  const cost = networkLockCost({
    lastLock: last.cost,
    minLock,
    lastLockBlock: BigInt(last.block),
    now: BigInt(now),
    reductionInterval,
    blockEmission: BigInt(issuance.blockEmission),
  });
  return { cost, minLock, lastBlock: last.block };
}

export async function planCreate(chain: ChainReader, coldkey: string, hotkey: string): Promise<CallPlan> {
  const head = await chain.head();
  const now = head + 1;
  const [{ cost, minLock, lastBlock }, free, list, rateLimit, limit, delay] = await Promise.all([
    lockCostAt(chain, now),
    chain.free(coldkey),
    chain.client.request('subnet_list'),
    chain.param('network_rate_limit'),
    chain.param('subnet_limit'),
    chain.param('start_call_delay'),
  ]);
  const taken = new Set([0, ...list.map((s) => s.netuid)]);
  let netuid = 1;
  while (taken.has(netuid)) netuid++;
  const warnings: string[] = [];
  if (free < cost)
    warnings.push(
      `the coldkey's free balance (${tao(free)}) is below the lock cost: the chain will reject it (subnets.CannotAffordLockCost)`,
    );
  if (lastBlock !== 0 && BigInt(now - lastBlock) < rateLimit) {
    warnings.push(
      `a subnet was registered at block #${lastBlock}: the next one is allowed from ${await atBlock(chain, lastBlock + Number(rateLimit), head)} (subnets.NetworkTxRateLimitExceeded)`,
    );
  }
  if (BigInt(list.length) >= limit)
    warnings.push(
      `the subnet limit (${limit}) is reached: the weakest non-immune subnet is dissolved to make room, or the chain rejects it (subnets.SubnetLimitReached)`,
    );
  return {
    action: `Create a subnet owned by coldkey ${coldkey} with hotkey ${hotkey} as its uid 0`,
    call: { fn: 'register_network', args: { hotkey } },
    details: [
      [
        'Lock cost',
        `${tao(cost)} at block #${now} (it doubles with each registration and decays back to ${tao(minLock)})`,
      ],
      ['Pool', "the lock becomes the new subnet's TAO reserve, priced at the median subnet price"],
      ['Netuid', `${netuid} if no other subnet is registered first (the lowest free netuid)`],
    ],
    costs: [`${tao(cost)} lock from the coldkey's free balance (${tao(free)} now)`],
    when: `the subnet exists ${await nextBlock(chain)}; staking and emission start once its owner runs \`tensorium subnet start --netuid N\`${delay > 0n ? ` (allowed ${delay} blocks, ${await blocksAsTime(chain, Number(delay))}, after registration)` : ''}`,
    warnings,
    data: { lockCost: cost.toString(), expectedNetuid: netuid },
    question: `Create a subnet for ${tao(cost)}?`,
  };
}

export async function planStart(chain: ChainReader, coldkey: string, netuid: number): Promise<CallPlan> {
  const s = await chain.subnet(netuid);
  const head = await chain.head();
  const delay = await chain.param('start_call_delay');
  const warnings: string[] = [];
  if (s.firstEmissionBlock !== null)
    warnings.push(
      `subnet ${netuid} was started at block #${s.firstEmissionBlock}: the chain will reject it (subnets.FirstEmissionBlockNumberAlreadySet)`,
    );
  if (s.owner !== coldkey)
    warnings.push(
      `coldkey ${coldkey} does not own subnet ${netuid} (${s.owner} does): the chain will reject it (subnets.BadOrigin)`,
    );
  const allowed = s.registeredAt + Number(delay);
  if (head + 1 < allowed)
    warnings.push(
      `start_call is allowed from ${await atBlock(chain, allowed, head)}: the chain will reject it before (subnets.NeedWaitingMoreBlocksToStarCall)`,
    );
  return {
    action: `Start subnet ${netuid}: open staking and switch on its emission`,
    call: { fn: 'start_call', args: { netuid } },
    details: [['Subnet', `registered at block #${s.registeredAt} by ${s.owner}; start_call_delay ${delay} blocks`]],
    when: `staking opens and emission starts the block after the one that includes it (#${head + 2} at the earliest)`,
    warnings,
    question: `Start subnet ${netuid}?`,
  };
}

/** `subnet set --param NAME --value V [--sudo]`. */
export async function planSet(chain: ChainReader, signer: string, values: Values): Promise<CallPlan> {
  const sudo = values.sudo === true;
  const name = required(values, 'param', 'NAME');
  const text = required(values, 'value', 'VALUE');
  const def = subnetsModule.ECONOMY_PARAM_MAP.get(name);
  if (!def) throw usageError(`no parameter "${name}" (\`tensorium subnet hyperparams --netuid N\` lists a subnet's)`);
  const netuid = sudo && def.scope === 'global' ? undefined : u16Option(values, 'netuid');
  if (sudo && def.scope === 'global' && values.netuid !== undefined)
    throw usageError(`${name} is a global parameter: drop --netuid`);
  if (!sudo && def.scope === 'global')
    throw usageError(`${name} is a global parameter: only sudo sets it (--sudo, signed by the sudo key)`);
  let value: string;
  try {
    value = String(subnetsModule.coerceParam(def, text));
  } catch (e) {
    throw usageError(`--value: ${(e as Error).message}`);
  }
  const warnings: string[] = [];
  const s = netuid === undefined ? null : await chain.subnet(netuid);
  let call: CallPlan['call'];
  if (sudo) {
    const key = await chain.storage('system/sudo');
    if (key !== signer) warnings.push(`${signer} is not the sudo key: the chain will reject it (BadOrigin)`);
    call = { fn: 'sudo_set', args: { ...(netuid !== undefined ? { netuid } : {}), name, value } };
  } else {
    // The owner sets the tempo through its own call, within the chain's owner_min_tempo/owner_max_tempo.
    const bounds =
      name === 'tempo'
        ? { min: await chain.param('owner_min_tempo'), max: await chain.param('owner_max_tempo') }
        : def.owner;
    if (!bounds) throw usageError(`${name} is set by sudo only (pass --sudo, signed by the sudo key)`);
    if (def.kind !== 'bool' && def.kind !== 'enum') {
      const v = BigInt(value);
      const { min, max } = bounds;
      if ((min !== undefined && v < min) || (max !== undefined && v > max))
        throw usageError(`--value: the owner may set ${name} within [${min ?? 0}, ${max ?? '…'}], got ${value}`);
    }
    if (s!.owner !== signer)
      warnings.push(
        `${signer} does not own subnet ${netuid} (${s!.owner} does): the chain will reject it (subnets.NotSubnetOwner)`,
      );
    const head = await chain.head();
    const window = await chain.param('admin_freeze_window');
    if (
      s!.nextEpochBlock !== null &&
      isInAdminFreezeWindow(BigInt(Math.max(0, s!.nextEpochBlock - head - 1)), 0n, Number(window))
    ) {
      warnings.push(
        `within ${window} blocks of the epoch at block #${s!.nextEpochBlock}: owners cannot change parameters now (subnets.AdminActionProhibitedDuringWeightsWindow); retry after it`,
      );
    }
    call =
      name === 'tempo'
        ? { fn: 'set_tempo', args: { netuid: netuid!, tempo: Number(value) } }
        : { fn: 'set_hyperparameter', args: { netuid: netuid!, name, value } };
  }
  const current = s ? s.hyperparameters[name] : await chain.storage(`params/${name}`);
  if (current === undefined)
    throw new TensoriumError('TNS_CLI_NOT_FOUND', `subnet ${netuid} has no hyperparameter "${name}"`);
  const where = netuid === undefined ? 'the global value (the default of new subnets)' : `subnet ${netuid}`;
  return {
    action: `Set ${name} of ${where} to ${value}${sudo ? ' as sudo' : ''}`,
    call,
    details: [
      ['Change', `${name}: ${String(current)} → ${value}`],
      ['Meaning', def.doc],
    ],
    when: `${await nextBlock(chain)}${s ? `; epoch parameters are used from ${await nextEpoch(chain, s)}` : ''}`,
    warnings,
    data: { param: name, from: current, to: value, ...(netuid !== undefined ? { netuid } : {}) },
    question: `Set ${name} to ${value}?`,
  };
}

/**
 * tensorium transfer --dest ADDRESS --amount TAO [--wallet NAME|//URI] [--keep-alive|--allow-death] [--tip TAO]
 *                    [--rpc URL] [--yes] [--json]
 * Sends TAO from the wallet's coldkey; shows the amount, fee estimate and balances, asks to confirm.
 */
import { formatTao, isAddress, parseTao, TensoriumError, type Value } from '@tensorium/primitives';
import { COMMON_OPTIONS, parse } from '../args.js';
import { confirm, connect, printJson, tao } from '../context.js';
import type { Io } from '../io.js';
import { loadSigner } from '../signer.js';

const HELP = `Usage: tensorium transfer --dest ADDRESS --amount TAO [options]

Options:
  --dest ADDRESS       recipient (SS58)
  --amount TAO         amount in TAO, e.g. 1.5 (exact, up to 9 decimals), or "all"
  --wallet NAME|//URI  sender wallet (coldkey) or a dev key such as //Alice
  --allow-death        allow the sender's account to be reaped (default: keep it alive)
  --tip TAO            tip for priority (default 0)
  --rpc URL            node RPC (default http://127.0.0.1:9944 or $TENSORIUM_RPC)
  --yes                do not ask for confirmation
  --json               machine-readable output`;

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(
    args,
    {
      ...COMMON_OPTIONS,
      dest: { type: 'string' },
      amount: { type: 'string' },
      tip: { type: 'string' },
      'allow-death': { type: 'boolean' },
    },
    false,
  );
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (!values.dest || !isAddress(values.dest))
    throw new TensoriumError('TNS_CLI_USAGE', '--dest must be an SS58 address');
  if (!values.amount) throw new TensoriumError('TNS_CLI_USAGE', '--amount TAO is required');
  const all = values.amount === 'all';
  const amount = all ? 0n : parseTao(values.amount);
  const tip = values.tip ? parseTao(values.tip) : 0n;
  const keepAlive = !values['allow-death'];
  const client = connect(values, io);
  try {
    const pair = await loadSigner(values, io);
    const before = await client.getAccount(pair.address);
    const dest: string = values.dest;
    const call: { module: string; fn: string; args: Record<string, Value> } = all
      ? { module: 'balances', fn: 'transfer_all', args: { dest, keep_alive: keepAlive } }
      : {
          module: 'balances',
          fn: keepAlive ? 'transfer_keep_alive' : 'transfer_allow_death',
          args: { dest, value: amount },
        };
    const { hex } = await client.sign(pair, call, { tip });
    const feeEstimate = 100_000n + 1_000n * BigInt((hex.length - 2) / 2);
    if (!values.json) {
      io.err(
        [
          `from    ${pair.address}  (balance ${tao(before.free)})`,
          `to      ${values.dest}`,
          `amount  ${all ? `all${keepAlive ? ' (keeping the existential deposit)' : ''}` : tao(amount)}`,
          `fee     ~${tao(feeEstimate)}${tip ? ` + tip ${tao(tip)}` : ''} (burned)`,
        ].join('\n'),
      );
    }
    if (!(await confirm(io, values.yes, `Transfer ${all ? 'all' : formatTao(amount)} TAO?`))) {
      io.err('cancelled');
      return 1;
    }
    const out = await client.submit(hex);
    const after = await client.getAccount(pair.address);
    if (values.json)
      printJson(io, { ...out, from: pair.address, to: values.dest, amount: amount.toString(), balance: after.free });
    else if (out.success) io.out(`✓ transferred in block #${out.block} (${out.hash}); balance now ${tao(after.free)}`);
    else io.out(`✗ failed on chain in block #${out.block}: ${out.error} (the fee was charged)`);
    return out.success ? 0 : 1;
  } finally {
    await client.close();
  }
}

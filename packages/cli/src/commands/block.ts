/**
 * tensorium block [N|HASH] [--rpc URL] [--json]
 * A block's header, transactions (with outcome and fee) and events.
 */
import { TensoriumError } from '@tensorium/primitives';
import { COMMON_OPTIONS, parse } from '../args.js';
import { connect, printJson, table, tao } from '../context.js';
import type { Io } from '../io.js';

const HELP = `Usage: tensorium block [NUMBER|HASH] [--rpc URL] [--json]

Shows a block (the head when omitted): header, transactions and events.`;

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, COMMON_OPTIONS);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const id = positionals[0];
  let at: number | string | undefined;
  if (id !== undefined) {
    if (/^\d+$/.test(id)) at = Number(id);
    else if (/^0x[0-9a-fA-F]{64}$/.test(id)) at = id;
    else throw new TensoriumError('TNS_CLI_USAGE', `not a block number or hash: "${id}"`);
  }
  const client = connect(values, io);
  try {
    const b = await client.getBlock(at);
    if (!b) throw new TensoriumError('TNS_CLI_NOT_FOUND', `no block ${id}`);
    if (values.json) {
      printJson(io, b);
      return 0;
    }
    const h = b.header;
    io.out(
      [
        `block #${h.number}  ${h.hash}`,
        `  parent      ${h.parentHash}`,
        `  state root  ${h.stateRoot}`,
        `  tx root     ${h.extrinsicsRoot}`,
        `  time        ${new Date(h.timestamp).toISOString()}`,
        `  author      ${h.author}`,
        '',
      ].join('\n'),
    );
    if (b.extrinsics.length) {
      io.out(
        table(
          ['#', 'call', 'signer', 'fee', 'result'],
          b.extrinsics.map((x, i) => [
            i,
            `${x.module}.${x.fn}`,
            x.signer,
            tao(x.fee),
            x.success ? 'ok' : `failed: ${x.error}`,
          ]),
        ),
      );
    } else io.out('  (no transactions)');
    if (b.events.length) {
      io.out(`\nevents:`);
      for (const e of b.events)
        io.out(
          `  ${e.extrinsic !== undefined ? `[${e.extrinsic}] ` : ''}${e.module}.${e.name} ${JSON.stringify(e.data)}`,
        );
    }
    return 0;
  } finally {
    await client.close();
  }
}

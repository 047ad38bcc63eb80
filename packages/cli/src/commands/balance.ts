/**
 * tensorium balance [ADDRESS…] [--wallet NAME|//URI] [--rpc URL] [--json]
 * Free, reserved and total balances of addresses, or of the wallet's coldkey (no password needed).
 */
import { isAddress, TensoriumError } from '@tensorium/primitives';
import { resolveAddress } from '@tensorium/sdk';
import { COMMON_OPTIONS, parse } from '../args.js';
import { connect, printJson, table, tao } from '../context.js';
import type { Io } from '../io.js';

const HELP = `Usage: tensorium balance [ADDRESS...] [--wallet NAME|//URI] [--rpc URL] [--json]

Shows free and reserved TAO of each address, or of the wallet's coldkey when no address is given.`;

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, COMMON_OPTIONS);
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const addresses = positionals.length
    ? positionals
    : [resolveAddress({ wallet: values.wallet, walletsDir: values['wallets-dir'], env: io.env })];
  for (const a of addresses)
    if (!isAddress(a)) throw new TensoriumError('TNS_CLI_USAGE', `not an SS58 address: "${a}"`);
  const client = connect(values, io);
  try {
    const rows = await Promise.all(
      addresses.map(async (address) => ({ address, ...(await client.getAccount(address)) })),
    );
    if (values.json)
      printJson(
        io,
        rows.map((r) => ({ ...r, total: (BigInt(r.free) + BigInt(r.reserved)).toString() })),
      );
    else
      io.out(
        table(
          ['address', 'free', 'reserved', 'total'],
          rows.map((r) => [r.address, tao(r.free), tao(r.reserved), tao(BigInt(r.free) + BigInt(r.reserved))]),
        ),
      );
    return 0;
  } finally {
    await client.close();
  }
}

/**
 * The one path every economy command takes to the chain: a `CallPlan` says what a call will do, what it costs and
 * when it takes effect; `executePlan` validates the call's arguments against the runtime's own call table, estimates
 * the transaction fee from the chain's fee parameters, and then either prints the plan (`--explain`, nothing is
 * signed with the real key or submitted) or shows it, asks for confirmation (`--yes` skips) and submits.
 */
import { type Keypair, keypairFromUri, TensoriumError, toHex, type Value } from '@tensorium/primitives';
import { RpcError } from '@tensorium/rpc';
import { ArgError, convertArgs, tensoriumRuntime } from '@tensorium/runtime';
import type { TxOutcome } from '@tensorium/sdk';
import type { ChainReader } from './chainReader.js';
import { confirm, printJson, tao } from './context.js';
import type { Io } from './io.js';

export interface CallPlan {
  /** One line: what will happen. */
  readonly action: string;
  /** The chain call (reference chain name and argument names); its module comes from the runtime's call table. */
  readonly call: { readonly fn: string; readonly args: Record<string, Value> };
  /** Labelled lines shown before confirming and by `--explain` (quote, guard, prices …). */
  readonly details?: ReadonlyArray<readonly [string, string]>;
  /** What it costs besides the transaction fee (e.g. "10 TAO from the coldkey's free balance"). */
  readonly costs?: readonly string[];
  /** When it takes effect. */
  readonly when: string;
  readonly warnings?: readonly string[];
  /** Machine-readable details for `--json`. */
  readonly data?: Record<string, unknown>;
  /** The confirmation question. */
  readonly question: string;
}

export interface ExecuteOptions {
  readonly io: Io;
  readonly chain: ChainReader;
  readonly values: { json?: boolean; yes?: boolean; explain?: boolean };
  /** Address of the key that signs (known without a password). */
  readonly signer: string;
  /** Loads the signing key (may ask for a password); not called by `--explain`. */
  readonly loadPair: () => Promise<Keypair>;
  /** After a successful inclusion: extra lines and JSON fields (e.g. the new netuid). */
  readonly after?: (out: IncludedCall) => Promise<{ lines?: string[]; data?: Record<string, unknown> }>;
}

export interface IncludedCall extends TxOutcome {
  /** Events the transaction emitted (module, name, data). */
  readonly events: Array<{ module: string; name: string; data: unknown }>;
}

/** Stands in for the real key when `--explain` estimates the fee: same transaction length, no password needed. */
const FEE_PROBE_URI = '//tensorium-cli-fee-probe';

/** The call with its module, its arguments checked and converted exactly as the chain will. */
export function resolveCall(
  fn: string,
  args: Record<string, Value>,
): { module: string; fn: string; args: Record<string, Value> } {
  const entry = tensoriumRuntime.calls.get(fn);
  if (!entry) throw new TensoriumError('TNS_CLI_NOT_FOUND', `the runtime has no call "${fn}"`);
  try {
    return { module: entry.module.name, fn, args: convertArgs(entry.call.args, args) };
  } catch (e) {
    if (e instanceof ArgError) throw new TensoriumError('TNS_CLI_USAGE', `${fn}: ${e.message}`);
    throw e;
  }
}

/** The runtime's description of an on-chain error such as `staking.SlippageTooHigh`, if it has one. */
export function describeChainError(error: string): string | undefined {
  const [module, name] = error.split('.');
  const m = tensoriumRuntime.modules.find((x) => x.name === module);
  return name ? m?.errors[name] : undefined;
}

/** JSON form of call arguments: bigints as decimal strings, bytes as 0x-hex. */
export function argsJson(args: Record<string, Value>): Record<string, unknown> {
  const conv = (v: Value | undefined): unknown =>
    typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? toHex(v) : Array.isArray(v) ? v.map(conv) : v;
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, conv(v)]));
}

function render(lines: ReadonlyArray<readonly [string, string]>): string {
  const w = Math.max(...lines.map(([l]) => l.length)) + 1;
  return lines.map(([l, t]) => (l ? `${`${l}:`.padEnd(w)}  ${t}` : `${' '.repeat(w)}  ${t}`)).join('\n');
}

/** Fee the chain charges for a transaction of `bytes` bytes: `tx_base_fee + tx_byte_fee × bytes` (burned). */
async function feeFor(chain: ChainReader, bytes: number): Promise<bigint> {
  return (await chain.param('tx_base_fee')) + (await chain.param('tx_byte_fee')) * BigInt(bytes);
}

const txBytes = (hex: string): number => (hex.length - 2) / 2;

/** Shows the plan and, unless `--explain`, confirms, submits and reports. Returns the exit code. */
export async function executePlan(plan: CallPlan, o: ExecuteOptions): Promise<number> {
  const { io, chain, values } = o;
  const call = resolveCall(plan.call.fn, plan.call.args);
  const callText = `${call.module}.${call.fn}`;
  const json = {
    action: plan.action,
    call: { module: call.module, fn: call.fn, args: argsJson(call.args) },
    signer: o.signer,
    ...plan.data,
  };

  // Weight and axon calls pay no fee (the reference chain's Pays::No); they are valid only if they succeed.
  const feeless = tensoriumRuntime.calls.get(call.fn)?.call.feeless === true;
  let hex: string | undefined;
  let fee = 0n;
  if (values.explain) {
    const { nonce } = await chain.client.getAccount(o.signer);
    const probe = (await chain.client.sign(keypairFromUri(FEE_PROBE_URI), call, { nonce })).hex;
    if (!feeless) fee = await feeFor(chain, txBytes(probe));
  } else {
    const pair = await o.loadPair();
    if (pair.address !== o.signer)
      throw new TensoriumError('TNS_CLI_USAGE', `the key loaded (${pair.address}) is not ${o.signer}`);
    hex = (await chain.client.sign(pair, call)).hex;
    if (!feeless) fee = await feeFor(chain, txBytes(hex));
  }
  const warnings = [...(plan.warnings ?? [])];
  const free = feeless ? 0n : await chain.free(o.signer);
  if (free < fee)
    warnings.push(
      `${o.signer} pays the fee and has ${tao(free)}: the node will refuse the transaction (Payment); fund it with \`tensorium transfer\``,
    );
  const lines: [string, string][] = [
    ['What', `${plan.action} (${callText})`],
    ...(plan.details ?? []).map(([l, t]) => [l, t] as [string, string]),
    [
      'Cost',
      [
        ...(plan.costs ?? []),
        feeless
          ? `no transaction fee (a failing call is refused, never included), signed by ${o.signer}`
          : `transaction fee ${values.explain ? '~' : ''}${tao(fee)} (burned), signed by ${o.signer}`,
      ].join(' + '),
    ],
    ['When', plan.when],
    ...warnings.map((w) => ['Note', w] as [string, string]),
  ];

  if (values.explain) {
    if (values.json)
      printJson(io, { explain: true, submitted: false, ...json, fee: fee.toString(), when: plan.when, warnings });
    else
      io.out(
        `${render(lines)}\n\n--explain: nothing was submitted. The call: ${callText} ${JSON.stringify(json.call.args)}`,
      );
    return 0;
  }
  if (!values.json || !values.yes) io.err(render(lines));
  if (!(await confirm(io, values.yes, plan.question))) {
    io.err('cancelled');
    return 1;
  }
  let out: TxOutcome;
  try {
    out = await chain.client.submit(hex!);
  } catch (e) {
    // A feeless call that would fail is refused before inclusion, with the chain's error.
    if (!(e instanceof RpcError && e.data?.reason === 'Call' && typeof e.data.error === 'string')) throw e;
    const error = e.data.error;
    const why = describeChainError(error);
    if (values.json) printJson(io, { ...json, success: false, refused: true, error, fee: '0', warnings });
    else io.out(`✗ ${callText} refused by the chain: ${error}${why ? ` — ${why}` : ''} (nothing was included, no fee)`);
    return 1;
  }
  const included: IncludedCall = { ...out, events: await eventsOf(chain, out) };
  const extra = out.success && o.after ? await o.after(included) : {};
  if (values.json) {
    printJson(io, {
      ...json,
      success: out.success === true,
      block: out.block,
      hash: out.hash,
      ...(out.error ? { error: out.error } : {}),
      fee: out.fee ?? fee.toString(),
      events: included.events,
      warnings,
      ...extra.data,
    });
  } else if (out.success) {
    io.out([`✓ ${callText} included in block #${out.block} (${out.hash})`, ...(extra.lines ?? [])].join('\n'));
  } else {
    const why = out.error ? describeChainError(out.error) : undefined;
    io.out(
      `✗ ${callText} failed on chain in block #${out.block}: ${out.error}${why ? ` — ${why}` : ''} (the fee was charged)`,
    );
  }
  return out.success ? 0 : 1;
}

/** The events of an included transaction. */
async function eventsOf(chain: ChainReader, out: TxOutcome): Promise<IncludedCall['events']> {
  if (out.block === undefined) return [];
  const b = await chain.client.getBlock(out.block);
  const index = b?.extrinsics.findIndex((x) => x.hash === out.hash) ?? -1;
  if (!b || index < 0) return [];
  return b.events.filter((e) => e.extrinsic === index).map((e) => ({ module: e.module, name: e.name, data: e.data }));
}

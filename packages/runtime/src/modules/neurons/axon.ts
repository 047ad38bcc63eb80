/**
 * `serve_axon` (reference chain `do_serve_axon`): a registered hotkey publishes where its axon listens. Checks, in the
 * reference order: registered on the subnet, IP type 4 or 6, a valid address for the type, the serving rate limit,
 * then a non-zero port.
 */
import { fail } from '../../framework/errors.js';
import type { Ctx } from '../../framework/module.js';
import { hpBig } from '../subnets/storage.js';
import { NEURONS } from './register.js';
import { getAxon, isRegistered, putAxon } from './storage.js';

const U32_MAX = 0xffff_ffffn;
const U128_MAX = (1n << 128n) - 1n;

/** Parses an IP given as a decimal u128, a dotted IPv4 address or an IPv6 address; `undefined` if malformed. */
export function parseIp(text: string): bigint | undefined {
  if (/^\d+$/.test(text)) {
    const v = BigInt(text);
    return v <= U128_MAX ? v : undefined;
  }
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    let v = 0n;
    for (let i = 1; i <= 4; i++) {
      const o = Number(v4[i]);
      if (o > 255) return undefined;
      v = (v << 8n) | BigInt(o);
    }
    return v;
  }
  if (text.includes(':')) return parseIpv6(text);
  return undefined;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const part = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  if (fill < 0 || (halves.length === 1 && head.length !== 8)) return undefined;
  const groups = [...head, ...new Array<string>(fill).fill('0'), ...tail];
  if (groups.length !== 8) return undefined;
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(Number.parseInt(g, 16));
  }
  return v;
}

/** `is_valid_ip_address` with zero allowed: IPv4 below u32::MAX and not 127.0.0.1; IPv6 not all-ones and not ::1. */
export function isValidIp(ipType: number, ip: bigint): boolean {
  if (ipType === 4) return ip < U32_MAX && ip !== 0x7f00_0001n;
  if (ipType === 6) return ip !== U128_MAX && ip !== 1n;
  return true;
}

export interface ServeAxonArgs {
  readonly netuid: number;
  readonly version: number;
  readonly ip: string;
  readonly port: number;
  readonly ip_type: number;
  readonly protocol: number;
}

export function serveAxon(ctx: Ctx, hotkey: string, a: ServeAxonArgs): void {
  const st = ctx.state;
  if (!isRegistered(st, a.netuid, hotkey)) fail(NEURONS, 'HotKeyNotRegisteredInNetwork');
  if (a.ip_type !== 4 && a.ip_type !== 6) fail(NEURONS, 'InvalidIpType');
  const ip = parseIp(a.ip);
  if (ip === undefined || !isValidIp(a.ip_type, ip)) fail(NEURONS, 'InvalidIpAddress');
  const prev = getAxon(st, a.netuid, hotkey);
  const limit = hpBig(st, a.netuid, 'serving_rate_limit');
  const last = prev?.block ?? 0;
  const now = ctx.block.number;
  if (!(limit === 0n || last === 0 || BigInt(now - last) >= limit)) fail(NEURONS, 'ServingRateLimitExceeded');
  if (a.port === 0) fail(NEURONS, 'InvalidPort');
  putAxon(st, a.netuid, hotkey, {
    block: now,
    version: a.version,
    ip: ip.toString(),
    port: a.port,
    ipType: a.ip_type,
    protocol: a.protocol,
  });
  ctx.emit(NEURONS, 'AxonServed', { netuid: a.netuid, hotkey });
}

/** Formats a stored IP for display: dotted IPv4 or full IPv6. */
export function formatIp(ip: string, ipType: number): string {
  const v = BigInt(ip);
  if (ipType === 4) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((v >> s) & 0xffffn).toString(16));
  return groups.join(':');
}

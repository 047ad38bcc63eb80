/**
 * IP helpers for axon info (spec/neurons.md §3.4): the chain stores an ip as an integer (u128) with a
 * type of 4 or 6; the SDK shows `/ipv{type}/{ip}:{port}`.
 */
import { isIP } from 'node:net';
import { InvalidInputError } from '@tensorium/primitives';

/** 4 or 6 for a valid address; throws otherwise. */
export function ipVersion(ip: string): 4 | 6 {
  const v = isIP(ip);
  if (v === 0) throw new InvalidInputError('TNS_NET_IP', `invalid ip address: "${ip}"`);
  return v as 4 | 6;
}

export function ipToInt(ip: string): bigint {
  if (ipVersion(ip) === 4) return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  let [head = '', tail] = ip.split('::') as [string, string | undefined];
  let v4: bigint | undefined;
  const lastPart = (tail ?? head).split(':').pop() ?? '';
  if (lastPart.includes('.')) {
    v4 = ipToInt(lastPart);
    if (tail !== undefined) tail = tail.slice(0, tail.length - lastPart.length).replace(/:$/, '');
    else head = head.slice(0, head.length - lastPart.length).replace(/:$/, '');
  }
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = 8 - (v4 === undefined ? 0 : 2);
  const all = tail === undefined ? h : [...h, ...Array(groups - h.length - t.length).fill('0'), ...t];
  let n = all.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
  if (v4 !== undefined) n = (n << 32n) | v4;
  return n;
}

/** The integer as an address: IPv4 below 2^32 (as the reference's netaddr does), else compressed IPv6. */
export function intToIp(value: bigint | number): string {
  const n = BigInt(value);
  if (n < 0n || n >= 1n << 128n) throw new InvalidInputError('TNS_NET_IP', `ip integer out of range: ${n}`);
  if (n < 1n << 32n) return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(16 * (7 - i))) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** `/ipv4/1.2.3.4:8091`. */
export function ipStr(ipType: number, ip: string, port: number): string {
  return `/ipv${ipType}/${ip}:${port}`;
}

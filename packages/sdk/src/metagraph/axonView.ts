/**
 * A neuron's published axon as the metagraph shows it (spec/neurons.md §3.4): the chain's `AxonInfo` plus the
 * hotkey and coldkey of the neuron. Not serving ⇔ ip `0.0.0.0` (or nothing published yet).
 */
import type { AxonJson } from '@tensorium/rpc';
import { ipStr, ipToInt } from '../neurons/networking.js';

export interface AxonView {
  /** Dotted IPv4 or IPv6 text; `0.0.0.0` when nothing was published. */
  readonly ip: string;
  readonly port: number;
  readonly ipType: number;
  readonly version: number;
  readonly protocol: number;
  readonly placeholder1: number;
  readonly placeholder2: number;
  readonly hotkey: string;
  readonly coldkey: string;
  /** Block of the last `serve_axon` (0 when never served). */
  readonly block: number;
  readonly isServing: boolean;
}

export function axonView(json: AxonJson | null, hotkey: string, coldkey: string): AxonView {
  const ip = json?.ip ?? '0.0.0.0';
  return {
    ip,
    port: json?.port ?? 0,
    ipType: json?.ipType ?? 4,
    version: json?.version ?? 0,
    protocol: json?.protocol ?? 0,
    placeholder1: 0,
    placeholder2: 0,
    hotkey,
    coldkey,
    block: json?.block ?? 0,
    isServing: json !== null && !isUnspecifiedIp(ip) && (json?.port ?? 0) > 0,
  };
}

function isUnspecifiedIp(ip: string): boolean {
  return ip === '0.0.0.0' || /^[0:]+$/.test(ip);
}

/** `/ipv4/1.2.3.4:8091` (the reference's `AxonInfo.__str__` without keys). */
export function axonAddress(a: AxonView): string {
  return ipStr(a.ipType, a.ip, a.port);
}

/** Whether two axons publish the same endpoint (ip, port, ip type, version, protocol). */
export function sameEndpoint(
  a: Pick<AxonView, 'ip' | 'port' | 'ipType' | 'version' | 'protocol'>,
  b: Pick<AxonView, 'ip' | 'port' | 'ipType' | 'version' | 'protocol'>,
): boolean {
  return (
    sameIp(a.ip, b.ip) &&
    a.port === b.port &&
    a.ipType === b.ipType &&
    a.version === b.version &&
    a.protocol === b.protocol
  );
}

/** Same address, whatever the text form (the chain prints IPv6 uncompressed). */
function sameIp(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return ipToInt(a) === ipToInt(b);
  } catch {
    return false;
  }
}

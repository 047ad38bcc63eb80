/** `major·10⁶ + minor·10³ + patch` (spec/neurons.md §2.3, `version_as_int`). */
export function versionAsInt(version: string): number {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) throw new TypeError(`invalid version: ${version}`);
  return Number(m[1]) * 1_000_000 + Number(m[2]) * 1_000 + Number(m[3]);
}

/**
 * The version both sides send (`bt_header_dendrite_version`, `axon.version`): that of the reference
 * SDK whose wire protocol this implements (10.2.0). It is ≥ 7.2.0, so Python axons apply the
 * time-window nonce rule to Tensorium dendrites.
 */
export const PROTOCOL_VERSION = versionAsInt('10.2.0');

/**
 * KMIP protocol versions as small integers (major * 10 + minor), so that version ranges are plain
 * number comparisons. KMIP 1.0 to 1.4 and 2.0 to 2.1 are the OASIS standards we know.
 */

export type KmipVersion = 10 | 11 | 12 | 13 | 14 | 20 | 21;

/** Every known version, oldest first. */
export const KMIP_VERSIONS: readonly KmipVersion[] = [10, 11, 12, 13, 14, 20, 21];

const known = new Set<number>(KMIP_VERSIONS);

/** The version code for a Protocol Version (major, minor), or undefined if we do not know it. */
export function versionCode(major: number, minor: number): KmipVersion | undefined {
  if (!Number.isInteger(major) || !Number.isInteger(minor) || minor < 0 || minor > 9) return undefined;
  const code = major * 10 + minor;
  return known.has(code) ? (code as KmipVersion) : undefined;
}

/** "1.4" for 14. */
export function versionString(v: KmipVersion): string {
  return `${Math.floor(v / 10)}.${v % 10}`;
}

/** Parse "1.4" into 14; undefined for anything else. */
export function parseVersion(text: string): KmipVersion | undefined {
  const m = /^(\d+)\.(\d+)$/.exec(text);
  return m ? versionCode(Number(m[1]), Number(m[2])) : undefined;
}

/** The protocol major and minor of a version code. */
export function versionParts(v: KmipVersion): { major: number; minor: number } {
  return { major: Math.floor(v / 10), minor: v % 10 };
}

/** Anything with a version range: present from `since` up to, not including, `until`. */
export interface Versioned {
  readonly since: KmipVersion;
  readonly until?: KmipVersion | undefined;
}

/** True when `entry` exists in version `v` (since <= v < until). */
export function isInVersion(entry: Versioned, v: KmipVersion): boolean {
  return entry.since <= v && (entry.until === undefined || v < entry.until);
}

/**
 * The OASIS test-case files (vectors README): where they are, how they group, what each holds.
 * Files are read in place, never copied: `KMIPD_VECTORS`, or `../shared/vectors` beside the
 * checkout. A file's *set* is its folder (`kmip-1.4/profiles/mandatory`); its *version* the
 * first folder (`kmip-1.4` → 1.4); its *profile* the name's prefix before `-M-`, `-O-` or the
 * first number (`SKLC-M-1-14` → SKLC, `TC_101_11_...` → TC, `CS-BC-M-GCM-1-14` → CS-BC).
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";

export interface VectorFile {
  /** Path relative to the vectors folder, e.g. `kmip-1.4/profiles/mandatory/SKLC-M-1-14.xml`. */
  readonly name: string;
  readonly path: string;
  /** `kmip-1.4/profiles/mandatory`. */
  readonly set: string;
  /** `1.4`. */
  readonly version: string;
  readonly profile: string;
}

export function defaultVectorsDir(repoRoot: string): string {
  return process.env.KMIPD_VECTORS ?? resolve(repoRoot, "../shared/vectors");
}

export interface VectorFilter {
  /** `1.4`, `kmip-1.4`. */
  readonly version?: string | undefined;
  /** A set's ending (`mandatory`, `profiles/optional`, `testcases-ovh`) or a profile (`SKLC`). */
  readonly profile?: string | undefined;
  /** Exact relative names (used by tests). */
  readonly names?: readonly string[] | undefined;
}

/** Every `.xml` file below `dir`, filtered, in natural order (numbers by value: TL-M-2 before TL-M-10). A missing folder is an error. */
export function listVectors(dir: string, filter: VectorFilter = {}): VectorFile[] {
  if (!existsSync(dir)) throw new Error(`KMIP vectors not found at ${dir}; set KMIPD_VECTORS`);
  return walk(dir)
    .map((path) => describe(dir, path))
    .filter((f) => matches(f, filter))
    .sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return walk(path);
    return entry.endsWith(".xml") ? [path] : [];
  });
}

function describe(dir: string, path: string): VectorFile {
  const name = relative(dir, path).split("\\").join("/");
  const set = dirname(name);
  const version = (set.split("/")[0] ?? "").replace(/^kmip-/, "");
  return { name, path, set, version, profile: profileOf(basename(name, ".xml")) };
}

export function profileOf(base: string): string {
  const parts = base.split(/[-_]/);
  const out: string[] = [];
  for (const part of parts) {
    if (part === "M" || part === "O" || /^\d/.test(part)) break;
    out.push(part);
  }
  return out.join("-") || base;
}

function matches(f: VectorFile, filter: VectorFilter): boolean {
  if (filter.names !== undefined && !filter.names.includes(f.name)) return false;
  if (filter.version !== undefined && f.version !== filter.version.replace(/^kmip-/, "")) return false;
  if (filter.profile !== undefined) {
    const p = filter.profile.toLowerCase();
    const inSet = f.set.toLowerCase().endsWith(p);
    if (!inSet && f.profile.toLowerCase() !== p) return false;
  }
  return true;
}

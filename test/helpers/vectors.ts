/**
 * Where the shared acceptance vectors live. They are read at test time, never copied into the
 * repository: `KMIPD_VECTORS` overrides the default `../shared/vectors` beside the checkout.
 * A missing folder fails loudly; a test that needs vectors must not pass by skipping.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export function vectorsDir(): string {
  const dir = process.env.KMIPD_VECTORS ?? resolve(repoRoot, "../shared/vectors");
  if (!existsSync(dir)) {
    throw new Error(`KMIP vectors not found at ${dir}; set KMIPD_VECTORS to the shared vectors folder`);
  }
  return dir;
}

/** The shared OASIS specification texts (`../shared/spec/oasis`, or `KMIPD_SPEC_DIR`). */
export function specDir(): string {
  const dir = process.env.KMIPD_SPEC_DIR ?? resolve(repoRoot, "../shared/spec/oasis");
  if (!existsSync(dir)) throw new Error(`KMIP specification texts not found at ${dir}; set KMIPD_SPEC_DIR`);
  return dir;
}

/** Every file below `dir` (recursively) whose name ends with `suffix`, sorted, as paths relative to it. */
export function listFiles(dir: string, suffix: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(suffix)) out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

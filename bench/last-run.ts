/**
 * The last run's numbers, kept in node_modules/.cache/kmipd-bench/last-run.json, so that
 * `npm run bench -- --render` can write docs/benchmarks.md again (after `bench/findings.md`
 * changes, say) without measuring again.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchOptions } from "./args.js";
import type { Machine } from "./machine.js";
import type { ServerRun } from "./runner.js";

const FILE = fileURLToPath(new URL("../node_modules/.cache/kmipd-bench/last-run.json", import.meta.url));

export interface SavedRun {
  readonly options: BenchOptions;
  readonly machine: Machine;
  readonly runs: readonly ServerRun[];
}

export async function saveRun(run: SavedRun): Promise<void> {
  await mkdir(dirname(FILE), { recursive: true });
  await writeFile(FILE, `${JSON.stringify(run, null, 1)}\n`);
}

export async function loadRun(): Promise<SavedRun> {
  const text = await readFile(FILE, "utf8").catch(() => {
    throw new Error(`no saved run in ${FILE}: run the benchmark first`);
  });
  return JSON.parse(text) as SavedRun;
}

/**
 * The servers run as compiled JavaScript, as `bin/kmipd` runs `dist/`: under tsx every module
 * is transpiled at load and kept with its source map, which adds about 50 MB to kmipd's RSS and
 * would be counted as kmipd's memory. `tsconfig.servers.json` compiles the two server entry
 * points and everything they import (TypeScript's own emit, without type checking: `npm run
 * typecheck` does that) into node_modules/.cache/kmipd-bench, incrementally.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const CONFIG = fileURLToPath(new URL("./tsconfig.servers.json", import.meta.url));
const OUT = fileURLToPath(new URL("../node_modules/.cache/kmipd-bench/", import.meta.url));
const TSC = createRequire(import.meta.url).resolve("typescript/lib/tsc.js");

/** Compiles the server entry points; resolves with the output folder (its `bench/servers/` holds them). */
export async function buildServers(): Promise<string> {
  await new Promise<void>((done, fail) => {
    execFile(process.execPath, [TSC, "-p", CONFIG], { timeout: 300_000 }, (error, stdout, stderr) =>
      error ? fail(new Error(`compiling the benchmark's servers failed:\n${stdout}${stderr}`)) : done(),
    );
  });
  // node_modules ends the search for a package.json, so the output says for itself that it is ESM.
  await writeFile(`${OUT}package.json`, '{ "type": "module" }\n');
  return OUT;
}

/** Where a compiled server entry point is, e.g. `compiled("servers/kmipd-child")`. */
export function compiled(out: string, entry: string): string {
  return `${out}bench/${entry}.js`;
}

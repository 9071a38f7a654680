/**
 * Replays the OASIS KMIP test-case files against a live kmipd started in this process.
 *
 *   npm run conformance [-- --dir D --version V --profile P --file NAME --json --out docs/conformance.md --trace]
 *
 * --dir      the vectors folder (default KMIPD_VECTORS, or ../shared/vectors)
 * --version  only one protocol version folder (1.1, 1.2, 1.4, 2.0, 2.1)
 * --profile  only sets ending so (mandatory, profiles/optional, testcases-ovh) or one profile (SKLC)
 * --file     only this file (path relative to the vectors folder); repeatable
 * --json     print the results as JSON instead of progress lines
 * --out      write the Markdown matrix there (docs/conformance.md)
 * --trace    print every request sent, response expected and response received, as KMIP XML
 * --clock-wait  seconds the runner may wait for a date a file set to pass (default 180; see clock.ts)
 *
 * The exit code is 0 whatever the outcomes: the matrix is the result. It is 2 on a usage error.
 */
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { describeResult, toJson, toMarkdown, totals } from "../src/conformance/report.js";
import { runConformance } from "../src/conformance/runner.js";
import { defaultVectorsDir, listVectors } from "../src/conformance/vectors.js";
import { kmipDictionary } from "../src/kmip/dictionary.js";
import type { TtlvItem } from "../src/ttlv/types.js";
import { toKmipXml } from "../src/ttlv/xml.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function options() {
  try {
    return parseArgs({
      options: {
        dir: { type: "string" },
        version: { type: "string" },
        profile: { type: "string" },
        file: { type: "string", multiple: true },
        json: { type: "boolean", default: false },
        out: { type: "string" },
        trace: { type: "boolean", default: false },
        "clock-wait": { type: "string", default: "180" },
      },
      allowPositionals: false,
    }).values;
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
}

function trace(index: number, sent: TtlvItem, expected: TtlvItem, actual: TtlvItem | undefined): void {
  const xml = (item: TtlvItem) => toKmipXml(item, kmipDictionary);
  process.stdout.write(`\n=== message ${index}: sent\n${xml(sent)}\n--- expected\n${xml(expected)}\n`);
  process.stdout.write(`--- received\n${actual === undefined ? "(nothing)" : xml(actual)}\n`);
}

async function main(): Promise<void> {
  const opts = options();
  const dir = resolve(opts.dir ?? defaultVectorsDir(repoRoot));
  const files = listVectors(dir, { version: opts.version, profile: opts.profile, names: opts.file });
  if (files.length === 0) {
    process.stderr.write(`no test-case files match in ${dir}\n`);
    process.exit(2);
  }
  const log = (line: string) => opts.json || process.stderr.write(`${line}\n`);
  const results = await runConformance(files, {
    ...(opts.trace && { trace }),
    clockWaitMaxMs: Number(opts["clock-wait"]) * 1000,
    onResult: (r, i, n) =>
      log(`[${i + 1}/${n}] ${r.outcome} ${r.name}${r.outcome === "PASS" ? "" : `: ${describeResult(r)}`}`),
  });
  const command = `npm run conformance${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  const generated = new Date().toISOString().slice(0, 10);
  if (opts.out !== undefined) writeFileSync(resolve(opts.out), toMarkdown(results, { generated, command }));
  if (opts.json) process.stdout.write(toJson(results, { generated, vectors: dir }));
  for (const t of totals(results)) log(`${t.set}: PASS ${t.PASS}, FAIL ${t.FAIL}, SKIP ${t.SKIP}`);
}

await main();

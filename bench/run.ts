/**
 * `npm run bench`: kmipd (SQLite, and PostgreSQL with --postgres), PyKMIP's server and the
 * ceiling, each started on loopback in turn and driven through every scenario by the load
 * generator; then the tables, the ratios, the targets, and (unless --quick) docs/benchmarks.md
 * with its chart. See `args.ts` for the options and docs/benchmarks.md for the method.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { freePort, requirePykmip } from "../test/interop/pykmip-env.js";
import { type BenchOptions, parseBenchArgs, USAGE } from "./args.js";
import { buildServers } from "./build.js";
import { loadRun, saveRun } from "./last-run.js";
import { describeMachine, type Machine } from "./machine.js";
import { renderMarkdown } from "./markdown.js";
import { makePki } from "./pki.js";
import { say } from "./progress.js";
import { RESULT_HEAD, ratioHead, ratioRows, resultRows, SERVER_HEAD, serverRows } from "./report.js";
import { runServer, type ServerRun } from "./runner.js";
import { startCeilingProcess } from "./servers/ceiling.js";
import { startKmipd } from "./servers/kmipd.js";
import { startPykmip } from "./servers/pykmip.js";
import type { Target } from "./servers/target.js";
import { nameOf } from "./setup.js";
import { renderChart } from "./svg.js";
import { textTable } from "./table.js";
import { checkTargets } from "./targets.js";

/** However a run goes wrong, it ends: the children are killed by their exit hooks. */
const WATCHDOG_MS = 30 * 60_000;

async function measured(
  start: () => Promise<Target>,
  population: number,
  o: BenchOptions,
  standIn?: Parameters<typeof runServer>[3],
) {
  const t = await start();
  say(`[${t.name}] listening on 127.0.0.1:${t.port} (pid ${t.pid})`);
  try {
    return await runServer(t, population, o, standIn);
  } finally {
    await t.stop();
  }
}

async function kmipdRuns(o: BenchOptions, build: string): Promise<ServerRun[]> {
  const runs: ServerRun[] = [];
  for (const workers of o.workers)
    runs.push(await measured(() => startKmipd({ keyType: o.keyType, build, workers }), o.objects, o));
  if (o.postgres === undefined) say("[kmipd (PostgreSQL)] skipped: no --postgres URL given");
  else
    runs.push(
      await measured(() => startKmipd({ keyType: o.keyType, build, postgres: o.postgres }), o.objects, o),
    );
  return runs;
}

async function pykmipRun(o: BenchOptions, version: string | undefined): Promise<ServerRun[]> {
  if (version === undefined) {
    say("[PyKMIP] skipped: /usr/bin/python3 cannot import kmip (apt-get install -y python3-pykmip openssl)");
    return [];
  }
  return [await measured(async () => startPykmip(await freePort(), o.keyType), o.pykmipObjects, o)];
}

async function ceilingRun(o: BenchOptions, build: string): Promise<ServerRun[]> {
  const dir = await mkdtemp(join(tmpdir(), "kmipd-bench-ceiling-"));
  try {
    const pki = await makePki(dir, o.keyType);
    // Same sizes as the real requests: a 32-character identifier, a name from the population.
    const standIn = {
      keyUid: "0123456789abcdefghijABCDEFGHIJkl",
      population: 0,
      locateName: nameOf(o.objects / 2),
    };
    return [await measured(() => startCeilingProcess(pki, build), 0, o, standIn)];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function printReport(runs: readonly ServerRun[], m: Machine): void {
  say(`\n${textTable(RESULT_HEAD, resultRows(runs))}`);
  say(`\n${textTable(ratioHead(runs), ratioRows(runs))}`);
  for (const { server, checks } of checkTargets(runs)) {
    say(
      `\nTargets, ${server}:\n${textTable(
        ["Target", "This run", "Verdict"],
        checks.map((c) => [c.target, c.value, c.verdict]),
      )}`,
    );
  }
  say(`\n${textTable(SERVER_HEAD, serverRows(runs))}`);
  say(
    `\n${m.cores} cores, ${m.cpu}, Node ${m.node}, load average ${m.loadAverage.toFixed(2)} at start, fsync ${m.fsyncMs.toFixed(2)} ms`,
  );
}

async function writeDocs(
  runs: readonly ServerRun[],
  m: Machine,
  o: BenchOptions,
  out: string,
): Promise<void> {
  const svg = `${out.replace(/\.md$/, "")}.svg`;
  await mkdir(dirname(out), { recursive: true });
  await writeFile(
    svg,
    renderChart(runs, `kmipd benchmark, ${m.date}, ${m.cores} cores, ${o.connections} connections`),
  );
  await writeFile(out, renderMarkdown(runs, m, o, basename(svg)));
  say(`\nwrote ${out} and ${svg}`);
}

/** `--render`: the saved last run, printed and written again (to `--out`, else where it went). */
async function render(o: BenchOptions): Promise<void> {
  const saved = await loadRun();
  printReport(saved.runs, saved.machine);
  // A quick run was not written when it ran, so it is not written now unless --out says where.
  const out = o.out ?? saved.options.out;
  if (out) await writeDocs(saved.runs, saved.machine, saved.options, out);
}

async function main(): Promise<void> {
  const o = parseBenchArgs(process.argv.slice(2));
  if (o.render) return render(o);
  const began = Date.now();
  const version = o.servers.includes("pykmip") ? await requirePykmip().catch(() => undefined) : undefined;
  const machine = describeMachine(version ?? "not installed");
  say(
    `${o.command}: ${o.connections} connections, ${o.warmupMs / 1000} s warm-up + ${o.durationMs / 1000} s per scenario`,
  );
  const build = await buildServers();
  const runs: ServerRun[] = [];
  if (o.profileDir) await mkdir(o.profileDir, { recursive: true });
  if (o.servers.includes("kmipd")) runs.push(...(await kmipdRuns(o, build)));
  if (o.servers.includes("pykmip")) runs.push(...(await pykmipRun(o, version)));
  if (o.servers.includes("ceiling")) runs.push(...(await ceilingRun(o, build)));
  printReport(runs, machine);
  await saveRun({ options: o, machine, runs });
  if (o.out) await writeDocs(runs, machine, o, o.out);
  say(`done in ${((Date.now() - began) / 1000).toFixed(0)} s`);
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 60_000} minutes; giving up`);
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    if (e instanceof Error && /^--|Unknown option|unexpected argument/i.test(e.message)) console.error(USAGE);
    process.exit(1);
  },
);

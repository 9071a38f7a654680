/**
 * docs/benchmarks.md: the run's tables, the machine, the date and command, the chart, and how
 * each scenario is driven. `bench/findings.md` (hand-written: what bounds the misses, from a
 * profile) is appended when it exists, so the analysis survives regenerating the numbers.
 */
import { existsSync, readFileSync } from "node:fs";
import type { BenchOptions } from "./args.js";
import type { Machine } from "./machine.js";
import { RESULT_HEAD, ratioHead, ratioRows, resultRows, SERVER_HEAD, serverRows } from "./report.js";
import type { ServerRun } from "./runner.js";
import { markdownTable } from "./table.js";
import { checkTargets } from "./targets.js";

const FINDINGS = new URL("./findings.md", import.meta.url);

function machineTable(m: Machine): string {
  const rows = [
    ["Date", m.date],
    ["Cores (nproc)", String(m.cores)],
    ["CPU", m.cpu],
    ["Memory", `${m.memoryGiB} GiB`],
    ["Kernel", m.kernel],
    ["Node.js", m.node],
    ["OpenSSL (Node's)", m.openssl],
    ["PyKMIP", m.pykmip],
    ["Load average when the run began", m.loadAverage.toFixed(2)],
    ["Append 4 KiB + fsync (median, temp folder)", `${m.fsyncMs.toFixed(2)} ms`],
  ];
  return markdownTable(["", ""], rows);
}

function method(o: BenchOptions): string {
  const s = (ms: number) => `${ms / 1000} s`;
  return `## How it is measured

- **Servers**, one at a time on 127.0.0.1, each in its own process: **kmipd** (\`startServer\` as \`kmipd server -dev\` starts it, embedded SQLite in a temporary folder${o.postgres ? ", and again on PostgreSQL" : ""}; KMIP listener of the \`kmip/\` engine, mutual TLS with a credential kmipd issued), **PyKMIP**'s reference server from Debian (\`pykmip-server\`, TLS 1.2 suite, client certificates required, SQLite, log level WARNING), and the **ceiling**: a bare Node.js mutual-TLS server with kmipd's listener TLS settings that frames TTLV with kmipd's framer and answers every request with one fixed Get response encoded once (\`bench/ceiling.ts\`). All certificates are ${o.keyType === "ec" ? "EC P-256" : "RSA 2048"}.
- **Load generator** (\`bench/load.ts\`): a separate process; a closed loop over ${o.connections} mutual-TLS connections, each sending the same request bytes and waiting for the whole response; ${s(o.warmupMs)} of warm-up, then ${s(o.durationMs)} measured. Throughput counts the successful answers completed in the window; latency (p50, p99) is per request, from a log-linear histogram (1.6% buckets). Every answer's Result Status is checked; failures are counted, never measured as throughput. The two \`1 connection\` scenarios keep one request in flight: their latency is the service time alone, without the queueing that ${o.connections} requests in flight add (by Little's law the mean latency of a closed loop is connections / throughput).
- **Get**: of one active AES-256 key. **Encrypt**: 64 bytes under that key, AES-GCM with a 16-byte tag and a server-made IV (AES-CBC where GCM is refused). **Locate**: by Name, one match among the named keys. **Mix**: 80% Get, 10% Locate, 10% Create, picked at random per request. **Create**: an AES-256 key, committed durably before it is acknowledged (kmipd: SQLite WAL, the Creates of one event-loop turn in one transaction whose WAL is fsynced off the event loop, \`src/storage/sqlite/group-commit.ts\`; PyKMIP: SQLite through SQLAlchemy). **New connection**: every request on a fresh connection with a full handshake (no session offered; resumptions are counted and must be 0), the latency from connect to the Get's answer. **Resumed session**: the same, but each connection offers the session ticket its loop received last, so a server that supports TLS session resumption skips the certificate exchange (the notes column counts the connections that did resume).
- **Population** for Locate: ${o.objects.toLocaleString("en-US")} named AES-256 keys in kmipd, ${o.pykmipObjects.toLocaleString("en-US")} in PyKMIP (its Locate reads every object in Python, about 0.4 s of CPU per Locate among 1,000, so among 100,000 one Locate would take most of a scenario's window). Both through KMIP Create over TLS, in batches of 100 Batch Items, on 8 connections to kmipd (its group commit then makes one sync for up to 8 keys) and 4 to PyKMIP; nothing reaches into kmipd's storage: the population is durable as any Create is.
- **Memory**: the server process's VmRSS, sampled every 100 ms during each scenario (peak shown), and VmHWM (peak over its life, population included). kmipd and the ceiling run as compiled JavaScript (TypeScript's emit, as \`bin/kmipd\` runs \`dist/\`), not under tsx, whose transpiled modules and source maps would add about 50 MB.
- **CPU**: each server's user + system CPU over the measured window (\`/proc/<pid>/stat\`, all its threads), per answer (µs/op) and in % of one core, and the load generator's own. Throughput falls with the share of the cores a server gets on a busy machine; the CPU it spends per answer much less so. "kmipd / ceiling by CPU" (the ceiling's µs/op over kmipd's) is how close kmipd's own work per request is to the floor, whatever else ran.`;
}

function targetsSection(runs: readonly ServerRun[]): string {
  return checkTargets(runs)
    .map(({ server, checks }) => {
      const rows = checks.map((c) => [c.target, c.value, c.verdict]);
      return `### ${server}\n\n${markdownTable(["Target", "This run", "Verdict"], rows)}`;
    })
    .join("\n\n");
}

export function renderMarkdown(
  runs: readonly ServerRun[],
  m: Machine,
  o: BenchOptions,
  svgName: string,
): string {
  const busy =
    m.loadAverage > 1
      ? `\n> The load average was ${m.loadAverage.toFixed(1)} when the run began: other work shared the ${m.cores} cores, so every figure is lower than on an idle machine.\n`
      : "";
  const findings = existsSync(FINDINGS) ? `\n${readFileSync(FINDINGS, "utf8").trim()}\n` : "";
  return `# Benchmarks: the KMIP socket path, side by side

Generated by \`${o.command}\` (\`bench/run.ts\`) on ${m.date}${o.quick ? " — a quick run: short windows, small populations" : ""}. Loads go to 127.0.0.1 only; the server and the load generator share the machine below.
${busy}
## Machine

${machineTable(m)}

## Results

${markdownTable(RESULT_HEAD, resultRows(runs))}

## Ratios

Of ops/s, except "by CPU": the ceiling's server CPU per answer over kmipd's.

${markdownTable(ratioHead(runs), ratioRows(runs))}

## Targets

${targetsSection(runs)}

## Servers

${markdownTable(SERVER_HEAD, serverRows(runs))}

## Chart

![ops/s by scenario and server, log scale](${svgName})

${method(o)}
${findings}`;
}

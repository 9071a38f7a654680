/**
 * The numbers as tables: every scenario on every server (ops/s, p50, p99, peak RSS), the
 * ratios of each kmipd to PyKMIP and to the ceiling, and the targets, met or missed and
 * by how much. Rows are plain string arrays; `table.ts` prints them for a terminal or Markdown.
 */
import type { Cell, ServerRun } from "./runner.js";
import { SCENARIOS, type ScenarioId } from "./scenarios.js";

export const MB = 1024 * 1024;
const int = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const mb = (bytes: number | undefined) =>
  bytes === undefined || bytes === 0 ? "—" : (bytes / MB).toFixed(0);
const title = (id: ScenarioId) => SCENARIOS.find((s) => s.id === id)?.title ?? id;

export const isKmipd = (run: ServerRun) => run.name.startsWith("kmipd");
export const cellOf = (run: ServerRun | undefined, id: ScenarioId): Cell | undefined =>
  run?.cells.find((c) => c.scenario === id);
const opsOf = (run: ServerRun | undefined, id: ScenarioId) => cellOf(run, id)?.result?.opsPerSecond;

function scenarioLabel(run: ServerRun, cell: Cell): string {
  const base = title(cell.scenario);
  if (!cell.scenario.startsWith("locate") || run.population === 0)
    return cell.variant ? `${base} (${cell.variant})` : base;
  return `${base} among ${int(run.population)}`;
}

export const RESULT_HEAD = [
  "Scenario",
  "Server",
  "ops/s",
  "p50 ms",
  "p99 ms",
  "peak RSS MB",
  "server CPU µs/op",
  "server CPU %",
  "client CPU %",
  "notes",
];

/** How busy the server was over the window, in % of one core (over 100: more than one thread). */
function serverBusy(cell: Cell): string {
  const r = cell.result;
  if (cell.serverCpuSeconds === undefined || r === undefined) return "—";
  return int((100 * cell.serverCpuSeconds) / r.seconds);
}

function notes(cell: Cell): string {
  const r = cell.result;
  if (r === undefined) return "";
  const bad = r.failed + r.errors;
  const parts: string[] = [];
  if (cell.scenario === "resume") parts.push(`${int(r.resumed)} connections resumed`);
  if (bad > 0) parts.push(`${int(bad)} failed/errors: ${Object.keys(r.reasons).slice(0, 2).join("; ")}`);
  return parts.join("; ");
}

export function resultRows(runs: readonly ServerRun[]): string[][] {
  const rows: string[][] = [];
  for (const s of SCENARIOS) {
    for (const run of runs) {
      const cell = cellOf(run, s.id);
      if (cell === undefined) continue;
      const r = cell.result;
      const label = scenarioLabel(run, cell);
      if (r === undefined) {
        rows.push([label, run.name, "not available", "", "", "", "", "", "", cell.unavailable ?? ""]);
        continue;
      }
      const perOp = cell.serverCpuUsPerOp === undefined ? "—" : int(cell.serverCpuUsPerOp);
      const numbers = [int(r.opsPerSecond), ms(r.p50Ms), ms(r.p99Ms), mb(cell.peakRssBytes)];
      rows.push([
        label,
        run.name,
        ...numbers,
        perOp,
        serverBusy(cell),
        String(r.clientCpuPercent),
        notes(cell),
      ]);
    }
  }
  return rows;
}

const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? "—" : `${(a / b).toFixed(a / b >= 10 ? 0 : 2)}×`;

export function ratioHead(runs: readonly ServerRun[]): string[] {
  const head = ["Scenario"];
  for (const k of runs.filter(isKmipd)) {
    head.push(`${k.name} / PyKMIP`, `${k.name} / ceiling`, `${k.name} / ceiling by CPU`);
  }
  return head;
}

const cpuOf = (run: ServerRun | undefined, id: ScenarioId) => cellOf(run, id)?.serverCpuUsPerOp;

export function ratioRows(runs: readonly ServerRun[]): string[][] {
  const py = runs.find((r) => r.name === "PyKMIP");
  const ceiling = runs.find((r) => r.name === "ceiling");
  return SCENARIOS.filter((s) => runs.some((r) => cellOf(r, s.id))).map((s) => {
    const row = [title(s.id)];
    for (const k of runs.filter(isKmipd)) {
      // By CPU: the ceiling's CPU per answer over kmipd's, what one core of each could serve.
      const byCpu = ratio(cpuOf(ceiling, s.id), cpuOf(k, s.id));
      row.push(ratio(opsOf(k, s.id), opsOf(py, s.id)), ratio(opsOf(k, s.id), opsOf(ceiling, s.id)), byCpu);
    }
    return row;
  });
}

export function serverRows(runs: readonly ServerRun[]): string[][] {
  return runs.map((r) => {
    const tls = r.cells.find((c) => c.result?.tls)?.result?.tls;
    return [
      r.name,
      r.population === 0 ? "—" : int(r.population),
      r.population === 0 ? "—" : r.populateSeconds.toFixed(0),
      mb(r.rssAfterPopulate),
      mb(r.lifetimePeakRss),
      tls ? `${tls.protocol} ${tls.cipher}` : "—",
    ];
  });
}

export const SERVER_HEAD = [
  "Server",
  "named keys",
  "populated in s",
  "RSS after MB",
  "VmHWM MB",
  "TLS negotiated",
];

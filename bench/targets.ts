/**
 * The targets for kmipd, each judged against this run: the value reached, met or
 * missed, and by how much. A target whose inputs are missing (PyKMIP not installed, a scenario
 * not run or not available) is "not measured", never "met".
 */
import { cellOf, isKmipd, MB } from "./report.js";
import type { ServerRun } from "./runner.js";
import type { ScenarioId } from "./scenarios.js";

export interface TargetCheck {
  readonly target: string;
  readonly value: string;
  readonly verdict: string;
  readonly met: boolean | undefined;
}

interface Goal {
  readonly target: string;
  /** The measured value (undefined when it could not be measured) and how to print it. */
  measure(k: ServerRun, all: readonly ServerRun[]): number | undefined;
  readonly show: (v: number) => string;
  readonly limit: number;
  /** "min": the value must reach the limit; "max": it must stay under it. */
  readonly kind: "min" | "max";
  /** A caveat on how it was measured (a smaller population than the target's). */
  note?(k: ServerRun): string | undefined;
}

const ops = (run: ServerRun | undefined, id: ScenarioId) => cellOf(run, id)?.result?.opsPerSecond;
const p99 = (run: ServerRun | undefined, id: ScenarioId) => cellOf(run, id)?.result?.p99Ms;
const named = (all: readonly ServerRun[], name: string) => all.find((r) => r.name === name);
const over = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? undefined : a / b;
const times = (v: number) => `${v.toFixed(v >= 10 ? 0 : 2)}×`;
const millis = (v: number) => `${v.toFixed(2)} ms`;
const perSecond = (v: number) => `${Math.round(v).toLocaleString("en-US")}/s`;
const among = (k: ServerRun) =>
  k.population < 100_000 ? `among ${k.population.toLocaleString("en-US")} only (target: 100,000)` : undefined;

/** Evidence for a latency miss: the p99 with one request in flight, when that scenario ran. */
function oneAtATime(k: ServerRun, id: ScenarioId): string | undefined {
  const v = p99(k, id);
  return v === undefined ? undefined : `p99 with 1 connection (no queueing): ${millis(v)}`;
}

const joined = (...parts: (string | undefined)[]) =>
  parts.filter((p) => p !== undefined).join("; ") || undefined;

/** The largest RSS seen while the scenarios ran (after the population was in). */
function peakDuringScenarios(k: ServerRun): number | undefined {
  const peaks = k.cells.map((c) => c.peakRssBytes ?? 0).filter((b) => b > 0);
  return peaks.length === 0 ? undefined : Math.max(...peaks) / MB;
}

const GOALS: readonly Goal[] = [
  {
    target: "Get ≥ 50× PyKMIP",
    measure: (k, all) => over(ops(k, "get"), ops(named(all, "PyKMIP"), "get")),
    show: times,
    limit: 50,
    kind: "min",
  },
  {
    target: "Get ≥ 0.5× the ceiling",
    measure: (k, all) => over(ops(k, "get"), ops(named(all, "ceiling"), "get")),
    show: times,
    limit: 0.5,
    kind: "min",
  },
  {
    target: "Get p99 ≤ 5 ms at N connections",
    measure: (k) => p99(k, "get"),
    show: millis,
    limit: 5,
    kind: "max",
    note: (k) => oneAtATime(k, "get-1"),
  },
  { target: "Create ≥ 3,000/s", measure: (k) => ops(k, "create"), show: perSecond, limit: 3000, kind: "min" },
  {
    target: "Encrypt ≥ 0.4× the ceiling",
    measure: (k, all) => over(ops(k, "encrypt"), ops(named(all, "ceiling"), "encrypt")),
    show: times,
    limit: 0.4,
    kind: "min",
  },
  {
    target: "Locate by name among 100,000: p99 ≤ 5 ms",
    measure: (k) => p99(k, "locate"),
    show: millis,
    limit: 5,
    kind: "max",
    note: (k) => joined(among(k), oneAtATime(k, "locate-1")),
  },
  {
    target: "Memory ≤ 200 MB with 100,000 objects",
    measure: peakDuringScenarios,
    show: (v) => `${v.toFixed(0)} MB`,
    limit: 200,
    kind: "max",
    note: among,
  },
  {
    target: "New connections ≥ 0.8× the ceiling",
    measure: (k, all) => over(ops(k, "connect"), ops(named(all, "ceiling"), "connect")),
    show: times,
    limit: 0.8,
    kind: "min",
  },
];

function judge(goal: Goal, k: ServerRun, all: readonly ServerRun[]): TargetCheck {
  const v = goal.measure(k, all);
  const note = goal.note?.(k);
  if (v === undefined) return { target: goal.target, value: "—", verdict: "not measured", met: undefined };
  const met = goal.kind === "min" ? v >= goal.limit : v <= goal.limit;
  const verdict =
    goal.kind === "min"
      ? met
        ? `met (${times(v / goal.limit)} the target)`
        : `missed by ${((1 - v / goal.limit) * 100).toFixed(0)}% (${times(v / goal.limit)} the target)`
      : met
        ? `met (${((1 - v / goal.limit) * 100).toFixed(0)}% under)`
        : `missed (${times(v / goal.limit)} the limit)`;
  return { target: goal.target, value: goal.show(v), verdict: note ? `${verdict}; ${note}` : verdict, met };
}

/** Every target for every kmipd in the run. */
export function checkTargets(all: readonly ServerRun[]): { server: string; checks: TargetCheck[] }[] {
  return all.filter(isKmipd).map((k) => ({ server: k.name, checks: GOALS.map((g) => judge(g, k, all)) }));
}

/**
 * One server through every scenario: prepare it (a key, a population), then per scenario wait
 * for it to be idle, try the request once, run the load generator against it while sampling the
 * server's RSS and CPU, and keep the result. Servers run one at a time, so each has the machine
 * to itself (as far as the benchmark goes: other work on the machine is not its to stop).
 */
import { join } from "node:path";
import type { BenchOptions } from "./args.js";
import { type LoadProgress, type LoadResult, runLoad, type WeightedRequest } from "./load.js";
import { progress, say } from "./progress.js";
import { cpuSeconds, ProcessSampler, peakRssBytes, rssBytes } from "./rss.js";
import { preflight, SCENARIOS, type Scenario, type ScenarioId } from "./scenarios.js";
import type { Target } from "./servers/target.js";
import { type Prepared, prepare } from "./setup.js";

export interface Cell {
  readonly scenario: ScenarioId;
  readonly result?: LoadResult;
  /** Which request variant was measured ("AES-GCM"), when there were several. */
  readonly variant?: string;
  readonly peakRssBytes?: number;
  /** The server's CPU (user + system, seconds) over the measured window, and per answer (µs). */
  readonly serverCpuSeconds?: number;
  readonly serverCpuUsPerOp?: number;
  /** Why the scenario was not measured on this server. */
  readonly unavailable?: string;
}

export interface ServerRun {
  readonly name: string;
  readonly population: number;
  readonly populateSeconds: number;
  readonly rssAfterPopulate: number | undefined;
  /** VmHWM at the end: the peak over the server's whole life, population included. */
  readonly lifetimePeakRss: number | undefined;
  readonly cells: readonly Cell[];
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function prepareTarget(t: Target, count: number): Promise<[Prepared, number]> {
  const began = Date.now();
  const onProgress = (n: number) => progress(`[${t.name}] populating ${fmt(n)}/${fmt(count)} keys`);
  const prepared = await prepare(t, { count, connections: 4, batch: 100, onProgress });
  const seconds = (Date.now() - began) / 1000;
  if (count > 0) say(`[${t.name}] ${fmt(count)} named keys in ${seconds.toFixed(1)} s`);
  return [prepared, seconds];
}

/** The server's CPU profile over this scenario, when asked for (`--profile DIR`; not PyKMIP). */
async function saveProfile(t: Target, s: Scenario, o: BenchOptions): Promise<void> {
  if (!o.profileDir || !t.profile) return;
  const file = join(o.profileDir, `${t.name.replace(/\W+/g, "-").replace(/-$/, "")}-${s.id}.cpuprofile`);
  await t.profile(file);
  say(`[${t.name}] ${s.id}: CPU profile in ${file} (tsx bench/profile-top.ts ${file})`);
}

/** The load over one request variant, with the server's RSS and its CPU over the window. */
async function drive(t: Target, s: Scenario, requests: WeightedRequest[], o: BenchOptions, label: string) {
  const sampler = new ProcessSampler(t.pid);
  const cpuAt: Partial<Record<"start" | "end", number>> = {};
  const onWindow = (edge: "start" | "end") => {
    cpuAt[edge] = cpuSeconds(t.pid);
  };
  const onProgress = (p: LoadProgress) =>
    progress(
      `[${t.name}] ${label} ${s.id}: ${(p.elapsedMs / 1000).toFixed(0)}/${(p.totalMs / 1000).toFixed(0)} s, ` +
        `${fmt(p.ops)} answers counted, ${p.errors} errors`,
    );
  const spec = {
    host: t.host,
    port: t.port,
    tls: t.tls,
    requests,
    connections: s.connections ?? o.connections,
    warmupMs: o.warmupMs,
    durationMs: o.durationMs,
    mode: s.mode,
  };
  const result = await runLoad(spec, { onProgress, onWindow });
  const { peakRss } = sampler.stop();
  const cpu = cpuAt.start === undefined || cpuAt.end === undefined ? undefined : cpuAt.end - cpuAt.start;
  return { result, peakRss, cpu };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits (two minutes at most) until the server has been nearly idle for half a second. The last
 * window's end cut its connections, not its work: a server still busy with the requests it had
 * (PyKMIP's Locates take seconds each) would otherwise be measured doing both.
 */
async function settle(t: Target): Promise<void> {
  const deadline = Date.now() + 120_000;
  let last = cpuSeconds(t.pid);
  while (Date.now() < deadline) {
    await pause(500);
    const now = cpuSeconds(t.pid);
    if (now === undefined || last === undefined || now - last < 0.05) return;
    last = now;
    progress(`[${t.name}] waiting for the server to finish the last scenario's requests`);
  }
  say(`[${t.name}] still busy after two minutes; measuring anyway`);
}

async function measure(
  t: Target,
  s: Scenario,
  prepared: Prepared,
  o: BenchOptions,
  label: string,
): Promise<Cell> {
  let why: string | undefined;
  await settle(t);
  for (const variant of s.variants(prepared)) {
    why = await preflight(t, variant.requests).catch((e: Error) => `no answer: ${e.message}`);
    if (why !== undefined) continue;
    if (o.profileDir) await t.profile?.();
    const { result, peakRss, cpu } = await drive(t, s, variant.requests, o, label);
    await saveProfile(t, s, o);
    const cpuPerOp = cpu === undefined || result.ops === 0 ? undefined : (cpu * 1e6) / result.ops;
    const cpuNote = cpuPerOp === undefined ? "" : `, server CPU ${fmt(cpuPerOp)} µs/answer`;
    const name = `${s.id}${variant.label ? ` (${variant.label})` : ""}`;
    say(
      `[${t.name}] ${name}: ${fmt(result.opsPerSecond)} ops/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms${cpuNote}, client CPU ${result.clientCpuPercent}%`,
    );
    return {
      scenario: s.id,
      result,
      peakRssBytes: peakRss,
      ...(cpu !== undefined && { serverCpuSeconds: cpu }),
      ...(cpuPerOp !== undefined && { serverCpuUsPerOp: cpuPerOp }),
      ...(variant.label && { variant: variant.label }),
    };
  }
  say(`[${t.name}] ${s.id}: not available (${why})`);
  return { scenario: s.id, unavailable: why ?? "no request variant" };
}

/**
 * `stand-in`: what the ceiling gets instead of a preparation (it stores nothing; any identifier
 * of the right length makes a request of the right size).
 */
export async function runServer(
  t: Target,
  population: number,
  o: BenchOptions,
  standIn?: Prepared,
): Promise<ServerRun> {
  const [prepared, populateSeconds] = standIn ? [standIn, 0] : await prepareTarget(t, population);
  const rssAfterPopulate = rssBytes(t.pid);
  const chosen = SCENARIOS.filter((s) => o.scenarios === undefined || o.scenarios.includes(s.id));
  const cells: Cell[] = [];
  for (const [i, s] of chosen.entries())
    cells.push(await measure(t, s, prepared, o, `${i + 1}/${chosen.length}`));
  return {
    name: t.name,
    population,
    populateSeconds,
    rssAfterPopulate,
    lifetimePeakRss: peakRssBytes(t.pid),
    cells,
  };
}

/**
 * A server's memory and CPU, from /proc (Linux), read in the benchmark's process: VmRSS sampled
 * every 100 ms while a scenario runs (its peak is the scenario's figure), VmHWM (the kernel's
 * peak over the process's life), and the CPU time the process used (user + system, all its
 * threads). CPU per answer is the figure that survives a busy machine: throughput and latency
 * fall when other work takes the cores, the work done per request does not.
 *
 * A server of several processes (kmipd with `workers`: a primary and its workers) is measured as
 * its whole process tree: RSS and CPU summed over the process and its descendants, and VmHWM as
 * the sum of each process's own peak (an upper bound: they need not peak at the same moment).
 */
import { readdirSync, readFileSync } from "node:fs";

/** Linux's USER_HZ, the unit of /proc/<pid>/stat times, is 100 on every mainstream platform. */
const TICKS_PER_SECOND = 100;

/** `pid` and every process below it (from /proc/<pid>/task/<tid>/children). */
function treeOf(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift()!;
    out.push(p);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue; // gone meanwhile
    }
    for (const t of tasks) {
      try {
        const text = readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim();
        if (text !== "") queue.push(...text.split(/\s+/).map(Number));
      } catch {
        // The thread ended meanwhile.
      }
    }
  }
  return out;
}

/** A per-process figure summed over the tree; undefined when the process itself is unreadable. */
function summed(pid: number, read: (p: number) => number | undefined): number | undefined {
  const own = read(pid);
  if (own === undefined) return undefined;
  return treeOf(pid)
    .slice(1)
    .reduce((sum, p) => sum + (read(p) ?? 0), own);
}

function statusField(pid: number, field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export const rssBytes = (pid: number) => summed(pid, (p) => statusField(p, "VmRSS"));
export const peakRssBytes = (pid: number) => summed(pid, (p) => statusField(p, "VmHWM"));

/** User + system CPU seconds of the process tree so far. */
export function cpuSeconds(pid: number): number | undefined {
  return summed(pid, processCpuSeconds);
}

/** User + system CPU seconds of one process (all its threads) so far. */
function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export class ProcessSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly cpuAtStart: number | undefined;

  constructor(private readonly pid: number) {
    this.cpuAtStart = cpuSeconds(pid);
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
  }

  /** Stops sampling: the highest RSS seen (bytes; 0 when unreadable) and the CPU seconds used. */
  stop(): { peakRss: number; cpuSeconds: number | undefined } {
    clearInterval(this.timer);
    this.sample();
    const now = cpuSeconds(this.pid);
    const used = now === undefined || this.cpuAtStart === undefined ? undefined : now - this.cpuAtStart;
    return { peakRss: this.peak, cpuSeconds: used };
  }

  private sample(): void {
    this.peak = Math.max(this.peak, rssBytes(this.pid) ?? 0);
  }
}

/**
 * A server's memory and CPU, from /proc (Linux), read in the benchmark's process: VmRSS sampled
 * every 100 ms while a scenario runs (its peak is the scenario's figure), VmHWM (the kernel's
 * peak over the process's life), and the CPU time the process used (user + system, all its
 * threads). CPU per answer is the figure that survives a busy machine: throughput and latency
 * fall when other work takes the cores, the work done per request does not.
 */
import { readFileSync } from "node:fs";

/** Linux's USER_HZ, the unit of /proc/<pid>/stat times, is 100 on every mainstream platform. */
const TICKS_PER_SECOND = 100;

function statusField(pid: number, field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export const rssBytes = (pid: number) => statusField(pid, "VmRSS");
export const peakRssBytes = (pid: number) => statusField(pid, "VmHWM");

/** User + system CPU seconds of the whole process so far. */
export function cpuSeconds(pid: number): number | undefined {
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

/**
 * A CPU profile of the server's own process over one scenario only (not its start-up or the
 * population, which `node --cpu-prof` would mix in), through the inspector protocol. The
 * result opens in Chrome DevTools, or `tsx bench/profile-top.ts` names the top costs.
 */
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";

export class Profiler {
  private session: Session | undefined;

  async start(): Promise<void> {
    if (this.session) return;
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    // 250 µs: fine enough for request-sized work, coarse enough not to slow the server much.
    await session.post("Profiler.setSamplingInterval", { interval: 250 });
    await session.post("Profiler.start");
    if (heapToo()) {
      await session.post("HeapProfiler.enable");
      await session.post("HeapProfiler.startSampling", { samplingInterval: 8192 });
    }
    this.session = session;
  }

  async stop(file: string): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    const { profile } = await session.post("Profiler.stop");
    if (heapToo()) {
      const heap = await session.post("HeapProfiler.getSamplingProfile");
      await session.post("HeapProfiler.stopSampling");
      await writeFile(file.replace(/\.cpuprofile$/, ".heapprofile"), JSON.stringify(heap.profile));
    }
    session.disconnect();
    await writeFile(file, JSON.stringify(profile));
  }
}

/**
 * `KMIPD_BENCH_HEAP=1`: also a sampling heap profile (`.heapprofile`, next to the CPU profile) of
 * what was allocated during the scenario and is still on the heap at its end, including garbage
 * a scavenge promoted that no full collection has freed yet.
 */
function heapToo(): boolean {
  return process.env.KMIPD_BENCH_HEAP === "1";
}

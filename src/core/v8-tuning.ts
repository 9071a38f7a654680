/**
 * V8 settings a kmipd server process runs with, applied once at start (`startServer`).
 *
 * Allocation-site pretenuring off. V8 watches where objects are allocated, and when most of a
 * site's objects outlive a young-generation collection it allocates that site's objects in the
 * old generation from then on. A KMIP server with dozens of requests in flight trips this: a
 * collection that runs while requests are half-done finds their objects alive, and from then on
 * every request's objects are made old. They die a moment later, but only a full collection frees
 * the old generation, so it grew by ~8 KB per request, scavenges took 3–4 ms instead of 0.6, and
 * the process held ~40 MB more (issue #8; measured with `KMIPD_BENCH_NODE_ARGS="--trace-gc"` on
 * `npm run bench`, and A/B with the flag on the command line: Get and Encrypt ~+30% answers per
 * second, peak RSS ~205 → ~170 MB). Nothing kmipd keeps is long-lived at a rate where tenuring at
 * allocation would pay: its caches are small and bounded.
 *
 * The flag is read at collection time, so setting it once the VM runs takes effect; `--allocation-
 * site-pretenuring` on Node's command line (or in NODE_OPTIONS) turns it back on.
 */
import { setFlagsFromString } from "node:v8";

let applied = false;

export function applyV8Tuning(): void {
  if (applied) return;
  applied = true;
  if (process.execArgv.some((a) => a.includes("allocation-site-pretenuring"))) return;
  if ((process.env.NODE_OPTIONS ?? "").includes("allocation-site-pretenuring")) return;
  setFlagsFromString("--no-allocation-site-pretenuring");
}

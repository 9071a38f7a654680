/**
 * `series.ts` writes what prom-client's own Counter and Histogram write for the same
 * observations: the text exposition and `getMetricsAsJSON()` of two registries, one with each
 * kind, must be the same, label values that need escaping and values on a bucket's bound included.
 */
import { Counter, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { SeriesCounter, SeriesHistogram } from "../../src/metrics/series.js";

const BOUNDS = [0.001, 0.01, 0.1, 1];
const OBSERVED: [string, number][] = [
  ["Get", 0.0004],
  ["Get", 0.001], // on a bound: counted in that bucket (le is inclusive)
  ["Get", 0.05],
  ['Odd "name"\\', 7], // above every bound; a label value prom-client escapes
  ["Create", 0.2],
];

function theirs() {
  const registry = new Registry();
  const registers = [registry];
  const counter = new Counter({
    name: "t_total",
    help: "Counted.",
    labelNames: ["operation", "status"],
    registers,
  });
  const labelNames = ["operation"];
  const histogram = new Histogram({
    name: "t_seconds",
    help: "Timed.",
    labelNames,
    buckets: BOUNDS,
    registers,
  });
  for (const [operation, seconds] of OBSERVED) {
    counter.inc({ operation, status: "Success" });
    histogram.observe({ operation }, seconds);
  }
  return registry;
}

function ours() {
  const registry = new Registry();
  const counter = new SeriesCounter("t_total", "Counted.", [registry]);
  const histogram = new SeriesHistogram("t_seconds", "Timed.", BOUNDS, [registry]);
  for (const [operation, seconds] of OBSERVED) {
    counter.series({ operation, status: "Success" }).inc();
    histogram.series({ operation }).observe(seconds);
  }
  return registry;
}

describe("series metrics (issue #8)", () => {
  it("expose the same text as prom-client's Counter and Histogram", async () => {
    const text = await ours().metrics();
    expect(text).toBe(await theirs().metrics());
    expect(text).toContain('t_seconds_bucket{le="0.001",operation="Get"} 2');
  });

  it("and the same JSON (prom-client's empty exemplar fields aside)", async () => {
    const plain = (json: unknown) =>
      JSON.parse(JSON.stringify(json, (key, value) => (key === "exemplar" ? undefined : value)));
    expect(plain(await ours().getMetricsAsJSON())).toEqual(plain(await theirs().getMetricsAsJSON()));
  });

  it("keep one series per label set; a reset zeroes it and a held series counts on", async () => {
    const registry = new Registry();
    const counter = new SeriesCounter("c_total", "C.", [registry]);
    const held = counter.series({ a: "1" });
    expect(counter.series({ a: "1" })).toBe(held);
    held.inc();
    expect(await registry.metrics()).toContain('c_total{a="1"} 1');
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain("c_total{"); // as prom-client: none until counted
    held.inc();
    expect(await registry.metrics()).toContain('c_total{a="1"} 1');
  });
});

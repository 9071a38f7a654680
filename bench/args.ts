/**
 * `npm run bench -- [options]`. A full run takes about nine minutes on two cores and writes
 * docs/benchmarks.md and docs/benchmarks.svg; `--quick` takes about a minute with short
 * windows and small populations, and only prints (unless `--out` says where to write).
 * `--render` measures nothing and writes the last run's numbers again.
 */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import type { KeyType } from "./pki.js";
import type { ScenarioId } from "./scenarios.js";

export type ServerKind = "kmipd" | "pykmip" | "ceiling";

export interface BenchOptions {
  readonly quick: boolean;
  readonly postgres: string | undefined;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly connections: number;
  /** kmipd is measured once per entry: its `workers` setting (default: 1 and the core count). */
  readonly workers: readonly number[];
  /** Named keys in kmipd for Locate, and in PyKMIP (whose Create is slow and Locate a scan). */
  readonly objects: number;
  readonly pykmipObjects: number;
  readonly keyType: KeyType;
  readonly scenarios: readonly ScenarioId[] | undefined;
  readonly servers: readonly ServerKind[];
  /** Where kmipd writes a --cpu-prof profile, or undefined. */
  readonly profileDir: string | undefined;
  /** Markdown report path (the SVG goes beside it), or undefined to only print. */
  readonly out: string | undefined;
  readonly command: string;
  /** Measure nothing: print and write the saved last run again (`last-run.ts`). */
  readonly render: boolean;
}

export const USAGE = `usage: npm run bench -- [--quick] [--postgres URL] [--duration S] [--warmup S]
  [--connections N] [--workers N,M] [--objects N] [--pykmip-objects N] [--key-type ec|rsa]
  [--only get,get-1,encrypt,locate,locate-1,mix,create,connect,resume] [--servers kmipd,pykmip,ceiling]
  [--profile DIR] [--out FILE | --no-write] [--render]`;

const list = <T extends string>(v: string | undefined): T[] | undefined =>
  v === undefined ? undefined : (v.split(",").map((s) => s.trim()) as T[]);

function positive(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number (got ${v})`);
  return n;
}

function workerCounts(v: string | undefined): number[] {
  const counts = v === undefined ? [1, availableParallelism()] : v.split(",").map((s) => Number(s.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 256))
    throw new Error(`--workers takes integers from 1 to 256 (got ${v})`);
  return [...new Set(counts)];
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values: v } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: "boolean", default: false },
      postgres: { type: "string" },
      duration: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string" },
      workers: { type: "string" },
      objects: { type: "string" },
      "pykmip-objects": { type: "string" },
      "key-type": { type: "string", default: "ec" },
      only: { type: "string" },
      servers: { type: "string" },
      profile: { type: "string" },
      out: { type: "string" },
      "no-write": { type: "boolean", default: false },
      render: { type: "boolean", default: false },
    },
  });
  const quick = v.quick === true;
  if (v["key-type"] !== "ec" && v["key-type"] !== "rsa") throw new Error("--key-type is ec or rsa");
  const fullRun = !quick && v.render !== true;
  const out = v["no-write"] ? undefined : (v.out ?? (fullRun ? "docs/benchmarks.md" : undefined));
  return {
    quick,
    postgres: v.postgres,
    warmupMs: positive("warmup", v.warmup, quick ? 0.5 : 2) * 1000,
    durationMs: positive("duration", v.duration, quick ? 1.5 : 8) * 1000,
    connections: Math.round(positive("connections", v.connections, 64)),
    workers: workerCounts(v.workers),
    objects: Math.round(positive("objects", v.objects, quick ? 5000 : 100_000)),
    pykmipObjects: Math.round(positive("pykmip-objects", v["pykmip-objects"], quick ? 100 : 1000)),
    keyType: v["key-type"],
    scenarios: list<ScenarioId>(v.only),
    servers: list<ServerKind>(v.servers) ?? ["kmipd", "pykmip", "ceiling"],
    profileDir: v.profile,
    out,
    command: ["npm run bench", ...(argv.length > 0 ? ["--", ...argv] : [])].join(" "),
    render: v.render === true,
  };
}

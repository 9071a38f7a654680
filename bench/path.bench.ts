/**
 * The request path without the socket: `npm run bench:path [-- --seconds S] [--repeat N] [--only get,...]`
 * (compiled first, as the socket benchmark runs its servers).
 *
 * One kmipd in this process (SQLite in a temporary directory, started as `kmipd server -dev`
 * starts), a scope and role allowed everything, then each scenario's request bytes (the ones
 * `npm run bench` sends, `requests.ts`) answered in a loop through the KMIP service's own entry
 * (`KmipService.answer`: TTLV decode, header rules, batch, policy, operation, audit, metrics,
 * encode), 64 at a time as 64 connections would have them in flight (`IN_FLIGHT=N` to change
 * it). It prints microseconds of this process's CPU per answer, the figure to compare before and
 * after a change to the path (the socket benchmark adds TLS, the kernel and a load generator
 * sharing the cores).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { Session } from "node:inspector";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "../src/app.js";
import { silentLogger } from "../src/core/logger.js";
import { Operation, ResultStatus } from "../src/kmip/generated/enums.js";
import { Tag } from "../src/kmip/generated/tags.js";
import type { ClientIdentity } from "../src/operations/types.js";
import { decodeTtlv } from "../src/ttlv/decode.js";
import { ItemType, type TtlvItem } from "../src/ttlv/types.js";
import {
  aes256,
  createRequest,
  encryptRequest,
  getRequest,
  locateRequest,
  requestBytes,
} from "./requests.js";

const ROOT = "root-path-bench";
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? 64);
const POPULATION = 2000;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function api(base: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/v1/${path}`, {
    method,
    headers: { "X-Vault-Token": ROOT, "Content-Type": "application/json" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text === "" ? undefined : (JSON.parse(text) as { data: Record<string, unknown> });
}

/** The first item of `tag` in a TTLV tree, depth first. */
function find(item: TtlvItem, tag: number): TtlvItem | undefined {
  if (item.tag === tag) return item;
  if (item.type !== ItemType.Structure) return undefined;
  for (const child of item.value) {
    const found = find(child, tag);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The answer's Unique Identifier, after checking it says Success (a failing path is no benchmark). */
function succeeded(answer: Uint8Array, scenario: string): string | undefined {
  const tree = decodeTtlv(answer);
  const status = find(tree, Tag.ResultStatus);
  if (status?.value !== ResultStatus.Success) {
    const message = find(tree, Tag.ResultMessage)?.value;
    throw new Error(`${scenario}: the answer is not Success (${String(message)})`);
  }
  const uid = find(tree, Tag.UniqueIdentifier)?.value;
  return typeof uid === "string" ? uid : undefined;
}

async function main(): Promise<void> {
  const seconds = Number(arg("seconds") ?? 2);
  const repeat = Number(arg("repeat") ?? 3);
  const only = arg("only")?.split(",");
  const dir = mkdtempSync(join(tmpdir(), "kmipd-path-"));
  const server = await startServer({
    config: {
      storage: { type: "sqlite", path: join(dir, "kmipd.db") },
      listeners: [{ address: "127.0.0.1:0", tlsDisable: true, tlsMinVersion: "tls12" }],
      logLevel: "error",
      workers: 1,
      ignored: [],
    },
    logger: silentLogger,
    prepare: async (core) => {
      await core.initDev({ rootTokenId: ROOT });
    },
  });
  try {
    const base = server.urls[0]!;
    await api(base, "POST", "sys/mounts/kmip", { type: "kmip" });
    await api(base, "POST", "kmip/scope/bench");
    await api(base, "POST", "kmip/scope/bench/role/bench", { operation_all: true });
    // One call through the HTTP client API shows which mount and identity the service is given.
    let caught: { mount: string; identity: ClientIdentity } | undefined;
    const answer = server.kmip.answer.bind(server.kmip);
    server.kmip.answer = (mount, identity, bytes) => {
      caught = { mount, identity };
      return answer(mount, identity, bytes);
    };
    await api(base, "POST", "kmip/scope/bench/role/bench/client/create", {
      algorithm: "AES",
      length: 256,
      usage_mask: "Encrypt Decrypt",
      name: "via-http",
    });
    if (caught === undefined) throw new Error("the client API did not reach the KMIP service");
    const { mount, identity } = caught;
    const send = (bytes: Uint8Array) => answer(mount, identity, bytes);
    const uid = succeeded(await send(requestBytes(Operation.Create, aes256("path-bench-key"))), "create")!;
    succeeded(await send(requestBytes(Operation.Activate, { uniqueIdentifier: uid })), "activate");
    // Other named keys, so Locate by name picks one among many.
    for (let i = 0; i < POPULATION; i++) {
      succeeded(await send(requestBytes(Operation.Create, aes256(`k${i}`))), "create");
    }
    const scenarios: Record<string, Uint8Array> = {
      get: getRequest(uid),
      encrypt: encryptRequest(uid, "GCM"),
      locate: locateRequest(`k${POPULATION >> 1}`),
      create: createRequest(),
    };
    for (const [name, bytes] of Object.entries(scenarios)) {
      if (only !== undefined && !only.includes(name)) continue;
      succeeded(await send(bytes), name);
      await drive(send, bytes, 1); // warm-up
      const heap = arg("heap-live") ?? arg("heap-allocated");
      const sampler =
        heap === undefined ? undefined : startHeapSampling(Number(heap), arg("heap-allocated") !== undefined);
      // The machine's noise only adds: the least CPU per answer over a few windows is the figure.
      const runs: Driven[] = [];
      for (let i = 0; i < repeat; i++) runs.push(await drive(send, bytes, seconds));
      if (sampler !== undefined) console.log(sampler());
      const best = runs.reduce((a, b) => (b.cpuUs < a.cpuUs ? b : a));
      const all = runs.map((r) => r.cpuUs.toFixed(1)).join(" ");
      console.log(`${name.padEnd(8)} ${best.cpuUs.toFixed(1).padStart(7)} µs CPU/answer (least of ${all})`);
    }
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface HeapNode {
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly selfSize: number;
  readonly children: HeapNode[];
}

/**
 * `--heap-live N`: what is still on the heap at the end of a scenario, by allocation site (V8's
 * sampling heap profiler), the N biggest: garbage a scavenge promoted shows up here.
 * `--heap-allocated N`: everything allocated over the scenario, collected or not, by site.
 */
function startHeapSampling(n: number, allocated: boolean): () => string {
  const session = new Session();
  session.connect();
  const post = <T = unknown>(method: string, params?: object): T => {
    let out: T | undefined;
    session.post(method, params, (error, result) => {
      if (error) throw error;
      out = result as T;
    });
    return out as T;
  };
  post("HeapProfiler.enable");
  post("HeapProfiler.startSampling", {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: allocated,
    includeObjectsCollectedByMinorGC: allocated,
  });
  return () => {
    const { profile } = post<{ profile: { head: HeapNode } }>("HeapProfiler.getSamplingProfile");
    post("HeapProfiler.stopSampling");
    session.disconnect();
    const rows: [number, string][] = [];
    const walk = (node: HeapNode, stack: string[]) => {
      const f = node.callFrame;
      const here = `${f.functionName || "(anonymous)"} ${f.url.replace(/.*\/(src|node_modules)\//, "$1/")}:${f.lineNumber + 1}`;
      const frames = [here, ...stack].slice(0, 5);
      if (node.selfSize > 0) rows.push([node.selfSize, frames.join(" < ")]);
      for (const child of node.children) walk(child, frames);
    };
    walk(profile.head, []);
    rows.sort((a, b) => b[0] - a[0]);
    return rows
      .slice(0, n)
      .map(([bytes, where]) => `${(bytes / 1024).toFixed(0).padStart(7)} KiB  ${where}`)
      .join("\n");
  };
}

interface Driven {
  readonly count: number;
  readonly cpuUs: number;
}

async function drive(send: (b: Uint8Array) => Promise<Uint8Array>, bytes: Uint8Array, seconds: number) {
  const until = performance.now() + seconds * 1000;
  const cpu0 = process.cpuUsage();
  let count = 0;
  const lane = async () => {
    while (performance.now() < until) {
      await send(bytes);
      count++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  const cpu = process.cpuUsage(cpu0);
  return { count, cpuUs: (cpu.user + cpu.system) / count };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

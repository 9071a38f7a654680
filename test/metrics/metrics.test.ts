/**
 * GET /v1/sys/metrics on a live server after KMIP and API traffic: the Prometheus text parses and
 * holds the metric names and labels of KMIP operations and their latency, connections and
 * handshakes (a revoked certificate counted as `unauthorized`), API requests, the seal state and
 * storage calls; a token with `read` on sys/metrics is needed; `format=json` works too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nameAttribute } from "../../src/client/attributes.js";
import { type KmipClient, KmipResultError } from "../../src/client/index.js";
import { ServerMetrics } from "../../src/metrics/server-metrics.js";
import { connectClient } from "../audit/helpers.js";
import { type Credential, type Kmipd, startKmipd } from "../helpers/kmipd.js";

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

let kmipd: Kmipd;
let port: number;
let cred: Credential;
let client: KmipClient;

/** The Prometheus text format, version 0.0.4: `# HELP`, `# TYPE`, then `name{labels} value`. */
function parsePrometheus(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("# HELP")) continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]!] = pair[2]!;
    }
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, types };
}

async function scrape(token: string | null = kmipd.root) {
  const headers: Record<string, string> = token === null ? {} : { "X-Vault-Token": token };
  const res = await fetch(`${kmipd.server.urls[0]}/v1/sys/metrics?format=prometheus`, { headers });
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

async function samples(): Promise<Sample[]> {
  const res = await scrape();
  expect(res.status).toBe(200);
  return parsePrometheus(res.text).samples;
}

function value(list: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = list.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return found.length === 0 ? undefined : found.reduce((sum, s) => sum + s.value, 0);
}

async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("condition not met within 2 s");
}

beforeAll(async () => {
  kmipd = await startKmipd();
  port = await kmipd.kmipListener();
  cred = await kmipd.credential("finance", "accounting");
  client = await connectClient(kmipd, cred, port);
  const { uniqueIdentifier } = await client.create({ algorithm: "AES", length: 128, name: "metered" });
  await client.get(uniqueIdentifier);
  await expect(client.get("missing")).rejects.toBeInstanceOf(KmipResultError);
  await client.locate({ attributes: [nameAttribute("metered")] });
  expect((await kmipd.api("GET", "sys/mounts")).status).toBe(200);
});

afterAll(async () => {
  await client?.close();
  await kmipd?.close();
});

describe("sys/metrics", () => {
  it("answers Prometheus text that parses, every metric typed", async () => {
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const { samples: list, types } = parsePrometheus(res.text);
    expect(types.get("kmipd_kmip_operations_total")).toBe("counter");
    expect(types.get("kmipd_kmip_batch_item_duration_seconds")).toBe("histogram");
    expect(types.get("kmipd_kmip_connections_open")).toBe("gauge");
    expect(types.get("kmipd_core_sealed")).toBe("gauge");
    for (const sample of list) {
      const base = sample.name.replace(/_(bucket|sum|count)$/, "");
      expect(types.has(sample.name) || types.has(base), sample.name).toBe(true);
    }
  });

  it("counts KMIP operations by name and result, with their latency", async () => {
    const list = await samples();
    const ok = { status: "Success", reason: "none" };
    expect(value(list, "kmipd_kmip_operations_total", { operation: "Create", ...ok })).toBe(1);
    expect(value(list, "kmipd_kmip_operations_total", { operation: "Get", ...ok })).toBe(1);
    expect(value(list, "kmipd_kmip_operations_total", { operation: "Locate", ...ok })).toBe(1);
    const notFound = { operation: "Get", status: "Operation Failed", reason: "Item Not Found" };
    expect(value(list, "kmipd_kmip_operations_total", notFound)).toBe(1);
    expect(value(list, "kmipd_kmip_batch_item_duration_seconds_count", { operation: "Get" })).toBe(2);
    const buckets = list.filter((s) => s.name === "kmipd_kmip_batch_item_duration_seconds_bucket");
    expect(buckets.some((s) => s.labels.le === "+Inf" && s.labels.operation === "Create")).toBe(true);
  });

  it("reports connections, handshakes, the seal state, API requests and storage calls", async () => {
    const list = await samples();
    expect(value(list, "kmipd_kmip_connections_open")).toBe(1);
    expect(value(list, "kmipd_kmip_handshakes_total")).toBe(1);
    expect(value(list, "kmipd_core_sealed")).toBe(0);
    expect(
      value(list, "kmipd_api_request_duration_seconds_count", { method: "GET", status: "200" }),
    ).toBeGreaterThan(0);
    expect(value(list, "kmipd_api_request_duration_seconds_count", { method: "POST" })).toBeGreaterThan(0);
    expect(
      value(list, "kmipd_storage_operation_duration_seconds_count", { operation: "get" }),
    ).toBeGreaterThan(0);
    const objectCalls = list.filter(
      (s) =>
        s.name === "kmipd_storage_operation_duration_seconds_count" &&
        s.labels.operation?.startsWith("objects."),
    );
    expect(objectCalls.length).toBeGreaterThan(0);
  });

  it("counts a revoked certificate as a handshake failure with its cause", async () => {
    const revoke = `kmip/scope/finance/role/accounting/credential/revoke`;
    const spare = await kmipd.api("POST", "kmip/scope/finance/role/accounting/credential/generate", {
      format: "pem",
    });
    const revoked = spare.body!.data as Credential;
    expect((await kmipd.api("POST", revoke, { serial_number: revoked.serial_number })).status).toBeLessThan(
      300,
    );
    const refused = await connectClient(kmipd, revoked, port);
    await refused.query().catch(() => undefined);
    await eventually(
      async () =>
        value(await samples(), "kmipd_kmip_handshake_failures_total", { cause: "unauthorized" }) === 1,
    );
    await refused.close();
    await eventually(async () => value(await samples(), "kmipd_kmip_connections_open") === 1);
  });

  it("needs a token with read on sys/metrics", async () => {
    expect((await scrape(null)).status).toBe(403);
    await kmipd.api("PUT", "sys/policies/acl/other", {
      policy: 'path "sys/mounts" { capabilities = ["read"] }',
    });
    await kmipd.api("PUT", "sys/policies/acl/metrics", {
      policy: 'path "sys/metrics" { capabilities = ["read"] }',
    });
    const token = async (policy: string) =>
      (await kmipd.api("POST", "auth/token/create", { policies: [policy] })).body!.auth
        .client_token as string;
    expect((await scrape(await token("other"))).status).toBe(403);
    expect((await scrape(await token("metrics"))).status).toBe(200);
  });

  it("answers JSON without format=prometheus, and refuses an unknown format", async () => {
    const res = await kmipd.api("GET", "sys/metrics");
    expect(res.status).toBe(200);
    const names = (res.body!.metrics as { name: string }[]).map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(["kmipd_kmip_operations_total", "kmipd_core_sealed"]));
    expect((await kmipd.api("GET", "sys/metrics?format=xml")).status).toBe(400);
  });

  it("keeps one registry per server", () => {
    const a = new ServerMetrics();
    const b = new ServerMetrics();
    a.connectionOpened();
    expect(a.registry).not.toBe(b.registry);
    expect(a.registry.getSingleMetric("kmipd_kmip_connections_open")).toBeDefined();
  });
});

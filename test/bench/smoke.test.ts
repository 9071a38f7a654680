/**
 * The benchmark's moving parts, end to end and briefly: the ceiling server and the load
 * generator (its own process) against it for one second with two connections, in each mode.
 * Only the shape of the result is checked; speed belongs to `npm run bench`.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Ceiling, startCeiling } from "../../bench/ceiling.js";
import { type LoadMode, type LoadResult, runLoad } from "../../bench/load.js";
import { type ClientTls, clientTlsOf, makePki } from "../../bench/pki.js";
import { fixedGetResponse, getRequest } from "../../bench/requests.js";

let dir: string;
let ceiling: Ceiling;
let tls: ClientTls;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kmipd-bench-smoke-"));
  const pki = await makePki(join(dir, "pki"), "ec");
  tls = await clientTlsOf(pki);
  const [cert, key] = await Promise.all([readFile(pki.serverCert, "utf8"), readFile(pki.serverKey, "utf8")]);
  ceiling = await startCeiling({ cert, key, ca: tls.ca, response: fixedGetResponse() });
});

afterAll(async () => {
  await ceiling?.close();
  await rm(dir, { recursive: true, force: true });
});

function load(mode: LoadMode): Promise<LoadResult> {
  return runLoad({
    host: "127.0.0.1",
    port: ceiling.port,
    tls,
    requests: [{ bytes: getRequest("0123456789abcdefghijABCDEFGHIJkl"), weight: 1 }],
    connections: 2,
    warmupMs: 200,
    durationMs: 1000,
    mode,
  });
}

describe("npm run bench: ceiling and load generator", () => {
  it.each(["keep-alive", "new-connection"] as const)(
    "measures %s requests",
    async (mode) => {
      const r = await load(mode);
      expect(r.ops).toBeGreaterThan(0);
      expect(r.failed).toBe(0);
      expect(r.errors).toBe(0);
      expect(r.resumed).toBe(0);
      expect(r.seconds).toBe(1);
      expect(r.opsPerSecond).toBe(Math.round(r.ops / r.seconds));
      expect(r.p50Ms).toBeGreaterThan(0);
      expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
      expect(r.maxMs).toBeGreaterThanOrEqual(r.p99Ms * 0.98);
      expect(r.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    },
    30_000,
  );

  it("resumes TLS sessions in resumed-connection mode", async () => {
    const r = await load("resumed-connection");
    expect(r.ops).toBeGreaterThan(2);
    expect(r.errors + r.failed).toBe(0);
    // Every connection but each loop's first offers the ticket of the one before.
    expect(r.resumed).toBeGreaterThanOrEqual(r.ops - 4);
  }, 30_000);
});

/**
 * The PyKMIP helpers themselves, on PyKMIP against PyKMIP: the reference server starts on a
 * free port, the client check runs and its per-step results are parsed, matching the runbook
 * (`../shared/clients/pykmip/README.md` §4). These are the helpers the kmipd listener's interop
 * tests reuse with `runPykmipClientCheck({ host, port, ca, cert, key, version })`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PykmipServer, runPykmipClientCheck, startPykmipServer } from "./pykmip.js";
import { freePort } from "./pykmip-env.js";

let server: PykmipServer;

beforeAll(async () => {
  server = await startPykmipServer();
});
afterAll(async () => {
  await server?.stop();
});

function check(version: string, port = server.port) {
  const { ca, clientCert: cert, clientKey: key } = server.pki;
  return runPykmipClientCheck({ host: server.host, port, ca, cert, key, version });
}

describe("PyKMIP client check against PyKMIP's server", () => {
  it("passes every step in KMIP 1.4 and 2.0", async () => {
    const results = await Promise.all([check("1.4"), check("2.0")]);
    for (const r of results) {
      expect({ version: r.version, failed: r.steps.filter((s) => s.status !== "PASS") }).toEqual({
        version: r.version,
        failed: [],
      });
      expect(r).toMatchObject({ exitCode: 0, passed: 18, failed: 0, skipped: 0 });
      expect(r.query?.vendor).toMatch(/^PyKMIP /);
      expect(r.byStep.get?.detail).toBe("SymmetricKey 32 bytes");
    }
  });

  it("reports KMIP 1.0's refusals step by step", async () => {
    const r = await check("1.0");
    expect(r).toMatchObject({ exitCode: 1, passed: 12, failed: 4, skipped: 2 });
    const status = Object.fromEntries(r.steps.map((s) => [s.step, s.status]));
    expect(status).toMatchObject({
      discover_versions: "FAIL",
      encrypt: "FAIL",
      decrypt: "SKIP",
      mac: "FAIL",
      sign: "FAIL",
      signature_verify: "SKIP",
      create_aes256: "PASS",
      destroy: "PASS",
    });
  });

  it("reports a server it cannot reach as a failed connect step", async () => {
    const r = await check("1.4", await freePort());
    expect(r).toMatchObject({ exitCode: 1, passed: 0, failed: 1 });
    expect(r.steps[0]).toMatchObject({ step: "connect", status: "FAIL" });
  });
});

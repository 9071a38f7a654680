/**
 * `kmipd kmip …` spawned as a user would run it, against PyKMIP's server: a key's life from
 * create to destroy with JSON and table output, register and raw output, environment defaults,
 * the certificate and key in one PEM, and the exit statuses (0 success, 1 usage error with
 * nothing sent, 2 the server refused or could not be reached).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/vectors.js";
import { type PykmipServer, startPykmipServer } from "./pykmip.js";
import { freePort } from "./pykmip-env.js";

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let server: PykmipServer;
let scratch: string;
let flags: string[];

beforeAll(async () => {
  server = await startPykmipServer();
  scratch = await mkdtemp(join(tmpdir(), "kmipd-kmip-cli-"));
  const { ca, clientCert, clientKey } = server.pki;
  flags = ["--server", `${server.host}:${server.port}`, "--ca", ca, "--cert", clientCert, "--key", clientKey];
});
afterAll(async () => {
  await server?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** `kmipd kmip <args>` from the sources (tsx), with only `env` of the KMIPD_KMIP_* variables. */
function kmip(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith("KMIPD_KMIP_") && k !== "KMIPD_TEST_FULL_PROGRAM",
    ),
  );
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "test/interop/kmip-cli-main.ts", "kmip", ...args],
    {
      cwd: repoRoot,
      env: { ...base, ...env },
      timeout: 30_000,
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => {
    stdout += c.toString("utf8");
  });
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

function ok(r: Run): string {
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout;
}

const json = (r: Run) => JSON.parse(ok(r)) as Record<string, unknown>;

describe("kmipd kmip against PyKMIP's server", () => {
  it("creates, gets, locates and destroys a key; Get then fails with exit 2", async () => {
    const name = `cli-${process.pid}-${Date.now()}`;
    const created = json(
      await kmip(["create", ...flags, "--length", "256", "--name", name, "--format", "json"]),
    );
    expect(created).toMatchObject({ "Object Type": "Symmetric Key" });
    const uid = String(created["Unique Identifier"]);
    const [got, raw, attrs, located] = await Promise.all([
      kmip(["get", uid, ...flags, "--format", "json"]).then(json),
      kmip(["get", uid, ...flags, "--format", "raw"]).then(ok),
      kmip(["get-attributes", uid, ...flags]).then(ok),
      kmip(["locate", ...flags, "--name", name, "--format", "json"]).then(json),
    ]);
    expect(got).toMatchObject({
      "Unique Identifier": uid,
      "Cryptographic Algorithm": "AES",
      "Key Format Type": "Raw",
    });
    expect(got["Key Material"]).toMatch(/^[0-9a-f]{64}$/);
    expect(raw).toBe(`${got["Key Material"]}\n`);
    expect(attrs).toMatch(/^State\s+Pre-Active$/m);
    expect(attrs).toMatch(/^Cryptographic Usage Mask\s+Encrypt, Decrypt$/m);
    expect(located).toEqual({ "Unique Identifier": [uid] });
    expect(json(await kmip(["destroy", uid, ...flags, "--format", "json"]))).toEqual({
      "Unique Identifier": uid,
    });
    const gone = await kmip(["get", uid, ...flags]);
    expect(gone).toMatchObject({ status: 2, stdout: "" });
    expect(gone.stderr).toBe(`Result Reason: Item Not Found (Could not locate object: ${uid})\n`);
  });

  it("registers secret data, activates and revokes a key, speaks KMIP 2.0", async () => {
    const [secret, key, versions] = await Promise.all([
      kmip([
        "register",
        ...flags,
        "--type",
        "secret-data",
        "--key-hex",
        "68756e74657232",
        "--format",
        "json",
      ]).then(json),
      kmip(["create", ...flags, "--length", "128", "--kmip-version", "2.0", "--format", "json"]).then(json),
      kmip(["discover-versions", ...flags, "--kmip-version", "2.0", "--format", "json"]).then(ok),
    ]);
    expect(JSON.parse(versions)).toEqual(["2.0", "1.4", "1.3", "1.2", "1.1", "1.0"]);
    const [sid, kid] = [String(secret["Unique Identifier"]), String(key["Unique Identifier"])];
    const [raw] = await Promise.all([
      kmip(["get", sid, ...flags, "--format", "raw"]).then(ok),
      kmip(["activate", kid, ...flags]).then(ok),
    ]);
    expect(raw).toBe("68756e74657232\n");
    const revoked = await kmip([
      "revoke",
      kid,
      ...flags,
      "--reason",
      "cessation-of-operation",
      "--kmip-version",
      "2.0",
    ]);
    expect(ok(revoked)).toMatch(/^Unique Identifier\s+\S+$/m);
    const states = ok(await kmip(["get-attributes", kid, ...flags, "--attribute", "State"]));
    expect(states).toMatch(/^State\s+Deactivated$/m);
  });

  it("takes its connection from KMIPD_KMIP_* and a certificate PEM that holds the key", async () => {
    const { ca, clientCert, clientKey } = server.pki;
    const combined = join(scratch, "client-with-key.pem");
    await writeFile(combined, `${await readFile(clientCert, "utf8")}${await readFile(clientKey, "utf8")}`);
    const env = {
      KMIPD_KMIP_SERVER: `${server.host}:${server.port}`,
      KMIPD_KMIP_CA: ca,
      KMIPD_KMIP_CERT: combined,
    };
    const query = json(await kmip(["query", "--format", "json"], env));
    expect(query["Vendor Identification"]).toMatch(/^PyKMIP /);
    expect(query.Operation).toEqual(expect.arrayContaining(["Create", "Get", "Destroy"]));
  });

  it("exits 1 on usage errors and 2 when the server cannot be reached", async () => {
    const port = await freePort();
    const [missing, unknown, unreachable] = await Promise.all([
      kmip(["create", "--length", "256"]),
      kmip(["get", "1", ...flags, "--frobnicate"]),
      kmip(["query", ...flags, "--server", `127.0.0.1:${port}`]),
    ]);
    expect(missing).toEqual({
      status: 1,
      stdout: "",
      stderr: "Error: --server is required (or set KMIPD_KMIP_SERVER)\n",
    });
    expect(unknown).toMatchObject({
      status: 1,
      stdout: "",
      stderr: expect.stringMatching(/^error: unknown option '--frobnicate'/),
    });
    expect(unreachable).toMatchObject({ status: 2, stdout: "" });
    expect(unreachable.stderr).toMatch(/^Error: cannot connect to 127\.0\.0\.1:\d+/);
  });
});

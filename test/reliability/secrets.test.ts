/**
 * No secret at rest in the clear and none in a log line (docs/security.md): the tutorial run
 * whole against `kmipd server -config` at log level trace, with a key-file seal and a file audit
 * device, then every line it logged and every audit record searched for the root token, the
 * unseal key, the client private key, and key material (created and registered, as hex, base64
 * and text). The data folder is 0700, the database files, the key file and the audit log 0600.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KmipClient } from "../../src/client/index.js";
import { apiAt, freePort, type Spawned, spawnKmipd, waitForPort, writeConfig } from "./spawned.js";

const dir = mkdtempSync(join(tmpdir(), "kmipd-secrets-"));
let server: Spawned | undefined;
afterAll(() => {
  if (server?.child.exitCode === null) server.child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** The forms a secret could take in a log: as given, hex, base64 (and base64url). */
function forms(secret: string | Uint8Array): string[] {
  if (typeof secret === "string") return [secret];
  const b = Buffer.from(secret);
  return [b.toString("hex"), b.toString("base64"), b.toString("base64url")];
}

/** The body lines of a PEM (its header and footer are not secret). */
function pemBody(pem: string): string[] {
  return pem.split("\n").filter((l) => l.length > 40 && !l.startsWith("-----"));
}

function mode(path: string): string {
  return (statSync(path).mode & 0o777).toString(8);
}

describe("secrets in logs and at rest", () => {
  it("logs no token, unseal key, private key or key material through a full tutorial run", async () => {
    const apiPort = await freePort();
    const keyFile = join(dir, "unseal.key");
    const auditFile = join(dir, "audit.log");
    const config = writeConfig({ dir, apiPort, keyFile, logLevel: "trace" });
    server = await spawnKmipd(config, apiPort, dir);
    const api = apiAt(`http://127.0.0.1:${apiPort}`);

    const init = await api("POST", "sys/init", { secret_shares: 1, secret_threshold: 1 });
    const root = init.body.root_token as string;
    const unsealKey = init.body.keys_base64[0] as string;
    await api("POST", "sys/unseal", { key: unsealKey });
    const audit = await api(
      "POST",
      "sys/audit/file",
      { type: "file", options: { file_path: auditFile } },
      root,
    );
    expect(audit.status, JSON.stringify(audit.body)).toBeLessThan(300);
    const must = async (method: string, path: string, body?: unknown) => {
      const r = await api(method, path, body, root);
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
      return r.body;
    };
    await must("POST", "sys/mounts/kmip", { type: "kmip" });
    const kmipPort = await freePort();
    await must("POST", "kmip/config", { listen_addrs: `127.0.0.1:${kmipPort}` });
    await must("POST", "kmip/scope/finance");
    await must("POST", "kmip/scope/finance/role/accounting", { operation_all: true });
    const cred = (
      await must("POST", "kmip/scope/finance/role/accounting/credential/generate", { format: "pem" })
    ).data;
    const ca = (await must("GET", "kmip/ca")).data.ca_pem as string;
    await must("LIST", "kmip/scope/finance/role/accounting/credential");
    const child = await must("POST", "auth/token/create", { policies: ["default"] });

    await waitForPort(kmipPort, server);
    const options = { host: "127.0.0.1", port: kmipPort, ca, cert: cred.certificate, key: cred.private_key };
    const client = await KmipClient.connect({ ...options, servername: "localhost", timeoutMs: 15_000 });
    const created = await client.create({ algorithm: "AES", length: 256, name: "payroll" });
    await client.activate(created.uniqueIdentifier);
    const createdKey = (await client.get(created.uniqueIdentifier)).keyMaterial!;
    const material = randomBytes(32);
    const registered = await client.register({
      type: "symmetric-key",
      material,
      algorithm: "AES",
      name: "imported",
    });
    expect(Buffer.from((await client.get(registered.uniqueIdentifier)).keyMaterial!).equals(material)).toBe(
      true,
    );
    const password = "correct horse battery staple 7f3a";
    const secret = await client.register({ type: "secret-data", material: Buffer.from(password) });
    await client.get(secret.uniqueIdentifier);
    await client.getAttributes(created.uniqueIdentifier);
    await client.revoke(created.uniqueIdentifier, "Key Compromise");
    await client.destroy(created.uniqueIdentifier);
    await client.close();
    server.child.kill("SIGTERM");
    expect((await server.exited).code).toBe(0);

    const secrets: [string, string | Uint8Array][] = [
      ["root token", root],
      ["child token", child.auth.client_token],
      ["unseal key", unsealKey],
      ["unseal key (hex)", init.body.keys[0]],
      ["key file", readFileSync(keyFile, "utf8").trim()],
      ["created key material", createdKey],
      ["registered key material", material],
      ["registered password", password],
      ...pemBody(cred.private_key).map((line, i): [string, string] => [`client private key line ${i}`, line]),
    ];
    const output = server.output();
    expect(output.split("\n").filter((l) => l.startsWith("{")).length).toBeGreaterThan(20);
    const auditText = readFileSync(auditFile, "utf8");
    console.info(
      `secrets test: ${output.split("\n").length} log lines, ${auditText.length} audit bytes, ${secrets.length} secrets`,
    );
    expect(auditText.length).toBeGreaterThan(0);
    for (const [what, value] of secrets) {
      for (const form of forms(value)) {
        expect(output.includes(form), `${what} in the server log`).toBe(false);
        expect(auditText.includes(form), `${what} in the audit log`).toBe(false);
      }
    }

    // At rest: a private folder, private files.
    const data = join(dir, "data");
    expect(mode(data)).toBe("700");
    const files = readdirSync(data);
    expect(files).toContain("kmipd.db");
    for (const f of files) expect(mode(join(data, f)), f).toBe("600");
    expect(mode(keyFile)).toBe("600");
    expect(mode(auditFile)).toBe("600");
  }, 90_000);
});

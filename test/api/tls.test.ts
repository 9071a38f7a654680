/** The API over TLS: the LIST rewrite works on the decrypted side of TLS sockets too. */
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import { connect } from "node:tls";
import * as x509 from "@peculiar/x509";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiServer } from "../../src/api/server.js";
import { Core } from "../../src/core/core.js";
import { SqliteStorage } from "../../src/storage/sqlite/sqlite-storage.js";
import { memBackend, parseResponses } from "./helpers.js";

let core: Core;
let storage: SqliteStorage;
let server: ReturnType<typeof createApiServer>;
let port: number;
let root: string;

async function selfSigned(): Promise<{ cert: string; key: string }> {
  x509.cryptoProvider.set(webcrypto as never);
  const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=localhost",
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3_600_000),
    signingAlgorithm: alg,
    keys: keys as never,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: "ip", value: "127.0.0.1" }])],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join("\n")}\n-----END PRIVATE KEY-----\n`;
  return { cert: cert.toString("pem"), key };
}

function tlsExchange(request: string, pieces = 1): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, rejectUnauthorized: false }, async () => {
      const size = Math.ceil(request.length / pieces);
      for (let i = 0; i < request.length; i += size) {
        socket.write(request.slice(i, i + size));
        await new Promise((r) => setTimeout(r, 5));
      }
    });
    const chunks: Buffer[] = [];
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")));
  });
}

beforeAll(async () => {
  storage = SqliteStorage.open({ path: ":memory:" });
  core = await Core.create({ storage, backends: new Map([["mem", memBackend()]]), tidyIntervalMs: 0 });
  root = (await core.initDev()).rootToken;
  await core.enableMount("kv", { type: "mem" });
  server = createApiServer(core);
  ({ port } = await server.listen({ host: "127.0.0.1", port: 0, tls: await selfSigned() }));
});
afterAll(async () => {
  await server.close();
  await core.shutdown();
  await storage.close();
});

describe("TLS listener", () => {
  it("serves https URLs and rewrites LIST on TLS sockets, split or whole", async () => {
    // Pipelined after a GET (RFC 9112 §9.3.2: clients do not pipeline after a non-idempotent method).
    await core.handle({ method: "PUT", path: "kv/data/a", body: { value: "A" }, token: root });
    const get = `GET /v1/kv/data/a HTTP/1.1\r\nHost: x\r\nX-Vault-Token: ${root}\r\n\r\n`;
    const list = `LIST /v1/kv/data HTTP/1.1\r\nHost: x\r\nX-Vault-Token: ${root}\r\nConnection: close\r\n\r\n`;
    for (const pieces of [1, 7]) {
      const responses = parseResponses(await tlsExchange(get + list, pieces));
      expect(
        responses.map((r) => r.status),
        JSON.stringify(responses),
      ).toEqual([200, 200]);
      expect(JSON.parse(responses[1]!.body).data.keys).toEqual(["a"]);
    }
  });
});

/** The read API for the KMIP service: resolveClient, trusted CAs, server credentials, onChange. */

import { createPrivateKey, X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildLogicalRequest } from "../../../src/api/framework/request.js";
import { createKmipBackend } from "../../../src/engine/kmip/backend.js";
import type { KmipChange } from "../../../src/engine/kmip/events.js";
import { type ClientLookup, legacyCaName } from "../../../src/engine/kmip/state.js";
import { Operation } from "../../../src/kmip/generated/enums.js";
import { verifyPeerCertificate } from "../../../src/pki/index.js";
import { type Engine, newEngine, openssl, opensslVerify } from "./harness.js";

const base = "scope/finance/role/accounting";

async function issued(kmip: Engine, path = base): Promise<ClientLookup & { certificate: string }> {
  const data = await kmip.write(`${path}/credential/generate`);
  const certificate = data?.certificate as string;
  const fields = new X509Certificate(certificate).subject.split("\n").map((line) => line.split("="));
  const subject = Object.fromEntries(fields.map(([key = "", value = ""]) => [key, value]));
  return { serialDecimal: data?.serial_number as string, issuerCa: legacyCaName, subject, certificate };
}

async function configured(): Promise<Engine> {
  const kmip = await newEngine();
  await kmip.write("config", {});
  await kmip.write("scope/finance");
  await kmip.write(base, { operation_get: true, operation_create_keypair: true });
  return kmip;
}

describe("KmipEngineState.resolveClient", () => {
  it("maps a generated credential to its scope, role and operations", async () => {
    const kmip = await configured();
    const lookup = await issued(kmip);
    const identity = await kmip.backend.state.resolveClient(lookup);
    expect(identity).toMatchObject({ scopeName: "finance", roleName: "accounting" });
    expect(identity?.scopeId).toBe(lookup.subject.OU);
    expect(identity?.roleId).toBe(lookup.subject.CN);
    expect([...(identity?.operations ?? [])].sort()).toEqual(["CreateKeyPair", "Get"]);

    await kmip.write(base, { operation_all: true });
    // operation_all grants every KMIP operation, not only Vault's 26 flags.
    expect((await kmip.backend.state.resolveClient(lookup))?.operations.size).toBe(
      Object.keys(Operation).length,
    );
    await kmip.write(base, { operation_none: true });
    expect((await kmip.backend.state.resolveClient(lookup))?.operations.size).toBe(0);
  });

  it("works with what verifyPeerCertificate reports", async () => {
    const kmip = await configured();
    const lookup = await issued(kmip);
    const trusted = await kmip.backend.state.trustedClientCas("legacy");
    const der = new X509Certificate(lookup.certificate).raw;
    const peer = verifyPeerCertificate(new Uint8Array(der), trusted, new Date());
    const identity = await kmip.backend.state.resolveClient({
      serialDecimal: peer.serialNumber,
      issuerCa: peer.caName,
      subject: peer.subjectFields,
    });
    expect(identity?.roleName).toBe("accounting");
  });

  it("returns undefined after revoke, role delete, scope delete, and for wrong inputs", async () => {
    const kmip = await configured();
    const state = kmip.backend.state;
    const revoked = await issued(kmip);
    await kmip.write(`${base}/credential/revoke`, { serial_number: revoked.serialDecimal });
    expect(await state.resolveClient(revoked)).toBeUndefined();

    const roleGone = await issued(kmip);
    expect(await state.resolveClient({ ...roleGone, issuerCa: "other" })).toBeUndefined();
    expect(
      await state.resolveClient({ ...roleGone, subject: { ...roleGone.subject, CN: "x" } }),
    ).toBeUndefined();
    expect(await state.resolveClient({ ...roleGone, serialDecimal: "12" })).toBeUndefined();
    expect(await state.resolveClient({ ...roleGone, serialDecimal: "../x" })).toBeUndefined();
    await kmip.remove(base);
    await kmip.write(base, { operation_all: true }); // same name, new id
    expect(await state.resolveClient(roleGone)).toBeUndefined();

    const scopeGone = await issued(kmip);
    expect(await state.resolveClient(scopeGone)).toBeDefined();
    await kmip.remove("scope/finance", { force: true });
    await kmip.write("scope/finance");
    await kmip.write(base, { operation_all: true });
    expect(await state.resolveClient(scopeGone)).toBeUndefined();
  });

  it("stops mapping legacy credentials once the legacy CA is regenerated", async () => {
    const kmip = await configured();
    const lookup = await issued(kmip);
    await kmip.write("config", { tls_ca_key_bits: 384 });
    expect(await kmip.backend.state.resolveClient(lookup)).toBeUndefined();
    const caPem = (await kmip.read("ca")).ca_pem as string;
    expect(() => opensslVerify(caPem, lookup.certificate)).toThrow();
  });

  it("maps imported-CA clients by subject field or fixed name", async () => {
    const kmip = await configured();
    const caPem = openssl(
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "/dev/null",
      ].concat(["-subj", "/CN=External CA", "-days", "3"]),
    ).trim();
    await kmip.write("ca/ext/import", { ca_pem: caPem, scope_field: "O", role_field: "CN" });
    const state = kmip.backend.state;
    const lookup = { serialDecimal: "99", issuerCa: "ext", subject: { O: "finance", CN: "accounting" } };
    expect((await state.resolveClient(lookup))?.roleName).toBe("accounting");
    expect(
      await state.resolveClient({ ...lookup, subject: { O: ["finance", "x"], CN: "accounting" } }),
    ).toBeUndefined();
    expect(await state.resolveClient({ ...lookup, subject: { CN: "accounting" } })).toBeUndefined();
    expect(
      await state.resolveClient({ ...lookup, subject: { O: "nope", CN: "accounting" } }),
    ).toBeUndefined();
    await kmip.write("ca/ext", { scope_name: "finance", role_name: "accounting" });
    expect((await state.resolveClient({ ...lookup, subject: {} }))?.scopeName).toBe("finance");
  });
});

describe("KmipEngineState listeners, trust and server credentials", () => {
  it("trusts the legacy CA on the legacy listener and the configured CAs on named ones", async () => {
    const kmip = await configured();
    await kmip.write("ca/a/generate", { key_type: "ec", key_bits: 256 });
    await kmip.write("ca/b/generate", { key_type: "ec", key_bits: 256 });
    await kmip.write("listener/l", {
      ca: "a",
      address: ":5697",
      additional_client_cas: "b",
      also_use_legacy_ca: true,
    });
    const state = kmip.backend.state;
    expect((await state.trustedClientCas("legacy")).map((ca) => ca.name)).toEqual([legacyCaName]);
    const [listener] = await state.listListeners();
    expect(listener?.name).toBe("l");
    if (!listener) return;
    const trusted = await state.trustedClientCas(listener);
    expect(trusted.map((ca) => ca.name)).toEqual([legacyCaName, "a", "b"]);
    expect(trusted.every((ca) => ca.certificatesPem.length === 2)).toBe(true);
  });

  it("issues the legacy server certificate and caches it until the config changes", async () => {
    const kmip = await configured();
    const state = kmip.backend.state;
    await kmip.write("config", {
      server_hostnames: "kmip.example.com,alt.example.com",
      server_ips: "10.1.2.3",
    });
    const first = await state.serverCredentials("legacy");
    const x509 = new X509Certificate(first.certificatePem);
    expect(x509.subject).toBe("CN=kmip.example.com");
    for (const name of [
      "DNS:kmip.example.com",
      "DNS:alt.example.com",
      "IP Address:10.1.2.3",
      "IP Address:127.0.0.1",
    ]) {
      expect(x509.subjectAltName).toContain(name);
    }
    expect(x509.keyUsage).toContain("1.3.6.1.5.5.7.3.1");
    expect(opensslVerify((await kmip.read("ca")).ca_pem as string, first.certificatePem)).toContain("OK");
    expect(x509.checkPrivateKey(createPrivateKey(first.privateKeyPem))).toBe(true);
    expect((await state.serverCredentials("legacy")).certificatePem).toBe(first.certificatePem);
    await kmip.write("config", { server_ips: "10.1.2.4" });
    const second = await state.serverCredentials("legacy");
    expect(second.certificatePem).not.toBe(first.certificatePem);
    expect(new X509Certificate(second.certificatePem).subjectAltName).toContain("IP Address:10.1.2.4");
  });

  it("refuses a server certificate before the config is written", async () => {
    const kmip = await newEngine();
    await expect(kmip.backend.state.serverCredentials("legacy")).rejects.toThrow(/not configured/);
    expect(await kmip.backend.state.getConfig()).toBeUndefined();
    expect(await kmip.backend.state.trustedClientCas("legacy")).toEqual([]);
  });
});

describe("KmipEngineState.onChange", () => {
  it("announces each kind of change after it is committed, and nothing for rejected writes", async () => {
    const kmip = await newEngine();
    const seen: KmipChange[] = [];
    const stop = kmip.backend.state.onChange((change) => seen.push(change));
    await kmip.write("config", {});
    await kmip.write("ca/a/generate", { key_type: "ec", key_bits: 256 });
    await kmip.write("listener/l", { ca: "a", address: ":5697" });
    await kmip.write("scope/s");
    await kmip.write("scope/s/role/r", { operation_all: true });
    await kmip.write("scope/s/role/r/credential/generate");
    await kmip.write("scope/s/role/r", { operation_all: true, operation_get: true }).catch(() => undefined);
    expect(seen.map((change) => change.kind)).toEqual([
      "config",
      "ca",
      "listener",
      "scope",
      "role",
      "credential",
    ]);
    expect(seen[4]).toEqual({ kind: "role", scope: "s", role: "r" });
    stop();
    await kmip.remove("scope/s/role/r");
    expect(seen).toHaveLength(6);
  });

  it("notices commits made by another node through the generation marker", async () => {
    const kmip = await newEngine({ watchIntervalMs: 20 });
    await kmip.backend.initialize?.();
    const seen: KmipChange[] = [];
    kmip.backend.state.onChange((change) => seen.push(change));
    await new Promise((resolve) => setTimeout(resolve, 60));
    // Another node writes to the same database: simulate with a second backend on the same storage.
    const other = await createKmipBackend({
      mountPath: "kmip/",
      mountUuid: "mount-uuid",
      storage: kmip.storage,
      now: () => new Date(),
    });
    const scopePath = other.paths.find((path) => path.pattern === "scope/:scope");
    const identity = { accessor: "a", policies: [], isRoot: true };
    await scopePath?.operations.update?.(
      buildLogicalRequest(scopePath, {
        operation: "update",
        path: "scope/x",
        params: { scope: "x" },
        raw: {},
        identity,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await kmip.backend.cleanup?.();
    expect(seen).toContainEqual({ kind: "external" });
  });
});

/**
 * Who gets in: mutual TLS against the engine's CAs, identity from the certificate, revocation and
 * role changes reaching live connections within a second, no service while sealed, and the
 * handshake and idle deadlines.
 */
import { X509Certificate } from "node:crypto";
import { connect as tcpConnect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Operation, ResultReason, ResultStatus } from "../../src/kmip/generated/enums.js";
import { Tag } from "../../src/kmip/generated/tags.js";
import { generateCaHierarchy, issueClientCertificate } from "../../src/pki/index.js";
import { expectRefused, TestClient } from "./client.js";
import { anotherNodeRevoker, base, type Fixture, startFixture } from "./fixture.js";
import { activate, field, locate, request } from "./ttlv-builders.js";

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const locate14 = request([1, 4], [locate()]);

describe("handshake and identity", () => {
  it("serves a client with a certificate issued for its scope and role", async () => {
    fx = await startFixture();
    const cred = await fx.credential();
    const client = await TestClient.connect(fx.port(), cred);
    const response = await client.roundTrip(locate14);
    expect(field(response.items[0], Tag.ResultStatus)).toBe(ResultStatus.Success);
    expect(fx.seen[0]).toMatchObject({ operation: "Locate", roleName: "accounting", version: 14 });
    client.close();
  });

  it("refuses a client without a certificate, and one from another CA", async () => {
    fx = await startFixture();
    const cred = await fx.credential();
    expect(await expectRefused(fx.port(), { ca: cred.ca }, locate14)).toBeDefined();

    const now = new Date();
    const other = await generateCaHierarchy({ keyType: "ec", keyBits: 256, now });
    // Same subject (scope and role ids) as the real credential, but signed by a stranger.
    const subject = new X509Certificate(cred.cert!).subject;
    const forged = await issueClientCertificate({
      ca: other,
      scopeId: /OU=(\S+)/.exec(subject)?.[1] ?? "x",
      roleId: /CN=(\S+)/.exec(subject)?.[1] ?? "y",
      keyType: "ec",
      keyBits: 256,
      ttlSeconds: 3600,
      now,
    });
    const refused = await expectRefused(
      fx.port(),
      { ca: cred.ca, cert: forged.certificatePem, key: forged.privateKeyPem },
      locate14,
    );
    expect(refused).toBeDefined();
    expect(fx.seen).toEqual([]);
    expect(fx.logs.some((l) => l.msg === "KMIP TLS handshake failed")).toBe(true);
  });

  it("closes a connection whose certificate was revoked before it connected", async () => {
    fx = await startFixture();
    const cred = await fx.credential();
    await fx.engine.write(`${base}/credential/revoke`, { serial_number: cred.serial });
    expect(await expectRefused(fx.port(), cred, locate14)).toBe("closed");
    expect(fx.seen).toEqual([]);
  });

  it("answers Permission Denied and closes when the certificate is revoked on a live connection", async () => {
    fx = await startFixture();
    const cred = await fx.credential();
    const client = await TestClient.connect(fx.port(), cred);
    expect(field((await client.roundTrip(locate14)).items[0], Tag.ResultStatus)).toBe(ResultStatus.Success);

    await fx.engine.write(`${base}/credential/revoke`, { serial_number: cred.serial });
    const started = Date.now();
    const denied = await client.roundTrip(request([1, 4], [locate(1), activate(undefined, 2)]));
    expect(denied.items.map((i) => field(i, Tag.ResultReason))).toEqual([
      ResultReason.PermissionDenied,
      ResultReason.PermissionDenied,
    ]);
    expect(denied.items.map((i) => field(i, Tag.Operation))).toEqual([Operation.Locate, Operation.Activate]);
    expect(await client.closesWithin(1000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("closes an idle connection within a second of its role being deleted", async () => {
    fx = await startFixture();
    const client = await TestClient.connect(fx.port(), await fx.credential());
    await client.roundTrip(locate14);
    await fx.engine.remove(base);
    expect(await client.closesWithin(1000)).toBe(true);
  });

  it("closes a live connection within a second of a revoke made by another node", async () => {
    fx = await startFixture();
    const cred = await fx.credential();
    const client = await TestClient.connect(fx.port(), cred);
    await client.roundTrip(locate14);
    await fx.engine.backend.initialize?.(); // our node polls the shared storage every 500 ms
    try {
      // Another node: its own engine over the same database, revoking through its own handler.
      const revoke = await anotherNodeRevoker(fx);
      const started = Date.now();
      await revoke(cred.serial);
      expect(await client.closesWithin(1500)).toBe(true);
      expect(Date.now() - started).toBeLessThan(1200);
    } finally {
      await fx.engine.backend.cleanup?.();
    }
  });

  it("applies a role change to the next request of a live connection", async () => {
    fx = await startFixture();
    const client = await TestClient.connect(fx.port(), await fx.credential());
    expect(field((await client.roundTrip(locate14)).items[0], Tag.ResultStatus)).toBe(ResultStatus.Success);
    await fx.engine.write(base, { operation_none: true });
    await fx.engine.write(base, { operation_activate: true });
    const after = await client.roundTrip(locate14);
    expect(field(after.items[0], Tag.ResultReason)).toBe(ResultReason.PermissionDenied);
    expect(field(after.items[0], Tag.ResultMessage)).toMatch(/may not perform Locate/);
    client.close();
  });

  it("completes no handshake while the core is sealed", async () => {
    fx = await startFixture();
    const cred = await fx.credential();
    fx.flags.sealed = true;
    expect(await expectRefused(fx.port(), cred, locate14)).toBe("handshake");
    fx.flags.sealed = false;
    const client = await TestClient.connect(fx.port(), cred);
    expect(field((await client.roundTrip(locate14)).items[0], Tag.ResultStatus)).toBe(ResultStatus.Success);
    // Sealed while connected: the next request is answered General Failure, then the connection closes.
    fx.flags.sealed = true;
    const sealed = await client.roundTrip(locate14);
    expect(field(sealed.items[0], Tag.ResultReason)).toBe(ResultReason.GeneralFailure);
    expect(await client.closesWithin(1000)).toBe(true);
  });

  it("drops a connection that never finishes its handshake, and one that stays idle", async () => {
    fx = await startFixture({ limits: { handshakeTimeoutMs: 200, idleTimeoutMs: 300 } });
    const raw = tcpConnect({ host: "127.0.0.1", port: fx.port() });
    raw.on("error", () => undefined);
    const rawClosed = new Promise<number>((resolve) => {
      const started = Date.now();
      raw.once("close", () => resolve(Date.now() - started));
    });
    expect(await rawClosed).toBeLessThan(2000);

    const client = await TestClient.connect(fx.port(), await fx.credential());
    await client.roundTrip(locate14);
    expect(await client.closesWithin(2000)).toBe(true);
    expect(fx.logs.some((l) => l.obj.reason === "idle timeout")).toBe(true);
  });
});

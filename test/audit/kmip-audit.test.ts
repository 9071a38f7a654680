/**
 * The audit log of KMIP batch items on a live server: a `kmip-request` and a `kmip-response`
 * record per item (who: scope, role, certificate serial, address; what: operation, Unique
 * Identifier, attribute names; the result), never key material, and fail closed: while no device
 * can write, items fail with General Failure without running.
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "../../src/audit/chain.js";
import { nameAttribute } from "../../src/client/attributes.js";
import { type KmipClient, KmipResultError } from "../../src/client/index.js";
import { Operation } from "../../src/kmip/generated/enums.js";
import { type Credential, type Kmipd, startKmipd } from "../helpers/kmipd.js";
import { type AuditRecord, connectClient, enableFileDevice, readRecords } from "./helpers.js";

let kmipd: Kmipd;
let cred: Credential;
let client: KmipClient;
let logPath: string;

/** The records of one operation's items, in file order. */
function kmipRecords(operation: string): AuditRecord[] {
  return readRecords(logPath).filter((r) => r.type.startsWith("kmip-") && r.request.operation === operation);
}

beforeAll(async () => {
  kmipd = await startKmipd();
  logPath = join(kmipd.dir, "audit.log");
  const port = await kmipd.kmipListener();
  cred = await kmipd.credential("finance", "accounting");
  await enableFileDevice(kmipd, "file", logPath);
  client = await connectClient(kmipd, cred, port);
});

afterAll(async () => {
  await client?.close();
  await kmipd?.close();
});

describe("the KMIP audit log", () => {
  let uid: string;

  it("records a Create as a request and a response: who, what and the result", async () => {
    uid = (await client.create({ algorithm: "AES", length: 256, name: "audited-key" })).uniqueIdentifier;
    const records = kmipRecords("Create");
    expect(records.map((r) => r.type)).toEqual(["kmip-request", "kmip-response"]);
    const [request, response] = records as [AuditRecord, AuditRecord];
    expect(request.request.id).toBe(response.request.id);
    for (const record of records) {
      expect(record.auth).toEqual({
        scope: "finance",
        role: "accounting",
        certificate_serial: cred.serial_number,
      });
      expect(record.request).toMatchObject({ protocol_version: "1.4", operation: "Create" });
      expect(record.request.remote_address).toMatch(/127\.0\.0\.1/);
      expect(record.request.attribute_names).toEqual(
        expect.arrayContaining(["Cryptographic Algorithm", "Cryptographic Length", "Name"]),
      );
    }
    expect(response.response).toEqual({ result_status: "Success", unique_identifier: uid });
  });

  it("records a Get by Unique Identifier and never the key material it returns", async () => {
    const got = await client.get(uid);
    const material = Buffer.from(got.keyMaterial!);
    expect(material.length).toBe(32);
    const records = kmipRecords("Get");
    expect(records.map((r) => r.type)).toEqual(["kmip-request", "kmip-response"]);
    expect(records[0]!.request.unique_identifier).toBe(uid);
    const text = readFileSync(logPath, "utf8");
    for (const form of [
      material.toString("hex"),
      material.toString("hex").toUpperCase(),
      material.toString("base64"),
    ]) {
      expect(text).not.toContain(form);
    }
  });

  it("names the attributes a Get Attributes asks for, and records failures with their reason", async () => {
    await client.getAttributes(uid, ["Cryptographic Algorithm", "State"]);
    const [request] = kmipRecords("Get Attributes");
    expect(request!.request.attribute_names).toEqual(["Cryptographic Algorithm", "State"]);
    await expect(client.get("no-such-object")).rejects.toBeInstanceOf(KmipResultError);
    const failed = kmipRecords("Get").at(-1)!;
    expect(failed.response).toMatchObject({
      result_status: "Operation Failed",
      result_reason: "Item Not Found",
    });
  });

  it("records every item of a batch once", async () => {
    const before = readRecords(logPath).length;
    const reply = await client.request([
      { operation: Operation.GetAttributeList, payload: { uniqueIdentifier: uid } },
      { operation: Operation.GetAttributeList, payload: { uniqueIdentifier: uid } },
    ]);
    expect(reply.batchItems.length).toBe(2);
    const added = readRecords(logPath).slice(before);
    expect(added.map((r) => r.type)).toEqual([
      "kmip-request",
      "kmip-response",
      "kmip-request",
      "kmip-response",
    ]);
    expect(new Set(added.map((r) => r.request.id)).size).toBe(2);
  });

  it("keeps a chain that verifies", () => {
    const report = verifyChain(readFileSync(logPath, "utf8"));
    expect(report.ok, report.reason).toBe(true);
  });

  it("fails items closed while no device can write, and serves them again once it is disabled", async () => {
    rmSync(logPath);
    mkdirSync(logPath);
    const refused = await client.create({ algorithm: "AES", length: 128, name: "unaudited" }).catch((e) => e);
    expect(refused).toBeInstanceOf(KmipResultError);
    expect((refused as KmipResultError).message).toMatch(/General Failure|audit log unavailable/);
    expect((await kmipd.api("DELETE", "sys/audit/file")).status).toBe(204);
    const located = await client.locate({ attributes: [nameAttribute("unaudited")] });
    expect(located.uniqueIdentifiers).toEqual([]);
    await client.create({ algorithm: "AES", length: 128, name: "after" });
  });
});

/**
 * kmipd's KMIP client against PyKMIP's server (python3-pykmip 0.10.0), an independent
 * implementation, in protocol versions 1.0, 1.1, 1.2, 1.4 and 2.0: the life of a symmetric key
 * (create, attributes, locate by name, activate, get, revoke, destroy), register, attribute
 * changes, batches, and the failures PyKMIP answers with, mapped to KmipResultError.
 */
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  attributesJson,
  customAttribute,
  KmipClient,
  KmipRequestError,
  KmipResultError,
  nameAttribute,
} from "../../src/client/index.js";
import { Operation, ResultReason, ResultStatus } from "../../src/kmip/generated/enums.js";
import type { KmipVersion } from "../../src/kmip/version.js";
import { type PykmipServer, startPykmipServer } from "./pykmip.js";

let server: PykmipServer;
let pem: { ca: string; cert: string; key: string };

beforeAll(async () => {
  server = await startPykmipServer();
  const [ca, cert, key] = await Promise.all(
    [server.pki.ca, server.pki.clientCert, server.pki.clientKey].map((f) => readFile(f, "utf8")),
  );
  pem = { ca: ca!, cert: cert!, key: key! };
});
afterAll(async () => {
  await server?.stop();
});

function connect(version: KmipVersion): Promise<KmipClient> {
  return KmipClient.connect({ host: server.host, port: server.port, ...pem, version, timeoutMs: 10_000 });
}

/** The error a call fails with (the test fails if it succeeds). */
async function failure(p: Promise<unknown>): Promise<KmipResultError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(KmipResultError);
  return e as KmipResultError;
}

describe.each([10, 11, 12, 14, 20] as const)("against PyKMIP's server, KMIP %i", (version) => {
  let client: KmipClient;
  let uid = "";
  const name = `kmipd-interop-${version}-${process.pid}-${Date.now()}`;
  const state = async () => attributesJson(await client.getAttributes(uid, ["State"]), version).State;

  beforeAll(async () => {
    client = await connect(version);
  });
  afterAll(async () => {
    await client?.close();
  });

  it("discovers versions (KMIP 1.1+; refused locally for 1.0, which lacks the operation)", async () => {
    if (version === 10) {
      await expect(client.discoverVersions()).rejects.toBeInstanceOf(KmipRequestError);
      return;
    }
    const versions = (await client.discoverVersions()).map((v) => v.major * 10 + v.minor);
    expect(versions).toEqual([20, 14, 13, 12, 11, 10]);
  });

  it("queries operations and the vendor", async () => {
    const q = await client.query();
    expect(q.vendorIdentification).toMatch(/^PyKMIP /);
    expect(q.operation).toEqual(
      expect.arrayContaining([Operation.Create, Operation.Get, Operation.Locate, Operation.Destroy]),
    );
    expect(q.operation?.includes(Operation.DiscoverVersions)).toBe(version >= 11);
  });

  it("creates an AES-256 key and reads its attributes", async () => {
    const created = await client.create({
      algorithm: "AES",
      length: 256,
      usageMask: "Encrypt Decrypt",
      name,
    });
    expect(created.objectType).toBe(2);
    uid = created.uniqueIdentifier;
    const attrs = attributesJson(await client.getAttributes(uid), version);
    expect(attrs).toMatchObject({
      "Unique Identifier": uid,
      Name: name,
      "Object Type": "Symmetric Key",
      "Cryptographic Algorithm": "AES",
      "Cryptographic Length": 256,
      "Cryptographic Usage Mask": ["Encrypt", "Decrypt"],
      State: "Pre-Active",
    });
    expect(await client.getAttributeList(uid)).toEqual(
      expect.arrayContaining(["State", "Name", "Cryptographic Length"]),
    );
  });

  it("locates the key by its Name", async () => {
    expect((await client.locate({ attributes: [nameAttribute(name)] })).uniqueIdentifiers).toEqual([uid]);
  });

  it("activates and gets the key material", async () => {
    expect(await client.activate(uid)).toBe(uid);
    expect(await state()).toBe("Active");
    const got = await client.get(uid);
    expect(got).toMatchObject({ uniqueIdentifier: uid, objectType: 2 });
    expect(got.keyMaterial).toHaveLength(32);
  });

  it("registers a symmetric key and secret data, and gets the same bytes back", async () => {
    const material = new Uint8Array(16).map((_, i) => i * 7);
    const key = await client.register({ type: "symmetric-key", material, algorithm: "AES" });
    expect((await client.get(key.uniqueIdentifier)).keyMaterial).toEqual(material);
    const secret = await client.register({
      type: "secret-data",
      material: new TextEncoder().encode("hunter2"),
    });
    const back = await client.get(secret.uniqueIdentifier);
    expect(back.objectType).toBe(7);
    expect(Buffer.from(back.keyMaterial ?? []).toString()).toBe("hunter2");
    await Promise.all([client.destroy(key.uniqueIdentifier), client.destroy(secret.uniqueIdentifier)]);
  });

  it("modifies the Name (2.x names the current value)", async () => {
    const renamed = `${name}-renamed`;
    const current = version >= 20 ? nameAttribute(name) : undefined;
    await client.modifyAttribute(uid, nameAttribute(renamed), current);
    expect(attributesJson(await client.getAttributes(uid, ["Name"]), version).Name).toBe(renamed);
    await client.modifyAttribute(
      uid,
      nameAttribute(name),
      version >= 20 ? nameAttribute(renamed) : undefined,
    );
  });

  it("maps PyKMIP's refusals to Result Reasons", async () => {
    expect((await failure(client.get("no-such-object"))).resultReason).toBe(ResultReason.ItemNotFound);
    // Destroy of an Active object is refused (revoke first).
    expect((await failure(client.destroy(uid))).resultStatus).toBe(ResultStatus.OperationFailed);
    expect((await failure(client.rekey(uid))).resultReason).toBe(ResultReason.OperationNotSupported);
    // PyKMIP does not implement Add Attribute, and refuses custom attributes on Create.
    await failure(client.addAttribute(uid, { name: "Contact Information", value: "ops" }));
    await failure(
      client.create({ algorithm: "AES", length: 128, attributes: [customAttribute("x-Owner", "a")] }),
    );
  });

  it("batches with Continue and Stop, answering each item by its Unique Batch Item ID", async () => {
    const get = (u: string) => ({ operation: Operation.Get, payload: { uniqueIdentifier: u } });
    const items = [get(uid), get("missing"), get(uid)];
    const cont = await client.request(items, { batchErrorContinuationOption: 1 });
    expect(cont.batchItems.map((i) => [i.resultStatus, i.resultReason])).toEqual([
      [0, undefined],
      [1, ResultReason.ItemNotFound],
      [0, undefined],
    ]);
    expect(cont.batchItems.every((i) => i.uniqueBatchItemID?.length === 4)).toBe(true);
    const stop = await client.request(items, { batchErrorContinuationOption: 2 });
    expect(stop.batchItems.map((i) => i.resultStatus)).toEqual([0, 1]);
    const tiny = await client.request([get(uid)], { maximumResponseSize: 64 });
    expect(tiny.batchItems[0]?.resultReason).toBe(ResultReason.ResponseTooLarge);
  });

  it("queues concurrent calls on one connection", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => client.get(uid)));
    expect(new Set(results.map((r) => Buffer.from(r.keyMaterial ?? []).toString("hex"))).size).toBe(1);
  });

  it("revokes, then destroys; the key is gone", async () => {
    await client.revoke(uid, "Cessation of Operation", { message: "interop test done" });
    expect(await state()).toBe("Deactivated");
    expect(await client.destroy(uid)).toBe(uid);
    expect((await failure(client.get(uid))).resultReason).toBe(ResultReason.ItemNotFound);
  });
});

describe("against PyKMIP's server, other connection forms", () => {
  it("accepts the certificate and key in one PEM file", async () => {
    const client = await KmipClient.connect({
      host: server.host,
      port: server.port,
      ca: pem.ca,
      cert: `${pem.cert}${pem.key}`,
    });
    expect((await client.query()).vendorIdentification).toMatch(/PyKMIP/);
    await client.close();
  });
});

/**
 * The audit log of an Undo batch (Batch Error Continuation Option Undo, KMIP 1.4 §6.13) says
 * what the client was told: an item performed and then undone is recorded Operation Undone, never
 * Success, and a batch that commits is recorded Success; each item has one response record, and
 * the hash chain holds.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "../../src/audit/chain.js";
import type { KmipClient } from "../../src/client/index.js";
import { createPayload } from "../../src/client/requests.js";
import { BatchErrorContinuationOption, Operation, ResultStatus } from "../../src/kmip/generated/enums.js";
import { type Kmipd, startKmipd } from "../helpers/kmipd.js";
import { type AuditRecord, connectClient, enableFileDevice, readRecords } from "./helpers.js";

let kmipd: Kmipd;
let client: KmipClient;
let logPath: string;

beforeAll(async () => {
  kmipd = await startKmipd();
  logPath = join(kmipd.dir, "audit.log");
  const port = await kmipd.kmipListener();
  const cred = await kmipd.credential("finance", "accounting");
  await enableFileDevice(kmipd, "file", logPath);
  client = await connectClient(kmipd, cred, port);
});

afterAll(async () => {
  await client?.close();
  await kmipd?.close();
});

const undo = { batchErrorContinuationOption: BatchErrorContinuationOption.Undo };
const create = (name: string) => ({
  operation: Operation.Create,
  payload: createPayload({ algorithm: "AES", length: 128, name }),
});

/** The response records of one server correlation value's items, by operation. */
function responsesOf(records: AuditRecord[], operation: string): AuditRecord[] {
  return records.filter((r) => r.type === "kmip-response" && r.request.operation === operation);
}

describe("the audit of an Undo batch", () => {
  it("records an item undone by a later failure as Operation Undone, once", async () => {
    const destroyMissing = { operation: Operation.Destroy, payload: { uniqueIdentifier: "no-such-object" } };
    const r = await client.request([create("undone-key"), destroyMissing], undo);
    expect(r.batchItems.map((i) => i.resultStatus)).toEqual([
      ResultStatus.OperationUndone,
      ResultStatus.OperationFailed,
    ]);
    const records = readRecords(logPath);
    const created = responsesOf(records, "Create");
    expect(created.map((c) => c.response.result_status)).toEqual(["Operation Undone"]);
    // The request and its one response are paired; nothing recorded the undone Create as Success.
    const requests = records.filter((x) => x.type === "kmip-request" && x.request.operation === "Create");
    expect(requests.map((x) => x.request.id)).toEqual([created[0]!.request.id]);
    expect(responsesOf(records, "Destroy").map((d) => d.response.result_status)).toEqual([
      "Operation Failed",
    ]);
    expect(await client.locate({ attributes: [] }).then((l) => l.uniqueIdentifiers)).toEqual([]);
  });

  it("records the items of a batch that commits as Success, in item order", async () => {
    const r = await client.request([create("kept-1"), create("kept-2")], undo);
    expect(r.batchItems.map((i) => i.resultStatus)).toEqual([ResultStatus.Success, ResultStatus.Success]);
    const created = responsesOf(readRecords(logPath), "Create").slice(1);
    expect(created.map((c) => c.response.result_status)).toEqual(["Success", "Success"]);
    const uids = r.batchItems.map((i) => (i.payload as { uniqueIdentifier: string }).uniqueIdentifier);
    expect(created.map((c) => c.response.unique_identifier)).toEqual(uids);
  });

  it("keeps the hash chain whole", () => {
    const report = verifyChain(readFileSync(logPath, "utf8"));
    expect(report.ok, report.reason).toBe(true);
  });
});

/**
 * What clients are told when the database cannot be reached (StorageError kind "unavailable"):
 * the API a 503, which clients and load balancers retry, and a KMIP batch item General Failure
 * saying so; the database's address stays in the log, with the reference both carry.
 */
import { describe, expect, it } from "vitest";
import { renderError } from "../../src/api/envelope.js";
import type { Logger } from "../../src/core/logger.js";
import { Operation, ResultReason, ResultStatus } from "../../src/kmip/generated/enums.js";
import { failedItem, type ItemRun } from "../../src/server/batch-item.js";
import { StorageError } from "../../src/storage/types.js";

const down = () =>
  new StorageError(
    "PostgreSQL at postgres://kmipd@db.internal:5432/kmipd is unavailable: ECONNREFUSED",
    "unavailable",
  );

function recorder(): Logger & { lines: { obj: object; msg: string | undefined }[] } {
  const lines: { obj: object; msg: string | undefined }[] = [];
  const log = (obj: object, msg?: string) => void lines.push({ obj, msg });
  return { lines, info: log, warn: log, error: log };
}

describe("the database is unavailable", () => {
  it("is a 503 on the API, naming no database, with a reference into the log", () => {
    const logger = recorder();
    const result = renderError(down(), logger, "req-1");
    expect(result.status).toBe(503);
    const [message] = (result.body as { errors: string[] }).errors;
    expect(message).toMatch(/^storage unavailable, try again later; reference [0-9a-f-]{36}$/);
    expect(message).not.toMatch(/db\.internal/);
    const reference = message!.split("reference ")[1]!;
    expect(JSON.stringify(logger.lines)).toContain(reference);
    expect(JSON.stringify(logger.lines)).toContain("db.internal");
  });

  it("stays a 400 for a storage error the input caused, and a 500 for anything else", () => {
    expect(renderError(new StorageError("storage key too long"), recorder(), "r").status).toBe(400);
    expect(renderError(new Error("bug"), recorder(), "r").status).toBe(500);
  });

  it("is General Failure on a KMIP batch item, saying so, with a reference into the log", () => {
    const logger = recorder();
    const run = { context: { version: 14, logger }, logFields: { connection: "c1" } } as unknown as ItemRun;
    const item = failedItem(down(), { operation: Operation.Create }, run);
    expect(item.resultStatus).toBe(ResultStatus.OperationFailed);
    expect(item.resultReason).toBe(ResultReason.GeneralFailure);
    expect(item.resultMessage).toMatch(/^storage unavailable, try again later \(reference [0-9a-f]{12}\)$/);
    expect(JSON.stringify(logger.lines)).toContain("db.internal");
  });
});

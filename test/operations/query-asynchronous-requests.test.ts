/**
 * Query Asynchronous Requests (KMIP 2.1 §6.1.41) over the server's table of deferred items
 * (`src/server/async-table.ts`): outstanding ones only, per scope, filtered as asked.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Operation, ProcessingStage } from "../../src/kmip/generated/enums.js";
import type { RequestBatchItem } from "../../src/kmip/messages.js";
import { QueryAsynchronousRequests } from "../../src/operations/query-asynchronous-requests.js";
import type { OperationContext } from "../../src/operations/types.js";
import { AsyncOperations } from "../../src/server/async-table.js";
import { ItemType } from "../../src/ttlv/types.js";
import { type Harness, harness, run, SCOPE_A, SCOPE_B } from "./harness.js";

const T = Date.UTC(2024, 4, 1, 12, 0, 0);
const payload = { tag: 0x420079, type: ItemType.Structure, value: [] } as RequestBatchItem["requestPayload"];
const item = (operation: number): RequestBatchItem => ({ operation, requestPayload: payload });

let h: Harness;
let clock: number;
let table: AsyncOperations;
const ctx = (scope = SCOPE_A): OperationContext => ({ ...h.ctx(21, { scope }), asynchronousRequests: table });
const defer = (operation: number, scope = SCOPE_A) => {
  clock += 1000;
  return table.defer(scope, { version: 21, item: item(operation), bytes: 10 })!;
};

beforeEach(() => {
  h = harness();
  clock = T;
  table = new AsyncOperations({}, () => clock);
});
afterEach(async () => h.close());

describe("Query Asynchronous Requests (2.1 §6.1.41)", () => {
  it("reports the scope's outstanding requests, oldest first, with their Submission Date", async () => {
    const create = defer(Operation.Create);
    const encrypt = defer(Operation.Encrypt);
    defer(Operation.Create, SCOPE_B);
    const { response, encoded } = await run(QueryAsynchronousRequests, {}, ctx());
    expect(response.asynchronousRequest).toEqual([
      {
        asynchronousCorrelationValue: create,
        operation: Operation.Create,
        submissionDate: BigInt(T + 1000) * 1000n,
        processingStage: ProcessingStage.Submitted,
      },
      {
        asynchronousCorrelationValue: encrypt,
        operation: Operation.Encrypt,
        submissionDate: BigInt(T + 2000) * 1000n,
        processingStage: ProcessingStage.Submitted,
      },
    ]);
    expect(encoded.value).toHaveLength(2);
  });

  it("filters by Asynchronous Correlation Values and by Operations", async () => {
    const create = defer(Operation.Create);
    const encrypt = defer(Operation.Encrypt);
    const byValue = { asynchronousCorrelationValues: { asynchronousCorrelationValue: [encrypt] } };
    const one = (await run(QueryAsynchronousRequests, byValue, ctx())).response.asynchronousRequest;
    expect(one?.map((r) => r.operation)).toEqual([Operation.Encrypt]);
    const byOperation = { operations: { operation: [Operation.Create, Operation.Sign] } };
    const two = (await run(QueryAsynchronousRequests, byOperation, ctx())).response.asynchronousRequest;
    expect(two?.map((r) => r.asynchronousCorrelationValue)).toEqual([create]);
    const both = { ...byValue, ...byOperation };
    expect((await run(QueryAsynchronousRequests, both, ctx())).response.asynchronousRequest).toEqual([]);
  });

  it("leaves out what a Poll or Cancel obtained, and shows one running as In Process", async () => {
    const polled = defer(Operation.Create);
    const canceled = defer(Operation.Encrypt);
    const running = defer(Operation.Sign);
    const answer = { operation: Operation.Create, resultStatus: 0 } as never;
    await table.answer(
      table.entry(SCOPE_A, polled)!,
      async () => answer,
      () => 1,
    );
    table.cancel(table.entry(SCOPE_A, canceled)!);
    let finish: (v: never) => void = () => {};
    const inFlight = table.answer(
      table.entry(SCOPE_A, running)!,
      () => new Promise((resolve) => (finish = resolve)),
      () => 1,
    );
    const { response } = await run(QueryAsynchronousRequests, {}, ctx());
    expect(
      response.asynchronousRequest?.map((r) => [r.asynchronousCorrelationValue, r.processingStage]),
    ).toEqual([[running, ProcessingStage.InProcess]]);
    finish(answer);
    await inFlight;
    expect((await run(QueryAsynchronousRequests, {}, ctx())).response.asynchronousRequest).toEqual([]);
  });

  it("reports none where the server defers nothing", async () => {
    expect((await run(QueryAsynchronousRequests, {}, h.ctx(21))).response.asynchronousRequest).toEqual([]);
  });
});

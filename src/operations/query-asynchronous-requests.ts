/**
 * Query Asynchronous Requests — KMIP 2.1 §6.1.41 Tables 285–287: "report on any asynchronous
 * requests that have been made for which results have not yet been obtained via the normal Poll
 * (or less-normal Cancel) operation". The caller's scope only (a client never learns of another
 * scope's requests, as it cannot poll them). "If Asynchronous Correlation Values are passed, the
 * server SHOULD report the outstanding asynchronous requests whose values match. If Operations
 * are passed, … whose Operation matches one of those": both given, a request must match both.
 * A server that defers nothing (no table) has none to report.
 */
import type {
  QueryAsynchronousRequestsRequest,
  QueryAsynchronousRequestsResponse,
} from "../kmip/payloads/server.js";
import type { OperationDef, OutstandingRequest } from "./types.js";

type Filter = (r: OutstandingRequest) => boolean;

function byValues(values: readonly Uint8Array[] | undefined): Filter {
  if (values === undefined || values.length === 0) return () => true;
  const wanted = new Set(values.map((v) => Buffer.from(v).toString("hex")));
  return (r) => wanted.has(Buffer.from(r.asynchronousCorrelationValue).toString("hex"));
}

function byOperations(operations: readonly number[] | undefined): Filter {
  if (operations === undefined || operations.length === 0) return () => true;
  return (r) => operations.includes(r.operation);
}

/** Date Time Extended: microseconds since the epoch (2.1 §9.1.1.4 "Date-Time Extended"). */
function microseconds(ms: number): bigint {
  return BigInt(ms) * 1000n;
}

export const QueryAsynchronousRequests: OperationDef<
  QueryAsynchronousRequestsRequest,
  QueryAsynchronousRequestsResponse
> = {
  name: "Query Asynchronous Requests",
  handler: async (request, ctx) => {
    const values = byValues(request.asynchronousCorrelationValues?.asynchronousCorrelationValue);
    const operations = byOperations(request.operations?.operation);
    const outstanding = ctx.asynchronousRequests?.outstanding(ctx.scope) ?? [];
    return {
      asynchronousRequest: outstanding
        .filter((r) => values(r) && operations(r))
        .map((r) => ({
          asynchronousCorrelationValue: r.asynchronousCorrelationValue,
          operation: r.operation,
          submissionDate: microseconds(r.submittedMs),
          processingStage: r.processingStage,
        })),
    };
  },
};

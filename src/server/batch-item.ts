/**
 * One Batch Item: find the operation, check the role, decode the payload, run the handler,
 * encode its answer. Every failure becomes a failed item with the Result Reason the spec names
 * (KMIP 1.4 §11.1 Table 327), never an exception out of here.
 */
import type { Logger } from "../core/logger.js";
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import type { RequestBatchItem, ResponseBatchItem } from "../kmip/messages.js";
import { decodeRequestPayload, encodeResponsePayload, payloadEntry } from "../kmip/payloads/registry.js";
import { type DecodeReport, KmipEncodeError } from "../kmip/schema/index.js";
import { versionString } from "../kmip/version.js";
import { checkTicketRights } from "../operations/ticket-session.js";
import type { OperationContext, OperationDef } from "../operations/types.js";
import { StorageError } from "../storage/types.js";
import type { BatchItemAudit, BatchItemView, KmipMetrics } from "./options.js";
import { type Echo, failureItem, referenceId, successItem } from "./responses.js";

export interface ItemRun {
  readonly operations: ReadonlyMap<number, OperationDef>;
  /** The handler's context; its `batch` is shared by the items of one message (ID Placeholder). */
  readonly context: OperationContext;
  readonly report: DecodeReport;
  /** Fields every log line of this message carries (connection, correlation value). */
  readonly logFields: Readonly<Record<string, unknown>>;
}

export async function runItem(item: RequestBatchItem, run: ItemRun): Promise<ResponseBatchItem> {
  const echo: Echo = { operation: item.operation, uniqueBatchItemID: item.uniqueBatchItemID };
  try {
    const def = operationFor(item, run);
    authorize(def.name, run);
    const request = decodeRequestPayload(item.operation, item.requestPayload, run.context.version, {
      report: run.report,
    });
    await checkTicketRights(item.operation, request, run.context);
    const response = await def.handler(request, run.context);
    const payload = encodeResponsePayload(item.operation, response, run.context.version);
    return successItem(echo, payload);
  } catch (error) {
    return failedItem(error, echo, run);
  }
}

/**
 * "Server does not support operation → Operation Not Supported" (1.4 §11.1): an Operation value
 * we do not know, one the request's version does not have (Discover Versions in a 1.0 message),
 * or one without a handler here.
 */
function operationFor(item: RequestBatchItem, run: ItemRun): OperationDef {
  const entry = payloadEntry(item.operation, run.context.version);
  const def = run.operations.get(item.operation);
  if (def === undefined) {
    throw new KmipError(ResultReason.OperationNotSupported, `operation ${entry.operation} is not supported`);
  }
  // KMIP 2.x Ephemeral asks that the operation's data output not be returned (2.1 §8.3); an
  // OPTIONAL feature we do not implement (2.1 §11.46 Feature Not Supported).
  if (item.ephemeral === true) {
    throw new KmipError(ResultReason.FeatureNotSupported, "Ephemeral batch items are not supported");
  }
  return def;
}

/** "Client is not allowed to perform the specified operation → Permission Denied" (1.4 §11.1). */
function authorize(name: string, run: ItemRun): void {
  if (!run.context.identity.operations.has(name)) {
    throw new KmipError(
      ResultReason.PermissionDenied,
      `role "${run.context.identity.roleName}" may not perform ${name}`,
    );
  }
}

/** Maps an error to a failed item: the KmipError's reason and message, or General Failure. */
export function failedItem(error: unknown, echo: Echo, run: ItemRun): ResponseBatchItem {
  const version = run.context.version;
  const log = run.context.logger;
  if (error instanceof KmipError) {
    log.info(
      Object.assign({}, run.logFields, {
        operation: echo.operation,
        reason: error.reason,
        cause: describe(error.cause),
      }),
      `KMIP batch item failed: ${error.publicMessage}`,
    );
    return failureItem(echo, error.reason, error.publicMessage, version);
  }
  const reference = referenceId();
  logInternal(log, error, Object.assign({}, run.logFields, { operation: echo.operation, reference }));
  const what =
    error instanceof KmipEncodeError
      ? `the response cannot be expressed in KMIP ${versionString(version)}`
      : isUnavailable(error)
        ? "storage unavailable, try again later"
        : "internal error";
  return failureItem(echo, ResultReason.GeneralFailure, `${what} (reference ${reference})`, version);
}

/**
 * Runs one item between its audit records, timed for the metrics. Fail closed (src/audit): an
 * item that cannot be recorded is not run, and one whose result cannot be recorded is answered
 * General Failure instead.
 */
export async function observedItem(
  view: BatchItemView,
  deps: ObserveDeps,
  echo: Echo,
  produce: () => Promise<ResponseBatchItem>,
): Promise<ResponseBatchItem> {
  const started = await startedItem(view, deps, echo, produce);
  return started.settle(started.answer);
}

export type ObserveDeps = {
  readonly audit?: BatchItemAudit | undefined;
  readonly metrics?: KmipMetrics | undefined;
  readonly logger: Logger;
};

/** An item that ran (or was refused) and whose answer is not yet recorded. */
export interface StartedItem {
  /** The answer as the item produced it. */
  readonly answer: ResponseBatchItem;
  /**
   * Records `final` (the answer the client will get: `answer`, or what the batch made of it,
   * e.g. Operation Undone) and counts it; returns it, or General Failure when it cannot be
   * recorded. Called once.
   */
  settle(final: ResponseBatchItem): ResponseBatchItem;
}

/**
 * The first half of `observedItem`: the request record, then the item. An Undo batch settles
 * its items only once the batch itself has settled (batch-undo.ts), so the audit log records
 * what the client is told: Operation Undone, not a Success that was taken back.
 */
export async function startedItem(
  view: BatchItemView,
  deps: ObserveDeps,
  echo: Echo,
  produce: () => Promise<ResponseBatchItem>,
): Promise<StartedItem> {
  const started = performance.now();
  const count = (answer: ResponseBatchItem) => {
    deps.metrics?.batchItem(view, answer, (performance.now() - started) / 1000);
    return answer;
  };
  try {
    deps.audit?.request(view);
  } catch (error) {
    const refused = unaudited(error, echo, view, deps.logger, "the request was not processed");
    return { answer: refused, settle: () => count(refused) };
  }
  const answer = await produce();
  const settle = (final: ResponseBatchItem) => {
    try {
      deps.audit?.response(view, final);
      return count(final);
    } catch (error) {
      return count(unaudited(error, echo, view, deps.logger, "the result cannot be recorded"));
    }
  };
  return { answer, settle };
}

function unaudited(error: unknown, echo: Echo, view: BatchItemView, log: Logger, what: string) {
  const reference = referenceId();
  logInternal(log, error, Object.assign({}, view.logFields, { operation: echo.operation, reference }));
  const message = `audit log unavailable: ${what} (reference ${reference})`;
  return failureItem(echo, ResultReason.GeneralFailure, message, view.version);
}

/** The cause stays in the log with its reference id; the client sees the reference only. */
export function logInternal(log: Logger, error: unknown, fields: Record<string, unknown>): void {
  const err =
    error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error;
  log.error(Object.assign({}, fields, { err }), "KMIP request failed internally");
}

/** The database cannot be reached: no more specific Result Reason fits; the client may retry. */
function isUnavailable(error: unknown): boolean {
  return error instanceof StorageError && error.kind === "unavailable";
}

function describe(cause: unknown): string | undefined {
  if (cause === undefined) return undefined;
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}

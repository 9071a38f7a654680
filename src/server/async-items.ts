/**
 * Asynchronous batch items (KMIP 1.4 §6.7–6.8, §4.27–4.28; 2.1 §6.1.5, §6.1.38, §9.1–9.2): an
 * item the client lets us answer later is answered Operation Pending with a fresh Asynchronous
 * Correlation Value and kept (async-table.ts); Poll runs it (the first time) and answers with its
 * result, Cancel cancels it while it has not run.
 *
 * - Poll: "If the operation has completed, the response SHALL contain the appropriate payload for
 *   the operation. This response SHALL be identical to the response that would have been sent if
 *   the operation had completed synchronously" (1.4 §4.28): the item answers with the polled
 *   Operation (OASIS TC-32-11: Poll → Locate, Success), its Result and payload, in the version
 *   of the message that carried it; only the Unique Batch Item ID is the Poll's own. An unknown
 *   value: "No outstanding operation with the specified Asynchronous Correlation Value exists →
 *   Item Not Found" (1.4 §11.29 Table 352); 2.x names Invalid Asynchronous Correlation Value
 *   (2.1 §6.1.38 error table). A canceled operation answers Operation Canceled By Requester
 *   ("the operation was canceled by the Cancel operation before it completed", 1.4 §6.10).
 * - Cancel (1.4 §4.27): Canceled (it had not run: it never will), Unable To Cancel (it is
 *   running now), Completed / Failed (it ran), Unavailable (no such value in the client's scope).
 *
 * Both act for the client as the original operation would: its role must allow that operation
 * at the moment of the Poll or Cancel (a revoked or narrowed role takes effect at once).
 */
import { KmipError } from "../kmip/errors.js";
import { CancellationResult, Operation, ResultReason, ResultStatus } from "../kmip/generated/enums.js";
import type { RequestBatchItem, ResponseBatchItem } from "../kmip/messages.js";
import { decodeRequestPayload, encodeResponsePayload, PAYLOADS } from "../kmip/payloads/registry.js";
import type { CancelRequest, PollRequest } from "../kmip/payloads/server.js";
import { isInVersion } from "../kmip/version.js";
import { encodeTtlv } from "../ttlv/encode.js";
import { ALWAYS_SYNCHRONOUS, type AsyncMode } from "./async-policy.js";
import type { AsyncEntry, AsyncKey, AsyncOperations, DeferredItem } from "./async-table.js";
import { failedItem, type ItemRun, runItem } from "./batch-item.js";
import { type Echo, failureItem, successItem } from "./responses.js";

export interface AsyncEnv {
  readonly table: AsyncOperations | undefined;
  readonly key: AsyncKey;
  readonly mode: AsyncMode;
  /**
   * Whether this message's items may be deferred at all: a batch of one item, not an Undo batch
   * (see `deferrableBatch`).
   */
  readonly deferrable: boolean;
  /** An Undo batch: Poll and Cancel cannot be part of one (see `notInUndo`). */
  readonly undo: boolean;
  readonly run: ItemRun;
  /** Runs a deferred item now, as its own (audited) batch item of its original operation. */
  readonly runDeferred: (deferred: DeferredItem) => Promise<ResponseBatchItem>;
}

/**
 * Items of a batch of several are answered synchronously: a later item may name the object an
 * earlier one created through the ID Placeholder (1.4 §4 intro), and Batch Order and Batch Error
 * Continuation (1.4 §6.12–6.13) speak of the batch as a whole; run one at a time, as each is
 * polled, none of that would hold. Items of an Undo batch likewise: the batch commits or is
 * undone as one once its last item has run (batch-undo.ts), which a pending item would hold off
 * for as long as its client pleases.
 */
export function deferrableBatch(itemCount: number, undo: boolean): boolean {
  return itemCount === 1 && !undo;
}

/** The answer to one decoded item: Poll, Cancel, Operation Pending, or the operation's own. */
export async function answerItem(item: RequestBatchItem, env: AsyncEnv): Promise<ResponseBatchItem> {
  if (item.operation === Operation.Poll) return pollItem(item, env);
  if (item.operation === Operation.Cancel) return cancelItem(item, env);
  return deferredItem(item, env) ?? runItem(item, env.run);
}

/**
 * Operation Pending, when the item may wait; undefined to run it now. An item that would fail
 * before running anyway (an operation we do not serve, or the version lacks, an Ephemeral item,
 * one the role does not allow) runs now and fails at once. Past the table's bound the item runs
 * now too (1.4 §7.1: responses "MAY contain a mixture of synchronous and asynchronous
 * responses"), except under Mandatory, where it fails with Server Limit Exceeded.
 */
function deferredItem(item: RequestBatchItem, env: AsyncEnv): ResponseBatchItem | undefined {
  if (env.mode === "off" || !env.deferrable || ALWAYS_SYNCHRONOUS.has(item.operation)) return undefined;
  const { version, identity } = env.run.context;
  const def = env.run.operations.get(item.operation);
  const entry = PAYLOADS.get(item.operation);
  if (def === undefined || entry === undefined || !isInVersion(entry, version)) return undefined;
  if (item.ephemeral === true || !identity.operations.has(def.name)) return undefined;
  const bytes = encodeTtlv(item.requestPayload).length;
  const value = env.table?.defer(env.key, { version, item, bytes });
  const echo = echoOf(item);
  if (value === undefined) {
    if (env.mode !== "mandatory") return undefined;
    const message = "too many asynchronous operations are pending for this scope; poll or cancel some first";
    return failureItem(echo, ResultReason.ServerLimitExceeded, message, version);
  }
  return Object.assign({}, echo, {
    resultStatus: ResultStatus.OperationPending,
    asynchronousCorrelationValue: value,
  });
}

async function pollItem(item: RequestBatchItem, env: AsyncEnv): Promise<ResponseBatchItem> {
  try {
    notInUndo(env, "Poll");
    const request = decodeRequestPayload(Operation.Poll, item.requestPayload, env.run.context.version, {
      report: env.run.report,
    }) as PollRequest;
    const entry = env.table?.entry(env.key, request.asynchronousCorrelationValue);
    if (entry === undefined) throw unknownValue(env);
    authorizeOriginal(entry, env);
    const echo: Echo = {
      operation: entry.deferred.item.operation,
      uniqueBatchItemID: item.uniqueBatchItemID,
    };
    if (entry.state.kind === "canceled") {
      const message = "the operation was canceled by a Cancel before it ran";
      return failureItem(echo, ResultReason.OperationCanceledByRequester, message, env.run.context.version);
    }
    const answer = await env.table!.answer(entry, () => env.runDeferred(entry.deferred), answerBytes);
    return withId(answer, item.uniqueBatchItemID);
  } catch (error) {
    return failedItem(error, echoOf(item), env.run);
  }
}

async function cancelItem(item: RequestBatchItem, env: AsyncEnv): Promise<ResponseBatchItem> {
  try {
    notInUndo(env, "Cancel");
    const version = env.run.context.version;
    const request = decodeRequestPayload(Operation.Cancel, item.requestPayload, version, {
      report: env.run.report,
    }) as CancelRequest;
    const value = request.asynchronousCorrelationValue;
    const entry = env.table?.entry(env.key, value);
    if (entry !== undefined) authorizeOriginal(entry, env);
    const cancellationResult =
      entry === undefined ? CancellationResult.Unavailable : cancellation(env.table!, entry);
    const payload = encodeResponsePayload(
      Operation.Cancel,
      { asynchronousCorrelationValue: value, cancellationResult },
      version,
    );
    return successItem(echoOf(item), payload);
  } catch (error) {
    return failedItem(error, echoOf(item), env.run);
  }
}

function cancellation(table: AsyncOperations, entry: AsyncEntry): number {
  if (table.cancel(entry)) return CancellationResult.Canceled;
  const state = entry.state;
  if (state.kind !== "done") return CancellationResult.UnableToCancel;
  return state.answer.resultStatus === ResultStatus.Success
    ? CancellationResult.Completed
    : CancellationResult.Failed;
}

/**
 * A Poll runs its operation against the store at once, and a Cancel cannot be taken back: neither
 * could be undone with the rest of an Undo batch (1.4 §6.13), so neither is part of one.
 */
function notInUndo(env: AsyncEnv, what: string): void {
  if (!env.undo) return;
  throw new KmipError(
    ResultReason.FeatureNotSupported,
    `${what} cannot be undone; send it without Batch Error Continuation Option Undo`,
  );
}

/** The role must allow the operation that was deferred, now. */
function authorizeOriginal(entry: AsyncEntry, env: AsyncEnv): void {
  const def = env.run.operations.get(entry.deferred.item.operation);
  const identity = env.run.context.identity;
  if (def !== undefined && identity.operations.has(def.name)) return;
  const name = def?.name ?? "the polled operation";
  throw new KmipError(ResultReason.PermissionDenied, `role "${identity.roleName}" may not perform ${name}`);
}

function unknownValue(env: AsyncEnv): KmipError {
  const reason =
    env.run.context.version >= 20
      ? ResultReason.InvalidAsynchronousCorrelationValue
      : ResultReason.ItemNotFound;
  return new KmipError(
    reason,
    "no outstanding asynchronous operation has this Asynchronous Correlation Value",
  );
}

function answerBytes(answer: ResponseBatchItem): number {
  return answer.responsePayload === undefined ? 0 : encodeTtlv(answer.responsePayload).length;
}

function echoOf(item: RequestBatchItem): Echo {
  return { operation: item.operation, uniqueBatchItemID: item.uniqueBatchItemID };
}

/** The answer with the Poll's own Unique Batch Item ID (none when the Poll had none). */
function withId(answer: ResponseBatchItem, id: Uint8Array | undefined): ResponseBatchItem {
  const { uniqueBatchItemID: _original, ...rest } = answer;
  return id === undefined ? rest : Object.assign({}, rest, { uniqueBatchItemID: id });
}

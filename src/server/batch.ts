/**
 * One Request Message → one Response Message, in the request's protocol version (KMIP 1.4 §7,
 * 2.1 §8). Items run in order with one shared BatchState (the ID Placeholder, 1.4 §4 intro, 2.1
 * §6); a failure stops the rest unless Continue was asked for, and items not processed are "not
 * returned" (1.4 §11.43 Table 366). Maximum Response Size is enforced item by item. A lone item
 * the client lets us answer later is answered Operation Pending, and Poll and Cancel act on such
 * items (async-items.ts).
 */
import { randomUUID } from "node:crypto";
import { type Logger, logsInfo } from "../core/logger.js";
import { ResultReason, ResultStatus } from "../kmip/generated/enums.js";
import type { ResponseBatchItem } from "../kmip/messages.js";
import type { DecodeReport } from "../kmip/schema/index.js";
import type { KmipVersion } from "../kmip/version.js";
import { admitTicket } from "../operations/ticket-session.js";
import type { ClientIdentity } from "../operations/types.js";
import type { StagedObjects } from "../storage/staged-objects.js";
import { encodeTtlv } from "../ttlv/encode.js";
import { type AsyncEnv, answerItem, deferrableBatch } from "./async-items.js";
import { asyncMode } from "./async-policy.js";
import type { DeferredItem } from "./async-table.js";
import { type BatchDeps, type BatchSession, itemView, operationContext, viewOf } from "./batch-context.js";
import {
  failedItem,
  type ItemRun,
  logInternal,
  observedItem,
  runItem,
  type StartedItem,
  startedItem,
} from "./batch-item.js";
import { type Answered, settleUndo, stagingFor, undoneItem, undoRequested } from "./batch-undo.js";
import { continueOnError, logHeaderNotes, type Rejection, rejection } from "./header-rules.js";
import type { ParsedRequest } from "./request.js";
import { concatMessage, SizeBudget } from "./response-size.js";
import {
  encodeHeader,
  encodeItem,
  failureItem,
  type HeaderInput,
  referenceId,
  responseHeader,
} from "./responses.js";

export type { BatchDeps, BatchSession } from "./batch-context.js";

export async function processBatch(
  request: ParsedRequest,
  version: KmipVersion,
  deps: BatchDeps,
  session: BatchSession,
  report: DecodeReport,
): Promise<Uint8Array> {
  const serverCorrelationValue = randomUUID();
  const clientCorrelationValue = request.header.clientCorrelationValue;
  const fields = Object.assign({}, session.logFields, {
    version,
    serverCorrelationValue,
    clientCorrelationValue,
  });
  logHeaderNotes(request.header, request, deps.logger, fields);
  const input: HeaderInput = { version, now: deps.now(), clientCorrelationValue, serverCorrelationValue };
  // Batch Count and Time Stamp are fixed-width, so the header's size is known before the items.
  const firstHeader = encodeTtlv(encodeHeader(responseHeader(input, 1), version));
  const budget = new SizeBudget(request.header.maximumResponseSize, version, 8 + firstHeader.length);
  const outcomes: Outcome[] = [];
  const items = await runItems(request, version, deps, session, report, fields, budget, outcomes);
  logReport(report, deps.logger, fields);
  // One line per request with our correlation value (1.4 §6.19 "SHOULD be logged … with each request").
  if (logsInfo(deps.logger)) {
    const who = { scope: session.identity?.scopeName, role: session.identity?.roleName };
    deps.logger.info(Object.assign({}, fields, who, { items: outcomes }), "KMIP request served");
  }
  const now = deps.now();
  // The first encoding is the answer's header when nothing in it changed: one item, same second.
  const same = items.length === 1 && epochSecond(now) === epochSecond(input.now);
  const header = same
    ? firstHeader
    : encodeTtlv(encodeHeader(responseHeader(Object.assign({}, input, { now }), items.length), version));
  return concatMessage(header, items);
}

/** Encoded response items, in order, within Maximum Response Size. */
async function runItems(
  request: ParsedRequest,
  version: KmipVersion,
  deps: BatchDeps,
  session: BatchSession,
  report: DecodeReport,
  fields: Record<string, unknown>,
  budget: SizeBudget,
  outcomes: Outcome[],
): Promise<Uint8Array[]> {
  const undo = undoRequested(request.header);
  const staged = undo ? stagingFor(deps.objects, deps.now) : undefined;
  const refusedFirst =
    rejection(request, version, session.identity, { asynchronous: deps.asynchronous !== undefined }) ??
    (undo && staged === undefined ? NO_UNDO : undefined);
  // A Ticket credential is checked, and counted, only on a message not refused otherwise.
  const admitted =
    refusedFirst === undefined
      ? admitTicket(request.header, session.mountUuid, session.identity!, deps.tickets, deps.now())
      : undefined;
  const refused = refusedFirst ?? admitted?.refusal;
  if (refused !== undefined) return refuseAll(request, refused, { version, deps, session, fields }, outcomes);
  const identity = session.identity!;
  const ticketed: BatchSession =
    admitted?.grant === undefined ? session : Object.assign({}, session, { ticket: admitted.grant });
  // An Undo batch's items write to the staging store, committed only if every item succeeds.
  const context = operationContext(
    version,
    staged === undefined ? deps : Object.assign({}, deps, { objects: staged }),
    ticketed,
    identity,
    { idPlaceholder: undefined, undo },
  );
  const run: ItemRun = { operations: deps.operations, context, report, logFields: fields };
  const env = asyncEnv(request, { version, deps, session: ticketed, fields }, run, identity);
  const out: Uint8Array[] = [];
  const answered: (Answered & { started: StartedItem })[] = [];
  for (const parsed of request.items) {
    const produce = async () =>
      parsed.ok ? answerItem(parsed.item, env) : failedItem(parsed.error, parsed.echo, run);
    const view = viewOf(parsed, version, session, fields);
    // An Undo batch records its items' results once it has settled (`settleItems`).
    const started = await startedItem(view, deps, echoOf(parsed), produce);
    const item = staged === undefined ? started.settle(started.answer) : started.answer;
    const bytes = budget.admit(item, encoded(item, version, deps, fields));
    outcomes.push(
      bytes.failed && item.resultStatus === ResultStatus.Success ? tooLarge(item) : outcomeOf(item),
    );
    out.push(bytes.bytes);
    answered.push({ item, failed: bytes.failed, started });
    if (bytes.failed && !continueOnError(request.header)) break;
  }
  if (staged !== undefined) {
    const env = { version, deps, run, fields };
    await undoIfFailed(staged, answered, out, outcomes, env);
    settleItems(answered, out, outcomes, env);
  }
  return out;
}

interface MessageEnv {
  readonly version: KmipVersion;
  readonly deps: BatchDeps;
  readonly session: BatchSession;
  readonly fields: Record<string, unknown>;
}

/** Every item refused unprocessed (`rejection`), each still audited. */
async function refuseAll(
  request: ParsedRequest,
  refused: Rejection,
  { version, deps, session, fields }: MessageEnv,
  outcomes: Outcome[],
): Promise<Uint8Array[]> {
  const answers: Uint8Array[] = [];
  for (const [i, p] of request.items.entries()) {
    const refuse = async () => failureItem(echoOf(p), refused.reason, refused.message(i), version);
    const item = await observedItem(viewOf(p, version, session, fields), deps, echoOf(p), refuse);
    outcomes.push(outcomeOf(item));
    answers.push(encoded(item, version, deps, fields));
  }
  return answers;
}

/**
 * The asynchronous side of a message (async-items.ts): whether its items may be deferred, and how
 * a deferred item runs when polled: in the version it was sent in, on the store itself, with an
 * ID Placeholder of its own (it was the only item of its batch), audited as its own operation for
 * the client that polls.
 */
function asyncEnv(
  request: ParsedRequest,
  message: MessageEnv,
  run: ItemRun,
  identity: ClientIdentity,
): AsyncEnv {
  const { deps, session, fields } = message;
  const undo = undoRequested(request.header);
  const runDeferred = (deferred: DeferredItem): Promise<ResponseBatchItem> => {
    const context = operationContext(deferred.version, deps, session, identity, { idPlaceholder: undefined });
    const deferredRun: ItemRun = Object.assign({}, run, { context });
    const view = itemView(deferred.item, deferred.version, session, fields);
    const echo = { operation: deferred.item.operation, uniqueBatchItemID: deferred.item.uniqueBatchItemID };
    return observedItem(view, deps, echo, () => runItem(deferred.item, deferredRun));
  };
  return {
    table: deps.asynchronous,
    key: { mountUuid: session.mountUuid, scopeId: identity.scopeId },
    mode: asyncMode(request.header, message.version),
    deferrable: deferrableBatch(request.items.length, undo),
    undo,
    run,
    runDeferred,
  };
}

interface SettleEnv {
  readonly version: KmipVersion;
  readonly deps: BatchDeps;
  readonly run: ItemRun;
  readonly fields: Record<string, unknown>;
}

/**
 * The end of an Undo batch (`batch-undo.ts`): commit, or answer the items performed before the
 * failure with Operation Undone (the same size as their Success answer, so within the budget).
 */
async function undoIfFailed(
  staged: StagedObjects,
  answered: Answered[],
  out: Uint8Array[],
  outcomes: Outcome[],
  { version, deps, run, fields }: SettleEnv,
): Promise<void> {
  const lastIndex = answered.length - 1;
  const undone = await settleUndo(staged, answered, (error, item) => {
    const failed = failedItem(
      error,
      { operation: item.operation, uniqueBatchItemID: item.uniqueBatchItemID },
      run,
    );
    out[lastIndex] = encoded(failed, version, deps, fields);
    outcomes[lastIndex] = outcomeOf(failed);
    return failed;
  });
  for (const i of undone) {
    const item = undoneItem(answered[i]!.item);
    answered[i]!.item = item;
    out[i] = encoded(item, version, deps, fields);
    outcomes[i] = outcomeOf(item);
  }
  if (undone.length > 0)
    deps.logger.info(Object.assign({}, fields, { undone: undone.length }), "KMIP batch undone");
}

/**
 * Records the settled answers of an Undo batch's items: the audit response of each says what the
 * client is told (Operation Undone for an undone item), written once, in item order, so the hash
 * chain of the log holds no record that a later one contradicts. An answer that cannot be
 * recorded becomes General Failure, as for any item (`startedItem`).
 */
function settleItems(
  answered: readonly (Answered & { started: StartedItem })[],
  out: Uint8Array[],
  outcomes: Outcome[],
  { version, deps, fields }: SettleEnv,
): void {
  for (const [i, a] of answered.entries()) {
    const final = a.started.settle(a.item);
    if (final === a.item) continue;
    out[i] = encoded(final, version, deps, fields);
    outcomes[i] = outcomeOf(final);
  }
}

/** Undo asked of an object store that cannot commit several writes atomically. */
const NO_UNDO: Rejection = {
  reason: ResultReason.FeatureNotSupported,
  message: () =>
    "Batch Error Continuation Option Undo is not supported by this storage; use Stop or Continue",
};

/** What the request log says of one item: operation, status, reason. */
interface Outcome {
  readonly operation: number | undefined;
  readonly status: number;
  readonly reason?: number | undefined;
}

function outcomeOf(item: ResponseBatchItem): Outcome {
  return { operation: item.operation, status: item.resultStatus, reason: item.resultReason };
}

function tooLarge(item: ResponseBatchItem): Outcome {
  const status = ResultStatus.OperationFailed;
  return { operation: item.operation, status, reason: ResultReason.ResponseTooLarge };
}

function echoOf(parsed: ParsedRequest["items"][number]) {
  return parsed.ok
    ? { operation: parsed.item.operation, uniqueBatchItemID: parsed.item.uniqueBatchItemID }
    : parsed.echo;
}

/** The item's bytes; an item that cannot be encoded (a server bug) becomes General Failure. */
function encoded(item: ResponseBatchItem, version: KmipVersion, deps: BatchDeps, fields: object): Uint8Array {
  try {
    return encodeTtlv(encodeItem(item, version));
  } catch (error) {
    const reference = referenceId();
    logInternal(deps.logger, error, Object.assign({}, fields, { operation: item.operation, reference }));
    const echo = { operation: item.operation, uniqueBatchItemID: item.uniqueBatchItemID };
    const message = `the response cannot be encoded (reference ${reference})`;
    return encodeTtlv(encodeItem(failureItem(echo, ResultReason.GeneralFailure, message, version), version));
  }
}

/** The Time Stamp's second (1.4 §6.5: seconds). */
function epochSecond(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** Lenient on input, and it shows in the log: vendor items and fields of other versions. */
function logReport(report: DecodeReport, log: Logger, fields: object): void {
  if (report.vendorItems.length === 0 && report.outOfVersion.length === 0) return;
  const outOfVersion = report.outOfVersion.map((r) => r.name);
  const vendorTags = report.vendorItems.map((r) => `0x${r.item.tag.toString(16)}`);
  log.info(
    Object.assign({}, fields, { outOfVersion, vendorTags }),
    "KMIP request accepted with fields outside its version",
  );
}

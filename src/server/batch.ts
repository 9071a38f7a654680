/**
 * One Request Message → one Response Message, in the request's protocol version (KMIP 1.4 §7,
 * 2.1 §8). Items run in order with one shared BatchState (the ID Placeholder, 1.4 §4 intro, 2.1
 * §6); a failure stops the rest unless Continue was asked for, and items not processed are "not
 * returned" (1.4 §11.43 Table 366). Maximum Response Size is enforced item by item.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "../core/logger.js";
import { ResultReason, ResultStatus } from "../kmip/generated/enums.js";
import type { ResponseBatchItem } from "../kmip/messages.js";
import type { DecodeReport } from "../kmip/schema/index.js";
import type { KmipVersion } from "../kmip/version.js";
import type { BatchState, ClientIdentity, OperationContext } from "../operations/types.js";
import type { ObjectStore } from "../storage/objects.js";
import { encodeTtlv } from "../ttlv/encode.js";
import { failedItem, type ItemRun, logInternal, observedItem, runItem } from "./batch-item.js";
import { continueOnError, logHeaderNotes, rejection } from "./header-rules.js";
import type { BatchItemView, KmipServiceOptions } from "./options.js";
import type { ParsedItem, ParsedRequest } from "./request.js";
import { concatMessage, SizeBudget } from "./response-size.js";
import {
  encodeHeader,
  encodeItem,
  failureItem,
  type HeaderInput,
  referenceId,
  responseHeader,
} from "./responses.js";

export type BatchDeps = Pick<
  KmipServiceOptions,
  "operations" | "serverInfo" | "sealer" | "audit" | "metrics"
> & {
  readonly objects: ObjectStore;
  readonly now: () => Date;
  readonly logger: Logger;
};

/** Who sent the message and on which mount; `identity` undefined once it no longer resolves. */
export interface BatchSession {
  readonly mountUuid: string;
  readonly identity: ClientIdentity | undefined;
  readonly logFields: Readonly<Record<string, unknown>>;
}

export async function processBatch(
  request: ParsedRequest,
  version: KmipVersion,
  deps: BatchDeps,
  session: BatchSession,
  report: DecodeReport,
): Promise<Uint8Array> {
  const serverCorrelationValue = randomUUID();
  const clientCorrelationValue = request.header.clientCorrelationValue;
  const fields = { ...session.logFields, version, serverCorrelationValue, clientCorrelationValue };
  logHeaderNotes(request.header, request, deps.logger, fields);
  const input: HeaderInput = { version, now: deps.now(), clientCorrelationValue, serverCorrelationValue };
  // Batch Count and Time Stamp are fixed-width, so the header's size is known before the items.
  const headerBytes = encodeTtlv(encodeHeader(responseHeader(input, 1), version)).length;
  const budget = new SizeBudget(request.header.maximumResponseSize, version, 8 + headerBytes);
  const outcomes: Outcome[] = [];
  const items = await runItems(request, version, deps, session, report, fields, budget, outcomes);
  logReport(report, deps.logger, fields);
  // One line per request with our correlation value (1.4 §6.19 "SHOULD be logged … with each request").
  const who = { scope: session.identity?.scopeName, role: session.identity?.roleName };
  deps.logger.info({ ...fields, ...who, items: outcomes }, "KMIP request served");
  const header = encodeTtlv(
    encodeHeader(responseHeader({ ...input, now: deps.now() }, items.length), version),
  );
  return concatMessage([header, ...items]);
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
  const refused = rejection(request, version, session.identity);
  if (refused !== undefined) {
    const answers: Uint8Array[] = [];
    for (const [i, p] of request.items.entries()) {
      const refuse = async () => failureItem(echoOf(p), refused.reason, refused.message(i), version);
      const item = await observedItem(viewOf(p, version, session, fields), deps, echoOf(p), refuse);
      outcomes.push(outcomeOf(item));
      answers.push(encoded(item, version, deps, fields));
    }
    return answers;
  }
  const identity = session.identity!;
  const batch: BatchState = { idPlaceholder: undefined };
  const context = operationContext(version, deps, session, identity, batch);
  const run: ItemRun = { operations: deps.operations, context, report, logFields: fields };
  const out: Uint8Array[] = [];
  for (const parsed of request.items) {
    const produce = async () =>
      parsed.ok ? runItem(parsed.item, run) : failedItem(parsed.error, parsed.echo, run);
    const item = await observedItem(viewOf(parsed, version, session, fields), deps, echoOf(parsed), produce);
    const bytes = budget.admit(item, encoded(item, version, deps, fields));
    outcomes.push(
      bytes.failed && item.resultStatus === ResultStatus.Success ? tooLarge(item) : outcomeOf(item),
    );
    out.push(bytes.bytes);
    if (bytes.failed && !continueOnError(request.header)) break;
  }
  return out;
}

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

/** The item as the audit log and the metrics see it. */
function viewOf(
  parsed: ParsedItem,
  version: KmipVersion,
  session: BatchSession,
  fields: object,
): BatchItemView {
  return {
    id: randomUUID(),
    mountUuid: session.mountUuid,
    version,
    operation: parsed.ok ? parsed.item.operation : parsed.echo.operation,
    payload: parsed.ok ? parsed.item.requestPayload : undefined,
    identity: session.identity,
    logFields: fields as Record<string, unknown>,
  };
}

function echoOf(parsed: ParsedRequest["items"][number]) {
  return parsed.ok
    ? { operation: parsed.item.operation, uniqueBatchItemID: parsed.item.uniqueBatchItemID }
    : parsed.echo;
}

function operationContext(
  version: KmipVersion,
  deps: BatchDeps,
  session: BatchSession,
  identity: ClientIdentity,
  batch: BatchState,
): OperationContext {
  return {
    version,
    scope: { mountUuid: session.mountUuid, scopeId: identity.scopeId },
    identity,
    objects: deps.objects,
    sealer: deps.sealer,
    now: deps.now,
    batch,
    server: deps.serverInfo,
    logger: deps.logger,
  };
}

/** The item's bytes; an item that cannot be encoded (a server bug) becomes General Failure. */
function encoded(item: ResponseBatchItem, version: KmipVersion, deps: BatchDeps, fields: object): Uint8Array {
  try {
    return encodeTtlv(encodeItem(item, version));
  } catch (error) {
    const reference = referenceId();
    logInternal(deps.logger, error, { ...fields, operation: item.operation, reference });
    const echo = { operation: item.operation, uniqueBatchItemID: item.uniqueBatchItemID };
    const message = `the response cannot be encoded (reference ${reference})`;
    return encodeTtlv(encodeItem(failureItem(echo, ResultReason.GeneralFailure, message, version), version));
  }
}

/** Lenient on input, and it shows in the log: vendor items and fields of other versions. */
function logReport(report: DecodeReport, log: Logger, fields: object): void {
  if (report.vendorItems.length === 0 && report.outOfVersion.length === 0) return;
  const outOfVersion = report.outOfVersion.map((r) => r.name);
  const vendorTags = report.vendorItems.map((r) => `0x${r.item.tag.toString(16)}`);
  log.info({ ...fields, outOfVersion, vendorTags }, "KMIP request accepted with fields outside its version");
}

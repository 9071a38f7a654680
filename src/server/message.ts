/**
 * From the bytes of one framed message to the bytes of its answer. Bad input always gets a valid
 * KMIP response: "Message cannot be parsed → Response message containing a header and a Batch
 * Item without Operation … Invalid Message" (KMIP 1.4 §11.1 Table 327), in the request's
 * version when it can be read (see `protocol-version.ts`). Nothing here throws.
 */
import { randomUUID } from "node:crypto";
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import { peekProtocolVersion } from "../kmip/messages.js";
import { newDecodeReport } from "../kmip/schema/index.js";
import type { KmipVersion } from "../kmip/version.js";
import { decodeTtlv } from "../ttlv/decode.js";
import { TtlvError } from "../ttlv/errors.js";
import type { TtlvLimits } from "../ttlv/limits.js";
import type { TtlvItem } from "../ttlv/types.js";
import { type BatchDeps, type BatchSession, processBatch } from "./batch.js";
import { logInternal } from "./batch-item.js";
import { resolveRequestVersion, sniffProtocolVersion } from "./protocol-version.js";
import { parseRequest } from "./request.js";
import { messageFailure, referenceId } from "./responses.js";

export type MessageDeps = BatchDeps & {
  readonly ttlvLimits: TtlvLimits;
  /** `ServiceLimits.batchItemsMax`; no bound when absent. */
  readonly batchItemsMax?: number;
};

export async function answerMessage(
  bytes: Uint8Array,
  deps: MessageDeps,
  session: BatchSession,
): Promise<Uint8Array> {
  let tree: TtlvItem;
  try {
    tree = decodeTtlv(bytes, deps.ttlvLimits);
  } catch (error) {
    return unreadable(bytes, error, deps, session);
  }
  const claimed = peekProtocolVersion(tree);
  if (claimed === undefined)
    return failure(10, "the message has no readable Protocol Version", deps, session);
  const resolved = resolveRequestVersion(claimed, deps.serverInfo.protocolVersions);
  if (resolved.kind === "mismatch") {
    const message = `protocol version ${resolved.claimed} is not supported`;
    return failure(resolved.answerIn, message, deps, session);
  }
  return serve(tree, resolved.version, deps, session);
}

async function serve(
  tree: TtlvItem,
  version: KmipVersion,
  deps: MessageDeps,
  session: BatchSession,
): Promise<Uint8Array> {
  const report = newDecodeReport();
  try {
    const request = parseRequest(tree, version, report, deps.batchItemsMax);
    return await processBatch(request, version, deps, session, report);
  } catch (error) {
    if (error instanceof KmipError) return failure(version, error.publicMessage, deps, session, error.reason);
    const reference = referenceId();
    logInternal(deps.logger, error, Object.assign({}, session.logFields, { reference }));
    const message = `internal error (reference ${reference})`;
    return failure(version, message, deps, session, ResultReason.GeneralFailure);
  }
}

/**
 * TTLV that does not decode, though framed (the stream stays in step). KMIP 2.x names this
 * "Codec Error: the low level TTLV … was badly formed" (2.1 §11.46); 1.x "Invalid Message".
 */
function unreadable(bytes: Uint8Array, error: unknown, deps: MessageDeps, session: BatchSession): Uint8Array {
  const version = versionOfBroken(bytes, deps);
  const detail = error instanceof TtlvError ? error.message : "malformed TTLV";
  const reason = version >= 20 ? ResultReason.CodecError : ResultReason.InvalidMessage;
  deps.logger.info(Object.assign({}, session.logFields, { detail }), "KMIP message does not decode");
  return failure(version, `message cannot be parsed: ${detail}`, deps, session, reason);
}

/** The version to answer a message that did not decode in: its own if readable, else 1.0. */
export function versionOfBroken(
  bytes: Uint8Array | undefined,
  deps: Pick<MessageDeps, "serverInfo">,
): KmipVersion {
  const claimed = bytes === undefined ? undefined : sniffProtocolVersion(bytes);
  if (claimed === undefined) return 10;
  const resolved = resolveRequestVersion(claimed, deps.serverInfo.protocolVersions);
  return resolved.kind === "serve" ? resolved.version : resolved.answerIn;
}

/** A whole-message failure (header + one Batch Item without Operation). */
export function failure(
  version: KmipVersion,
  message: string,
  deps: Pick<MessageDeps, "now" | "logger">,
  session: Pick<BatchSession, "logFields">,
  reason: number = ResultReason.InvalidMessage,
): Uint8Array {
  const serverCorrelationValue = randomUUID();
  deps.logger.info(
    Object.assign({}, session.logFields, { version, reason, serverCorrelationValue }),
    `KMIP message refused: ${message}`,
  );
  return messageFailure({ version, now: deps.now(), serverCorrelationValue }, reason, message);
}

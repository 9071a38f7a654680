/**
 * Audit records of KMIP batch items, one `kmip-request` before the item runs and one
 * `kmip-response` after, matched by `request.id`, in the shape of the API records:
 *
 *   {"type": "kmip-request" | "kmip-response", "time": ISO 8601,
 *    "auth": {scope, role, certificate_serial},            (who: the client certificate's mapping)
 *    "request": {id, mount_uuid, protocol_version, operation, unique_identifier, attribute_names,
 *                remote_address, connection, transport, server_correlation_value},
 *    "response": {result_status, result_reason, result_message, unique_identifier, ...}}
 *
 * Who and what only: the payload's Unique Identifiers and attribute names (kmip-payload.ts), never
 * key material or attribute values, so nothing in them needs hashing.
 */
import { ResultStatus } from "../kmip/generated/enums.js";
import type { ResponseBatchItem } from "../kmip/messages.js";
import { enumByName, enumValueByNumber } from "../kmip/tables.js";
import { versionString } from "../kmip/version.js";
import { operationName } from "../operations/registry.js";
import type { BatchItemView } from "../server/options.js";
import { attributeNamesOf, identifiersOf } from "./kmip-payload.js";

const RESULT_STATUS = enumByName("Result Status");
const RESULT_REASON = enumByName("Result Reason");

export function kmipRequestRecord(item: BatchItemView, time: Date): object {
  return { type: "kmip-request", time: time.toISOString(), auth: who(item), request: what(item) };
}

export function kmipResponseRecord(item: BatchItemView, answer: ResponseBatchItem, time: Date): object {
  return {
    type: "kmip-response",
    time: time.toISOString(),
    auth: who(item),
    request: what(item),
    response: result(answer),
  };
}

function who(item: BatchItemView): Record<string, unknown> {
  const identity = item.identity;
  if (identity === undefined) return {};
  return {
    scope: identity.scopeName,
    role: identity.roleName,
    certificate_serial: identity.certificateSerial,
  };
}

function what(item: BatchItemView): Record<string, unknown> {
  const fields = item.logFields;
  const names = attributeNamesOf(item.payload);
  return {
    id: item.id,
    mount_uuid: item.mountUuid,
    protocol_version: versionString(item.version),
    operation: item.operation === undefined ? null : (operationName(item.operation) ?? hex(item.operation)),
    ...identifiersOf(item.payload),
    ...(names.length > 0 && { attribute_names: names }),
    ...textField("remote_address", fields.peer),
    ...textField("connection", fields.connection),
    ...textField("transport", fields.transport),
    ...textField("server_correlation_value", fields.serverCorrelationValue),
  };
}

function result(answer: ResponseBatchItem): Record<string, unknown> {
  const status = RESULT_STATUS && enumValueByNumber(RESULT_STATUS, answer.resultStatus);
  const out: Record<string, unknown> = { result_status: status?.name ?? hex(answer.resultStatus) };
  if (answer.resultReason !== undefined) {
    const reason = RESULT_REASON && enumValueByNumber(RESULT_REASON, answer.resultReason);
    out.result_reason = reason?.name ?? hex(answer.resultReason);
  }
  if (answer.resultMessage !== undefined) out.result_message = answer.resultMessage;
  if (answer.resultStatus === ResultStatus.Success) Object.assign(out, identifiersOf(answer.responsePayload));
  return out;
}

function textField(key: string, value: unknown): Record<string, string> {
  return typeof value === "string" && value !== "" ? { [key]: value } : {};
}

function hex(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(8, "0")}`;
}

/**
 * KMIP enumeration values as metrics label values: the spec names ("Get", "Operation Failed",
 * "Item Not Found"), or the hex value for one kmipd has no name for, so a client sending unknown
 * values cannot grow the label sets beyond the enumerations (vendor values collapse to "other").
 */
import { enumByName, enumValueByNumber } from "../kmip/tables.js";
import { operationName } from "../operations/registry.js";

const RESULT_STATUS = enumByName("Result Status");
const RESULT_REASON = enumByName("Result Reason");

export function operationLabel(operation: number | undefined): string {
  if (operation === undefined) return "none";
  return operationName(operation) ?? "other";
}

export function statusLabel(status: number): string {
  return (RESULT_STATUS && enumValueByNumber(RESULT_STATUS, status)?.name) ?? "other";
}

export function reasonLabel(reason: number | undefined): string {
  if (reason === undefined) return "none";
  return (RESULT_REASON && enumValueByNumber(RESULT_REASON, reason)?.name) ?? "other";
}

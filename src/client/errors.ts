/**
 * Errors a KMIP client raises.
 *
 * - `KmipResultError`: the server answered, and a Batch Item's Result Status is not Success
 *   (KMIP 1.4 §6.9–6.11, KMIP 2.1 §9.17–9.19: Result Status, Result Reason, Result Message).
 * - `KmipTransportError`: no usable answer — TLS or socket failure, timeout, a response that
 *   does not frame or decode, or one that does not match the request.
 */
import { enumName } from "./names.js";

export class KmipResultError extends Error {
  override readonly name = "KmipResultError";
  constructor(
    /** Result Status enumeration value (Operation Failed, Operation Pending, Operation Undone). */
    readonly resultStatus: number,
    /** Result Reason enumeration value; "Yes, if Result Status is Failure", so may be absent. */
    readonly resultReason: number | undefined,
    /** Result Message text, when the server gave one. */
    readonly resultMessage: string | undefined,
    /** The Operation the failed batch item asked for. */
    readonly operation?: number,
  ) {
    super(describeResult(resultStatus, resultReason, resultMessage, operation));
  }

  /** "Item Not Found" (or the Result Status name when no reason was given). */
  get reasonName(): string {
    return this.resultReason === undefined
      ? enumName("Result Status", this.resultStatus)
      : enumName("Result Reason", this.resultReason);
  }
}

function describeResult(
  status: number,
  reason: number | undefined,
  message: string | undefined,
  operation: number | undefined,
): string {
  const op = operation === undefined ? "KMIP operation" : enumName("Operation", operation);
  const why = reason === undefined ? enumName("Result Status", status) : enumName("Result Reason", reason);
  return `${op} failed: ${why}${message === undefined || message === "" ? "" : ` (${message})`}`;
}

export type TransportErrorCode = "connect" | "tls" | "timeout" | "closed" | "protocol";

export class KmipTransportError extends Error {
  override readonly name = "KmipTransportError";
  constructor(
    readonly code: TransportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The request cannot be written in the chosen protocol version (an operation, field or value
 * that version lacks), or its arguments are wrong. Nothing was sent.
 */
export class KmipRequestError extends Error {
  override readonly name = "KmipRequestError";
}

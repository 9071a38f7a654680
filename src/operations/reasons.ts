/**
 * Result Reasons of the operations layer that `src/policy/reasons.ts` does not cover (those of
 * attribute, lifecycle and usage rules live there): a missing object, an archived one, an
 * unsupported feature, an internal failure.
 *
 * KMIP 1.x lists one reason per error in the Error Handling tables (1.4 §11.2–11.32); KMIP 2.x
 * added precise reasons (Object Not Found …, 2.1 §11.46) and lists them per operation (2.1
 * §6.1.x.1). A 2.x-only reason must never reach a 1.x client.
 */
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import type { KmipVersion } from "../kmip/version.js";

const is2x = (v: KmipVersion): boolean => v >= 20;

/** No such object in this scope: 1.4 §11 "Item Not Found"; 2.1 §6.1.x.1 "Object Not Found". */
export function notFound(version: KmipVersion, message = "no object with this Unique Identifier"): KmipError {
  return new KmipError(is2x(version) ? ResultReason.ObjectNotFound : ResultReason.ItemNotFound, message);
}

/** Object Archived (every version): 1.4 §4 "any archived object SHALL first be made available by a Recover". */
export function archived(): KmipError {
  return new KmipError(ResultReason.ObjectArchived, "the object is archived; Recover it first");
}

/** Feature Not Supported (every version). */
export function featureNotSupported(message: string): KmipError {
  return new KmipError(ResultReason.FeatureNotSupported, message);
}

/** General Failure (every version): a cause the client cannot act on; the cause goes to the log. */
export function generalFailure(message: string, cause?: unknown): KmipError {
  return new KmipError(ResultReason.GeneralFailure, message, { cause });
}

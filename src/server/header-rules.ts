/**
 * Request Header and Message Extension rules that decide whether a message is served at all, and
 * how its batch is run. Each answer cites the rule it follows.
 */
import type { Logger } from "../core/logger.js";
import { BatchErrorContinuationOption, ResultReason } from "../kmip/generated/enums.js";
import type { RequestHeader } from "../kmip/messages.js";
import type { KmipVersion } from "../kmip/version.js";
import type { ClientIdentity } from "../operations/types.js";
import { ALWAYS_SYNCHRONOUS, asyncMode } from "./async-policy.js";
import type { ParsedRequest } from "./request.js";

/** Why every item of a message fails without being processed; `message(i)` for item i. */
export interface Rejection {
  readonly reason: number;
  readonly message: (index: number) => string;
}

const same = (text: string) => () => text;

/**
 * The first rule that rejects the entire message, or undefined. The message was parsed, so each
 * Batch Item is still answered with its Operation and Unique Batch Item ID echoed (1.4 Table 285).
 */
export function rejection(
  request: ParsedRequest,
  version: KmipVersion,
  identity: ClientIdentity | undefined,
  served: { readonly asynchronous: boolean },
): Rejection | undefined {
  // The certificate no longer maps to a scope and role (revoked, role or scope deleted): the
  // client "is not allowed to perform the specified operation" (1.4 §11.1).
  if (identity === undefined) {
    return {
      reason: ResultReason.PermissionDenied,
      message: same("the client certificate is no longer authorized"),
    };
  }
  return (
    criticalExtension(request) ??
    mandatoryAsynchronous(request, version, served.asynchronous) ??
    headerRejection(request.header)
  );
}

/**
 * 2.x Asynchronous Indicator Mandatory: "The server SHALL process all batch items in the request
 * asynchronously" (2.1 §11.3 Table 431). We do for a batch of one item (async-items.ts
 * `deferrableBatch` says why not for more, nor for Undo); a message we cannot serve so asks for
 * an OPTIONAL feature we do not support (2.1 §11.46 Feature Not Supported). Items that are
 * always answered at once (Poll, Cancel, Discover Versions, Query: async-policy.ts) do not count.
 */
function mandatoryAsynchronous(
  request: ParsedRequest,
  version: KmipVersion,
  served: boolean,
): Rejection | undefined {
  if (asyncMode(request.header, version) !== "mandatory") return undefined;
  const deferred = request.items.filter((p) => !(p.ok && ALWAYS_SYNCHRONOUS.has(p.item.operation)));
  if (deferred.length === 0) return undefined;
  const why = !served
    ? "asynchronous processing is not available here"
    : request.header.batchErrorContinuationOption === BatchErrorContinuationOption.Undo
      ? "a batch with Batch Error Continuation Option Undo is processed synchronously"
      : request.items.length > 1
        ? "only a batch of one item is processed asynchronously"
        : undefined;
  if (why === undefined) return undefined;
  return {
    reason: ResultReason.FeatureNotSupported,
    message: same(`Asynchronous Indicator Mandatory: ${why}; send Optional or Prohibited`),
  };
}

/**
 * A Message Extension with Criticality Indicator True that we do not understand (we understand
 * none): "the receiver SHALL reject the entire message" (1.4 §6.16, 2.1 §9.13), Result Reason
 * Feature Not Supported (1.4 §11.1 Table 327; OASIS TC-72-11/12).
 */
function criticalExtension(request: ParsedRequest): Rejection | undefined {
  const carrier = request.items.findIndex(
    (p) => p.ok && (p.item.messageExtension ?? []).some((e) => e.criticalityIndicator),
  );
  if (carrier < 0) return undefined;
  return {
    reason: ResultReason.FeatureNotSupported,
    message: (i) =>
      i === carrier
        ? "critical Message Extension not recognized"
        : `not processed: batch item ${carrier + 1} carries a critical Message Extension`,
  };
}

function headerRejection(header: RequestHeader): Rejection | undefined {
  const option = header.batchErrorContinuationOption;
  // Stop, Continue and Undo (1.4 §6.13; Undo is carried out by batch-undo.ts).
  if (
    option !== undefined &&
    option !== BatchErrorContinuationOption.Stop &&
    option !== BatchErrorContinuationOption.Continue &&
    option !== BatchErrorContinuationOption.Undo
  ) {
    return {
      reason: ResultReason.InvalidField,
      message: same(`unknown Batch Error Continuation Option ${option}`),
    };
  }
  const max = header.maximumResponseSize;
  if (max !== undefined && max < 1) {
    return {
      reason: ResultReason.InvalidField,
      message: same(`Maximum Response Size ${max} is not positive`),
    };
  }
  return undefined;
}

/**
 * Stop unless Continue is asked for: "If not specified, then Stop is assumed" (1.4 §6.13, 2.1
 * §8.2). Batch Order Option needs nothing: items always run in the order sent, which satisfies
 * both True ("SHALL be executed in the order") and False ("MAY choose any order"), 1.4 §6.12.
 */
export function continueOnError(header: RequestHeader): boolean {
  return header.batchErrorContinuationOption === BatchErrorContinuationOption.Continue;
}

/** Things we accept and note: a Credential (1.4 §6.6), extensions. */
export function logHeaderNotes(
  header: RequestHeader,
  request: ParsedRequest,
  log: Logger,
  fields: Record<string, unknown>,
): void {
  const credentials = header.authentication?.credential ?? [];
  if (credentials.length > 0) {
    // Tolerated, never checked: the client is authenticated by its TLS certificate (Vault's
    // model). vCenter sends a username/password here. Types only: never log secrets.
    const types = credentials.map((c) => c.credentialType);
    log.info(
      Object.assign({}, fields, { credentialTypes: types }),
      "KMIP request carries a Credential; ignored (mTLS identity)",
    );
  }
  const extensions = request.items.flatMap((p) => (p.ok ? (p.item.messageExtension ?? []) : []));
  const ignored = extensions.filter((e) => !e.criticalityIndicator);
  if (ignored.length > 0) {
    const vendors = ignored.map((e) => e.vendorIdentification);
    log.info(
      Object.assign({}, fields, { vendors }),
      "KMIP non-critical Message Extensions ignored (1.4 §6.16)",
    );
  }
}

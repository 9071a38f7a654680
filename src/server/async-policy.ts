/**
 * Whether a message lets us answer its items later, and which items never are: the rules of the
 * Asynchronous Indicator (KMIP 1.4 §6.7; 2.1 §9.2, §11.3 Table 431).
 */
import { AsynchronousIndicator, Operation } from "../kmip/generated/enums.js";
import type { RequestHeader } from "../kmip/messages.js";
import type { KmipVersion } from "../kmip/version.js";

/**
 * - "off": 1.x False or absent ("If not present in a request, then False is assumed … the server
 *   SHALL process the request synchronously", 1.4 §6.7); 2.x Prohibited or absent (2.1 §9.2);
 * - "optional": 1.x True, 2.x Optional: "The server MAY process each batch item in the request
 *   either asynchronously … or synchronously" (2.1 Table 431; 1.4 §6.8 "the server decides");
 * - "mandatory": 2.x Mandatory: "The server SHALL process all batch items in the request
 *   asynchronously" (2.1 Table 431).
 */
export type AsyncMode = "off" | "optional" | "mandatory";

export function asyncMode(header: RequestHeader, version: KmipVersion): AsyncMode {
  const indicator = header.asynchronousIndicator;
  if (version < 20) return indicator === true ? "optional" : "off";
  if (indicator === AsynchronousIndicator.Mandatory) return "mandatory";
  return indicator === AsynchronousIndicator.Optional ? "optional" : "off";
}

/**
 * Operations answered at once whatever the indicator says:
 * - Poll and Cancel: "The response to this operation SHALL NOT be asynchronous" (1.4 §4.28, 2.1
 *   §6.1.38) and "is not able to be asynchronous" (1.4 §4.27, 2.1 §6.1.5);
 * - Discover Versions and Query: what a client asks before anything else, to learn which versions
 *   and operations (Poll among them) it may use; deferring them would leave it guessing;
 * - Query Asynchronous Requests (2.1 §6.1.41): a report on the pending ones, which a deferred
 *   report would join.
 */
export const ALWAYS_SYNCHRONOUS: ReadonlySet<number> = new Set<number>([
  Operation.Poll,
  Operation.Cancel,
  Operation.DiscoverVersions,
  Operation.Query,
  Operation.QueryAsynchronousRequests,
]);

/**
 * Lifecycle operations on one object: Obtain Lease, Get Usage Allocation, Activate, Revoke,
 * Destroy, Archive, Recover. The same tables in every version, apart from section numbers.
 */
import { RevocationReason } from "../objects/attribute-values.js";
import { dateTime, type Infer, interval, longInteger, opt, req } from "../schema/index.js";
import { optUid, payloads, reqUid, request, response } from "./common.js";

/** "Unique Identifier | No" in, "Unique Identifier | Yes" out: Activate, Destroy, Archive, Recover. */
function byIdentifier(section: string) {
  return {
    request: request(section, { uniqueIdentifier: optUid() }),
    response: response(section, { uniqueIdentifier: reqUid() }),
  };
}

/** Obtain Lease — KMIP 1.4 §4.17 Tables 206–207; KMIP 2.1 §6.1.35 Tables 268–269. */
export const ObtainLeaseRequest = request("KMIP 1.4 §4.17; KMIP 2.1 §6.1.35", {
  uniqueIdentifier: optUid(),
});
export type ObtainLeaseRequest = Infer<typeof ObtainLeaseRequest>;
export const ObtainLeaseResponse = response("KMIP 1.4 §4.17; KMIP 2.1 §6.1.35", {
  uniqueIdentifier: reqUid(),
  leaseTime: req("Lease Time", interval),
  lastChangeDate: req("Last Change Date", dateTime),
});
export type ObtainLeaseResponse = Infer<typeof ObtainLeaseResponse>;

/** Get Usage Allocation — KMIP 1.4 §4.18 Tables 208–209; KMIP 2.1 §6.1.23 Tables 232–233. */
export const GetUsageAllocationRequest = request("KMIP 1.4 §4.18; KMIP 2.1 §6.1.23", {
  uniqueIdentifier: optUid(),
  usageLimitsCount: req("Usage Limits Count", longInteger),
});
export type GetUsageAllocationRequest = Infer<typeof GetUsageAllocationRequest>;
export const GetUsageAllocationResponse = response("KMIP 1.4 §4.18; KMIP 2.1 §6.1.23", {
  uniqueIdentifier: reqUid(),
});
export type GetUsageAllocationResponse = Infer<typeof GetUsageAllocationResponse>;

/** Revoke — KMIP 1.4 §4.20 Tables 212–213; KMIP 2.1 §6.1.44 Tables 295–296. */
export const RevokeRequest = request("KMIP 1.4 §4.20; KMIP 2.1 §6.1.44", {
  uniqueIdentifier: optUid(),
  revocationReason: req("Revocation Reason", RevocationReason),
  compromiseOccurrenceDate: opt("Compromise Occurrence Date", dateTime),
});
export type RevokeRequest = Infer<typeof RevokeRequest>;
export const RevokeResponse = response("KMIP 1.4 §4.20; KMIP 2.1 §6.1.44", {
  uniqueIdentifier: reqUid(),
});
export type RevokeResponse = Infer<typeof RevokeResponse>;

/** Activate — KMIP 1.4 §4.19 Tables 210–211; KMIP 2.1 §6.1.1 Tables 164–165. */
export const Activate = byIdentifier("KMIP 1.4 §4.19; KMIP 2.1 §6.1.1");
/** Destroy — KMIP 1.4 §4.21 Tables 214–215; KMIP 2.1 §6.1.15 Tables 208–209. */
export const Destroy = byIdentifier("KMIP 1.4 §4.21; KMIP 2.1 §6.1.15");
/** Archive — KMIP 1.4 §4.22 Tables 216–217; KMIP 2.1 §6.1.4 Tables 173–174. */
export const Archive = byIdentifier("KMIP 1.4 §4.22; KMIP 2.1 §6.1.4");
/** Recover — KMIP 1.4 §4.23 Tables 218–219; KMIP 2.1 §6.1.42 Tables 288–289. */
export const Recover = byIdentifier("KMIP 1.4 §4.23; KMIP 2.1 §6.1.42");

/** Activate, Destroy, Archive and Recover share these two shapes. */
export type ByIdentifierRequest = Infer<typeof Activate.request>;
export type ByIdentifierResponse = Infer<typeof Activate.response>;

export const LIFECYCLE_PAYLOADS = [
  payloads({
    operation: "Obtain Lease",
    section: "KMIP 1.4 §4.17; KMIP 2.1 §6.1.35",
    since: 10,
    request: ObtainLeaseRequest,
    response: ObtainLeaseResponse,
  }),
  payloads({
    operation: "Get Usage Allocation",
    section: "KMIP 1.4 §4.18; KMIP 2.1 §6.1.23",
    since: 10,
    request: GetUsageAllocationRequest,
    response: GetUsageAllocationResponse,
  }),
  payloads({ operation: "Activate", section: "KMIP 1.4 §4.19; KMIP 2.1 §6.1.1", since: 10, ...Activate }),
  payloads({
    operation: "Revoke",
    section: "KMIP 1.4 §4.20; KMIP 2.1 §6.1.44",
    since: 10,
    request: RevokeRequest,
    response: RevokeResponse,
  }),
  payloads({ operation: "Destroy", section: "KMIP 1.4 §4.21; KMIP 2.1 §6.1.15", since: 10, ...Destroy }),
  payloads({ operation: "Archive", section: "KMIP 1.4 §4.22; KMIP 2.1 §6.1.4", since: 10, ...Archive }),
  payloads({ operation: "Recover", section: "KMIP 1.4 §4.23; KMIP 2.1 §6.1.42", since: 10, ...Recover }),
];

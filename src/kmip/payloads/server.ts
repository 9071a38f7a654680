/**
 * Server and protocol operations: Query, Discover Versions, Validate, Cancel, Poll, the
 * server-to-client Notify and Put, and the KMIP 2.x Query Asynchronous Requests, Process,
 * Set Endpoint Role, Set Defaults, Set Constraints and Get Constraints.
 */
import { Constraints, Operations, ProtectionStorageMasks } from "../objects/access.js";
import { attribute1x, attributeReference2x, attributes2x } from "../objects/attribute-codecs.js";
import type { Attribute } from "../objects/attribute-table.js";
import { RNGParameters } from "../objects/attribute-values.js";
import { Certificate, managedObject } from "../objects/managed.js";
import {
  AsynchronousCorrelationValues,
  AsynchronousRequest,
  CapabilityInformation,
  DefaultsInformation,
  ExtensionInformation,
  ObjectGroups,
  ProfileInformation,
  ProtocolVersion,
  ServerInformation,
  ValidationInformation,
} from "../objects/server-info.js";
import {
  anyItem,
  bytes,
  dateTime,
  enumeration,
  form,
  type Infer,
  identifier,
  many,
  opt,
  optForms,
  req,
  some,
  text,
} from "../schema/index.js";
import { payloads, reqUid, request, response } from "./common.js";

/** Query — KMIP 1.0 §4.24; 2.1 §6.1.40 Table 282 adds Object Groups. */
export const QueryRequest = request("KMIP 1.4 §4.25; KMIP 2.1 §6.1.40", {
  queryFunction: some("Query Function", enumeration),
  objectGroups: opt("Object Groups", ObjectGroups, { since: 21 }),
});
export type QueryRequest = Infer<typeof QueryRequest>;

/**
 * Query response — KMIP 1.0 §4.24 (Operation … Application Namespace); 1.1 adds Extension
 * Information; 1.2 Attestation Type; 1.3 RNG Parameters to Client Registration Method (1.4 §4.25
 * Table 223); 2.0 Defaults Information and Protection Storage Masks (2.1 §6.1.40 Table 283).
 * 2.x marks Protection Storage Masks "Yes" but allows an empty list; optional here.
 */
export const QueryResponse = response("KMIP 1.4 §4.25; KMIP 2.1 §6.1.40", {
  operation: many("Operation", enumeration),
  objectType: many("Object Type", enumeration),
  vendorIdentification: opt("Vendor Identification", text),
  serverInformation: opt("Server Information", ServerInformation),
  applicationNamespace: many("Application Namespace", text),
  extensionInformation: many("Extension Information", ExtensionInformation, { since: 11 }),
  attestationType: many("Attestation Type", enumeration, { since: 12 }),
  rngParameters: many("RNG Parameters", RNGParameters, { since: 13 }),
  profileInformation: many("Profile Information", ProfileInformation, { since: 13 }),
  validationInformation: many("Validation Information", ValidationInformation, { since: 13 }),
  capabilityInformation: many("Capability Information", CapabilityInformation, { since: 13 }),
  clientRegistrationMethod: many("Client Registration Method", enumeration, { since: 13 }),
  defaultsInformation: opt("Defaults Information", DefaultsInformation, { since: 20 }),
  protectionStorageMasks: opt("Protection Storage Masks", ProtectionStorageMasks, { since: 20 }),
});
export type QueryResponse = Infer<typeof QueryResponse>;

/** Discover Versions (KMIP 1.1+) — KMIP 1.4 §4.26 Tables 224–225; KMIP 2.1 §6.1.16 Tables 211–212. */
export const DiscoverVersionsRequest = request("KMIP 1.4 §4.26; KMIP 2.1 §6.1.16", {
  protocolVersion: many("Protocol Version", ProtocolVersion),
});
export type DiscoverVersionsRequest = Infer<typeof DiscoverVersionsRequest>;
export const DiscoverVersionsResponse = response("KMIP 1.4 §4.26; KMIP 2.1 §6.1.16", {
  protocolVersion: many("Protocol Version", ProtocolVersion),
});
export type DiscoverVersionsResponse = Infer<typeof DiscoverVersionsResponse>;

/** Validate — KMIP 1.4 §4.24 Tables 220–221; KMIP 2.1 §6.1.57 Tables 340–341. */
export const ValidateRequest = request("KMIP 1.4 §4.24; KMIP 2.1 §6.1.57", {
  certificate: many("Certificate", Certificate),
  uniqueIdentifier: many("Unique Identifier", identifier),
  validityDate: opt("Validity Date", dateTime),
});
export type ValidateRequest = Infer<typeof ValidateRequest>;
export const ValidateResponse = response("KMIP 1.4 §4.24; KMIP 2.1 §6.1.57", {
  validityIndicator: req("Validity Indicator", enumeration),
});
export type ValidateResponse = Infer<typeof ValidateResponse>;

/** Cancel — KMIP 1.4 §4.27 Tables 226–227; KMIP 2.1 §6.1.5 Tables 176–177. */
export const CancelRequest = request("KMIP 1.4 §4.27; KMIP 2.1 §6.1.5", {
  asynchronousCorrelationValue: req("Asynchronous Correlation Value", bytes),
});
export type CancelRequest = Infer<typeof CancelRequest>;
export const CancelResponse = response("KMIP 1.4 §4.27; KMIP 2.1 §6.1.5", {
  asynchronousCorrelationValue: req("Asynchronous Correlation Value", bytes),
  cancellationResult: req("Cancellation Result", enumeration),
});
export type CancelResponse = Infer<typeof CancelResponse>;

/**
 * Poll — KMIP 1.4 §4.28 Table 228; KMIP 2.1 §6.1.38 Table 276. The response is the payload of
 * the polled operation ("identical to the response that would have been sent if the operation
 * had completed synchronously"), so it is kept as the raw item.
 */
export const PollRequest = request("KMIP 1.4 §4.28; KMIP 2.1 §6.1.38", {
  asynchronousCorrelationValue: req("Asynchronous Correlation Value", bytes),
});
export type PollRequest = Infer<typeof PollRequest>;
export const PollResponse = anyItem;
export type PollResponse = Infer<typeof PollResponse>;

/**
 * Notify (server to client) — KMIP 1.4 §5.1 Table 255 ("Attribute | Yes, MAY be repeated", a
 * deleted attribute without its value); KMIP 2.1 §6.2.2 (Attributes changed, Attribute
 * Reference for deleted ones). The client answers with an empty payload.
 */
export const NotifyRequest = request("KMIP 1.4 §5.1; KMIP 2.1 §6.2.2", {
  uniqueIdentifier: reqUid(),
  attributes: optForms<Attribute[]>(
    form("Attribute", attribute1x, { until: 20, collect: true, required: true }),
    form("Attributes", attributes2x, { since: 20 }),
  ),
  attributeReference: many("Attribute Reference", attributeReference2x, { since: 20 }),
});
export type NotifyRequest = Infer<typeof NotifyRequest>;
export const NotifyResponse = response("KMIP 1.4 §5.1; KMIP 2.1 §6.2.2", {});
export type NotifyResponse = Infer<typeof NotifyResponse>;

/** Put (server to client) — KMIP 1.4 §5.2 Table 256; KMIP 2.1 §6.2.3. */
export const PutRequest = request("KMIP 1.4 §5.2; KMIP 2.1 §6.2.3", {
  uniqueIdentifier: reqUid(),
  putFunction: req("Put Function", enumeration),
  replacedUniqueIdentifier: opt("Replaced Unique Identifier", text),
  object: managedObject(),
  attributes: optForms<Attribute[]>(
    form("Attribute", attribute1x, { until: 20, collect: true }),
    form("Attributes", attributes2x, { since: 20 }),
  ),
});
export type PutRequest = Infer<typeof PutRequest>;
export const PutResponse = response("KMIP 1.4 §5.2; KMIP 2.1 §6.2.3", {});
export type PutResponse = Infer<typeof PutResponse>;

/** Query Asynchronous Requests (KMIP 2.1) — §6.1.41 Tables 285–286. */
export const QueryAsynchronousRequestsRequest = request("KMIP 2.1 §6.1.41", {
  asynchronousCorrelationValues: opt("Asynchronous Correlation Values", AsynchronousCorrelationValues),
  operations: opt("Operations", Operations),
});
export type QueryAsynchronousRequestsRequest = Infer<typeof QueryAsynchronousRequestsRequest>;
export const QueryAsynchronousRequestsResponse = response("KMIP 2.1 §6.1.41", {
  asynchronousRequest: many("Asynchronous Request", AsynchronousRequest),
});
export type QueryAsynchronousRequestsResponse = Infer<typeof QueryAsynchronousRequestsResponse>;

/** Process (KMIP 2.1) — §6.1.39 Tables 278–279. */
export const ProcessRequest = request("KMIP 2.1 §6.1.39", {
  asynchronousCorrelationValue: req("Asynchronous Correlation Value", bytes),
});
export type ProcessRequest = Infer<typeof ProcessRequest>;
export const ProcessResponse = response("KMIP 2.1 §6.1.39", {});
export type ProcessResponse = Infer<typeof ProcessResponse>;

/** Set Endpoint Role (KMIP 2.0+) — KMIP 2.1 §6.1.54 Tables 331–332 (and §6.2.5 the other way). */
export const SetEndpointRoleRequest = request("KMIP 2.1 §6.1.54", {
  endpointRole: req("Endpoint Role", enumeration),
});
export type SetEndpointRoleRequest = Infer<typeof SetEndpointRoleRequest>;
export const SetEndpointRoleResponse = response("KMIP 2.1 §6.1.54", {
  endpointRole: req("Endpoint Role", enumeration),
});
export type SetEndpointRoleResponse = Infer<typeof SetEndpointRoleResponse>;

/** Set Defaults (KMIP 2.1) — §6.1.53 Tables 328–329. */
export const SetDefaultsRequest = request("KMIP 2.1 §6.1.53", {
  defaultsInformation: opt("Defaults Information", DefaultsInformation),
});
export type SetDefaultsRequest = Infer<typeof SetDefaultsRequest>;
export const SetDefaultsResponse = response("KMIP 2.1 §6.1.53", {});
export type SetDefaultsResponse = Infer<typeof SetDefaultsResponse>;

/**
 * Set Constraints (KMIP 2.1) — §6.1.52 Tables 325–326. The table says Constraints "Yes", but the
 * OASIS test case TC-MD-24-21 (step 3) sends an empty payload to clear the constraints and
 * expects Success, so it is optional here.
 */
export const SetConstraintsRequest = request("KMIP 2.1 §6.1.52", {
  constraints: opt("Constraints", Constraints),
});
export type SetConstraintsRequest = Infer<typeof SetConstraintsRequest>;
export const SetConstraintsResponse = response("KMIP 2.1 §6.1.52", {});
export type SetConstraintsResponse = Infer<typeof SetConstraintsResponse>;

/** Get Constraints (KMIP 2.1) — §6.1.22 Tables 229–230. */
export const GetConstraintsRequest = request("KMIP 2.1 §6.1.22", {});
export type GetConstraintsRequest = Infer<typeof GetConstraintsRequest>;
export const GetConstraintsResponse = response("KMIP 2.1 §6.1.22", {
  constraints: req("Constraints", Constraints),
});
export type GetConstraintsResponse = Infer<typeof GetConstraintsResponse>;

export const SERVER_PAYLOADS = [
  payloads({
    operation: "Query",
    section: "KMIP 1.4 §4.25; KMIP 2.1 §6.1.40",
    since: 10,
    request: QueryRequest,
    response: QueryResponse,
  }),
  payloads({
    operation: "Discover Versions",
    section: "KMIP 1.4 §4.26; KMIP 2.1 §6.1.16",
    since: 11,
    request: DiscoverVersionsRequest,
    response: DiscoverVersionsResponse,
  }),
  payloads({
    operation: "Validate",
    section: "KMIP 1.4 §4.24; KMIP 2.1 §6.1.57",
    since: 10,
    request: ValidateRequest,
    response: ValidateResponse,
  }),
  payloads({
    operation: "Cancel",
    section: "KMIP 1.4 §4.27; KMIP 2.1 §6.1.5",
    since: 10,
    request: CancelRequest,
    response: CancelResponse,
  }),
  payloads({
    operation: "Poll",
    section: "KMIP 1.4 §4.28; KMIP 2.1 §6.1.38",
    since: 10,
    request: PollRequest,
    response: PollResponse,
  }),
  payloads({
    operation: "Notify",
    section: "KMIP 1.4 §5.1; KMIP 2.1 §6.2.2",
    since: 10,
    request: NotifyRequest,
    response: NotifyResponse,
    serverToClient: true,
  }),
  payloads({
    operation: "Put",
    section: "KMIP 1.4 §5.2; KMIP 2.1 §6.2.3",
    since: 10,
    request: PutRequest,
    response: PutResponse,
    serverToClient: true,
  }),
  payloads({
    operation: "Query Asynchronous Requests",
    section: "KMIP 2.1 §6.1.41",
    since: 21,
    request: QueryAsynchronousRequestsRequest,
    response: QueryAsynchronousRequestsResponse,
  }),
  payloads({
    operation: "Process",
    section: "KMIP 2.1 §6.1.39",
    since: 21,
    request: ProcessRequest,
    response: ProcessResponse,
  }),
  payloads({
    operation: "Set Endpoint Role",
    section: "KMIP 2.1 §6.1.54",
    since: 20,
    request: SetEndpointRoleRequest,
    response: SetEndpointRoleResponse,
  }),
  payloads({
    operation: "Set Defaults",
    section: "KMIP 2.1 §6.1.53",
    since: 21,
    request: SetDefaultsRequest,
    response: SetDefaultsResponse,
  }),
  payloads({
    operation: "Set Constraints",
    section: "KMIP 2.1 §6.1.52",
    since: 21,
    request: SetConstraintsRequest,
    response: SetConstraintsResponse,
  }),
  payloads({
    operation: "Get Constraints",
    section: "KMIP 2.1 §6.1.22",
    since: 21,
    request: GetConstraintsRequest,
    response: GetConstraintsResponse,
  }),
];

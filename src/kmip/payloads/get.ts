/**
 * Operations that find and read objects: Locate, Check, Get, Get Attributes, Get Attribute
 * List, Export, Import.
 */
import { attributeList, attributeReferences } from "../objects/attribute-fields.js";
import { KeyWrappingSpecification } from "../objects/key-block.js";
import { managedObject } from "../objects/managed.js";
import {
  boolean,
  enumeration,
  type Infer,
  identifier,
  integer,
  interval,
  longInteger,
  many,
  opt,
  req,
} from "../schema/index.js";
import { optUid, payloads, reqUid, request, response } from "./common.js";

/**
 * Locate — KMIP 1.0 §4.8; 1.1 adds Object Group Member; 1.3 adds Offset Items and Located Items
 * (1.4 §4.9 Tables 190–191); KMIP 2.1 §6.1.28 Tables 247–248 (Attributes REQUIRED).
 */
export const LocateRequest = request("KMIP 1.4 §4.9; KMIP 2.1 §6.1.28", {
  maximumItems: opt("Maximum Items", integer),
  offsetItems: opt("Offset Items", integer, { since: 13 }),
  storageStatusMask: opt("Storage Status Mask", integer),
  objectGroupMember: opt("Object Group Member", enumeration, { since: 11 }),
  attributes: attributeList(true),
});
export type LocateRequest = Infer<typeof LocateRequest>;
export const LocateResponse = response("KMIP 1.4 §4.9; KMIP 2.1 §6.1.28", {
  locatedItems: opt("Located Items", integer, { since: 13 }),
  uniqueIdentifier: many("Unique Identifier", identifier),
});
export type LocateResponse = Infer<typeof LocateResponse>;

/** Check — KMIP 1.4 §4.10 Tables 192–193; KMIP 2.1 §6.1.7 Tables 183–184. */
export const CheckRequest = request("KMIP 1.4 §4.10; KMIP 2.1 §6.1.7", {
  uniqueIdentifier: optUid(),
  usageLimitsCount: opt("Usage Limits Count", longInteger),
  cryptographicUsageMask: opt("Cryptographic Usage Mask", integer),
  leaseTime: opt("Lease Time", interval),
});
export type CheckRequest = Infer<typeof CheckRequest>;
export const CheckResponse = response("KMIP 1.4 §4.10; KMIP 2.1 §6.1.7", {
  // KMIP 1.1+: "Yes, unless a failure" — a Check failure still returns the payload.
  uniqueIdentifier: optUid(),
  usageLimitsCount: opt("Usage Limits Count", longInteger),
  cryptographicUsageMask: opt("Cryptographic Usage Mask", integer),
  leaseTime: opt("Lease Time", interval),
});
export type CheckResponse = Infer<typeof CheckResponse>;

/** Get — KMIP 1.0 §4.10; 1.4 §4.11 Tables 194–195 adds Key Wrap Type; KMIP 2.1 §6.1.19 Tables 220–221. */
export const GetRequest = request("KMIP 1.4 §4.11; KMIP 2.1 §6.1.19", {
  uniqueIdentifier: optUid(),
  keyFormatType: opt("Key Format Type", enumeration),
  keyWrapType: opt("Key Wrap Type", enumeration, { since: 14 }),
  keyCompressionType: opt("Key Compression Type", enumeration),
  keyWrappingSpecification: opt("Key Wrapping Specification", KeyWrappingSpecification),
});
export type GetRequest = Infer<typeof GetRequest>;
export const GetResponse = response("KMIP 1.4 §4.11; KMIP 2.1 §6.1.19", {
  objectType: req("Object Type", enumeration),
  uniqueIdentifier: reqUid(),
  object: managedObject(),
});
export type GetResponse = Infer<typeof GetResponse>;

/**
 * Get Attributes — KMIP 1.4 §4.12 Tables 196–197 (Attribute Name / Attribute, MAY be repeated);
 * KMIP 2.1 §6.1.20 Tables 223–224 (Attribute Reference / Attributes).
 */
export const GetAttributesRequest = request("KMIP 1.4 §4.12; KMIP 2.1 §6.1.20", {
  uniqueIdentifier: optUid(),
  attributeReference: attributeReferences(),
});
export type GetAttributesRequest = Infer<typeof GetAttributesRequest>;
export const GetAttributesResponse = response("KMIP 1.4 §4.12; KMIP 2.1 §6.1.20", {
  uniqueIdentifier: reqUid(),
  attributes: attributeList(true),
});
export type GetAttributesResponse = Infer<typeof GetAttributesResponse>;

/** Get Attribute List — KMIP 1.4 §4.13 Tables 198–199; KMIP 2.1 §6.1.21 Tables 226–227. */
export const GetAttributeListRequest = request("KMIP 1.4 §4.13; KMIP 2.1 §6.1.21", {
  uniqueIdentifier: optUid(),
});
export type GetAttributeListRequest = Infer<typeof GetAttributeListRequest>;
export const GetAttributeListResponse = response("KMIP 1.4 §4.13; KMIP 2.1 §6.1.21", {
  uniqueIdentifier: reqUid(),
  // "Yes, MAY be repeated"; an object always has some attributes.
  attributeReference: attributeReferences(true),
});
export type GetAttributeListResponse = Infer<typeof GetAttributeListResponse>;

/** Export (KMIP 1.4+) — KMIP 1.4 §4.40 Tables 240–241; KMIP 2.1 §6.1.18 Tables 217–218. */
export const ExportRequest = request("KMIP 1.4 §4.40; KMIP 2.1 §6.1.18", {
  uniqueIdentifier: optUid(),
  keyFormatType: opt("Key Format Type", enumeration),
  keyWrapType: opt("Key Wrap Type", enumeration),
  keyCompressionType: opt("Key Compression Type", enumeration),
  keyWrappingSpecification: opt("Key Wrapping Specification", KeyWrappingSpecification),
});
export type ExportRequest = Infer<typeof ExportRequest>;
export const ExportResponse = response("KMIP 1.4 §4.40; KMIP 2.1 §6.1.18", {
  objectType: req("Object Type", enumeration),
  uniqueIdentifier: reqUid(),
  attributes: attributeList(true),
  object: managedObject(),
});
export type ExportResponse = Infer<typeof ExportResponse>;

/**
 * Import (KMIP 1.4+) — KMIP 1.4 §4.41 Tables 242–243; KMIP 2.0 adds Object Type (2.1 §6.1.25
 * Tables 238–239). Key Wrap Type is "If and only if the key object is wrapped".
 */
export const ImportRequest = request("KMIP 1.4 §4.41; KMIP 2.1 §6.1.25", {
  uniqueIdentifier: reqUid(),
  objectType: req("Object Type", enumeration, { since: 20 }),
  replaceExisting: opt("Replace Existing", boolean),
  keyWrapType: opt("Key Wrap Type", enumeration),
  attributes: attributeList(true),
  object: managedObject(),
});
export type ImportRequest = Infer<typeof ImportRequest>;
export const ImportResponse = response("KMIP 1.4 §4.41; KMIP 2.1 §6.1.25", {
  uniqueIdentifier: reqUid(),
});
export type ImportResponse = Infer<typeof ImportResponse>;

export const GET_PAYLOADS = [
  payloads({
    operation: "Locate",
    section: "KMIP 1.4 §4.9; KMIP 2.1 §6.1.28",
    since: 10,
    request: LocateRequest,
    response: LocateResponse,
  }),
  payloads({
    operation: "Check",
    section: "KMIP 1.4 §4.10; KMIP 2.1 §6.1.7",
    since: 10,
    request: CheckRequest,
    response: CheckResponse,
  }),
  payloads({
    operation: "Get",
    section: "KMIP 1.4 §4.11; KMIP 2.1 §6.1.19",
    since: 10,
    request: GetRequest,
    response: GetResponse,
  }),
  payloads({
    operation: "Get Attributes",
    section: "KMIP 1.4 §4.12; KMIP 2.1 §6.1.20",
    since: 10,
    request: GetAttributesRequest,
    response: GetAttributesResponse,
  }),
  payloads({
    operation: "Get Attribute List",
    section: "KMIP 1.4 §4.13; KMIP 2.1 §6.1.21",
    since: 10,
    request: GetAttributeListRequest,
    response: GetAttributeListResponse,
  }),
  payloads({
    operation: "Export",
    section: "KMIP 1.4 §4.40; KMIP 2.1 §6.1.18",
    since: 14,
    request: ExportRequest,
    response: ExportResponse,
  }),
  payloads({
    operation: "Import",
    section: "KMIP 1.4 §4.41; KMIP 2.1 §6.1.25",
    since: 14,
    request: ImportRequest,
    response: ImportResponse,
  }),
];

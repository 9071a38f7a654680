/**
 * Split keys (KMIP 1.2+): Create Split Key and Join Split Key. KMIP 1.2 responses carried the
 * Object Type, dropped in 1.3; 2.x drops the returned attributes and adds Protection Storage Masks.
 */
import { ProtectionStorageMasks } from "../objects/access.js";
import { optTemplateAttributes, reqTemplateAttributes } from "../objects/attribute-fields.js";
import { bigInteger, enumeration, type Infer, identifier, integer, opt, req, some } from "../schema/index.js";
import { optUid, payloads, reqUid, request, response } from "./common.js";

/** Create Split Key — KMIP 1.2 §4.38; KMIP 1.4 §4.38 Tables 244–245; KMIP 2.1 §6.1.10 Tables 193–194. */
export const CreateSplitKeyRequest = request("KMIP 1.4 §4.38; KMIP 2.1 §6.1.10", {
  objectType: req("Object Type", enumeration),
  uniqueIdentifier: optUid(),
  splitKeyParts: req("Split Key Parts", integer),
  splitKeyThreshold: req("Split Key Threshold", integer),
  splitKeyMethod: req("Split Key Method", enumeration),
  primeFieldSize: opt("Prime Field Size", bigInteger),
  attributes: reqTemplateAttributes(),
  protectionStorageMasks: opt("Protection Storage Masks", ProtectionStorageMasks, { since: 20 }),
});
export type CreateSplitKeyRequest = Infer<typeof CreateSplitKeyRequest>;
export const CreateSplitKeyResponse = response("KMIP 1.4 §4.38; KMIP 2.1 §6.1.10", {
  objectType: opt("Object Type", enumeration, { until: 13 }),
  uniqueIdentifier: some("Unique Identifier", identifier),
  attributes: optTemplateAttributes("", true),
});
export type CreateSplitKeyResponse = Infer<typeof CreateSplitKeyResponse>;

/** Join Split Key — KMIP 1.2 §4.39; KMIP 1.4 §4.39 Tables 246–247; KMIP 2.1 §6.1.27 Tables 244–245. */
export const JoinSplitKeyRequest = request("KMIP 1.4 §4.39; KMIP 2.1 §6.1.27", {
  objectType: req("Object Type", enumeration),
  uniqueIdentifier: some("Unique Identifier", identifier),
  secretDataType: opt("Secret Data Type", enumeration),
  attributes: optTemplateAttributes(),
  protectionStorageMasks: opt("Protection Storage Masks", ProtectionStorageMasks, { since: 20 }),
});
export type JoinSplitKeyRequest = Infer<typeof JoinSplitKeyRequest>;
export const JoinSplitKeyResponse = response("KMIP 1.4 §4.39; KMIP 2.1 §6.1.27", {
  objectType: opt("Object Type", enumeration, { until: 13 }),
  uniqueIdentifier: reqUid(),
  attributes: optTemplateAttributes("", true),
});
export type JoinSplitKeyResponse = Infer<typeof JoinSplitKeyResponse>;

export const SPLIT_KEY_PAYLOADS = [
  payloads({
    operation: "Create Split Key",
    section: "KMIP 1.4 §4.38; KMIP 2.1 §6.1.10",
    since: 12,
    request: CreateSplitKeyRequest,
    response: CreateSplitKeyResponse,
  }),
  payloads({
    operation: "Join Split Key",
    section: "KMIP 1.4 §4.39; KMIP 2.1 §6.1.27",
    since: 12,
    request: JoinSplitKeyRequest,
    response: JoinSplitKeyResponse,
  }),
];

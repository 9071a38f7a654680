/**
 * Structures a server describes itself with (Query, Discover Versions) and the KMIP 2.x
 * operation-data structures around them: KMIP 1.4 §2.1.9, §2.1.19–2.1.21, §6.1;
 * KMIP 2.1 §7.5, §7.11, §7.13, §7.22, §7.31, §7.32, §7.41, §9.16.
 */

import {
  anyItem,
  boolean,
  bytes,
  dateTimeExtended,
  enumeration,
  integer,
  many,
  opt,
  req,
  struct,
  text,
} from "../schema/index.js";
import { reqTemplateAttributes } from "./attribute-fields.js";

/** Protocol Version — KMIP 1.4 §6.1 Table 261; KMIP 2.1 §9.16 Table 421. */
export const ProtocolVersion = struct("Protocol Version", "KMIP 1.4 §6.1; KMIP 2.1 §9.16", {
  protocolVersionMajor: req("Protocol Version Major", integer),
  protocolVersionMinor: req("Protocol Version Minor", integer),
});

/**
 * Extension Information — KMIP 1.1 §2.1.9 (Extension Type an Integer); KMIP 2.0 §7.9 adds
 * Enumeration, Attribute, Parent Structure Tag and Description (2.1 §7.13 Table 365).
 */
export const ExtensionInformation = struct("Extension Information", "KMIP 1.4 §2.1.9; KMIP 2.1 §7.13", {
  extensionName: req("Extension Name", text),
  extensionTag: opt("Extension Tag", integer),
  extensionType: opt("Extension Type", integer),
  extensionEnumeration: opt("Extension Enumeration", integer, { since: 20 }),
  extensionAttribute: opt("Extension Attribute", boolean, { since: 20 }),
  extensionParentStructureTag: opt("Extension Parent Structure Tag", integer, { since: 20 }),
  extensionDescription: opt("Extension Description", text, { since: 20 }),
});

/** Profile Version (KMIP 2.0+) — KMIP 2.1 §7.32 Table 384. */
export const ProfileVersion = struct("Profile Version", "KMIP 2.1 §7.32", {
  profileVersionMajor: req("Profile Version Major", integer),
  profileVersionMinor: req("Profile Version Minor", integer),
});

/** Profile Information (KMIP 1.3+) — KMIP 1.4 §2.1.19 Table 40; 2.0 adds Profile Version (2.1 §7.31). */
export const ProfileInformation = struct("Profile Information", "KMIP 1.4 §2.1.19; KMIP 2.1 §7.31", {
  profileName: req("Profile Name", enumeration),
  profileVersion: opt("Profile Version", ProfileVersion, { since: 20 }),
  serverURI: opt("Server URI", text),
  serverPort: opt("Server Port", integer),
});

/** Validation Information (KMIP 1.3+) — KMIP 1.4 §2.1.20 Table 41; KMIP 2.1 §7.41 Table 393. */
export const ValidationInformation = struct("Validation Information", "KMIP 1.4 §2.1.20; KMIP 2.1 §7.41", {
  validationAuthorityType: req("Validation Authority Type", enumeration),
  validationAuthorityCountry: opt("Validation Authority Country", text),
  validationAuthorityURI: opt("Validation Authority URI", text),
  validationVersionMajor: req("Validation Version Major", integer),
  validationVersionMinor: opt("Validation Version Minor", integer),
  validationType: req("Validation Type", enumeration),
  validationLevel: req("Validation Level", integer),
  validationCertificateIdentifier: opt("Validation Certificate Identifier", text),
  validationCertificateURI: opt("Validation Certificate URI", text),
  validationVendorURI: opt("Validation Vendor URI", text),
  validationProfile: many("Validation Profile", text),
});

/**
 * Capability Information (KMIP 1.3+) — KMIP 1.3 §2.1.21; 1.4 adds Batch Undo and Batch Continue
 * Capability; 2.0 adds Quantum Safe Capability (2.1 §7.5 Table 356).
 */
export const CapabilityInformation = struct("Capability Information", "KMIP 1.4 §2.1.21; KMIP 2.1 §7.5", {
  streamingCapability: opt("Streaming Capability", boolean),
  asynchronousCapability: opt("Asynchronous Capability", boolean),
  attestationCapability: opt("Attestation Capability", boolean),
  batchUndoCapability: opt("Batch Undo Capability", boolean, { since: 14 }),
  batchContinueCapability: opt("Batch Continue Capability", boolean, { since: 14 }),
  unwrapMode: opt("Unwrap Mode", enumeration),
  destroyAction: opt("Destroy Action", enumeration),
  shreddingAlgorithm: opt("Shredding Algorithm", enumeration),
  rngMode: opt("RNG Mode", enumeration),
  quantumSafeCapability: opt("Quantum Safe Capability", boolean, { since: 20 }),
});

/** Object Groups (KMIP 2.1) — §7.23 Table 375. */
export const ObjectGroups = struct("Object Groups", "KMIP 2.1 §7.23", {
  objectGroup: many("Object Group", text),
});

/** Object Types (KMIP 2.1) — §7.24 Table 376. */
export const ObjectTypes = struct("Object Types", "KMIP 2.1 §7.24", {
  objectType: many("Object Type", enumeration),
});

/** Object Defaults (KMIP 2.0+) — KMIP 2.0 §7.18; 2.1 §7.22 Table 374 adds Object Groups. */
export const ObjectDefaults = struct("Object Defaults", "KMIP 2.1 §7.22", {
  objectType: req("Object Type", enumeration),
  attributes: reqTemplateAttributes(),
  objectGroups: opt("Object Groups", ObjectGroups, { since: 21 }),
});

/** Defaults Information (KMIP 2.0+) — 2.0 §7.7 (Yes, MAY be repeated); 2.1 §7.11 Table 363 (No). */
export const DefaultsInformation = struct("Defaults Information", "KMIP 2.1 §7.11", {
  objectDefaults: many("Object Defaults", ObjectDefaults),
});

/**
 * Server Information — vendor-specific in KMIP 1.x (1.4 §4.25); KMIP 2.1 §7.37 lists optional
 * fields and "Vendor-Specific | Any, MAY be repeated", so it is kept as the raw item.
 */
export const ServerInformation = anyItem;

/** Asynchronous Correlation Values (KMIP 2.1) — §7.1. */
export const AsynchronousCorrelationValues = struct("Asynchronous Correlation Values", "KMIP 2.1 §7.1", {
  asynchronousCorrelationValue: many("Asynchronous Correlation Value", bytes),
});

/** Asynchronous Request (KMIP 2.1) — §7.2. */
export const AsynchronousRequest = struct("Asynchronous Request", "KMIP 2.1 §7.2", {
  asynchronousCorrelationValue: req("Asynchronous Correlation Value", bytes),
  operation: req("Operation", enumeration),
  submissionDate: req("Submission Date", dateTimeExtended),
  processingStage: req("Processing Stage", enumeration),
});

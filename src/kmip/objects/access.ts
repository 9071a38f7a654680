/**
 * KMIP 2.x operation-data structures for tickets, rights, constraints and storage masks:
 * KMIP 2.1 §7.6–7.7 (Constraint, Constraints), §7.21 (Objects), §7.25 (Operations),
 * §7.33 (Protection Storage Masks), §7.34–7.35 (Right, Rights).
 */

import { enumeration, identifier, integer, many, opt, struct } from "../schema/index.js";
import { attributeList } from "./attribute-fields.js";
import { UsageLimits } from "./attribute-values.js";
import { ObjectGroups, ObjectTypes } from "./server-info.js";

/** Operations (KMIP 2.0+) — KMIP 2.1 §7.25 Table 377. */
export const Operations = struct("Operations", "KMIP 2.1 §7.25", {
  operation: many("Operation", enumeration),
});

/** Objects (KMIP 2.0+) — KMIP 2.1 §7.21 Table 373. */
export const Objects = struct("Objects", "KMIP 2.1 §7.21", {
  uniqueIdentifier: many("Unique Identifier", identifier),
});

/** Right (KMIP 2.0+) — KMIP 2.0 §7.28; 2.1 §7.34 Table 386 adds Object Groups. */
export const Right = struct("Right", "KMIP 2.1 §7.34", {
  usageLimits: opt("Usage Limits", UsageLimits),
  operations: opt("Operations", Operations),
  objects: opt("Objects", Objects),
  objectGroups: opt("Object Groups", ObjectGroups, { since: 21 }),
});

/** Rights (KMIP 2.0+) — KMIP 2.1 §7.35 Table 387. */
export const Rights = struct("Rights", "KMIP 2.1 §7.35", {
  right: many("Right", Right),
});

/** Constraint (KMIP 2.1) — §7.6 Table 357. */
export const Constraint = struct("Constraint", "KMIP 2.1 §7.6", {
  objectTypes: opt("Object Types", ObjectTypes),
  objectGroups: opt("Object Groups", ObjectGroups),
  attributes: attributeList(),
});

/** Constraints (KMIP 2.1) — §7.7 Table 358. */
export const Constraints = struct("Constraints", "KMIP 2.1 §7.7", {
  constraint: many("Constraint", Constraint),
});

/**
 * Protection Storage Masks (KMIP 2.0+) — KMIP 2.1 §7.33: "an ordered collection of Protection
 * Storage Mask selections". The Common/Private/Public variants (Create Key Pair, Re-key Key
 * Pair) have the same layout under their own tags.
 */
export const ProtectionStorageMasks = struct("Protection Storage Masks", "KMIP 2.1 §7.33", {
  protectionStorageMask: many("Protection Storage Mask", integer),
});

/**
 * Protection Storage Masks of creating requests (KMIP 2.0+): "Specifies all permissible
 * Protection Storage Mask selections for the new object" (2.1 §6.1.8 Table 186; the bits are
 * 2.1 §12.2). 2.1 §7.33: "The server MAY service the request with ANY Storage Protection Mask
 * that the client passes, but SHALL return an error if no single Storage Protection Mask can be
 * satisfied in its entirety (all bits match)." The error is Protection Storage Unavailable ("The
 * operation could not be completed with the protections requested", 2.1 §11.46).
 *
 * This server keeps material in software (sealed in its database): the protections it can give
 * are `SERVER_PROTECTION_STORAGE`, so a selection is satisfied when all its bits are among them.
 * The first satisfied selection is the one used, and the new object's Protection Storage Mask
 * attribute "records which of the requested mask values have been used" (2.1 §4.44). An absent
 * or empty list, or a selection of no bits, leaves the choice to the server.
 */
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import type { KmipVersion } from "../kmip/version.js";
import { SERVER_PROTECTION_STORAGE } from "../policy/index.js";

type Masks = { protectionStorageMask?: number[] | undefined } | undefined;

const satisfied = (selection: number): boolean => (selection & ~SERVER_PROTECTION_STORAGE) === 0;

/**
 * The Protection Storage Mask to record for a new object, or undefined for a KMIP 1.x request
 * (which has no masks: the policy records the server's own storage). Throws Protection Storage
 * Unavailable when no selection can be satisfied in its entirety.
 */
export function selectProtectionStorage(masks: Masks, version: KmipVersion): number | undefined {
  const selections = masks?.protectionStorageMask ?? [];
  if (version < 20) return undefined;
  if (selections.length === 0) return SERVER_PROTECTION_STORAGE;
  const chosen = selections.find(satisfied);
  if (chosen === undefined)
    throw new KmipError(
      ResultReason.ProtectionStorageUnavailable,
      "this server stores objects in software protection storage only",
    );
  return chosen === 0 ? SERVER_PROTECTION_STORAGE : chosen;
}

/** `selectProtectionStorage` for callers that record the server's default (the same value today). */
export function checkProtectionStorage(masks: Masks, version: KmipVersion): void {
  selectProtectionStorage(masks, version);
}

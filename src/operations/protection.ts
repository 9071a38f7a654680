/**
 * Protection Storage Masks of creating requests (KMIP 2.0+): "Specifies all permissible
 * Protection Storage Mask selections for the new object" (2.1 §6.1.8 Table 186, §7.33; the bits
 * are 2.1 §12.2). This server keeps material in software (sealed in its database), so it can
 * honour a request only if some selection permits Software storage; otherwise the request fails
 * with Protection Storage Unavailable ("The operation could not be completed with the protections
 * requested", 2.1 §11.46). An absent or empty list leaves the choice to the server.
 */
import { KmipError } from "../kmip/errors.js";
import { ResultReason } from "../kmip/generated/enums.js";
import { ProtectionStorageMask } from "../kmip/generated/masks.js";
import type { KmipVersion } from "../kmip/version.js";

export function checkProtectionStorage(
  masks: { protectionStorageMask?: number[] | undefined } | undefined,
  version: KmipVersion,
): void {
  const selections = masks?.protectionStorageMask ?? [];
  if (version < 20 || selections.length === 0) return;
  if (selections.some((m) => (m & ProtectionStorageMask.Software) !== 0)) return;
  throw new KmipError(
    ResultReason.ProtectionStorageUnavailable,
    "this server stores objects in software protection storage only",
  );
}

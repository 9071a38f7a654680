/**
 * The objects a PKCS#12 container is built from or split into, found by Link (KMIP 1.4 §3.35
 * Table 132, §9.1.3.2.20; 2.1 §4.35, §11.30): the PKCS#12 Password Link names the Secret Data
 * that protects it, PKCS#12 Certificate Links name the certificates.
 *
 * Password — 1.4 §11.4 Table 330 (Register): "Key Format Type is PKCS#12, but missing or multiple
 * PKCS#12 Password Links" and "… does not contain the Unique Identifier of a Secret Data object
 * or the Secret Data Type is not Password" → Invalid Field; 2.x (2.1 §11 Table 226) Bad Password
 * for those. A password that is not Active: OASIS TC-PKCS12-2-14 expects Permission Denied and
 * TC-PKCS12-2-20 Wrong Key Lifecycle State; the same reasons serve Get. The password is the Key
 * Material of its Raw or Opaque Key Block, read as UTF-8 text.
 */

import type { Attribute } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import { LinkType, ObjectType, ResultReason, SecretDataType, State } from "../kmip/generated/enums.js";
import type { KmipVersion } from "../kmip/version.js";
import { plainMaterial } from "./crypto-key.js";
import { openMaterial } from "./material.js";
import { loadObject } from "./objects.js";
import type { OperationContext } from "./types.js";

interface LinkValue {
  linkType?: unknown;
  linkedObjectIdentifier?: unknown;
}

/** The Linked Object Identifiers of `linkType` in `attributes` (text ones only). */
export function linkedIdentifiers(attributes: readonly Attribute[], linkType: number): string[] {
  const out: string[] = [];
  for (const a of attributes) {
    if (a.name !== "Link" || a.templateReference === true) continue;
    const value = a.value as LinkValue;
    if (value.linkType === linkType && typeof value.linkedObjectIdentifier === "string")
      out.push(value.linkedObjectIdentifier);
  }
  return out;
}

/** The version's reason for a missing, multiple or unsuitable password (see the header). */
export function badPassword(version: KmipVersion, message: string): KmipError {
  return new KmipError(version >= 20 ? ResultReason.BadPassword : ResultReason.InvalidField, message);
}

function passwordNotActive(version: KmipVersion): KmipError {
  const reason = version >= 20 ? ResultReason.WrongKeyLifecycleState : ResultReason.PermissionDenied;
  return new KmipError(reason, "the PKCS#12 password (Secret Data) is not Active");
}

/** The password bytes the single PKCS#12 Password Link of `attributes` names. */
export async function pkcs12Password(
  ctx: OperationContext,
  attributes: readonly Attribute[],
): Promise<Uint8Array> {
  const uids = linkedIdentifiers(attributes, LinkType.PKCS_12PasswordLink);
  const [uid] = uids;
  if (uid === undefined || uids.length > 1)
    throw badPassword(ctx.version, "Key Format Type PKCS#12 needs exactly one PKCS#12 Password Link");
  const obj = await loadObject(ctx, uid).catch((e: unknown) => {
    if (!(e instanceof KmipError)) throw e;
    throw badPassword(ctx.version, `the PKCS#12 Password Link names no usable object (${e.publicMessage})`);
  });
  if (obj.objectType !== ObjectType.SecretData || obj.material === undefined)
    throw badPassword(ctx.version, "the PKCS#12 Password Link must name a Secret Data object");
  const value = openMaterial(ctx, obj.uid, obj.material);
  if (value.type !== "secretData" || value.value.secretDataType !== SecretDataType.Password)
    throw badPassword(ctx.version, "the PKCS#12 password's Secret Data Type must be Password");
  if (obj.state !== State.Active) throw passwordNotActive(ctx.version);
  const material = plainMaterial(value.value.keyBlock);
  if (!(material instanceof Uint8Array))
    throw badPassword(ctx.version, "the server does not hold the PKCS#12 password in the clear");
  return material;
}

/**
 * The Links Certify and Re-certify maintain (KMIP 1.4 §3.35, §4.7–4.8; 2.1 §4.33, §6.1.6,
 * §6.1.45): "For the public key, the server SHALL create a Link attribute of Link Type
 * Certificate pointing to the generated certificate. For the generated certificate, the server
 * SHALL create a Link attribute of Link Type Public Key pointing to the Public Key." Re-certify:
 * "For the public key, the server SHALL change the Link attribute of Link Type Certificate to
 * point to the new certificate" — so a Public Key has one Certificate Link, to its newest
 * certificate (a Certify of an already certified key, "certificate update", moves it too).
 */
import type { Attribute } from "../kmip/attributes.js";
import { LinkType } from "../kmip/generated/enums.js";
import type { StoredObject } from "../storage/objects.js";
import { addInstance, stampLastChange } from "./attribute-instances.js";
import { updateObject } from "./objects.js";
import type { OperationContext } from "./types.js";

interface LinkValue {
  readonly linkType?: number;
  readonly linkedObjectIdentifier?: unknown;
}

export function link(linkType: number, uid: string): Attribute {
  return { name: "Link", value: { linkType, linkedObjectIdentifier: uid } };
}

/** The object `list` links to with `linkType` (its first such Link), if any. */
export function linkedUid(list: readonly Attribute[], linkType: number): string | undefined {
  for (const a of list) {
    const value = a.value as LinkValue;
    if (a.name === "Link" && value.linkType === linkType && typeof value.linkedObjectIdentifier === "string")
      return value.linkedObjectIdentifier;
  }
  return undefined;
}

/** The Public Key's attributes with its one Certificate Link pointing at `certUid`. */
export function withCertificateLink(list: readonly Attribute[], certUid: string, now: Date): Attribute[] {
  const others = list.filter(
    (a) => !(a.name === "Link" && (a.value as LinkValue).linkType === LinkType.CertificateLink),
  );
  return stampLastChange(addInstance(others, link(LinkType.CertificateLink, certUid), true).list, now);
}

/** Points the Public Key `publicKeyUid` at the certificate `certUid`. */
export function linkPublicKey(
  ctx: OperationContext,
  publicKeyUid: string,
  certUid: string,
): Promise<StoredObject> {
  return updateObject(ctx, publicKeyUid, (obj) => ({
    attributes: withCertificateLink(obj.attributes, certUid, ctx.now()),
  }));
}

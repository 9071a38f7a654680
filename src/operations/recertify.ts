/**
 * Re-certify — KMIP 1.4 §4.8 Tables 186–189 (errors §11.9); 2.1 §6.1.45 Tables 298–302.
 *
 * "This request is used to renew an existing certificate for the same key pair." The new
 * certificate certifies the existing certificate's public key, with its subject; a Certificate
 * Request given (PKCS#10 or PEM, or 2.x a Certificate Request object by Certificate Request
 * Unique Identifier) supplies the subject instead, and must be for the same key (Invalid Field).
 * The mount's Certify CA issues it (`certificate-issue.ts`).
 *
 * Attributes (Table 187): copied from the existing certificate except Initial Date (now), Destroy
 * Date and Revocation Reason (not set), Unique Identifier (new), State (from the dates), Digest
 * (of the new certificate), Last Change Date (now) and Link ("Set to point to the existing
 * certificate as the replaced certificate", plus its Public Key Link); "Name — Set to the name(s)
 * of the existing certificate; all name attributes are removed from the existing certificate".
 * The attributes the server extracts from a certificate (Certificate Type, Length, X.509
 * Identifier / Subject / Issuer …) are the new certificate's. The request's attributes are laid
 * over the copied ones as in Re-key (a Name is added: OASIS TC_134 expects both names). With an
 * Offset (Table 186): IT2 > IT1, AT2 = IT2 + Offset, DT2 = DT1 + (AT2 − AT1); an Offset together
 * with an Activation or Deactivation Date is Invalid Message (§11.9). `attribute-rekey.ts` has
 * these rules, which Re-key shares.
 *
 * Links: "For the existing certificate, the server SHALL create a Link attribute of Link Type
 * Replacement pointing to the new certificate. For the new certificate … Link Type Replaced
 * pointing to the existing certificate. For the public key, the server SHALL change the Link
 * attribute of Link Type Certificate to point to the new certificate." The new certificate is
 * stored first, then the existing one and the Public Key change; if either write fails, what was
 * done is undone, so a failed Re-certify leaves nothing behind.
 */
import type { Attribute } from "../kmip/attributes.js";
import { LinkType, ObjectType } from "../kmip/generated/enums.js";
import type { ReCertifyRequest, ReCertifyResponse } from "../kmip/payloads/create.js";
import { checkTemplate, invalidField } from "../policy/index.js";
import type { StoredObject } from "../storage/objects.js";
import { allowsMany } from "./attribute-instances.js";
import { replacedAttributes, replacementAttributes } from "./attribute-rekey.js";
import {
  checkCertificateType,
  fromCertificateObject,
  fromCertificateRequest,
  fromCertificateRequestObject,
  hasCertificateRequest,
  issue,
  issuedAttributes,
  notCertifiable,
  type RequestedKey,
} from "./certificate-issue.js";
import { link, linkedUid, linkPublicKey } from "./certificate-links.js";
import { insertNewObject } from "./insert.js";
import { loadObject, resolveUid, updateObject } from "./objects.js";
import { checkProtectionStorage } from "./protection.js";
import { notFound } from "./reasons.js";
import { expandTemplates } from "./templates.js";
import type { OperationContext, OperationDef } from "./types.js";

/** The key and subject to certify: the existing certificate's, or a request's for the same key. */
async function keyToRecertify(
  request: ReCertifyRequest,
  existing: StoredObject,
  ctx: OperationContext,
): Promise<RequestedKey> {
  const current = fromCertificateObject(existing, ctx);
  let requested: RequestedKey | undefined;
  if (hasCertificateRequest(request)) requested = fromCertificateRequest(request, ctx.version);
  else if (request.certificateRequestUniqueIdentifier !== undefined) {
    const obj = await loadObject(ctx, request.certificateRequestUniqueIdentifier);
    if (obj.objectType !== ObjectType.CertificateRequest)
      throw notCertifiable(
        ctx.version,
        "the Certificate Request Unique Identifier names no Certificate Request",
      );
    requested = fromCertificateRequestObject(obj, ctx);
  }
  if (requested === undefined) return current;
  if (Buffer.compare(Buffer.from(requested.publicKey), Buffer.from(current.publicKey)) !== 0)
    throw invalidField("Re-certify renews a certificate for the same key; the request is for another key");
  return requested;
}

/** The existing certificate hands over its names; undone if the Public Key cannot follow. */
async function handOver(
  ctx: OperationContext,
  existingUid: string,
  newUid: string,
  publicKeyUid: string | undefined,
): Promise<void> {
  let before: readonly Attribute[] | undefined;
  await updateObject(ctx, existingUid, (obj) => {
    before = obj.attributes;
    return { attributes: replacedAttributes(obj.attributes, newUid, ctx.now()) };
  });
  if (publicKeyUid === undefined) return;
  try {
    await linkPublicKey(ctx, publicKeyUid, newUid);
  } catch (e) {
    if (isNotFound(e, ctx)) return; // the Public Key is gone: there is no Link to change
    await updateObject(ctx, existingUid, () => ({ attributes: [...(before ?? [])] }));
    throw e;
  }
}

function isNotFound(e: unknown, ctx: OperationContext): boolean {
  return (e as { reason?: number }).reason === notFound(ctx.version).reason;
}

async function recertify(request: ReCertifyRequest, ctx: OperationContext): Promise<ReCertifyResponse> {
  const existingUid = resolveUid(request.uniqueIdentifier, ctx);
  checkProtectionStorage(request.protectionStorageMasks, ctx.version);
  const existing = await loadObject(ctx, existingUid);
  const template = await expandTemplates(request.attributes ?? [], ObjectType.Certificate, ctx);
  checkTemplate(template, ObjectType.Certificate, ctx.version, "Re-certify");
  checkCertificateType(template);
  const key = await keyToRecertify(request, existing, ctx);
  const copied = replacementAttributes({
    existingUid,
    existing: existing.attributes,
    requested: template,
    offset: request.offset,
    isMulti: (name) => allowsMany(name, ObjectType.Certificate, ctx.version),
    now: ctx.now(),
    version: ctx.version,
  });
  const publicKeyUid = linkedUid(existing.attributes, LinkType.PublicKeyLink);
  const object = await issue(ctx, key);
  const links = publicKeyUid === undefined ? [] : [link(LinkType.PublicKeyLink, publicKeyUid)];
  const placeholder = ctx.batch.idPlaceholder;
  const made = await insertNewObject(ctx, {
    objectType: ObjectType.Certificate,
    op: "Re-certify",
    template: [...issuedAttributes(copied, object), ...links],
    object,
  });
  try {
    await handOver(ctx, existingUid, made.uid, publicKeyUid);
  } catch (e) {
    await ctx.objects.delete(ctx.scope, made.uid);
    ctx.batch.idPlaceholder = placeholder;
    throw e;
  }
  return { uniqueIdentifier: made.uid };
}

export const ReCertify: OperationDef<ReCertifyRequest, ReCertifyResponse> = {
  name: "Re-certify",
  handler: recertify,
};

/**
 * Certify — KMIP 1.0+; 1.4 §4.7 Tables 184–185 (errors §11.8); 2.1 §6.1.6 Tables 179–181.
 *
 * "This request is used to generate a Certificate object for a public key." The key is:
 * - the Public Key named by Unique Identifier (or the ID Placeholder) when no Certificate
 *   Request is given; the subject is then the server's: `OU=<scope name>, CN=<the key's first
 *   Name, else its Unique Identifier>`;
 * - the key of the Certificate Request (PKCS#10 or PEM, its signature verified), with the
 *   request's subject; a Public Key named as well must be that same key (Invalid Field), and
 *   gets the Links; without one the certificate stands alone;
 * - 2.x: the Certificate Request object named by Unique Identifier ("The Unique Identifier of
 *   the Public Key or the Certificate Request being certified", 2.1 Table 179).
 *
 * The mount's Certify CA issues it (`src/engine/kmip/certify-ca.ts`). "For the public key, the
 * server SHALL create a Link attribute of Link Type Certificate pointing to the generated
 * certificate. For the generated certificate, the server SHALL create a Link attribute of Link
 * Type Public Key pointing to the Public Key. The server SHALL copy the Unique Identifier of the
 * generated certificate returned by this operation into the ID Placeholder variable." The
 * certificate's own attributes (Certificate Type, Length, Subject, Issuer …) are those the
 * server extracts from it (`certificateAttributes`), over any the request gave. If the Public Key
 * cannot take its Link, the certificate is removed again: a failed Certify leaves nothing behind.
 */
import { LinkType, ObjectType } from "../kmip/generated/enums.js";
import type { CertifyRequest, CertifyResponse } from "../kmip/payloads/create.js";
import { checkTemplate, firstValue, invalidField } from "../policy/index.js";
import type { StoredObject } from "../storage/objects.js";
import {
  checkCertificateType,
  fromCertificateRequest,
  fromCertificateRequestObject,
  hasCertificateRequest,
  issue,
  issuedAttributes,
  publicKeyOf,
  type RequestedKey,
} from "./certificate-issue.js";
import { link, linkPublicKey } from "./certificate-links.js";
import { insertNewObject } from "./insert.js";
import { loadObject, resolveUid } from "./objects.js";
import { checkProtectionStorage } from "./protection.js";
import { expandTemplates } from "./templates.js";
import type { OperationContext, OperationDef } from "./types.js";

interface KeyToCertify {
  readonly key: RequestedKey;
  /** The Public Key that gets the Certificate Link, if the request names one. */
  readonly publicKeyUid: string | undefined;
}

/** The server's subject for a stored Public Key (see the header). */
function defaultSubject(obj: StoredObject, ctx: OperationContext): Record<string, string>[] {
  const name = firstValue(obj.attributes, "Name") as { nameValue?: string } | undefined;
  return [{ OU: ctx.identity.scopeName }, { CN: name?.nameValue || obj.uid }];
}

/** Certify by Unique Identifier only: a Public Key, or (2.x) a Certificate Request object. */
async function fromStoredObject(request: CertifyRequest, ctx: OperationContext): Promise<KeyToCertify> {
  const obj = await loadObject(ctx, resolveUid(request.uniqueIdentifier, ctx));
  if (obj.objectType === ObjectType.CertificateRequest && ctx.version >= 20)
    return { key: fromCertificateRequestObject(obj, ctx), publicKeyUid: undefined };
  const key = { publicKey: publicKeyOf(obj, ctx), subject: defaultSubject(obj, ctx) };
  return { key, publicKeyUid: obj.uid };
}

async function keyToCertify(request: CertifyRequest, ctx: OperationContext): Promise<KeyToCertify> {
  if (!hasCertificateRequest(request)) return fromStoredObject(request, ctx);
  const key = fromCertificateRequest(request, ctx.version);
  if (request.uniqueIdentifier === undefined) return { key, publicKeyUid: undefined };
  const obj = await loadObject(ctx, resolveUid(request.uniqueIdentifier, ctx));
  if (Buffer.compare(Buffer.from(publicKeyOf(obj, ctx)), Buffer.from(key.publicKey)) !== 0)
    throw invalidField("the Certificate Request is for another key than the Public Key named");
  return { key, publicKeyUid: obj.uid };
}

async function certify(request: CertifyRequest, ctx: OperationContext): Promise<CertifyResponse> {
  checkProtectionStorage(request.protectionStorageMasks, ctx.version);
  const template = await expandTemplates(request.attributes ?? [], ObjectType.Certificate, ctx);
  checkTemplate(template, ObjectType.Certificate, ctx.version, "Certify");
  checkCertificateType(template);
  const { key, publicKeyUid } = await keyToCertify(request, ctx);
  const object = await issue(ctx, key);
  const links = publicKeyUid === undefined ? [] : [link(LinkType.PublicKeyLink, publicKeyUid)];
  const placeholder = ctx.batch.idPlaceholder;
  const cert = await insertNewObject(ctx, {
    objectType: ObjectType.Certificate,
    op: "Certify",
    template: [...issuedAttributes(template, object), ...links],
    object,
  });
  if (publicKeyUid !== undefined) {
    try {
      await linkPublicKey(ctx, publicKeyUid, cert.uid);
    } catch (e) {
      await ctx.objects.delete(ctx.scope, cert.uid);
      ctx.batch.idPlaceholder = placeholder;
      throw e;
    }
  }
  return { uniqueIdentifier: cert.uid };
}

export const Certify: OperationDef<CertifyRequest, CertifyResponse> = {
  name: "Certify",
  handler: certify,
};

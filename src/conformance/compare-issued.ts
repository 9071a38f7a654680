/**
 * Rule "issued-certificate" of `compare.ts`: in a response about a certificate that Certify or
 * Re-certify made during the file, the values the issuing CA decides are the server's.
 */
import { Operation, ResultStatus } from "../kmip/generated/enums.js";
import { Tag } from "../kmip/generated/tags.js";
import type { TtlvItem } from "../ttlv/types.js";
import type { CompareContext } from "./compare.js";
import type { Where } from "./compare-walk.js";
import { child, children, enumValue, operationOf, requestItemFor, textValue } from "./message-parts.js";

/** Items that carry what the CA chose: issuer names and serial numbers in their text forms (1.x). */
const ISSUER_TAGS: ReadonlySet<number> = new Set([
  Tag.Issuer,
  Tag.SerialNumber,
  Tag.CertificateIssuerDistinguishedName,
  Tag.CertificateLength,
  Tag.DigitalSignatureAlgorithm,
]);

/** Attributes (by 1.x Attribute Name) whose value the CA decides. */
const ISSUER_ATTRIBUTES: ReadonlySet<string> = new Set(["Certificate Length", "Digital Signature Algorithm"]);

/** The certificates a response says Certify or Re-certify made (successful batch items). */
export function issuedBy(response: TtlvItem): string[] {
  const issuing = new Set<number>([Operation.Certify, Operation.ReCertify]);
  return children(response)
    .filter((i) => i.tag === Tag.BatchItem && issuing.has(operationOf(i) ?? -1))
    .filter((i) => enumValue(child(i, Tag.ResultStatus)) === ResultStatus.Success)
    .flatMap((i) => textValue(child(child(i, Tag.ResponsePayload), Tag.UniqueIdentifier)) ?? []);
}

/** Rule "issued-certificate": presence and type where the CA chose the value. */
export function issuedCertificateValue(e: TtlvItem, a: TtlvItem, where: Where, ctx: CompareContext): boolean {
  if (e.type !== a.type) return false;
  const parent = where.ancestors.at(-1);
  const attributeName =
    parent?.tag === Tag.Attribute ? textValue(child(parent, Tag.AttributeName)) : undefined;
  const chosen =
    ISSUER_TAGS.has(e.tag) || (e.tag === Tag.AttributeValue && ISSUER_ATTRIBUTES.has(attributeName ?? ""));
  if (!chosen) return false;
  const [message, item] = where.ancestors;
  if (message === undefined || item === undefined) return false;
  const payload = child(requestItemFor(ctx.request, message, item), Tag.RequestPayload);
  const uid = textValue(child(payload, Tag.UniqueIdentifier));
  return uid !== undefined && ctx.issued.has(uid);
}

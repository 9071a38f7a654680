/**
 * The certificate chain a Get in Key Format Type PKCS#12 includes — KMIP 1.4 §4.11: "The current
 * certificate chain SHALL also be included as determined by using the private key's Public Key
 * link to get the corresponding public key, and then using that public key's Certificate Link to
 * get the base certificate, and then using each certificate's Certificate Link to build the
 * certificate chain. It is an error if there is more than one valid certificate chain." 2.1
 * §6.1.19 names the public key's PKCS#12 Certificate Link instead.
 *
 * The base certificate is the one the private key's own PKCS#12 Certificate Link names (as OASIS
 * TC-PKCS12-1 and a PKCS#12 Register set it), else the one its public key's PKCS#12 Certificate
 * Link or Certificate Link names; each next certificate is the one a certificate's PKCS#12
 * Certificate Link or Certificate Link names. The chain ends at a certificate without such a link
 * or one linking to a certificate already in the chain (a self-signed root). Two different targets
 * at any step are two chains: Invalid Field. A key without any link gives an empty chain.
 */
import type { Attribute } from "../kmip/attributes.js";
import { KmipError } from "../kmip/errors.js";
import { LinkType, ObjectType, ResultReason } from "../kmip/generated/enums.js";
import type { StoredObject } from "../storage/objects.js";
import { openMaterial } from "./material.js";
import { loadObject } from "./objects.js";
import { linkedIdentifiers } from "./pkcs12-links.js";
import type { OperationContext } from "./types.js";

/** The longest chain followed (a bound on the objects one Get loads). */
export const PKCS12_CHAIN_MAX = 10;

const CERTIFICATE_LINKS = [LinkType.PKCS_12CertificateLink, LinkType.CertificateLink] as const;

function invalid(message: string): KmipError {
  return new KmipError(ResultReason.InvalidField, message);
}

/** The single target of `types` links in `attributes`, or undefined; Invalid Field for several. */
function single(attributes: readonly Attribute[], types: readonly number[]): string | undefined {
  const targets = new Set(types.flatMap((t) => linkedIdentifiers(attributes, t)));
  if (targets.size > 1) throw invalid("the key has more than one certificate chain");
  return targets.values().next().value;
}

async function baseCertificate(ctx: OperationContext, key: StoredObject): Promise<string | undefined> {
  const own = single(key.attributes, [LinkType.PKCS_12CertificateLink]);
  if (own !== undefined) return own;
  const publicKeyUid = single(key.attributes, [LinkType.PublicKeyLink]);
  if (publicKeyUid === undefined) return undefined;
  const publicKey = await loadObject(ctx, publicKeyUid);
  return single(publicKey.attributes, CERTIFICATE_LINKS);
}

/** The certificate value of `uid`; Invalid Field when it names no certificate the server holds. */
async function certificateValue(
  ctx: OperationContext,
  uid: string,
): Promise<{ obj: StoredObject; der: Uint8Array }> {
  const obj = await loadObject(ctx, uid);
  if (obj.objectType !== ObjectType.Certificate || obj.material === undefined)
    throw invalid("a PKCS#12 Certificate Link does not name a certificate the server holds");
  const value = openMaterial(ctx, uid, obj.material);
  if (value.type !== "certificate") throw invalid("a PKCS#12 Certificate Link does not name a certificate");
  return { obj, der: value.value.certificateValue };
}

/** The chain of `key`, its base certificate first (see the header). */
export async function certificateChain(ctx: OperationContext, key: StoredObject): Promise<Uint8Array[]> {
  const chain: Uint8Array[] = [];
  const seen = new Set<string>();
  let next = await baseCertificate(ctx, key);
  while (next !== undefined && !seen.has(next)) {
    if (chain.length >= PKCS12_CHAIN_MAX)
      throw invalid(`the certificate chain is longer than ${PKCS12_CHAIN_MAX} certificates`);
    seen.add(next);
    const { obj, der } = await certificateValue(ctx, next);
    chain.push(der);
    next = single(obj.attributes, CERTIFICATE_LINKS);
  }
  return chain;
}

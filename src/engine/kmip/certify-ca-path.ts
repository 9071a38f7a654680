/**
 * `kmip/certify/ca`: the chain of the mount's Certify CA (`certify-ca.ts`), which signs what KMIP
 * Certify and Re-certify issue, as `ca_pem` (intermediate then root, like `kmip/ca`). Reading it
 * generates the CA if no Certify has yet, so an operator can hand the trust anchor to the
 * relying parties before the first certificate is issued. 400 until `kmip/config` is written.
 */
import type { PathDef } from "../../api/framework/types.js";
import { caPemOf } from "./ca-records.js";
import { certifyCa, NoCertificateAuthorityError } from "./certify-ca.js";
import type { KmipContext } from "./context.js";
import { badRequest } from "./errors.js";

async function readCertifyCa(ctx: KmipContext) {
  try {
    return { data: { ca_pem: caPemOf(await certifyCa(ctx.store, ctx.now())) } };
  } catch (e) {
    if (e instanceof NoCertificateAuthorityError) throw badRequest(e.message);
    throw e;
  }
}

export function certifyCaPaths(ctx: KmipContext): PathDef[] {
  return [
    {
      pattern: "certify/ca",
      summary: "Read the CA chain of KMIP Certify and Re-certify",
      description:
        "The Certify CA signs the certificates KMIP clients request with Certify and Re-certify; no KMIP listener trusts it.",
      operations: { read: () => readCertifyCa(ctx) },
    },
  ];
}

/**
 * Create Key Pair — KMIP 1.0 §4.2; 1.4 §4.2 Tables 166–168 (errors §11.3); 2.1 §6.1.9
 * Tables 189–192.
 *
 * "This operation requests the server to generate a new public/private key pair and register the
 * two corresponding new Managed Cryptographic Objects." The attributes: Common, Private Key and
 * Public Key Template-Attribute (1.x) or Attributes (2.x), merged per key
 * (`crypto-pair-attributes.ts`); the pair: RSA 1024 to 4096 bits (2048+ recommended), EC on a
 * Recommended Curve (P-256, P-384, P-521 …), Ed25519 and Ed448 in 2.x (`crypto-pair-kind.ts`);
 * the links and placeholders (`crypto-pair-store.ts`).
 *
 * - Cryptographic Usage Mask: "SHALL contain the same value for both … No"; each key has the one
 *   its (or the common) template gives, else the server default (policy `defaultUsageMask`:
 *   Sign on the private key, Verify on the public key).
 * - The 1.x response's optional Private/Public Key Template-Attribute ("attributes … implicitly
 *   set by the server") is not sent, as for Create (`create.ts`); Get Attributes returns them.
 */
import type { CreateKeyPairRequest, CreateKeyPairResponse } from "../kmip/payloads/create.js";
import { pairTemplates } from "./crypto-pair-attributes.js";
import { generatePair, pairBlocks, pairKind } from "./crypto-pair-kind.js";
import { checkPairProtection, insertPair } from "./crypto-pair-store.js";
import { withVersionReasons } from "./crypto-reasons.js";
import type { OperationContext, OperationDef } from "./types.js";

async function createKeyPair(
  request: CreateKeyPairRequest,
  ctx: OperationContext,
): Promise<CreateKeyPairResponse> {
  checkPairProtection(request, ctx.version);
  const templates = await pairTemplates(request, "Create Key Pair", ctx);
  const kind = pairKind(templates, ctx.version);
  const blocks = pairBlocks(await generatePair(kind, ctx.version), kind.algorithm);
  const stored = await insertPair(ctx, {
    op: "Create Key Pair",
    privateTemplate: templates.privateKey,
    publicTemplate: templates.publicKey,
    blocks,
    algorithm: kind.algorithm,
  });
  return { privateKeyUniqueIdentifier: stored.privateUid, publicKeyUniqueIdentifier: stored.publicUid };
}

export const CreateKeyPair: OperationDef<CreateKeyPairRequest, CreateKeyPairResponse> = {
  name: "Create Key Pair",
  handler: (request, ctx) => withVersionReasons(ctx.version, () => createKeyPair(request, ctx)),
};

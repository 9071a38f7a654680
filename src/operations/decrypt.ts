/**
 * Decrypt — KMIP 1.2+; 1.4 §4.30 Tables 231–232 (errors §11.31); 2.1 §6.1.11 Tables 196–198.
 *
 * "This operation requests the server to perform a decryption operation on the provided data
 * using a Managed Cryptographic Object as the key." The inverse of Encrypt with the same
 * parameters (`crypto-cipher.ts`). A Deactivated or Compromised key still decrypts (policy
 * `canUseFor`); a Pre-Active or destroyed one does not.
 *
 * - "The initialization vector/counter/nonce MAY also be omitted from the request if the
 *   algorithm does not use an IV/Counter/Nonce"; a mode that needs one and has none is Invalid
 *   Message (OASIS CS-BC-M-12/13).
 * - Authenticated decryption: the Additional Data and the Tag come with the first part ("If
 *   supplied in multi-part decryption, this data MUST be supplied on the initial Decrypt
 *   request"); a wrong tag is Cryptographic Failure, and no plaintext is released before the tag
 *   verifies, so a multi-part AEAD decryption returns everything with its last part.
 */
import { type CipherStream, createDecryptStream, decrypt } from "../crypto/index.js";
import type { DecryptRequest, DecryptResponse } from "../kmip/payloads/crypto.js";
import { cipherRequest, DECRYPT_TYPES } from "./crypto-cipher.js";
import { loadKey } from "./crypto-key.js";
import { continuing, ending, joinBytes, partData, phaseOf, requiredData, someBytes } from "./crypto-parts.js";
import { withVersionReasons } from "./crypto-reasons.js";
import { CRYPTO_STREAMS } from "./crypto-streams.js";
import { resolveUid } from "./objects.js";
import type { OperationContext, OperationDef } from "./types.js";

const NAME = "Decrypt";
const KEY_CHECK = { purpose: "Decrypt", types: DECRYPT_TYPES } as const;

async function firstPart(request: DecryptRequest, ctx: OperationContext): Promise<DecryptResponse> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const key = await loadKey(ctx, uid, "Decrypt", DECRYPT_TYPES);
  const cipher = cipherRequest(request, key, ctx);
  if (phaseOf(request) === "single") {
    return {
      uniqueIdentifier: uid,
      data: decrypt(Object.assign({}, cipher, { data: requiredData(request.data) })),
    };
  }
  const stream = createDecryptStream(cipher, { bufferLimitBytes: CRYPTO_STREAMS.limits.bufferBytesMax });
  const out = stream.update(partData(request.data));
  const correlationValue = CRYPTO_STREAMS.open(ctx, NAME, uid, stream);
  return { uniqueIdentifier: uid, data: someBytes(out), correlationValue };
}

async function laterPart(request: DecryptRequest, ctx: OperationContext): Promise<DecryptResponse> {
  const { entry } = await continuing<CipherStream>(ctx, request, NAME, KEY_CHECK);
  const uid = entry.uid!;
  const correlation = request.correlationValue!;
  const final = request.finalIndicator === true;
  return ending(ctx, correlation, final, () => {
    const out = entry.state.update(partData(request.data));
    if (!final) return { uniqueIdentifier: uid, data: someBytes(out), correlationValue: correlation };
    return { uniqueIdentifier: uid, data: someBytes(joinBytes(out, entry.state.final().data)) };
  });
}

export const Decrypt: OperationDef<DecryptRequest, DecryptResponse> = {
  name: NAME,
  handler: (request, ctx) =>
    withVersionReasons(ctx.version, () => {
      const phase = phaseOf(request);
      return phase === "single" || phase === "init" ? firstPart(request, ctx) : laterPart(request, ctx);
    }),
};

/**
 * Encrypt — KMIP 1.2+; 1.4 §4.29 Tables 229–230 (errors §11.30); 2.1 §6.1.17 Tables 214–216.
 *
 * "This operation requests the server to perform an encryption operation on the provided data
 * using a Managed Cryptographic Object as the key." Symmetric ciphers (AES ECB, CBC, CFB, OFB,
 * CTR, GCM, XTS; Triple DES; ChaCha20-Poly1305) and RSA (OAEP, PKCS#1 v1.5) as `src/crypto/`
 * offers them, with the parameters of `crypto-params.ts` and the key checks of `crypto-key.ts`.
 *
 * - "The IV/Counter/Nonce MAY also be omitted from the request if the cryptographic parameters
 *   indicate that the server shall generate a Random IV": the server's IV is returned in
 *   IV/Counter/Nonce ("The value used if the Cryptographic Parameters specified Random IV and the
 *   IV/Counter/Nonce value was not provided in the request"); "The server does not store or
 *   otherwise manage the IV/Counter/Nonce".
 * - Authenticated encryption returns the Authenticated Encryption Tag "only … on completion of
 *   the encryption of the last of the plaintext"; the Additional Data comes with the first part.
 * - Usage Limits are allocated first (`crypto-usage.ts`).
 * - Multi-part (1.3+): see `crypto-parts.ts` and `crypto-streams.ts`.
 */
import { type CipherStream, createEncryptStream, encrypt } from "../crypto/index.js";
import type { EncryptRequest, EncryptResponse } from "../kmip/payloads/crypto.js";
import { cipherRequest, ENCRYPT_TYPES } from "./crypto-cipher.js";
import { loadKey } from "./crypto-key.js";
import { continuing, ending, joinBytes, partData, phaseOf, requiredData, someBytes } from "./crypto-parts.js";
import { withVersionReasons } from "./crypto-reasons.js";
import { CRYPTO_STREAMS } from "./crypto-streams.js";
import { allocateUsage } from "./crypto-usage.js";
import { resolveUid } from "./objects.js";
import type { OperationContext, OperationDef } from "./types.js";

const NAME = "Encrypt";
const KEY_CHECK = { purpose: "Encrypt", types: ENCRYPT_TYPES } as const;

async function firstPart(request: EncryptRequest, ctx: OperationContext): Promise<EncryptResponse> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const key = await loadKey(ctx, uid, "Encrypt", ENCRYPT_TYPES);
  const cipher = cipherRequest(request, key, ctx);
  if (phaseOf(request) === "single") {
    const data = requiredData(request.data);
    await allocateUsage(ctx, key.obj, { bytes: data.length, object: true });
    const r = encrypt(Object.assign({}, cipher, { data }));
    return { uniqueIdentifier: uid, data: r.data, ivCounterNonce: r.iv, authenticatedEncryptionTag: r.tag };
  }
  const data = partData(request.data);
  await allocateUsage(ctx, key.obj, { bytes: data.length, object: true });
  const { stream, iv } = createEncryptStream(cipher, {
    bufferLimitBytes: CRYPTO_STREAMS.limits.bufferBytesMax,
  });
  const out = stream.update(data);
  const correlationValue = CRYPTO_STREAMS.open(ctx, NAME, uid, stream);
  return { uniqueIdentifier: uid, data: someBytes(out), ivCounterNonce: iv, correlationValue };
}

async function laterPart(request: EncryptRequest, ctx: OperationContext): Promise<EncryptResponse> {
  const { entry, obj } = await continuing<CipherStream>(ctx, request, NAME, KEY_CHECK);
  const uid = entry.uid!;
  const correlation = request.correlationValue!;
  const final = request.finalIndicator === true;
  return ending(ctx, correlation, final, async () => {
    const data = partData(request.data);
    await allocateUsage(ctx, obj!, { bytes: data.length, object: false });
    const out = entry.state.update(data);
    if (!final) return { uniqueIdentifier: uid, data: someBytes(out), correlationValue: correlation };
    const last = entry.state.final();
    return {
      uniqueIdentifier: uid,
      data: someBytes(joinBytes(out, last.data)),
      authenticatedEncryptionTag: last.tag,
    };
  });
}

export const Encrypt: OperationDef<EncryptRequest, EncryptResponse> = {
  name: NAME,
  handler: (request, ctx) =>
    withVersionReasons(ctx.version, () => {
      const phase = phaseOf(request);
      return phase === "single" || phase === "init" ? firstPart(request, ctx) : laterPart(request, ctx);
    }),
};

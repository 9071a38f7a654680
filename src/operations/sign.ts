/**
 * Sign — KMIP 1.2+; 1.4 §4.31 Tables 233–234 (errors §11.32); 2.1 §6.1.55 Tables 334–336.
 *
 * "This operation requests the server to perform a signature operation on the provided data
 * using a Managed Cryptographic Object as the key." The key is a Private Key with the Sign bit;
 * the scheme comes from the Cryptographic Parameters ("Digital Signature Algorithm or
 * Cryptographic Algorithm and Hashing Algorithm", 1.4 §3.6): RSASSA-PSS and PKCS#1 v1.5 over
 * SHA-1, SHA-2 or SHA-3, ECDSA on P-256/384/521, Ed25519 and Ed448 (`src/crypto/`).
 *
 * - Data, or Digested Data (1.4+: "The digested data to be signed"; RSA PKCS#1 v1.5 or PSS, and
 *   ECDSA or DSA through the openssl command, see `src/crypto/sign.ts`); both, or neither in a
 *   single part, is refused.
 * - Usage Limits are allocated first (`crypto-usage.ts`), by the bytes signed.
 * - Multi-part (1.3+): Data in parts, the Signature Data with the last; Digested Data is one
 *   value and has no multi-part form (Invalid Field).
 */
import { createSignStream, type SignStream, signAsync } from "../crypto/index.js";
import { ObjectType } from "../kmip/generated/enums.js";
import type { SignRequest, SignResponse } from "../kmip/payloads/crypto.js";
import { loadKey } from "./crypto-key.js";
import { parametersFor, signatureParameters } from "./crypto-params.js";
import { continuing, dataOf, ending, partData, phaseOf } from "./crypto-parts.js";
import { invalidRequestField, missingRequestField, withVersionReasons } from "./crypto-reasons.js";
import { CRYPTO_STREAMS } from "./crypto-streams.js";
import { allocateUsage } from "./crypto-usage.js";
import { resolveUid } from "./objects.js";
import type { OperationContext, OperationDef } from "./types.js";

const NAME = "Sign";
const TYPES: readonly number[] = [ObjectType.PrivateKey];
const KEY_CHECK = { purpose: "Sign", types: TYPES } as const;

async function firstPart(request: SignRequest, ctx: OperationContext): Promise<SignResponse> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const key = await loadKey(ctx, uid, "Sign", TYPES);
  const params = signatureParameters(parametersFor(request.cryptographicParameters, key.obj), key.algorithm);
  const data = dataOf(request.data);
  const digest = request.digestedData;
  if (phaseOf(request) === "single") {
    if (data === undefined && digest === undefined)
      throw missingRequestField("Data or Digested Data is required");
    await allocateUsage(ctx, key.obj, { bytes: (data ?? digest)?.length ?? 0, object: true });
    const signatureData = await signAsync(Object.assign({}, params, { key: key.key, data, digest }));
    return { uniqueIdentifier: uid, signatureData };
  }
  if (digest !== undefined) throw invalidRequestField("Digested Data cannot be signed in parts");
  const first = partData(request.data);
  await allocateUsage(ctx, key.obj, { bytes: first.length, object: true });
  const stream = createSignStream(Object.assign({}, params, { key: key.key }), {
    bufferLimitBytes: CRYPTO_STREAMS.limits.bufferBytesMax,
  });
  stream.update(first);
  return { uniqueIdentifier: uid, correlationValue: CRYPTO_STREAMS.open(ctx, NAME, uid, stream) };
}

async function laterPart(request: SignRequest, ctx: OperationContext): Promise<SignResponse> {
  const { entry, obj } = await continuing<SignStream>(ctx, request, NAME, KEY_CHECK);
  const uid = entry.uid!;
  const correlation = request.correlationValue!;
  const final = request.finalIndicator === true;
  return ending(ctx, correlation, final, async () => {
    if (request.digestedData !== undefined)
      throw invalidRequestField("Digested Data cannot be signed in parts");
    const data = partData(request.data);
    await allocateUsage(ctx, obj!, { bytes: data.length, object: false });
    entry.state.update(data);
    if (!final) return { uniqueIdentifier: uid, correlationValue: correlation };
    return { uniqueIdentifier: uid, signatureData: entry.state.final() };
  });
}

export const Sign: OperationDef<SignRequest, SignResponse> = {
  name: NAME,
  handler: (request, ctx) =>
    withVersionReasons(ctx.version, () => {
      const phase = phaseOf(request);
      return phase === "single" || phase === "init" ? firstPart(request, ctx) : laterPart(request, ctx);
    }),
};

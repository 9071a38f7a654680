/**
 * Signature Verify — KMIP 1.2+; 1.4 §4.32 Tables 235–236 (errors §11.33); 2.1 §6.1.56
 * Tables 337–339.
 *
 * "This operation requests the server to perform a signature verify operation on the provided
 * data … The validity of the signature is indicated by the Validity Indicator field." A key with
 * the Verify bit: a Public Key (or a Private Key, whose public half verifies). A signature that
 * does not verify is Validity Indicator Invalid, not an error; Deactivated and Compromised keys
 * still verify (policy `canUseFor`).
 *
 * - Data or Digested Data, and the Signature Data ("Yes for single-part"). Digested Data is
 *   verified as `src/crypto/sign.ts` signs it (ECDSA and DSA through the openssl command).
 * - Single-part, Cryptographic Parameters naming another algorithm than the key's answer Invalid
 *   (`namesAnotherAlgorithm`); a multi-part request is refused with Bad Cryptographic Parameters.
 * - Multi-part (1.3+): Data in parts; the Signature Data may come with any part (OASIS
 *   TC-STREAM-SIGNVFY-1 sends it with the first), the last one given counts. Parts before the
 *   last answer with the Correlation Value only; the last with the Validity Indicator.
 * - "Data | No … The OPTIONAL recovered data": no scheme offered here recovers data.
 */
import { createVerifyStream, type VerifyStream, verifyAsync } from "../crypto/index.js";
import { ObjectType, ValidityIndicator } from "../kmip/generated/enums.js";
import type { SignatureVerifyRequest, SignatureVerifyResponse } from "../kmip/payloads/crypto.js";
import { loadKey, type UsableKey } from "./crypto-key.js";
import { type CryptoParams, parametersFor, sameAlgorithm, signatureParameters } from "./crypto-params.js";
import { continuing, dataOf, ending, partData, phaseOf } from "./crypto-parts.js";
import { invalidRequestField, missingRequestField, withVersionReasons } from "./crypto-reasons.js";
import { CRYPTO_STREAMS } from "./crypto-streams.js";
import { resolveUid } from "./objects.js";
import type { OperationContext, OperationDef } from "./types.js";

const NAME = "Signature Verify";
const TYPES: readonly number[] = [ObjectType.PublicKey, ObjectType.PrivateKey];
const KEY_CHECK = { purpose: "Signature Verify", types: TYPES } as const;

interface VerifyState {
  readonly stream: VerifyStream;
  signature: Uint8Array | undefined;
}

const validity = (valid: boolean): number => (valid ? ValidityIndicator.Valid : ValidityIndicator.Invalid);

function requiredSignature(signature: Uint8Array | undefined): Uint8Array {
  if (signature === undefined) throw missingRequestField("Signature Data is required");
  return signature;
}

async function firstPart(
  request: SignatureVerifyRequest,
  ctx: OperationContext,
): Promise<SignatureVerifyResponse> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const key = await loadKey(ctx, uid, "Signature Verify", TYPES);
  const requested = parametersFor(request.cryptographicParameters, key.obj);
  if (phaseOf(request) === "single")
    return { uniqueIdentifier: uid, validityIndicator: validity(await singlePart(request, key, requested)) };
  const params = signatureParameters(requested, key.algorithm);
  if (request.digestedData !== undefined)
    throw invalidRequestField("Digested Data cannot be verified in parts");
  const stream = createVerifyStream(Object.assign({}, params, { key: key.key }), {
    bufferLimitBytes: CRYPTO_STREAMS.limits.bufferBytesMax,
  });
  stream.update(partData(request.data));
  const state: VerifyState = { stream, signature: request.signatureData };
  return { uniqueIdentifier: uid, correlationValue: CRYPTO_STREAMS.open(ctx, NAME, uid, state) };
}

/** The validity of a single-part request's signature. */
async function singlePart(
  request: SignatureVerifyRequest,
  key: UsableKey,
  requested: CryptoParams,
): Promise<boolean> {
  const data = dataOf(request.data);
  const digest = request.digestedData;
  if (data === undefined && digest === undefined)
    throw missingRequestField("Data or Digested Data is required");
  const signature = requiredSignature(request.signatureData);
  if (namesAnotherAlgorithm(requested, key.algorithm)) return false;
  const params = signatureParameters(requested, key.algorithm);
  return verifyAsync(Object.assign({}, params, { key: key.key, data, digest, signature }));
}

/**
 * Parameters of another Cryptographic Algorithm than the key's: no signature verifies under
 * them, so the answer is Invalid (OASIS TC-ECDSA-SIGN-DIGESTEDDATA-1, 1.4 and 2.0, message 4:
 * RSA PSS parameters with an EC public key → Validity Indicator Invalid), not an error.
 */
function namesAnotherAlgorithm(p: CryptoParams, keyAlgorithm: number | undefined): boolean {
  const asked = p.cryptographicAlgorithm;
  return asked !== undefined && keyAlgorithm !== undefined && !sameAlgorithm(asked, keyAlgorithm);
}

async function laterPart(
  request: SignatureVerifyRequest,
  ctx: OperationContext,
): Promise<SignatureVerifyResponse> {
  const { entry } = await continuing<VerifyState>(ctx, request, NAME, KEY_CHECK);
  const uid = entry.uid!;
  const correlation = request.correlationValue!;
  const final = request.finalIndicator === true;
  return ending(ctx, correlation, final, () => {
    if (request.digestedData !== undefined)
      throw invalidRequestField("Digested Data cannot be verified in parts");
    const state = entry.state;
    state.stream.update(partData(request.data));
    state.signature = request.signatureData ?? state.signature;
    if (!final) return { uniqueIdentifier: uid, correlationValue: correlation };
    const valid = state.stream.final(requiredSignature(state.signature));
    return { uniqueIdentifier: uid, validityIndicator: validity(valid) };
  });
}

export const SignatureVerify: OperationDef<SignatureVerifyRequest, SignatureVerifyResponse> = {
  name: NAME,
  handler: (request, ctx) =>
    withVersionReasons(ctx.version, () => {
      const phase = phaseOf(request);
      return phase === "single" || phase === "init" ? firstPart(request, ctx) : laterPart(request, ctx);
    }),
};

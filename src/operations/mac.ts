/**
 * MAC — KMIP 1.2+; 1.4 §4.33 Tables 237–238 (errors §11.34); 2.1 §6.1.32 Tables 259–261.
 *
 * "This operation requests the server to perform message authentication code (MAC) operation on
 * the provided data using a Managed Cryptographic Object as the key." The key is a Symmetric Key
 * with the MAC Generate bit; the MAC is the HMAC its Cryptographic Algorithm names
 * (HMAC-SHA1 … HMAC-SHA3-512), or the one the request's Cryptographic Parameters name — so an AES
 * key whose mask allows MACing computes an HMAC over its bytes when the request asks for one. CMAC
 * (an AES key with no HMAC named) is not offered by `src/crypto/` on Node.js 20: Unsupported
 * Cryptographic Parameters (1.x Feature Not Supported).
 *
 * Secret Data holding an HMAC secret may MAC too, when its mask allows and the parameters name
 * the HMAC. Multi-part (1.3+): Data in parts; the MAC Data comes with the last part.
 */
import { createMacStream, type MacStream, mac } from "../crypto/index.js";
import { ObjectType } from "../kmip/generated/enums.js";
import type { MACRequest, MACResponse } from "../kmip/payloads/crypto.js";
import { loadKey, type UsableKey } from "./crypto-key.js";
import { macAlgorithm, parametersFor } from "./crypto-params.js";
import { continuing, ending, partData, phaseOf, requiredData } from "./crypto-parts.js";
import { withVersionReasons } from "./crypto-reasons.js";
import { CRYPTO_STREAMS } from "./crypto-streams.js";
import { resolveUid } from "./objects.js";
import type { OperationContext, OperationDef } from "./types.js";

const NAME = "MAC";
/** Symmetric keys, and Secret Data holding an HMAC secret (its Cryptographic Parameters name the HMAC). */
export const MAC_TYPES: readonly number[] = [ObjectType.SymmetricKey, ObjectType.SecretData];
const KEY_CHECK = { purpose: "MAC", types: MAC_TYPES } as const;

/** The MAC parameters of `key` for a request's Cryptographic Parameters. */
export function macParameters(requested: MACRequest["cryptographicParameters"], key: UsableKey) {
  return { algorithm: macAlgorithm(parametersFor(requested, key.obj), key.algorithm), key: key.key };
}

async function firstPart(request: MACRequest, ctx: OperationContext): Promise<MACResponse> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const key = await loadKey(ctx, uid, "MAC", MAC_TYPES);
  const params = macParameters(request.cryptographicParameters, key);
  if (phaseOf(request) === "single") {
    return {
      uniqueIdentifier: uid,
      macData: mac(Object.assign({}, params, { data: requiredData(request.data) })),
    };
  }
  const stream = createMacStream(params);
  stream.update(partData(request.data));
  return { uniqueIdentifier: uid, correlationValue: CRYPTO_STREAMS.open(ctx, NAME, uid, stream) };
}

async function laterPart(request: MACRequest, ctx: OperationContext): Promise<MACResponse> {
  const { entry } = await continuing<MacStream>(ctx, request, NAME, KEY_CHECK);
  const uid = entry.uid!;
  const correlation = request.correlationValue!;
  const final = request.finalIndicator === true;
  return ending(ctx, correlation, final, () => {
    entry.state.update(partData(request.data));
    if (!final) return { uniqueIdentifier: uid, correlationValue: correlation };
    return { uniqueIdentifier: uid, macData: entry.state.final() };
  });
}

export const MAC: OperationDef<MACRequest, MACResponse> = {
  name: NAME,
  handler: (request, ctx) =>
    withVersionReasons(ctx.version, () => {
      const phase = phaseOf(request);
      return phase === "single" || phase === "init" ? firstPart(request, ctx) : laterPart(request, ctx);
    }),
};

/**
 * MAC Verify — KMIP 1.2+; 1.4 §4.34 Tables 239–240 (errors §11.35); 2.1 §6.1.33 Tables 262–264.
 *
 * "This operation requests the server to perform message authentication code (MAC) verify
 * operation on the provided data … The validity of the MAC is indicated by the Validity
 * Indicator field." The key and the MAC algorithm as for MAC (`mac.ts`), with the MAC Verify
 * bit; the comparison is constant-time (`src/crypto/mac.ts`). A MAC that does not match is
 * Validity Indicator Invalid, not an error.
 *
 * Multi-part (1.3+): Data in parts; the MAC Data may come with any part, the last one given
 * counts; the last part answers with the Validity Indicator.
 */
import { createMacVerifyStream, type MacVerifyStream, macVerify } from "../crypto/index.js";
import { ValidityIndicator } from "../kmip/generated/enums.js";
import type { MACVerifyRequest, MACVerifyResponse } from "../kmip/payloads/crypto.js";
import { loadKey } from "./crypto-key.js";
import { continuing, ending, partData, phaseOf, requiredData } from "./crypto-parts.js";
import { missingRequestField, withVersionReasons } from "./crypto-reasons.js";
import { CRYPTO_STREAMS } from "./crypto-streams.js";
import { MAC_TYPES, macParameters } from "./mac.js";
import { resolveUid } from "./objects.js";
import type { OperationContext, OperationDef } from "./types.js";

const NAME = "MAC Verify";
const KEY_CHECK = { purpose: "MAC Verify", types: MAC_TYPES } as const;

interface MacVerifyState {
  readonly stream: MacVerifyStream;
  macData: Uint8Array | undefined;
}

const validity = (valid: boolean): number => (valid ? ValidityIndicator.Valid : ValidityIndicator.Invalid);

function requiredMac(macData: Uint8Array | undefined): Uint8Array {
  if (macData === undefined) throw missingRequestField("MAC Data is required");
  return macData;
}

async function firstPart(request: MACVerifyRequest, ctx: OperationContext): Promise<MACVerifyResponse> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const key = await loadKey(ctx, uid, "MAC Verify", MAC_TYPES);
  const params = macParameters(request.cryptographicParameters, key);
  if (phaseOf(request) === "single") {
    const data = requiredData(request.data);
    const valid = macVerify(Object.assign({}, params, { data, macData: requiredMac(request.macData) }));
    return { uniqueIdentifier: uid, validityIndicator: validity(valid) };
  }
  const stream = createMacVerifyStream(params);
  stream.update(partData(request.data));
  const state: MacVerifyState = { stream, macData: request.macData };
  return { uniqueIdentifier: uid, correlationValue: CRYPTO_STREAMS.open(ctx, NAME, uid, state) };
}

async function laterPart(request: MACVerifyRequest, ctx: OperationContext): Promise<MACVerifyResponse> {
  const { entry } = await continuing<MacVerifyState>(ctx, request, NAME, KEY_CHECK);
  const uid = entry.uid!;
  const correlation = request.correlationValue!;
  const final = request.finalIndicator === true;
  return ending(ctx, correlation, final, () => {
    const state = entry.state;
    state.stream.update(partData(request.data));
    state.macData = request.macData ?? state.macData;
    if (!final) return { uniqueIdentifier: uid, correlationValue: correlation };
    return {
      uniqueIdentifier: uid,
      validityIndicator: validity(state.stream.final(requiredMac(state.macData))),
    };
  });
}

export const MACVerify: OperationDef<MACVerifyRequest, MACVerifyResponse> = {
  name: NAME,
  handler: (request, ctx) =>
    withVersionReasons(ctx.version, () => {
      const phase = phaseOf(request);
      return phase === "single" || phase === "init" ? firstPart(request, ctx) : laterPart(request, ctx);
    }),
};

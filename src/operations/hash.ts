/**
 * Hash — KMIP 1.2+; 1.4 §4.37 Tables 245–246 (errors §11.38); 2.1 §6.1.24 Tables 235–237.
 *
 * "This operation requests the server to perform a hash operation on the data provided." No key:
 * the Hashing Algorithm of the (REQUIRED) Cryptographic Parameters names the digest — MD5,
 * RIPEMD-160, SHA-1, SHA-2 (incl. SHA-512/224 and /256) and SHA-3 as `src/crypto/` offers them.
 * A request without a Hashing Algorithm is Invalid Field.
 *
 * Multi-part (1.3+, OASIS TC-STREAM-HASH-1…3): every part repeats the Cryptographic Parameters
 * (the field is REQUIRED); a later part naming another Hashing Algorithm than the first is
 * Invalid Field. The digest comes with the last part.
 */
import { createHashStream, type HashStream, hash } from "../crypto/index.js";
import type { HashRequest, HashResponse } from "../kmip/payloads/crypto.js";
import { continuing, ending, partData, phaseOf, requiredData } from "./crypto-parts.js";
import { invalidRequestField, withVersionReasons } from "./crypto-reasons.js";
import { CRYPTO_STREAMS } from "./crypto-streams.js";
import type { OperationContext, OperationDef } from "./types.js";

const NAME = "Hash";

interface HashState {
  readonly algorithm: number;
  readonly stream: HashStream;
}

function hashingAlgorithm(request: HashRequest): number {
  const algorithm = request.cryptographicParameters.hashingAlgorithm;
  if (algorithm === undefined)
    throw invalidRequestField("the Cryptographic Parameters name no Hashing Algorithm");
  return algorithm;
}

function firstPart(request: HashRequest, ctx: OperationContext): HashResponse {
  const algorithm = hashingAlgorithm(request);
  if (phaseOf(request) === "single") return { data: hash(algorithm, requiredData(request.data)) };
  const stream = createHashStream(algorithm);
  stream.update(partData(request.data));
  const state: HashState = { algorithm, stream };
  return { correlationValue: CRYPTO_STREAMS.open(ctx, NAME, undefined, state) };
}

async function laterPart(request: HashRequest, ctx: OperationContext): Promise<HashResponse> {
  const { entry } = await continuing<HashState>(ctx, request, NAME);
  const correlation = request.correlationValue!;
  const final = request.finalIndicator === true;
  return ending(ctx, correlation, final, () => {
    const asked = request.cryptographicParameters.hashingAlgorithm;
    if (asked !== undefined && asked !== entry.state.algorithm)
      throw invalidRequestField("the Hashing Algorithm differs from the first part's");
    entry.state.stream.update(partData(request.data));
    return final ? { data: entry.state.stream.final() } : { correlationValue: correlation };
  });
}

export const Hash: OperationDef<HashRequest, HashResponse> = {
  name: NAME,
  handler: (request, ctx) =>
    withVersionReasons(ctx.version, async () => {
      const phase = phaseOf(request);
      return phase === "single" || phase === "init" ? firstPart(request, ctx) : laterPart(request, ctx);
    }),
};

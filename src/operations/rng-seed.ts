/**
 * RNG Seed — KMIP 1.2+; 1.4 §4.36 Tables 243–244 (errors §11.37); 2.1 §6.1.50 Tables 319–321.
 *
 * "The server MAY elect to ignore the information provided by the client (i.e. not accept the
 * seeding material) and MAY indicate this to the client by returning zero as the value in the
 * Data Length response. A client SHALL NOT consider a response from a server which does not use
 * the provided data as an error." This server's generator is OpenSSL's, seeded by the operating
 * system; client bytes are not mixed into it (`src/crypto/rng.ts`), so Data Length is always 0.
 * A role that should not even try is denied the operation (OASIS CS-RNG-O-4 expects Permission
 * Denied from such a server — the batch layer's role check gives exactly that).
 */
import { rngSeed } from "../crypto/index.js";
import type { RNGSeedRequest, RNGSeedResponse } from "../kmip/payloads/crypto.js";
import { dataOf } from "./crypto-parts.js";
import { withVersionReasons } from "./crypto-reasons.js";
import type { OperationDef } from "./types.js";

export const RNGSeed: OperationDef<RNGSeedRequest, RNGSeedResponse> = {
  name: "RNG Seed",
  handler: (request, ctx) =>
    withVersionReasons(ctx.version, async () => {
      const seed = dataOf(request.data) ?? new Uint8Array(0);
      return { dataLength: rngSeed(seed).amountUsed };
    }),
};

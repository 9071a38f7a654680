/**
 * RNG Retrieve — KMIP 1.2+; 1.4 §4.35 Tables 241–242 (errors §11.36); 2.1 §6.1.49 Tables 316–318.
 *
 * "This operation requests the server to return output from a Random Number Generator (RNG).
 * The request contains the quantity of output requested" (Data Length, in bytes). The output is
 * OpenSSL's DRBG (`src/crypto/rng.ts`). The length is the client's to choose, so it is bounded:
 * from 1 to `RNG_RETRIEVE_BYTES_MAX` bytes, else Invalid Field.
 */
import { rngRetrieve } from "../crypto/index.js";
import type { RNGRetrieveRequest, RNGRetrieveResponse } from "../kmip/payloads/crypto.js";
import { withVersionReasons } from "./crypto-reasons.js";
import type { OperationDef } from "./types.js";

export const RNGRetrieve: OperationDef<RNGRetrieveRequest, RNGRetrieveResponse> = {
  name: "RNG Retrieve",
  handler: (request, ctx) =>
    withVersionReasons(ctx.version, async () => ({ data: rngRetrieve(request.dataLength) })),
};

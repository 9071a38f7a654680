/**
 * The cryptographic operations (one file each): making key pairs (Create Key Pair, Re-key Key
 * Pair), deriving keys (Derive Key), and the cryptographic services of KMIP 1.2+ (Encrypt,
 * Decrypt, Sign, Signature Verify, MAC, MAC Verify, RNG Retrieve, RNG Seed, Hash). The registry
 * maps each to its Operation code; the payload registry (src/kmip/payloads/) refuses them in a
 * version that lacks them (Operation Not Supported: the services before 1.2, Re-key Key Pair in
 * 1.0). Get with key formats and wrapping is `get-crypto.ts`, which replaces `get.ts`'s Get.
 */
import { CreateKeyPair } from "./create-key-pair.js";
import { Decrypt } from "./decrypt.js";
import { DeriveKey } from "./derive-key.js";
import { Encrypt } from "./encrypt.js";
import { Hash } from "./hash.js";
import { MAC } from "./mac.js";
import { MACVerify } from "./mac-verify.js";
import { ReKeyKeyPair } from "./rekey-key-pair.js";
import { RNGRetrieve } from "./rng-retrieve.js";
import { RNGSeed } from "./rng-seed.js";
import { Sign } from "./sign.js";
import { SignatureVerify } from "./signature-verify.js";
import type { OperationDef } from "./types.js";

export const CRYPTO_OPERATIONS: OperationDef[] = [
  CreateKeyPair,
  ReKeyKeyPair,
  DeriveKey,
  Encrypt,
  Decrypt,
  Sign,
  SignatureVerify,
  MAC,
  MACVerify,
  RNGRetrieve,
  RNGSeed,
  Hash,
] as OperationDef[];

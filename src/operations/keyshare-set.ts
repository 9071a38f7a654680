/**
 * Split keys and certificates (one file each): Create Split Key and Join Split Key (KMIP 1.2+,
 * 1.4 §4.38–4.39), Certify and Re-certify (1.4 §4.7–4.8). The registry maps each to its Operation
 * code; the payload registry (src/kmip/payloads/) refuses them in a version that lacks them.
 */
import { Certify } from "./certify.js";
import { CreateSplitKey } from "./create-split-key.js";
import { JoinSplitKey } from "./join-split-key.js";
import { ReCertify } from "./recertify.js";
import type { OperationDef } from "./types.js";

export const KEYSHARE_OPERATIONS: OperationDef[] = [
  CreateSplitKey,
  JoinSplitKey,
  Certify,
  ReCertify,
] as OperationDef[];

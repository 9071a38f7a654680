/**
 * MGF1, the mask generation function of RFC 8017 App. B.2.1, shared by EME-OAEP (oaep.ts) and
 * EMSA-PSS (pss.ts). The hash is node:crypto's; only the counter construction is here.
 */
import { createHash } from "node:crypto";
import type { HashInfo } from "./hashes.js";

/** MGF1(mgfSeed, maskLen) of RFC 8017 App. B.2.1: Hash(seed ‖ C) for C = 0, 1, … big-endian. */
export function mgf1(hash: HashInfo, seed: Uint8Array, maskLen: number): Uint8Array {
  const out = new Uint8Array(maskLen);
  const counter = new Uint8Array(4);
  for (let c = 0, at = 0; at < maskLen; c++, at += hash.bytes) {
    new DataView(counter.buffer).setUint32(0, c);
    const block = createHash(hash.name).update(seed).update(counter).digest();
    out.set(block.subarray(0, Math.min(hash.bytes, maskLen - at)), at);
  }
  return out;
}

/** target ^= mask, byte by byte, over target's length (mask is at least as long). */
export function xorInto(target: Uint8Array, mask: Uint8Array): void {
  for (let i = 0; i < target.length; i++) target[i] = (target[i] ?? 0) ^ (mask[i] ?? 0);
}

/**
 * Hash (1.4 §4.37, 2.1 §6.1.26): the digest of Data with the Hashing Algorithm of the request's
 * Cryptographic Parameters, in one part or several (Correlation Value).
 */
import { createHash } from "node:crypto";
import { buf, bytes } from "./bytes.js";
import { streamEnded } from "./errors.js";
import { hashForData } from "./hashes.js";

/** The digest of `data` under Hashing Algorithm `algorithm`. */
export function hash(algorithm: number, data: Uint8Array): Uint8Array {
  return bytes(createHash(hashForData(algorithm).name).update(buf(data)).digest());
}

export interface HashStream {
  update(chunk: Uint8Array): void;
  final(): Uint8Array;
}

/** Starts a multi-part Hash. */
export function createHashStream(algorithm: number): HashStream {
  const h = createHash(hashForData(algorithm).name);
  let done = false;
  return {
    update(chunk) {
      if (done) throw streamEnded();
      h.update(buf(chunk));
    },
    final() {
      if (done) throw streamEnded();
      done = true;
      return bytes(h.digest());
    },
  };
}

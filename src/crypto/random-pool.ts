/**
 * Random bytes for values that must be unpredictable and unique but are not secret: IVs and
 * nonces (they travel next to the ciphertext), Unique Identifiers, correlation values. OpenSSL's
 * CSPRNG (`randomFillSync`, RAND_bytes) fills a 4 KiB pool at once and each caller gets a copy of
 * the next bytes, which are then zero-filled in the pool. One call into OpenSSL cost ~4–6 µs,
 * a tenth of an Encrypt's CPU for its 12-byte IV (issue #8); this costs a copy.
 *
 * Key material never comes from here: keys are drawn straight from `randomBytes` (keys.ts,
 * barrier.ts), so no future key sits in memory before it is made. Requests larger than a
 * quarter of the pool also go straight to OpenSSL.
 */
import { randomBytes, randomFillSync } from "node:crypto";

const POOL_BYTES = 4096;

const pool = Buffer.alloc(POOL_BYTES);
/** Bytes before this offset are used (and zeroed); the pool starts used up. */
let used = POOL_BYTES;

export function publicRandomBytes(size: number): Buffer {
  if (size > POOL_BYTES / 4) return randomBytes(size);
  if (used + size > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const out = Buffer.allocUnsafe(size);
  pool.copy(out, 0, used, used + size);
  pool.fill(0, used, used + size);
  used += size;
  return out;
}

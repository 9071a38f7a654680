/**
 * Stand-in values for the placeholders of the OASIS test-case files (vectors README): values the
 * server chooses at run time, which a file can only name. Binary TTLV cannot carry a name where a
 * Date-Time or Byte String belongs, so converting such a file binds them:
 * - `$NOW`, `$NOW+n`, `$NOW-n` in a Date-Time (or Date-Time Extended): `now` ± n seconds;
 * - any placeholder in a Byte String (`$IV_COUNTER_NONCE`, `$DATA_0`, `$MAC_DATA`, ...): 16 bytes
 *   derived from its name (SHA-256, truncated), the same every time;
 * - Text String placeholders (`$UNIQUE_IDENTIFIER_0`, ...) are valid text and stay as written.
 * The conformance runner binds them differently (to what the live server returned).
 */
import { createHash } from "node:crypto";
import type { PlaceholderValue } from "../ttlv/text-options.js";
import type { ItemTypeName } from "../ttlv/types.js";

const NOW_PATTERN = /^\$NOW(?:([+-])(\d{1,12}))?$/;

export function conversionPlaceholders(
  nowSeconds: bigint,
): (token: string, type: ItemTypeName) => PlaceholderValue | undefined {
  return (token, type) => {
    const now = NOW_PATTERN.exec(token);
    if (now !== null && (type === "DateTime" || type === "DateTimeExtended")) {
      const delta = BigInt(now[2] ?? "0");
      const seconds = now[1] === "-" ? nowSeconds - delta : nowSeconds + delta;
      return type === "DateTime" ? seconds : seconds * 1_000_000n;
    }
    if (type === "ByteString") return createHash("sha256").update(token).digest().subarray(0, 16);
    return undefined;
  };
}

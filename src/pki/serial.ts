import { randomBytes } from "node:crypto";
import { PkiError } from "./errors.js";

/**
 * Certificate serial numbers. RFC 5280 §4.1.2.2: a positive INTEGER, unique per CA, of at most
 * 20 octets; the CA/Browser Forum baseline asks for at least 64 bits from a CSPRNG. Vault's KMIP
 * credentials carry 20-octet random serials and report them in decimal (contract §2.8:
 * `"serial_number": "728181095563584845125173905844944137943705466376"`), so we do the same.
 */

export const serialOctets = 20;

/** The largest serial that fits 20 DER octets: the top bit of the first octet must stay clear. */
const serialMax = (1n << BigInt(serialOctets * 8 - 1)) - 1n;

/**
 * 20 random octets whose first octet is in 0x01..0x7F: the clear top bit keeps the INTEGER
 * positive without a 0x00 pad (X.690 §8.3.2), and the non-zero first octet keeps the DER form
 * exactly 20 octets (a leading 0x00 would have to be dropped). That leaves about 159 random bits.
 */
export function randomSerial(): Uint8Array {
  for (;;) {
    const octets = new Uint8Array(randomBytes(serialOctets));
    octets[0] = (octets[0] ?? 0) & 0x7f;
    if (octets[0] !== 0) return octets;
  }
}

/** Hex (any case, optional leading zeros) or octets to the decimal form of the API. */
export function serialToDecimal(serial: string | Uint8Array): string {
  const hex = typeof serial === "string" ? serial : Buffer.from(serial).toString("hex");
  if (!/^[0-9a-fA-F]+$/.test(hex)) throw new PkiError("bad-serial", `invalid hexadecimal serial "${hex}"`);
  return BigInt(`0x${hex}`).toString(10);
}

/**
 * The decimal form back to lower-case hex of whole octets (what @peculiar/x509 reports as
 * `serialNumber`, minus any sign octet). Refuses zero, signs, non-digits and anything longer
 * than 20 octets, so a lookup by serial can never match by accident.
 */
export function serialFromDecimal(decimal: string): string {
  if (!/^[0-9]{1,49}$/.test(decimal)) {
    throw new PkiError("bad-serial", "serial_number must be a positive decimal integer");
  }
  const value = BigInt(decimal);
  if (value === 0n || value > serialMax) {
    throw new PkiError("bad-serial", "serial_number must be between 1 and 2^159 - 1");
  }
  const hex = value.toString(16);
  return hex.length % 2 === 0 ? hex : `0${hex}`;
}

/** Octets to the hex form @peculiar/x509 takes as `serialNumber`. */
export function serialToHex(serial: Uint8Array): string {
  return Buffer.from(serial).toString("hex");
}

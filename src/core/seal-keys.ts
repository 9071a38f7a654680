/**
 * Unseal key encodings and the key file of the automation seal.
 *
 * Unseal keys travel as hex or base64 (Vault API docs, sys/init: `keys` and `keys_base64`;
 * sys/unseal accepts either form in `key`).
 *
 * The key file holds a 256-bit key that wraps the root key; the wrapped root key is stored in the
 * database at init (`core/keyfile-root`), so a server can unseal itself at start without an
 * operator. The trade-off, stated plainly: whoever can read both the key file and the database
 * holds every key the server protects. Keep the file on other storage than the database (a
 * secrets mount, a TPM-backed volume), readable by the server's user only, and prefer Shamir
 * unseal where an operator can be present.
 */
import { randomBytes } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { KEY_BYTES } from "../seal/barrier.js";
import { badRequest } from "./errors.js";

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes an unseal key given as hex or base64; a 400 for anything else. */
export function decodeUnsealKey(text: string): Uint8Array {
  const t = text.trim();
  if (t !== "" && HEX.test(t)) return Buffer.from(t, "hex");
  if (t !== "" && BASE64.test(t)) return Buffer.from(t, "base64");
  throw badRequest("'key' must be a valid hex or base64 string");
}

/** Reads a key file: 32 raw bytes, 64 hex digits, or base64 of 32 bytes (whitespace trimmed). */
export function readKeyFile(path: string): { key: Uint8Array; loose: boolean } {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (err) {
    throw badRequest(`cannot read the key file ${path}: ${(err as NodeJS.ErrnoException).code ?? "error"}`);
  }
  const loose = (statSync(path).mode & 0o077) !== 0;
  return { key: parseKeyFile(raw, path), loose };
}

function parseKeyFile(raw: Buffer, path: string): Uint8Array {
  const text = raw.toString("latin1").trim();
  let key: Uint8Array | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(text)) key = Buffer.from(text, "hex");
  else if (BASE64.test(text) && Buffer.from(text, "base64").length === KEY_BYTES)
    key = Buffer.from(text, "base64");
  else if (raw.length === KEY_BYTES) key = Uint8Array.from(raw);
  raw.fill(0);
  if (!key) throw badRequest(`the key file ${path} does not hold a 256-bit key (64 hex digits or base64)`);
  return key;
}

/** Reads the key file, creating it (mode 0600, 64 hex digits) with a fresh key if it is absent. */
export function readOrCreateKeyFile(path: string): { key: Uint8Array; loose: boolean } {
  try {
    statSync(path);
  } catch {
    const fresh = randomBytes(KEY_BYTES);
    writeFileSync(path, `${fresh.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    const key = Uint8Array.from(fresh);
    fresh.fill(0);
    return { key, loose: false };
  }
  return readKeyFile(path);
}

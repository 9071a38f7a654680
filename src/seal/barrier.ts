/**
 * The storage barrier: every secret record is sealed with AES-256-GCM (NIST SP 800-38D) before it
 * reaches storage, the way Vault's barrier (docs: "Seal/Unseal", "Key rotation") works.
 *
 * Envelope, version 1 (all integers big-endian):
 *
 *   offset 0   1 byte    envelope version (1)
 *   offset 1   4 bytes   key term: which keyring key sealed it, so keys can rotate
 *   offset 5   12 bytes  random nonce
 *   offset 17  n bytes   ciphertext (same length as the plaintext)
 *   offset 17+n 16 bytes GCM tag
 *
 * The GCM additional data is the 5-byte header followed by the caller's AAD, which is the record's
 * identity (its storage path). The header being authenticated means a changed version or term
 * fails; the path being authenticated means a sealed record copied to another path fails.
 * The header has a fixed length, so header || aad is unambiguous.
 *
 * Nonces are random, 96 bits. SP 800-38D section 8.3 caps random-nonce use at 2^32 invocations
 * per key; Vault rotates its barrier key well before that, and so should the caller (`rotate`).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { publicRandomBytes } from "../crypto/random-pool.js";
import { BarrierError } from "./errors.js";

export const ENVELOPE_VERSION = 1;
export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const HEADER_BYTES = 5;
export const OVERHEAD_BYTES = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;
export const TERM_MAX = 0xffff_ffff;

export interface Envelope {
  version: number;
  term: number;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

/** Overwrites a buffer holding key material or plaintext. Best effort: JS may have copied it. */
export function zeroize(buf: Uint8Array | undefined | null): void {
  buf?.fill(0);
}

function aadBytes(aad: string | Uint8Array): Uint8Array {
  return typeof aad === "string" ? new TextEncoder().encode(aad) : aad;
}

function checkKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) throw new BarrierError("bad-key", `barrier keys are ${KEY_BYTES} bytes`);
}

function header(term: number): Uint8Array {
  const h = new Uint8Array(HEADER_BYTES);
  h[0] = ENVELOPE_VERSION;
  new DataView(h.buffer).setUint32(1, term);
  return h;
}

function fullAad(term: number, aad: string | Uint8Array): Uint8Array {
  return Buffer.concat([header(term), aadBytes(aad)]);
}

/** Splits an envelope into its fields (views, no copies); checks only the shape, not the tag. */
export function parseEnvelope(sealed: Uint8Array): Envelope {
  if (sealed.length < OVERHEAD_BYTES) {
    throw new BarrierError(
      "truncated",
      `sealed value is ${sealed.length} bytes, less than ${OVERHEAD_BYTES}`,
    );
  }
  const version = sealed[0]!;
  if (version !== ENVELOPE_VERSION) {
    throw new BarrierError("bad-version", `unknown barrier envelope version ${version}`);
  }
  const view = new DataView(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const tagAt = sealed.length - TAG_BYTES;
  return {
    version,
    term: view.getUint32(1),
    nonce: sealed.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES),
    ciphertext: sealed.subarray(HEADER_BYTES + NONCE_BYTES, tagAt),
    tag: sealed.subarray(tagAt),
  };
}

/** Seals `plaintext` under `key`, naming `term` as the key's term in the header. */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: string | Uint8Array, term = 0): Uint8Array {
  checkKey(key);
  if (!Number.isInteger(term) || term < 0 || term > TERM_MAX) {
    throw new BarrierError("bad-key", `key term must be an integer from 0 to ${TERM_MAX}`);
  }
  const nonce = publicRandomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(fullAad(term, aad));
  const body = cipher.update(plaintext);
  const rest = cipher.final(); // empty for GCM, kept for form
  const out = new Uint8Array(OVERHEAD_BYTES + body.length + rest.length);
  out.set(header(term), 0);
  out.set(nonce, HEADER_BYTES);
  out.set(body, HEADER_BYTES + NONCE_BYTES);
  out.set(rest, HEADER_BYTES + NONCE_BYTES + body.length);
  out.set(cipher.getAuthTag(), out.length - TAG_BYTES);
  return out;
}

/**
 * Opens an envelope sealed under `key`. Any mismatch is an `auth-failed` BarrierError and no data:
 * GCM's `update` yields plaintext before `final` checks the tag, so that output is wiped on failure.
 * The result is a plain Uint8Array the caller owns (and should zeroize when it holds a secret).
 */
export function open(key: Uint8Array, sealed: Uint8Array, aad: string | Uint8Array): Uint8Array {
  checkKey(key);
  const env = parseEnvelope(sealed);
  let plain: Buffer | undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, env.nonce, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(env.tag);
    decipher.setAAD(fullAad(env.term, aad));
    plain = decipher.update(env.ciphertext);
    decipher.final(); // throws when the tag does not verify; GCM has no trailing block
    return Uint8Array.from(plain);
  } catch {
    throw new BarrierError(
      "auth-failed",
      "barrier authentication failed: wrong key, wrong record, or altered data",
    );
  } finally {
    zeroize(plain);
  }
}

/** Storage path of the keyring record; it is the AAD when the keyring is sealed under the root key. */
export const KEYRING_AAD = "core/keyring";
const KEYRING_FORMAT = 1;
const KEYRING_HEAD = 9; // format (1) + active term (4) + count (4)
const ENTRY_BYTES = 4 + 8 + KEY_BYTES; // term, installed-at milliseconds, key

interface KeyTerm {
  term: number;
  key: Uint8Array;
  installedAt: number; // Unix milliseconds
}

/**
 * The data keys that seal records: the active one, which seals, and every older term, which still
 * opens what it sealed. Rotation adds a term and never rewrites old records (Vault's "key
 * rotation"). Terms start at 1 and only grow; the active term is always the newest.
 */
export class Keyring {
  readonly #keys = new Map<number, KeyTerm>();
  #active = 0;

  private constructor(entries: KeyTerm[]) {
    for (const e of entries) this.#keys.set(e.term, e);
    this.#active = entries.at(-1)!.term;
  }

  /** A new keyring with one random key, term 1. */
  static generate(now = Date.now()): Keyring {
    return new Keyring([{ term: 1, key: randomBytes(KEY_BYTES), installedAt: now }]);
  }

  get activeTerm(): number {
    return this.#active;
  }

  /** Every term held, oldest first. */
  get terms(): number[] {
    return [...this.#keys.keys()];
  }

  installedAt(term: number): number | undefined {
    return this.#keys.get(term)?.installedAt;
  }

  /** Installs a fresh random key as the new active term and returns that term. */
  rotate(now = Date.now()): number {
    if (this.#keys.size === 0) throw new BarrierError("bad-keyring", "keyring has been destroyed");
    if (this.#active >= TERM_MAX) throw new BarrierError("bad-keyring", "keyring has used its last term");
    const term = this.#active + 1;
    this.#keys.set(term, { term, key: randomBytes(KEY_BYTES), installedAt: now });
    this.#active = term;
    return term;
  }

  seal(plaintext: Uint8Array, aad: string | Uint8Array): Uint8Array {
    const entry = this.#keys.get(this.#active);
    if (!entry) throw new BarrierError("bad-keyring", "keyring has been destroyed");
    return seal(entry.key, plaintext, aad, this.#active);
  }

  /** Opens with the key of the term named in the envelope (authenticated as part of the AAD). */
  open(sealed: Uint8Array, aad: string | Uint8Array): Uint8Array {
    const { term } = parseEnvelope(sealed);
    const entry = this.#keys.get(term);
    if (!entry) throw new BarrierError("unknown-term", `no barrier key for term ${term}`);
    return open(entry.key, sealed, aad);
  }

  /** Binary form; it holds raw keys, so seal it (`wrapDataKey`) and zeroize it after use. */
  serialize(): Uint8Array {
    const entries = [...this.#keys.values()];
    const out = new Uint8Array(KEYRING_HEAD + entries.length * ENTRY_BYTES);
    const view = new DataView(out.buffer);
    out[0] = KEYRING_FORMAT;
    view.setUint32(1, this.#active);
    view.setUint32(5, entries.length);
    entries.forEach((e, i) => {
      const at = KEYRING_HEAD + i * ENTRY_BYTES;
      view.setUint32(at, e.term);
      view.setBigUint64(at + 4, BigInt(e.installedAt));
      out.set(e.key, at + 12);
    });
    return out;
  }

  /** Parses `serialize` output; keys are copied out, so the caller may zeroize `bytes`. */
  static deserialize(bytes: Uint8Array): Keyring {
    const bad = (why: string) => new BarrierError("bad-keyring", `invalid keyring: ${why}`);
    if (bytes.length < KEYRING_HEAD || bytes[0] !== KEYRING_FORMAT) throw bad("unknown format");
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const active = view.getUint32(1);
    const count = view.getUint32(5);
    if (count === 0 || bytes.length !== KEYRING_HEAD + count * ENTRY_BYTES) throw bad("wrong length");
    const entries: KeyTerm[] = [];
    for (let i = 0; i < count; i++) {
      const at = KEYRING_HEAD + i * ENTRY_BYTES;
      const term = view.getUint32(at);
      if (term <= (entries.at(-1)?.term ?? 0)) throw bad("terms not strictly increasing from 1");
      const installedAt = Number(view.getBigUint64(at + 4));
      entries.push({ term, installedAt, key: new Uint8Array(bytes.subarray(at + 12, at + ENTRY_BYTES)) }); // a copy, even from a Buffer
    }
    if (entries.at(-1)!.term !== active) throw bad("active term is not the newest");
    return new Keyring(entries);
  }

  /** Zeroizes every key; the keyring is unusable afterwards (sealing the barrier). */
  destroy(): void {
    for (const e of this.#keys.values()) zeroize(e.key);
    this.#keys.clear();
    this.#active = 0;
  }
}

/** Seals the keyring under the root key, for storage at KEYRING_AAD. */
export function wrapDataKey(rootKey: Uint8Array, keyring: Keyring): Uint8Array {
  const plain = keyring.serialize();
  try {
    return seal(rootKey, plain, KEYRING_AAD);
  } finally {
    zeroize(plain);
  }
}

/** Opens a keyring sealed by `wrapDataKey`; a wrong root key (bad unseal shares) is `auth-failed`. */
export function unwrapDataKey(rootKey: Uint8Array, sealed: Uint8Array): Keyring {
  const plain = open(rootKey, sealed, KEYRING_AAD);
  try {
    return Keyring.deserialize(plain);
  } finally {
    zeroize(plain);
  }
}

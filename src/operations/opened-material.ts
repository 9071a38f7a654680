/**
 * Opened material, kept for a moment (issue #8): opening the same sealed key on every Get or
 * Encrypt (a fresh AES-256-GCM decipher each time) was about a tenth of a request's CPU.
 *
 * Bounded and short-lived, because this is plaintext key material (docs/security.md, "Secrets
 * in memory"):
 * - at most `entriesMax` entries, each for at most `ttlMs` after it was opened; a sweep every
 *   `ttlMs` zero-fills and drops what expired, and eviction zero-fills too;
 * - an entry answers only for the same associated data (mount and Unique Identifier) and the
 *   same sealed bytes, compared whole: a rewritten, re-keyed or destroyed object never matches;
 * - callers get a copy of the plaintext (they zero-fill theirs), never the kept buffer;
 * - one cache per sealer, so a core re-initialized with another keyring shares nothing.
 */
import { zeroize } from "../seal/barrier.js";

interface Opened {
  readonly sealed: Uint8Array;
  readonly plain: Uint8Array;
  readonly expiresMs: number;
  /** Values made from `plain` (`derive`): immutable ones only, e.g. a KeyObject. */
  derived?: Map<string, unknown>;
}

export class OpenedMaterial {
  private readonly entries = new Map<string, Opened>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly ttlMs = 2000,
    private readonly entriesMax = 256,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** The plaintext `sealed` opens to under `aad` (a copy), opening it with `open` when not kept. */
  open(aad: string, sealed: Uint8Array, open: () => Uint8Array): Uint8Array {
    const now = this.nowMs();
    const hit = this.entries.get(aad);
    if (hit !== undefined && hit.expiresMs > now && sameBytes(hit.sealed, sealed)) {
      return Uint8Array.from(hit.plain);
    }
    if (hit !== undefined) this.drop(aad, hit);
    const plain = open();
    this.keep(aad, {
      sealed: Uint8Array.from(sealed),
      plain: Uint8Array.from(plain),
      expiresMs: now + this.ttlMs,
    });
    return plain;
  }

  /**
   * A value made from the plaintext (a KeyObject, issue #8: opening, decoding and importing the
   * key was a tenth of an Encrypt), kept with the entry under `name` and dropped with it: the same
   * bounds, and only for the same exact sealed bytes. It must be immutable, since callers share
   * it. `make` gets a copy of the plaintext and zero-fills nothing: this does, after.
   */
  derive<T>(
    aad: string,
    sealed: Uint8Array,
    open: () => Uint8Array,
    name: string,
    make: (plain: Uint8Array) => T,
  ): T {
    const hit = this.entries.get(aad);
    if (hit !== undefined && hit.expiresMs > this.nowMs() && sameBytes(hit.sealed, sealed)) {
      const kept = hit.derived?.get(name);
      if (kept !== undefined) return kept as T;
    }
    const plain = this.open(aad, sealed, open);
    try {
      const value = make(plain);
      const entry = this.entries.get(aad);
      if (entry !== undefined && sameBytes(entry.sealed, sealed)) {
        entry.derived ??= new Map();
        entry.derived.set(name, value);
      }
      return value;
    } finally {
      zeroize(plain);
    }
  }

  /** Zero-fills and forgets everything. */
  clear(): void {
    for (const [aad, entry] of this.entries) this.drop(aad, entry);
  }

  get size(): number {
    return this.entries.size;
  }

  private keep(aad: string, entry: Opened): void {
    if (this.entries.size >= this.entriesMax) {
      const [oldest, value] = this.entries.entries().next().value!;
      this.drop(oldest, value);
    }
    this.entries.set(aad, entry);
    this.sweepSoon();
  }

  private drop(aad: string, entry: Opened): void {
    zeroize(entry.plain);
    if (this.entries.get(aad) === entry) this.entries.delete(aad);
  }

  private sweepSoon(): void {
    if (this.sweeper !== undefined) return;
    this.sweeper = setTimeout(() => {
      this.sweeper = undefined;
      const now = this.nowMs();
      for (const [aad, entry] of this.entries) if (entry.expiresMs <= now) this.drop(aad, entry);
      if (this.entries.size > 0) this.sweepSoon();
    }, this.ttlMs);
    this.sweeper.unref();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const view = (x: Uint8Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  return a.byteLength === b.byteLength && view(a).equals(view(b));
}

const bySealer = new WeakMap<object, OpenedMaterial>();

/** The cache of one sealer (`OperationContext.sealer`). */
export function openedMaterialOf(sealer: object): OpenedMaterial {
  let cache = bySealer.get(sealer);
  if (cache === undefined) {
    cache = new OpenedMaterial();
    bySealer.set(sealer, cache);
  }
  return cache;
}

import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ENVELOPE_VERSION,
  HEADER_BYTES,
  KEYRING_AAD,
  Keyring,
  NONCE_BYTES,
  OVERHEAD_BYTES,
  open,
  parseEnvelope,
  seal,
  TAG_BYTES,
  TERM_MAX,
  unwrapDataKey,
  wrapDataKey,
  zeroize,
} from "../../src/seal/barrier.js";
import { BarrierError } from "../../src/seal/errors.js";

const text = (s: string) => new TextEncoder().encode(s);
const key = () => new Uint8Array(randomBytes(32));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof BarrierError) return e.code;
    throw e;
  }
  return undefined;
}

describe("seal and open", () => {
  it("round-trips, with string or byte AAD", () => {
    const k = key();
    const plain = text("kmip/objects/1234: key material");
    expect(open(k, seal(k, plain, "kmip/objects/1234"), "kmip/objects/1234")).toEqual(plain);
    expect(open(k, seal(k, plain, text("p")), "p")).toEqual(plain);
    expect(open(k, seal(k, new Uint8Array(0), ""), "")).toEqual(new Uint8Array(0));
  });

  it("property: round trip for any plaintext, AAD and term", () => {
    const k = key();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.string(), fc.nat(TERM_MAX), (plain, aad, term) => {
        const sealed = seal(k, plain, aad, term);
        expect(sealed).toHaveLength(plain.length + OVERHEAD_BYTES);
        expect(parseEnvelope(sealed).term).toBe(term);
        expect(open(k, sealed, aad)).toEqual(plain);
      }),
    );
  });

  it("lays out version, term, nonce, ciphertext and tag as documented", () => {
    const sealed = seal(key(), text("abc"), "x", 0x01020304);
    expect(sealed[0]).toBe(ENVELOPE_VERSION);
    expect([...sealed.subarray(1, 5)]).toEqual([1, 2, 3, 4]);
    const env = parseEnvelope(sealed);
    expect(env.nonce).toHaveLength(NONCE_BYTES);
    expect(env.ciphertext).toHaveLength(3);
    expect(env.tag).toHaveLength(TAG_BYTES);
    expect(HEADER_BYTES + NONCE_BYTES + 3 + TAG_BYTES).toBe(sealed.length);
  });

  it("never repeats a nonce over many seals under one key", () => {
    const k = key();
    const nonces = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      nonces.add(Buffer.from(parseEnvelope(seal(k, text("same"), "same")).nonce).toString("hex"));
    }
    expect(nonces.size).toBe(20_000);
  });

  it("a sealed blob never contains the plaintext", () => {
    const k = key();
    const plain = text("TOP-SECRET-KEY-MATERIAL-".repeat(8));
    for (let i = 0; i < 100; i++) {
      expect(Buffer.from(seal(k, plain, "p")).indexOf(Buffer.from(plain.subarray(0, 16)))).toBe(-1);
    }
  });
});

describe("open refuses, with a BarrierError and no data", () => {
  const k = key();
  const sealed = seal(k, text("secret"), "kmip/objects/1", 7);

  it("a wrong key", () => {
    expect(codeOf(() => open(key(), sealed, "kmip/objects/1"))).toBe("auth-failed");
  });

  it("a wrong AAD: the record moved to another path", () => {
    expect(codeOf(() => open(k, sealed, "kmip/objects/2"))).toBe("auth-failed");
    expect(codeOf(() => open(k, sealed, ""))).toBe("auth-failed");
  });

  it("any single flipped bit, header included", () => {
    for (let i = 0; i < sealed.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const bad = Uint8Array.from(sealed);
        bad[i]! ^= 1 << bit;
        // byte 0 is the version: flipping it is refused before any decryption is tried
        expect(codeOf(() => open(k, bad, "kmip/objects/1"))).toBe(i === 0 ? "bad-version" : "auth-failed");
      }
    }
  });

  it("truncated input at every length below the minimum, and a cut tag", () => {
    for (let n = 0; n < OVERHEAD_BYTES; n++) {
      expect(codeOf(() => parseEnvelope(sealed.subarray(0, n)))).toBe("truncated");
      expect(codeOf(() => open(k, sealed.subarray(0, n), "kmip/objects/1"))).toBe("truncated");
    }
    expect(codeOf(() => open(k, sealed.subarray(0, sealed.length - 1), "kmip/objects/1"))).toBe(
      "auth-failed",
    );
  });

  it("an unknown envelope version", () => {
    const bad = Uint8Array.from(sealed);
    bad[0] = 2;
    expect(() => parseEnvelope(bad)).toThrow("unknown barrier envelope version 2");
  });

  it("keys that are not 32 bytes, and terms out of range", () => {
    expect(codeOf(() => seal(new Uint8Array(16), text("x"), ""))).toBe("bad-key");
    expect(codeOf(() => open(new Uint8Array(31), sealed, ""))).toBe("bad-key");
    expect(codeOf(() => seal(k, text("x"), "", -1))).toBe("bad-key");
    expect(codeOf(() => seal(k, text("x"), "", TERM_MAX + 1))).toBe("bad-key");
  });
});

describe("Keyring", () => {
  it("starts at term 1 and rotates to new terms that still open old records", () => {
    const ring = Keyring.generate(1000);
    expect(ring.activeTerm).toBe(1);
    const old = ring.seal(text("v1"), "a");
    expect(ring.rotate(2000)).toBe(2);
    expect(ring.rotate(3000)).toBe(3);
    const fresh = ring.seal(text("v3"), "a");
    expect(parseEnvelope(old).term).toBe(1);
    expect(parseEnvelope(fresh).term).toBe(3);
    expect(ring.open(old, "a")).toEqual(text("v1"));
    expect(ring.open(fresh, "a")).toEqual(text("v3"));
    expect(ring.terms).toEqual([1, 2, 3]);
    expect(ring.installedAt(2)).toBe(2000);
  });

  it("refuses a term it does not hold", () => {
    const a = Keyring.generate();
    const b = Keyring.generate();
    b.rotate();
    expect(codeOf(() => a.open(b.seal(text("x"), "p"), "p"))).toBe("unknown-term");
    expect(codeOf(() => a.open(Keyring.generate().seal(text("x"), "p"), "p"))).toBe("auth-failed");
  });

  it("serializes and deserializes to an equivalent keyring", () => {
    const ring = Keyring.generate(1_700_000_000_000);
    ring.rotate(1_700_000_001_000);
    const sealed = ring.seal(text("data"), "p");
    const bytes = ring.serialize();
    const copy = Keyring.deserialize(bytes);
    zeroize(bytes); // the copy must not share memory with the serialized form
    expect(copy.activeTerm).toBe(2);
    expect(copy.terms).toEqual([1, 2]);
    expect(copy.installedAt(1)).toBe(1_700_000_000_000);
    expect(copy.open(sealed, "p")).toEqual(text("data"));
  });

  it("copies keys out of a Node Buffer too (Buffer#slice would share memory)", () => {
    const ring = Keyring.generate();
    const sealed = ring.seal(text("data"), "p");
    const buf = Buffer.from(ring.serialize());
    const copy = Keyring.deserialize(buf);
    zeroize(buf);
    expect(copy.open(sealed, "p")).toEqual(text("data"));
  });

  it("rejects malformed serialized keyrings", () => {
    const good = (() => {
      const r = Keyring.generate();
      r.rotate();
      return r.serialize();
    })();
    const mutate = (f: (b: Uint8Array, v: DataView) => void) => {
      const b = Uint8Array.from(good);
      f(b, new DataView(b.buffer));
      return b;
    };
    const cases = [
      new Uint8Array(0),
      good.subarray(0, good.length - 1),
      mutate((b) => (b[0] = 9)),
      mutate((_, v) => v.setUint32(5, 0)),
      mutate((_, v) => v.setUint32(5, 3)),
      mutate((_, v) => v.setUint32(1, 1)), // active is not the newest
      mutate((_, v) => v.setUint32(9 + 44, 1)), // terms 1, 1
      mutate((_, v) => v.setUint32(9, 0)), // term 0
    ];
    for (const c of cases) expect(codeOf(() => Keyring.deserialize(c))).toBe("bad-keyring");
  });

  it("stops at the last term", () => {
    const bytes = Keyring.generate().serialize();
    const v = new DataView(bytes.buffer);
    v.setUint32(1, TERM_MAX);
    v.setUint32(9, TERM_MAX);
    const ring = Keyring.deserialize(bytes);
    expect(codeOf(() => ring.rotate())).toBe("bad-keyring");
  });

  it("destroy zeroizes and disables the keyring", () => {
    const ring = Keyring.generate();
    const sealed = ring.seal(text("x"), "p");
    ring.destroy();
    expect(codeOf(() => ring.seal(text("x"), "p"))).toBe("bad-keyring");
    expect(codeOf(() => ring.rotate())).toBe("bad-keyring");
    expect(codeOf(() => ring.open(sealed, "p"))).toBe("unknown-term");
  });
});

describe("wrapDataKey", () => {
  it("seals the keyring under the root key, bound to the keyring path", () => {
    const root = key();
    const ring = Keyring.generate();
    const record = ring.seal(text("object"), "kmip/objects/9");
    const wrapped = wrapDataKey(root, ring);
    expect(open(root, wrapped, KEYRING_AAD)).toEqual(ring.serialize());
    expect(unwrapDataKey(root, wrapped).open(record, "kmip/objects/9")).toEqual(text("object"));
  });

  it("a wrong root key (a wrong unseal share) fails to unwrap", () => {
    const wrapped = wrapDataKey(key(), Keyring.generate());
    expect(codeOf(() => unwrapDataKey(key(), wrapped))).toBe("auth-failed");
  });

  it("zeroize clears a buffer and tolerates nothing", () => {
    const b = Uint8Array.from([1, 2, 3]);
    zeroize(b);
    expect(b).toEqual(new Uint8Array(3));
    expect(() => zeroize(undefined)).not.toThrow();
  });
});

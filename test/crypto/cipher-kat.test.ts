/** Known-answer tests of Encrypt and Decrypt, one per published vector (sources in vectors/). */
import { describe, expect, it } from "vitest";
import { decrypt, encrypt } from "../../src/crypto/cipher.js";
import {
  CryptographicAlgorithm as A,
  BlockCipherMode as M,
  PaddingMethod as P,
} from "../../src/kmip/generated/enums.js";
import { hex, unhex } from "./helpers.js";
import { GCM } from "./vectors/gcm.js";
import { CHACHA20_POLY1305, TDEA_ECB, XTS } from "./vectors/misc-ciphers.js";
import { PLAINTEXT, SP800_38A } from "./vectors/sp800-38a.js";

const MODES = { ECB: M.ECB, CBC: M.CBC, CFB: M.CFB, OFB: M.OFB, CTR: M.CTR } as const;

describe("NIST SP 800-38A Appendix F", () => {
  for (const v of SP800_38A) {
    const params = { algorithm: A.AES, mode: MODES[v.mode], padding: P.None, key: unhex(v.key) };
    const iv = v.iv === undefined ? undefined : unhex(v.iv);

    it(`${v.section} encrypts`, () => {
      expect(hex(encrypt({ ...params, iv, data: unhex(PLAINTEXT) }).data)).toBe(hex(unhex(v.ciphertext)));
    });

    it(`${v.section} decrypts`, () => {
      expect(hex(decrypt({ ...params, iv, data: unhex(v.ciphertext) }))).toBe(hex(unhex(PLAINTEXT)));
    });
  }
});

describe("GCM (McGrew–Viega Appendix B)", () => {
  for (const v of GCM) {
    const params = {
      algorithm: A.AES,
      mode: M.GCM,
      key: unhex(v.key),
      iv: unhex(v.iv),
      aad: v.aad === "" ? undefined : unhex(v.aad),
      tagLength: 16,
    };

    it(`${v.name} encrypts with the published tag`, () => {
      const out = encrypt({ ...params, data: unhex(v.plaintext) });
      expect(hex(out.data)).toBe(v.ciphertext);
      expect(hex(out.tag!)).toBe(v.tag);
    });

    it(`${v.name} decrypts and authenticates`, () => {
      expect(hex(decrypt({ ...params, data: unhex(v.ciphertext), tag: unhex(v.tag) }))).toBe(v.plaintext);
    });
  }

  it("Test Case 2 with a 96-bit tag gives the tag's first 12 bytes (SP 800-38D §7.1 step 6)", () => {
    const v = GCM[1]!;
    const out = encrypt({
      algorithm: A.AES,
      mode: M.GCM,
      key: unhex(v.key),
      iv: unhex(v.iv),
      tagLength: 12,
      data: unhex(v.plaintext),
    });
    expect(hex(out.tag!)).toBe(v.tag.slice(0, 24));
  });
});

describe("XTS-AES (IEEE 1619-2007 Annex B)", () => {
  for (const v of XTS) {
    const params = { algorithm: A.AES, mode: M.XTS, key: unhex(v.key), iv: unhex(v.tweak) };
    it(`${v.name}`, () => {
      expect(hex(encrypt({ ...params, data: unhex(v.plaintext) }).data)).toBe(v.ciphertext);
      expect(hex(decrypt({ ...params, data: unhex(v.ciphertext) }))).toBe(v.plaintext);
    });
  }
});

describe("Triple DES (NIST SP 800-67 Rev. 1 Appendix B)", () => {
  it("three-key TDEA in ECB mode", () => {
    const params = { algorithm: A.DES3, mode: M.ECB, key: unhex(TDEA_ECB.key) };
    expect(hex(encrypt({ ...params, data: unhex(TDEA_ECB.plaintext) }).data)).toBe(
      hex(unhex(TDEA_ECB.ciphertext)),
    );
    expect(hex(decrypt({ ...params, data: unhex(TDEA_ECB.ciphertext) }))).toBe(
      hex(unhex(TDEA_ECB.plaintext)),
    );
  });
});

describe("ChaCha20-Poly1305 (RFC 8439 §2.8.2)", () => {
  const v = CHACHA20_POLY1305;
  const params = {
    algorithm: A.ChaCha20Poly1305,
    mode: M.AEAD,
    key: unhex(v.key),
    iv: unhex(v.nonce),
    aad: unhex(v.aad),
  };

  it("encrypts with the published tag", () => {
    const out = encrypt({ ...params, data: Buffer.from(v.plaintext) });
    expect(hex(out.data)).toBe(v.ciphertext);
    expect(hex(out.tag!)).toBe(v.tag);
  });

  it("decrypts, with or without the AEAD mode named", () => {
    const { mode: _mode, ...noMode } = params;
    for (const p of [params, noMode]) {
      const plain = decrypt({ ...p, data: unhex(v.ciphertext), tag: unhex(v.tag) });
      expect(Buffer.from(plain).toString()).toBe(v.plaintext);
    }
  });
});

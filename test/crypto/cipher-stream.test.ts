/** Multi-part Encrypt/Decrypt: any split of the data gives the single-part result. */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decrypt, encrypt } from "../../src/crypto/cipher.js";
import { createDecryptStream, createEncryptStream } from "../../src/crypto/cipher-stream.js";
import {
  CryptographicAlgorithm as A,
  BlockCipherMode as M,
  PaddingMethod as P,
  ResultReason as R,
} from "../../src/kmip/generated/enums.js";
import { COMBOS, dataFor, keyFor } from "./combos.js";
import { rsa2048 } from "./fixtures.js";
import { hex, reasonOf, unhex } from "./helpers.js";
import { KEY_128, PLAINTEXT, SP800_38A } from "./vectors/sp800-38a.js";

/** `data` cut at `cuts` (offsets, any order, duplicates allowed: empty parts). */
function split(data: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...cuts.map((c) => c % (data.length + 1)), 0, data.length].sort((a, b) => a - b);
  return points.slice(1).map((end, i) => data.subarray(points[i]!, end));
}

function concat(parts: readonly Uint8Array[]): string {
  return parts.map(hex).join("");
}

describe("streams equal single-part results", () => {
  for (const c of COMBOS) {
    it(`${c.name}`, () => {
      const key = keyFor(c);
      fc.assert(
        fc.property(dataFor(c), fc.array(fc.nat(), { maxLength: 6 }), (data, cuts) => {
          const iv = c.ivBytes > 0 ? new Uint8Array(randomBytes(c.ivBytes)) : undefined;
          const aad = c.aead ? new Uint8Array([1, 2, 3]) : undefined;
          const params = { algorithm: c.algorithm, mode: c.mode, padding: c.padding, key, iv, aad };
          const single = encrypt({ ...params, data });

          const { stream } = createEncryptStream(params);
          const out = split(data, cuts).map((part) => stream.update(part));
          const last = stream.final();
          expect(concat([...out, last.data])).toBe(hex(single.data));
          expect(hex(last.tag ?? new Uint8Array(0))).toBe(hex(single.tag ?? new Uint8Array(0)));

          const d = createDecryptStream({ ...params, tag: single.tag });
          const plain = split(single.data, cuts).map((part) => d.update(part));
          expect(concat([...plain, d.final().data])).toBe(hex(data));
        }),
        { numRuns: 25 },
      );
    });
  }

  it("ECB in parts releases whole blocks only (OASIS TC-STREAM-ENC-1)", () => {
    const vector = SP800_38A[0]!;
    const { stream } = createEncryptStream({ algorithm: A.AES, mode: M.ECB, key: unhex(KEY_128) });
    const data = unhex(PLAINTEXT);
    expect(stream.update(data.subarray(0, 8)).length).toBe(0);
    expect(stream.update(data.subarray(8, 20)).length).toBe(16);
    expect(hex(stream.update(data.subarray(20)))).toBe(hex(unhex(vector.ciphertext)).slice(32));
    expect(stream.final().data.length).toBe(0);
  });

  it("a Random IV is generated when the stream starts and used throughout", () => {
    const key = randomBytes(16);
    const params = { algorithm: A.AES, mode: M.CBC, padding: P.PKCS5, key };
    const start = createEncryptStream({ ...params, randomIv: true });
    expect(start.iv?.length).toBe(16);
    const data = randomBytes(40);
    const parts = [
      start.stream.update(data.subarray(0, 17)),
      start.stream.update(data.subarray(17)),
      start.stream.final().data,
    ];
    expect(hex(decrypt({ ...params, iv: start.iv, data: unhex(concat(parts)) }))).toBe(hex(data));
  });

  it("a buffered Random IV stream (XTS) keeps the IV it announced", () => {
    const key = randomBytes(32);
    const start = createEncryptStream({ algorithm: A.AES, mode: M.XTS, key, randomIv: true });
    const data = randomBytes(48);
    start.stream.update(data.subarray(0, 10));
    start.stream.update(data.subarray(10));
    const out = start.stream.final();
    expect(out.iv).toBeUndefined();
    expect(hex(decrypt({ algorithm: A.AES, mode: M.XTS, key, iv: start.iv, data: out.data }))).toBe(
      hex(data),
    );
  });

  it("the key wraps are buffered whole messages", () => {
    const key = randomBytes(16);
    const data = randomBytes(24);
    const { stream } = createEncryptStream({ algorithm: A.AES, mode: M.NISTKeyWrap, key });
    expect(stream.update(data.subarray(0, 5)).length).toBe(0);
    stream.update(data.subarray(5));
    expect(hex(stream.final().data)).toBe(
      hex(encrypt({ algorithm: A.AES, mode: M.NISTKeyWrap, key, data }).data),
    );
  });
});

describe("authenticated decryption in parts", () => {
  const key = randomBytes(16);
  const iv = new Uint8Array(12);
  const params = { algorithm: A.AES, mode: M.GCM, key, iv };
  const sealed = encrypt({ ...params, data: randomBytes(50) });

  it("releases nothing before the tag verifies", () => {
    const d = createDecryptStream({ ...params, tag: sealed.tag });
    expect(d.update(sealed.data.subarray(0, 20)).length).toBe(0);
    expect(d.update(sealed.data.subarray(20)).length).toBe(0);
    expect(d.final().data.length).toBe(50);
  });

  it("fails at the end on a wrong tag, with Cryptographic Failure", () => {
    const tag = Uint8Array.from(sealed.tag!, (b, i) => (i === 3 ? b ^ 1 : b));
    const d = createDecryptStream({ ...params, tag });
    d.update(sealed.data);
    expect(reasonOf(() => d.final())).toBe(R.CryptographicFailure);
  });

  it("needs the tag on the first part", () => {
    expect(reasonOf(() => createDecryptStream(params))).toBe(R.InvalidMessage);
  });
});

describe("stream refusals", () => {
  it("a buffered stream past its bound is Server Limit Exceeded", () => {
    const d = createDecryptStream(
      {
        algorithm: A.AES,
        mode: M.GCM,
        key: randomBytes(16),
        iv: new Uint8Array(12),
        tag: new Uint8Array(16),
      },
      { bufferLimitBytes: 32 },
    );
    d.update(new Uint8Array(32));
    expect(reasonOf(() => d.update(new Uint8Array(1)))).toBe(R.ServerLimitExceeded);
  });

  it("a stream used after its final part is Item Not Found (1.4 §11.30)", () => {
    const { stream } = createEncryptStream({
      algorithm: A.AES,
      mode: M.CTR,
      key: randomBytes(16),
      iv: new Uint8Array(16),
    });
    stream.final();
    expect(reasonOf(() => stream.update(new Uint8Array(1)))).toBe(R.ItemNotFound);
    expect(reasonOf(() => stream.final())).toBe(R.ItemNotFound);
    const x = createEncryptStream({
      algorithm: A.AES,
      mode: M.XTS,
      key: randomBytes(32),
      iv: new Uint8Array(16),
    }).stream;
    x.update(new Uint8Array(16));
    x.final();
    expect(reasonOf(() => x.update(new Uint8Array(1)))).toBe(R.ItemNotFound);
  });

  it("bad padding surfaces at final as Cryptographic Failure", () => {
    const key = randomBytes(16);
    const block = encrypt({ algorithm: A.AES, mode: M.ECB, key, data: new Uint8Array(16) }).data;
    const d = createDecryptStream({ algorithm: A.AES, mode: M.ECB, padding: P.PKCS5, key });
    d.update(block);
    expect(reasonOf(() => d.final())).toBe(R.CryptographicFailure);
  });

  it("RSA has no multi-part form", () => {
    const rsa = { algorithm: A.RSA, padding: P.OAEP, key: rsa2048().publicKey };
    expect(reasonOf(() => createEncryptStream(rsa))).toBe(R.UnsupportedCryptographicParameters);
    expect(reasonOf(() => createDecryptStream(rsa))).toBe(R.UnsupportedCryptographicParameters);
  });
});

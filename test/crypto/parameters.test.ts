/** Cryptographic Parameters → operation parameters, and the whole path through the KMIP model type. */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decrypt, encrypt } from "../../src/crypto/cipher.js";
import { operationParameters } from "../../src/crypto/parameters.js";
import {
  CryptographicAlgorithm as A,
  HashingAlgorithm as H,
  BlockCipherMode as M,
  PaddingMethod as P,
} from "../../src/kmip/generated/enums.js";
import type { CryptographicParameters } from "../../src/kmip/objects/attribute-values.js";
import type { Infer } from "../../src/kmip/schema/index.js";

describe("operationParameters", () => {
  it("takes the key's algorithm unless the parameters name one", () => {
    expect(operationParameters(undefined, A.AES)).toMatchObject({ algorithm: A.AES, mode: undefined });
    expect(operationParameters({ cryptographicAlgorithm: A.HMAC_SHA256 }, A.AES).algorithm).toBe(
      A.HMAC_SHA256,
    );
  });

  it("maps every field of the decoded structure", () => {
    const decoded: Infer<typeof CryptographicParameters> = {
      blockCipherMode: M.GCM,
      paddingMethod: P.None,
      hashingAlgorithm: H.SHA_256,
      randomIV: true,
      ivLength: 96,
      tagLength: 12,
      saltLength: 32,
      maskGenerator: 1,
      maskGeneratorHashingAlgorithm: H.SHA_256,
      pSource: new Uint8Array([1]),
      trailerField: 1,
    };
    const p = operationParameters(decoded, A.AES);
    expect(p).toMatchObject({
      algorithm: A.AES,
      mode: M.GCM,
      padding: P.None,
      hashing: H.SHA_256,
      randomIv: true,
      ivLength: 96,
      tagLength: 12,
      saltLength: 32,
      maskGenerator: 1,
      maskGeneratorHashing: H.SHA_256,
      trailerField: 1,
    });
    const key = randomBytes(16);
    const out = encrypt({ ...p, key, data: new Uint8Array([7]) });
    expect(out.iv?.length).toBe(12);
    expect(out.tag?.length).toBe(12);
    expect(decrypt({ ...p, key, iv: out.iv, tag: out.tag, data: out.data })).toEqual(new Uint8Array([7]));
  });
});

/**
 * The key sizes Create generates per algorithm and Cryptographic Length (src/operations/generate.ts).
 */
import { describe, expect, it } from "vitest";
import { CryptographicAlgorithm as A } from "../../src/kmip/generated/enums.js";
import { symmetricKeyBytes } from "../../src/operations/generate.js";

describe("symmetricKeyBytes", () => {
  it.each([
    [A.AES, 128, 16],
    [A.AES, 256, 32],
    [A.DES3, 112, 16],
    [A.DES3, 168, 24],
    [A.ChaCha20, 256, 32],
    [A.SKIPJACK, 80, 10],
    [A.HMAC_SHA256, 256, 32],
  ])("algorithm %i of %i bits is %i bytes", (algorithm, bits, bytes) => {
    expect(symmetricKeyBytes(algorithm, bits, 14)).toBe(bytes);
  });

  it.each([
    [A.AES, 100],
    [A.SKIPJACK, 128],
    [A.HMAC_SHA256, 64],
  ])("refuses algorithm %i with %i bits", (algorithm, bits) => {
    expect(() => symmetricKeyBytes(algorithm, bits, 14)).toThrow(/Cryptographic Length|bits/);
  });

  it("refuses an algorithm it does not generate", () => {
    expect(() => symmetricKeyBytes(A.RSA, 2048, 14)).toThrow(/does not generate/);
  });
});

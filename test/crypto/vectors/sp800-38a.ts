/**
 * AES known answers from NIST SP 800-38A (2001), Appendix F "Example Vectors for Modes of
 * Operation of the AES": every example encrypts the same four blocks under the same keys.
 * Hex strings; spaces separate the blocks as the document prints them.
 */

/** SP 800-38A F.1–F.5: plaintext of every example. */
export const PLAINTEXT =
  "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710";

export const KEY_128 = "2b7e151628aed2a6abf7158809cf4f3c";
export const KEY_192 = "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b";
export const KEY_256 = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4";
/** IV of the CBC, CFB and OFB examples. */
export const IV = "000102030405060708090a0b0c0d0e0f";
/** Initial counter block of the CTR examples. */
export const COUNTER = "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

export interface ModeVector {
  readonly section: string;
  readonly mode: "ECB" | "CBC" | "CFB" | "OFB" | "CTR";
  readonly key: string;
  readonly iv?: string;
  readonly ciphertext: string;
}

export const SP800_38A: readonly ModeVector[] = [
  {
    section: "F.1.1 ECB-AES128",
    mode: "ECB",
    key: KEY_128,
    ciphertext:
      "3ad77bb40d7a3660a89ecaf32466ef97 f5d3d58503b9699de785895a96fdbaaf 43b1cd7f598ece23881b00e3ed030688 7b0c785e27e8ad3f8223207104725dd4",
  },
  {
    section: "F.1.3 ECB-AES192",
    mode: "ECB",
    key: KEY_192,
    ciphertext:
      "bd334f1d6e45f25ff712a214571fa5cc 974104846d0ad3ad7734ecb3ecee4eef ef7afd2270e2e60adce0ba2face6444e 9a4b41ba738d6c72fb16691603c18e0e",
  },
  {
    section: "F.1.5 ECB-AES256",
    mode: "ECB",
    key: KEY_256,
    ciphertext:
      "f3eed1bdb5d2a03c064b5a7e3db181f8 591ccb10d410ed26dc5ba74a31362870 b6ed21b99ca6f4f9f153e7b1beafed1d 23304b7a39f9f3ff067d8d8f9e24ecc7",
  },
  {
    section: "F.2.1 CBC-AES128",
    mode: "CBC",
    key: KEY_128,
    iv: IV,
    ciphertext:
      "7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2 73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7",
  },
  {
    section: "F.2.3 CBC-AES192",
    mode: "CBC",
    key: KEY_192,
    iv: IV,
    ciphertext:
      "4f021db243bc633d7178183a9fa071e8 b4d9ada9ad7dedf4e5e738763f69145a 571b242012fb7ae07fa9baac3df102e0 08b0e27988598881d920a9e64f5615cd",
  },
  {
    section: "F.2.5 CBC-AES256",
    mode: "CBC",
    key: KEY_256,
    iv: IV,
    ciphertext:
      "f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d 39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b",
  },
  {
    section: "F.3.13 CFB128-AES128",
    mode: "CFB",
    key: KEY_128,
    iv: IV,
    ciphertext:
      "3b3fd92eb72dad20333449f8e83cfb4a c8a64537a0b3a93fcde3cdad9f1ce58b 26751f67a3cbb140b1808cf187a4f4df c04b05357c5d1c0eeac4c66f9ff7f2e6",
  },
  {
    section: "F.3.17 CFB128-AES256",
    mode: "CFB",
    key: KEY_256,
    iv: IV,
    ciphertext:
      "dc7e84bfda79164b7ecd8486985d3860 39ffed143b28b1c832113c6331e5407b df10132415e54b92a13ed0a8267ae2f9 75a385741ab9cef82031623d55b1e471",
  },
  {
    section: "F.4.1 OFB-AES128",
    mode: "OFB",
    key: KEY_128,
    iv: IV,
    ciphertext:
      "3b3fd92eb72dad20333449f8e83cfb4a 7789508d16918f03f53c52dac54ed825 9740051e9c5fecf64344f7a82260edcc 304c6528f659c77866a510d9c1d6ae5e",
  },
  {
    section: "F.4.5 OFB-AES256",
    mode: "OFB",
    key: KEY_256,
    iv: IV,
    ciphertext:
      "dc7e84bfda79164b7ecd8486985d3860 4febdc6740d20b3ac88f6ad82a4fb08d 71ab47a086e86eedf39d1c5bba97c408 0126141d67f37be8538f5a8be740e484",
  },
  {
    section: "F.5.1 CTR-AES128",
    mode: "CTR",
    key: KEY_128,
    iv: COUNTER,
    ciphertext:
      "874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff 5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee",
  },
  {
    section: "F.5.3 CTR-AES192",
    mode: "CTR",
    key: KEY_192,
    iv: COUNTER,
    ciphertext:
      "1abc932417521ca24f2b0459fe7e6e0b 090339ec0aa6faefd5ccc2c6f4ce8e94 1e36b26bd1ebc670d1bd1d665620abf7 4f78a7f6d29809585a97daec58c6b050",
  },
  {
    section: "F.5.5 CTR-AES256",
    mode: "CTR",
    key: KEY_256,
    iv: COUNTER,
    ciphertext:
      "601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5 2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6",
  },
];

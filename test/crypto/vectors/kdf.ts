/**
 * Key derivation known answers: PBKDF2-HMAC-SHA1 from RFC 6070 §2, PBKDF2-HMAC-SHA256 from
 * RFC 7914 §11, HKDF from RFC 5869 Appendix A (A.1, A.3 SHA-256; A.4, A.7 SHA-1).
 */
import { HashingAlgorithm as H } from "../../../src/kmip/generated/enums.js";

const text = (s: string): string => Buffer.from(s).toString("hex");

export interface Pbkdf2Vector {
  readonly source: string;
  readonly hashing: number;
  readonly password: string;
  readonly salt: string;
  readonly iterations: number;
  readonly derived: string;
}

export const PBKDF2: readonly Pbkdf2Vector[] = [
  {
    source: "RFC 6070 §2, c = 1",
    hashing: H.SHA_1,
    password: text("password"),
    salt: text("salt"),
    iterations: 1,
    derived: "0c60c80f961f0e71f3a9b524af6012062fe037a6",
  },
  {
    source: "RFC 6070 §2, c = 2",
    hashing: H.SHA_1,
    password: text("password"),
    salt: text("salt"),
    iterations: 2,
    derived: "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957",
  },
  {
    source: "RFC 6070 §2, c = 4096",
    hashing: H.SHA_1,
    password: text("password"),
    salt: text("salt"),
    iterations: 4096,
    derived: "4b007901b765489abead49d926f721d065a429c1",
  },
  {
    source: "RFC 6070 §2, long password and salt, dkLen = 25",
    hashing: H.SHA_1,
    password: text("passwordPASSWORDpassword"),
    salt: text("saltSALTsaltSALTsaltSALTsaltSALTsalt"),
    iterations: 4096,
    derived: "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038",
  },
  {
    source: "RFC 6070 §2, embedded NUL, dkLen = 16",
    hashing: H.SHA_1,
    password: text("pass\0word"),
    salt: text("sa\0lt"),
    iterations: 4096,
    derived: "56fa6aa75548099dcc37d7f03425e0c3",
  },
  {
    source: "RFC 7914 §11, PBKDF2-HMAC-SHA256 c = 1",
    hashing: H.SHA_256,
    password: text("passwd"),
    salt: text("salt"),
    iterations: 1,
    derived:
      "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783",
  },
  {
    source: "RFC 7914 §11, PBKDF2-HMAC-SHA256 c = 80000",
    hashing: H.SHA_256,
    password: text("Password"),
    salt: text("NaCl"),
    iterations: 80000,
    derived:
      "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d",
  },
];

export interface HkdfVector {
  readonly source: string;
  readonly hashing: number;
  readonly ikm: string;
  readonly salt: string;
  readonly info: string;
  readonly okm: string;
}

export const RFC5869: readonly HkdfVector[] = [
  {
    source: "RFC 5869 A.1 (SHA-256)",
    hashing: H.SHA_256,
    ikm: "0b".repeat(22),
    salt: "000102030405060708090a0b0c",
    info: "f0f1f2f3f4f5f6f7f8f9",
    okm: "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
  },
  {
    source: "RFC 5869 A.3 (SHA-256, no salt, no info)",
    hashing: H.SHA_256,
    ikm: "0b".repeat(22),
    salt: "",
    info: "",
    okm: "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
  },
  {
    source: "RFC 5869 A.4 (SHA-1)",
    hashing: H.SHA_1,
    ikm: "0b".repeat(11),
    salt: "000102030405060708090a0b0c",
    info: "f0f1f2f3f4f5f6f7f8f9",
    okm: "085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896",
  },
  {
    source: "RFC 5869 A.7 (SHA-1, no salt, no info)",
    hashing: H.SHA_1,
    ikm: "0c".repeat(22),
    salt: "",
    info: "",
    okm: "2c91117204d745f3500d636a62f64f0ab3bae548aa53d423b0d1f27ebba6f5e5673a081d70cce7acfc48",
  },
];

/**
 * Hash and HMAC known answers.
 *
 * SHA-1 and SHA-2: NIST CSRC "Cryptographic Standards and Guidelines — Examples with
 * Intermediate Values" for FIPS 180-4 (SHA1.pdf, SHA224.pdf, SHA256.pdf, SHA384.pdf, SHA512.pdf,
 * SHA512_224.pdf, SHA512_256.pdf): the one-block message "abc", and SHA-256's two-block message.
 * SHA-3: the same page for FIPS 202 (SHA3-224_Msg0.pdf … SHA3-512_1600.pdf): the empty message
 * and the 1600-bit message of 200 bytes 0xA3.
 * HMAC-SHA-2: RFC 4231 §4.2, §4.3, §4.4, §4.6 (truncated to 128 bits) and §4.7.
 */
import { HashingAlgorithm as H } from "../../../src/kmip/generated/enums.js";

export interface HashVector {
  readonly source: string;
  readonly algorithm: number;
  /** Message as hex. */
  readonly message: string;
  readonly digest: string;
}

const ABC = "616263";
const TWO_BLOCK = Buffer.from("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").toString("hex");
const A3_1600 = "a3".repeat(200);

export const HASHES: readonly HashVector[] = [
  {
    source: "FIPS 180-4 example SHA1 abc",
    algorithm: H.SHA_1,
    message: ABC,
    digest: "a9993e364706816aba3e25717850c26c9cd0d89d",
  },
  {
    source: "FIPS 180-4 example SHA224 abc",
    algorithm: H.SHA_224,
    message: ABC,
    digest: "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7",
  },
  {
    source: "FIPS 180-4 example SHA256 abc",
    algorithm: H.SHA_256,
    message: ABC,
    digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  },
  {
    source: "FIPS 180-4 example SHA256 two-block message",
    algorithm: H.SHA_256,
    message: TWO_BLOCK,
    digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  },
  {
    source: "FIPS 180-4 example SHA384 abc",
    algorithm: H.SHA_384,
    message: ABC,
    digest:
      "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
  },
  {
    source: "FIPS 180-4 example SHA512 abc",
    algorithm: H.SHA_512,
    message: ABC,
    digest:
      "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
  },
  {
    source: "FIPS 180-4 example SHA512/224 abc",
    algorithm: H.SHA_512_224,
    message: ABC,
    digest: "4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa",
  },
  {
    source: "FIPS 180-4 example SHA512/256 abc",
    algorithm: H.SHA_512_256,
    message: ABC,
    digest: "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
  },
  {
    source: "FIPS 202 example SHA3-224 Msg0",
    algorithm: H.SHA3_224,
    message: "",
    digest: "6b4e03423667dbb73b6e15454f0eb1abd4597f9a1b078e3f5b5a6bc7",
  },
  {
    source: "FIPS 202 example SHA3-256 Msg0",
    algorithm: H.SHA3_256,
    message: "",
    digest: "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
  },
  {
    source: "FIPS 202 example SHA3-384 Msg0",
    algorithm: H.SHA3_384,
    message: "",
    digest:
      "0c63a75b845e4f7d01107d852e4c2485c51a50aaaa94fc61995e71bbee983a2ac3713831264adb47fb6bd1e058d5f004",
  },
  {
    source: "FIPS 202 example SHA3-512 Msg0",
    algorithm: H.SHA3_512,
    message: "",
    digest:
      "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a615b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26",
  },
  {
    source: "FIPS 202 example SHA3-224 1600-bit message",
    algorithm: H.SHA3_224,
    message: A3_1600,
    digest: "9376816aba503f72f96ce7eb65ac095deee3be4bf9bbc2a1cb7e11e0",
  },
  {
    source: "FIPS 202 example SHA3-256 1600-bit message",
    algorithm: H.SHA3_256,
    message: A3_1600,
    digest: "79f38adec5c20307a98ef76e8324afbfd46cfd81b22e3973c65fa1bd9de31787",
  },
  {
    source: "FIPS 202 example SHA3-384 1600-bit message",
    algorithm: H.SHA3_384,
    message: A3_1600,
    digest:
      "1881de2ca7e41ef95dc4732b8f5f002b189cc1e42b74168ed1732649ce1dbcdd76197a31fd55ee989f2d7050dd473e8f",
  },
  {
    source: "FIPS 202 example SHA3-512 1600-bit message",
    algorithm: H.SHA3_512,
    message: A3_1600,
    digest:
      "e76dfad22084a8b1467fcf2ffa58361bec7628edf5f3fdc0e4805dc48caeeca81b7c13c30adf52a3659584739a2df46be589c51ca1a4a8416df6545a1ce8ba00",
  },
];

export interface HmacVector {
  readonly source: string;
  readonly key: string;
  readonly data: string;
  /** MAC per hash: HMAC-SHA-224 … HMAC-SHA-512 (absent where the RFC prints none). */
  readonly macs: Readonly<Partial<Record<224 | 256 | 384 | 512, string>>>;
  /** RFC 4231 §4.6 compares only the first 128 bits. */
  readonly truncateBytes?: number;
}

const text = (s: string): string => Buffer.from(s).toString("hex");

export const RFC4231: readonly HmacVector[] = [
  {
    source: "RFC 4231 §4.2 Test Case 1",
    key: "0b".repeat(20),
    data: text("Hi There"),
    macs: {
      224: "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
      256: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
      384: "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
      512: "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854",
    },
  },
  {
    source: "RFC 4231 §4.3 Test Case 2",
    key: text("Jefe"),
    data: text("what do ya want for nothing?"),
    macs: {
      224: "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
      256: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
      384: "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
      512: "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
    },
  },
  {
    source: "RFC 4231 §4.4 Test Case 3",
    key: "aa".repeat(20),
    data: "dd".repeat(50),
    macs: { 256: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
  },
  {
    source: "RFC 4231 §4.6 Test Case 5 (truncation to 128 bits)",
    key: "0c".repeat(20),
    data: text("Test With Truncation"),
    macs: { 256: "a3b6167473100ee06e0c796c2955552b" },
    truncateBytes: 16,
  },
  {
    source: "RFC 4231 §4.7 Test Case 6 (key larger than the block)",
    key: "aa".repeat(131),
    data: text("Test Using Larger Than Block-Size Key - Hash Key First"),
    macs: {
      256: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
      512: "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598",
    },
  },
];

/**
 * AES-GCM known answers from D. McGrew and J. Viega, "The Galois/Counter Mode of Operation
 * (GCM)", revised May 31, 2005, Appendix B "AES Test Vectors" — the specification NIST SP
 * 800-38D standardised, whose test cases NIST's modes-development page publishes with it. Test
 * Cases 5 and 6 use a 64-bit and a 480-bit IV (SP 800-38D §5.2.1.1 allows any length); the OASIS
 * KMIP profile tests CS-BC-M-GCM-1…3 replay Test Cases 2, 4, 5 and 6.
 */
export interface GcmVector {
  readonly name: string;
  readonly key: string;
  readonly iv: string;
  readonly plaintext: string;
  readonly aad: string;
  readonly ciphertext: string;
  readonly tag: string;
}

const K4 = "feffe9928665731c6d6a8f9467308308";
const P4 =
  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
const A4 = "feedfacedeadbeeffeedfacedeadbeefabaddad2";

export const GCM: readonly GcmVector[] = [
  {
    name: "Test Case 1",
    key: "00000000000000000000000000000000",
    iv: "000000000000000000000000",
    plaintext: "",
    aad: "",
    ciphertext: "",
    tag: "58e2fccefa7e3061367f1d57a4e7455a",
  },
  {
    name: "Test Case 2",
    key: "00000000000000000000000000000000",
    iv: "000000000000000000000000",
    plaintext: "00000000000000000000000000000000",
    aad: "",
    ciphertext: "0388dace60b6a392f328c2b971b2fe78",
    tag: "ab6e47d42cec13bdf53a67b21257bddf",
  },
  {
    name: "Test Case 3",
    key: K4,
    iv: "cafebabefacedbaddecaf888",
    plaintext: `${P4}1aafd255`,
    aad: "",
    ciphertext:
      "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985",
    tag: "4d5c2af327cd64a62cf35abd2ba6fab4",
  },
  {
    name: "Test Case 4",
    key: K4,
    iv: "cafebabefacedbaddecaf888",
    plaintext: P4,
    aad: A4,
    ciphertext:
      "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
    tag: "5bc94fbc3221a5db94fae95ae7121a47",
  },
  {
    name: "Test Case 5 (64-bit IV)",
    key: K4,
    iv: "cafebabefacedbad",
    plaintext: P4,
    aad: A4,
    ciphertext:
      "61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c742373806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598",
    tag: "3612d2e79e3b0785561be14aaca2fccb",
  },
  {
    name: "Test Case 6 (480-bit IV)",
    key: K4,
    iv: "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b",
    plaintext: P4,
    aad: A4,
    ciphertext:
      "8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca701e4a9a4fba43c90ccdcb281d48c7c6fd62875d2aca417034c34aee5",
    tag: "619cc5aefffe0bfa462af43c1699d050",
  },
  {
    name: "Test Case 14 (AES-256)",
    key: "0000000000000000000000000000000000000000000000000000000000000000",
    iv: "000000000000000000000000",
    plaintext: "00000000000000000000000000000000",
    aad: "",
    ciphertext: "cea7403d4d606b6e074ec5d3baf39d18",
    tag: "d0d1c8a799996bf0265b98b5d48ab919",
  },
];

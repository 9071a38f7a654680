/** Known answers for XTS-AES, Triple DES and ChaCha20-Poly1305, each with its source. */

/**
 * IEEE Std 1619-2007, Annex B "Test vectors", XTS-AES-128 vectors 2 and 3 (the tweak is the
 * data unit sequence number 0x3333333333, little-endian over 16 bytes). Vector 1 uses Key1 = Key2
 * = 0, which OpenSSL 3 refuses ("xts duplicated keys", SP 800-38E §5.1); see the error tests.
 */
export const XTS = [
  {
    name: "IEEE 1619-2007 B, XTS-AES-128 vector 2",
    key: "11111111111111111111111111111111" + "22222222222222222222222222222222",
    tweak: "33333333330000000000000000000000",
    plaintext: "4444444444444444444444444444444444444444444444444444444444444444",
    ciphertext: "c454185e6a16936e39334038acef838bfb186fff7480adc4289382ecd6d394f0",
  },
  {
    name: "IEEE 1619-2007 B, XTS-AES-128 vector 3",
    key: "fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0" + "22222222222222222222222222222222",
    tweak: "33333333330000000000000000000000",
    plaintext: "4444444444444444444444444444444444444444444444444444444444444444",
    ciphertext: "af85336b597afc1a900b2eb21ec949d292df4c047e0b21532186a5971a227a89",
  },
] as const;

/**
 * NIST SP 800-67 Rev. 1 (2012), Appendix B: the TDEA example in ECB mode with three distinct
 * keys; the plaintext is "The qufck brown fox jump" (the document's own spelling).
 */
export const TDEA_ECB = {
  key: "0123456789ABCDEF" + "23456789ABCDEF01" + "456789ABCDEF0123",
  plaintext: "5468652071756663" + "6B2062726F776E20" + "666F78206A756D70",
  ciphertext: "A826FD8CE53B855F" + "CCE21C8112256FE6" + "68D5C05DD9B6B900",
} as const;

/** RFC 8439 §2.8.2: "Example and Test Vector for AEAD_CHACHA20_POLY1305". */
export const CHACHA20_POLY1305 = {
  key: "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
  nonce: "070000004041424344454647",
  aad: "50515253c0c1c2c3c4c5c6c7",
  plaintext:
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
  ciphertext:
    "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116",
  tag: "1ae10b594f09e26a7e902ecbd0600691",
} as const;

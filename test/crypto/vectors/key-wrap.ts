/**
 * AES key wrap known answers: RFC 3394 §4.1–4.6 (NIST Key Wrap) and RFC 5649 §6 (AES Key Wrap
 * with Padding). Hex as the RFCs print it, upper case kept.
 */
export interface WrapVector {
  readonly source: string;
  readonly kek: string;
  readonly keyData: string;
  readonly wrapped: string;
}

const KEK_128 = "000102030405060708090A0B0C0D0E0F";
const KEK_192 = "000102030405060708090A0B0C0D0E0F1011121314151617";
const KEK_256 = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";

export const RFC3394: readonly WrapVector[] = [
  {
    source: "RFC 3394 §4.1 (128-bit key data, 128-bit KEK)",
    kek: KEK_128,
    keyData: "00112233445566778899AABBCCDDEEFF",
    wrapped: "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5",
  },
  {
    source: "RFC 3394 §4.2 (128-bit key data, 192-bit KEK)",
    kek: KEK_192,
    keyData: "00112233445566778899AABBCCDDEEFF",
    wrapped: "96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D",
  },
  {
    source: "RFC 3394 §4.3 (128-bit key data, 256-bit KEK)",
    kek: KEK_256,
    keyData: "00112233445566778899AABBCCDDEEFF",
    wrapped: "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7",
  },
  {
    source: "RFC 3394 §4.4 (192-bit key data, 192-bit KEK)",
    kek: KEK_192,
    keyData: "00112233445566778899AABBCCDDEEFF0001020304050607",
    wrapped: "031D33264E15D33268F24EC260743EDCE1C6C7DDEE725A936BA814915C6762D2",
  },
  {
    source: "RFC 3394 §4.5 (192-bit key data, 256-bit KEK)",
    kek: KEK_256,
    keyData: "00112233445566778899AABBCCDDEEFF0001020304050607",
    wrapped: "A8F9BC1612C68B3FF6E6F4FBE30E71E4769C8B80A32CB8958CD5D17D6B254DA1",
  },
  {
    source: "RFC 3394 §4.6 (256-bit key data, 256-bit KEK)",
    kek: KEK_256,
    keyData: "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F",
    wrapped: "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21",
  },
];

const KEK_5649 = "5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8";

export const RFC5649: readonly WrapVector[] = [
  {
    source: "RFC 5649 §6 (20 octets of key data)",
    kek: KEK_5649,
    keyData: "c37b7e6492584340bed12207808941155068f738",
    wrapped: "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a",
  },
  {
    source: "RFC 5649 §6 (7 octets of key data)",
    kek: KEK_5649,
    keyData: "466f7250617369",
    wrapped: "afbeb0f07dfbf5419200f2ccb50bb24f",
  },
];

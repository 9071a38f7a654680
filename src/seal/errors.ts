/**
 * Errors of the seal layer. Shamir and the barrier each raise one typed error with a stable `code`,
 * so the API can map them to HTTP statuses (a bad unseal share is the operator's mistake, 400; a
 * barrier failure on a stored record is corruption or tampering, 500) without parsing messages.
 * Messages never contain key material, shares or plaintext.
 */
export type ShamirErrorCode =
  | "bad-config" // shares/threshold outside Vault's rules
  | "empty-secret" // nothing to split
  | "too-few-parts" // fewer than two parts given to combine
  | "length-mismatch" // parts of different lengths, or too short to hold a byte and an x-coordinate
  | "duplicate-x" // two parts with the same x-coordinate (the same share twice)
  | "bad-x"; // x-coordinate 0, which no split ever produces

export class ShamirError extends Error {
  override readonly name = "ShamirError";
  constructor(
    readonly code: ShamirErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type BarrierErrorCode =
  | "bad-key" // a key that is not 32 bytes (AES-256)
  | "truncated" // shorter than header + nonce + tag
  | "bad-version" // an envelope version this code does not know
  | "auth-failed" // GCM tag check failed: wrong key, wrong AAD, or altered bytes
  | "unknown-term" // the envelope names a key term the keyring does not hold
  | "bad-keyring"; // a serialized keyring that does not parse, or a rotation past the last term

export class BarrierError extends Error {
  override readonly name = "BarrierError";
  constructor(
    readonly code: BarrierErrorCode,
    message: string,
  ) {
    super(message);
  }
}

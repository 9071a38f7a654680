/**
 * The one error type of the PKI layer. Every rejected input (a bad key type, a CSR whose key does
 * not match the role, a PEM that holds no certificate, an untrusted peer) raises a PkiError, so
 * the API layer can answer 400 with `message` and the KMIP listener can refuse the connection
 * without guessing. Unexpected failures (a broken OpenSSL, a bug) stay plain errors and become
 * 500s. `cause` carries the underlying library error for the log; it never reaches a client.
 */
export type PkiErrorCode =
  | "bad-key-type" // key_type is not `rsa` or `ec`
  | "bad-key-bits" // key_bits is not allowed for the key type
  | "bad-pem" // no PEM block of the expected label, or base64/DER that does not parse
  | "bad-der" // DER that is truncated or not shaped as the structure requires
  | "bad-serial" // a serial number that is not a positive decimal of at most 20 octets
  | "bad-name" // a host name, IP address, id or subject value that cannot be encoded
  | "bad-ttl" // a TTL that is not a positive whole number of seconds
  | "bad-format" // a credential format other than pem, pem_bundle, der
  | "not-a-ca" // an imported certificate lacks BasicConstraints cA=TRUE or keyCertSign
  | "csr-signature" // the CSR's self-signature does not verify, or uses an unsupported algorithm
  | "csr-key-mismatch" // the CSR's key type or size differs from the role's
  | "untrusted" // a peer certificate that no trusted CA issued, or outside its validity
  | "no-identity"; // a peer certificate without exactly one value in the mapped subject field

export class PkiError extends Error {
  override readonly name = "PkiError";
  constructor(
    readonly code: PkiErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Runs `parse` and turns any library exception into a PkiError of `code`, keeping the cause. */
export function wrapParse<T>(code: PkiErrorCode, message: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof PkiError) throw error;
    throw new PkiError(code, message, { cause: error });
  }
}

/**
 * The one error type operations throw.
 *
 * A client sees only the Result Reason and the public message (KMIP 1.4 §6.10–6.11, KMIP 2.1
 * §9.17–9.18); the cause stays in the server log. Codec and schema errors become
 * `Invalid Message`, anything unexpected `General Failure` (see ARCHITECTURE.md, "Errors").
 */
export class KmipError extends Error {
  override readonly name: string = "KmipError";
  constructor(
    /** A Result Reason enumeration value (KMIP 1.4 §9.1.3.2.29, KMIP 2.1 §11.46). */
    readonly reason: number,
    /** Safe to send to the client as the Result Message. */
    readonly publicMessage: string,
    options?: { cause?: unknown },
  ) {
    super(publicMessage, options);
  }
}

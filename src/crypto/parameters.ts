/**
 * The Cryptographic Parameters structure (1.4 §3.6 Table 65, 2.1 §4.16), as the KMIP model
 * decodes it, → the fields the functions of this folder take. The algorithm is the one the
 * parameters name, else the key's own Cryptographic Algorithm (1.4 §4.29: "If omitted then the
 * Cryptographic Parameters associated with the Managed Cryptographic Object … SHALL be used").
 */

/** The decoded structure (src/kmip/objects/attribute-values.ts), field for field. */
export interface CryptographicParametersValue {
  readonly blockCipherMode?: number | undefined;
  readonly paddingMethod?: number | undefined;
  readonly hashingAlgorithm?: number | undefined;
  readonly keyRoleType?: number | undefined;
  readonly digitalSignatureAlgorithm?: number | undefined;
  readonly cryptographicAlgorithm?: number | undefined;
  readonly randomIV?: boolean | undefined;
  readonly ivLength?: number | undefined;
  readonly tagLength?: number | undefined;
  readonly fixedFieldLength?: number | undefined;
  readonly invocationFieldLength?: number | undefined;
  readonly counterLength?: number | undefined;
  readonly initialCounterValue?: number | undefined;
  readonly saltLength?: number | undefined;
  readonly maskGenerator?: number | undefined;
  readonly maskGeneratorHashingAlgorithm?: number | undefined;
  readonly pSource?: Uint8Array | undefined;
  readonly trailerField?: number | undefined;
}

/** The parameters of encrypt, decrypt, sign, verify, wrapKey … (without key and data). */
export interface OperationParameters {
  readonly algorithm: number;
  readonly mode?: number | undefined;
  readonly padding?: number | undefined;
  readonly hashing?: number | undefined;
  readonly digitalSignatureAlgorithm?: number | undefined;
  readonly randomIv?: boolean | undefined;
  readonly ivLength?: number | undefined;
  readonly tagLength?: number | undefined;
  readonly saltLength?: number | undefined;
  readonly maskGenerator?: number | undefined;
  readonly maskGeneratorHashing?: number | undefined;
  readonly pSource?: Uint8Array | undefined;
  readonly trailerField?: number | undefined;
}

/** The operation parameters of `p` for a key of Cryptographic Algorithm `keyAlgorithm`. */
export function operationParameters(
  p: CryptographicParametersValue | undefined,
  keyAlgorithm: number,
): OperationParameters {
  return {
    algorithm: p?.cryptographicAlgorithm ?? keyAlgorithm,
    mode: p?.blockCipherMode,
    padding: p?.paddingMethod,
    hashing: p?.hashingAlgorithm,
    digitalSignatureAlgorithm: p?.digitalSignatureAlgorithm,
    randomIv: p?.randomIV,
    ivLength: p?.ivLength,
    tagLength: p?.tagLength,
    saltLength: p?.saltLength,
    maskGenerator: p?.maskGenerator,
    maskGeneratorHashing: p?.maskGeneratorHashingAlgorithm,
    pSource: p?.pSource,
    trailerField: p?.trailerField,
  };
}

/**
 * Name normalisation for the XML and JSON encodings.
 *
 * KMIP Additional Message Encodings v1.0, §4.1.3 (JSON) and §6.1.3 (XML), "Normalizing Names":
 * the text of a Tag, Type or Enumeration value is turned into a CamelCase word by these rules, in
 * this order:
 *   1. replace round brackets "(" and ")" with spaces;
 *   2. if a non-word character (not a letter, digit or underscore) is followed by a letter and
 *      then a lower-case letter, replace the non-word character with a space;
 *   3. split into words on whitespace; in each word replace the remaining non-word characters
 *      with underscores;
 *   4. if the first word begins with digits, move those digits to the end of the first word;
 *   5. capitalise the first letter of each word;
 *   6. concatenate the words.
 * The spec gives Python and Perl code for these rules; like the Perl version, "word character"
 * here means ASCII [A-Za-z0-9_] (every KMIP name is ASCII).
 *
 * Examples: "Activation Date" → "ActivationDate", "X.509 Certificate Subject" →
 * "X_509CertificateSubject", "SHA-1 with RSA Encryption" → "SHA_1WithRSAEncryption",
 * "3DES" → "DES3", "Tape Library Server KMIP v1.2" → "TapeLibraryServerKMIPV1_2".
 */
export function normalizeName(text: string): string {
  const noBrackets = text.replace(/[()]/g, " "); // rule 1
  const spaced = noBrackets.replace(/[^A-Za-z0-9_]([A-Za-z][a-z])/g, " $1"); // rule 2
  const words = spaced
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => w.replace(/[^A-Za-z0-9_]/g, "_")); // rule 3
  if (words.length === 0) return "";
  words[0] = words[0]!.replace(/^(\d+)(.*)$/, "$2$1"); // rule 4
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(""); // rules 5 and 6
}

/**
 * Loose key for matching names that differ only in spacing, case or punctuation (the spec texts
 * are not always consistent, e.g. "Polynomial Sharing GF(216)" and "Polynomial Sharing GF (216)").
 * Used only as a fallback after exact spec-name and normalised-name lookups.
 */
export function looseNameKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, "");
}

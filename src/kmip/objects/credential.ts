/**
 * Authentication in the Request Header: Credential, whose Credential Value depends on the
 * Credential Type (KMIP 1.4 §2.1.2 Tables 3–6; KMIP 2.1 §9.11 Tables 410–416), Nonce
 * (1.4 §2.1.14; 2.1 §9.14) and Ticket (2.1 §7.39).
 */
import {
  anyItem,
  bytes,
  dateTimeExtended,
  enumeration,
  opt,
  req,
  some,
  struct,
  text,
  variant,
} from "../schema/index.js";

/** Nonce (KMIP 1.2+) — KMIP 1.4 §2.1.14 Table 35; KMIP 2.1 §9.14 Table 419. */
export const Nonce = struct("Nonce", "KMIP 1.4 §2.1.14; KMIP 2.1 §9.14", {
  nonceID: req("Nonce ID", bytes),
  nonceValue: req("Nonce Value", bytes),
});

/** Ticket (KMIP 2.0+) — KMIP 2.1 §7.39 Table 391. */
export const Ticket = struct("Ticket", "KMIP 2.1 §7.39", {
  ticketType: req("Ticket Type", enumeration),
  ticketValue: req("Ticket Value", bytes),
});

/** Username and Password — KMIP 1.4 §2.1.2 Table 4; KMIP 2.1 §9.11 Table 411. */
export const UsernameAndPasswordCredential = struct("Credential Value", "KMIP 1.4 §2.1.2; KMIP 2.1 §9.11", {
  username: req("Username", text),
  password: opt("Password", text),
});

/** Device (KMIP 1.1+) — KMIP 1.4 §2.1.2 Table 5; KMIP 2.1 §9.11 Table 412. */
export const DeviceCredential = struct("Credential Value", "KMIP 1.4 §2.1.2; KMIP 2.1 §9.11", {
  deviceSerialNumber: opt("Device Serial Number", text),
  password: opt("Password", text),
  deviceIdentifier: opt("Device Identifier", text),
  networkIdentifier: opt("Network Identifier", text),
  machineIdentifier: opt("Machine Identifier", text),
  mediaIdentifier: opt("Media Identifier", text),
});

/** Attestation (KMIP 1.2+) — KMIP 1.4 §2.1.2 Table 6; KMIP 2.1 §9.11 Table 413. */
export const AttestationCredential = struct("Credential Value", "KMIP 1.4 §2.1.2; KMIP 2.1 §9.11", {
  nonce: req("Nonce", Nonce),
  attestationType: req("Attestation Type", enumeration),
  attestationMeasurement: opt("Attestation Measurement", bytes),
  attestationAssertion: opt("Attestation Assertion", bytes),
});

/** One Time Password (KMIP 2.0+) — KMIP 2.1 §9.11 Table 414. */
export const OneTimePasswordCredential = struct("Credential Value", "KMIP 2.1 §9.11", {
  username: req("Username", text),
  password: opt("Password", text),
  oneTimePassword: req("One Time Password", text),
});

/** Hashed Password (KMIP 2.0+) — KMIP 2.1 §9.11 Table 415. */
export const HashedPasswordCredential = struct("Credential Value", "KMIP 2.1 §9.11", {
  username: req("Username", text),
  // "Timestamp | Date Time Extended": the Time Stamp tag, in its 2.x type.
  timeStamp: req("Time Stamp", dateTimeExtended),
  hashingAlgorithm: opt("Hashing Algorithm", enumeration),
  hashedPassword: req("Hashed Password", bytes),
});

/** Ticket credential (KMIP 2.0+) — KMIP 2.1 §9.11 Table 416. */
export const TicketCredential = struct("Credential Value", "KMIP 2.1 §9.11", {
  ticket: req("Ticket", Ticket),
});

/** Credential Value by Credential Type; an extension type's value is kept raw. */
export const CredentialValue = variant(
  "credentialType",
  "Credential Type",
  {
    "Username and Password": UsernameAndPasswordCredential,
    Device: DeviceCredential,
    Attestation: AttestationCredential,
    "One Time Password": OneTimePasswordCredential,
    "Hashed Password": HashedPasswordCredential,
    Ticket: TicketCredential,
  },
  anyItem,
);

/** Credential — KMIP 1.4 §2.1.2 Table 3; KMIP 2.1 §9.11 Table 410. */
export const Credential = struct("Credential", "KMIP 1.4 §2.1.2; KMIP 2.1 §9.11", {
  credentialType: req("Credential Type", enumeration, { as: "credentialType" }),
  credentialValue: req("Credential Value", CredentialValue),
});

/**
 * Authentication — KMIP 1.0 §6.6 (one Credential); 1.2 §6.6 "Credential, MAY be repeated";
 * KMIP 2.1 §9.4 Table 403. Read as a list in every version.
 */
export const Authentication = struct("Authentication", "KMIP 1.4 §6.6; KMIP 2.1 §9.4", {
  credential: some("Credential", Credential),
});

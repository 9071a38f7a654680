/**
 * RSA keys ⇄ the Transparent RSA Private and Public Key structures (1.4 §2.1.7.4–2.1.7.5,
 * 2.1 §3.7–3.8). node:crypto reads and writes them as JWK (RFC 7518 §6.3), whose members are
 * the same PKCS#1 (RFC 8017 §3.1–3.2) components.
 *
 * 1.4 §2.1.7.4: a Transparent RSA Private Key SHALL carry the Private Exponent, or P and Q, or the
 * Prime Exponents. OpenSSL needs the whole CRT form; this server completes it from P and Q
 * (with e or d): d = e⁻¹ mod λ(n), dP = d mod (p−1), dQ = d mod (q−1), qInv = q⁻¹ mod p
 * (RFC 8017 §3.2; FIPS 186-4 B.3.1). A key given without P and Q would need n factored from d
 * (SP 800-56B App. C); that is refused as Key Format Type Not Supported.
 */
import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import { base64urlToBigint, bigintToBase64url } from "./bytes.js";
import { formatNotSupported, invalidField } from "./errors.js";

export interface TransparentRSAPublicKey {
  modulus: bigint;
  publicExponent: bigint;
}

export interface TransparentRSAPrivateKey {
  modulus: bigint;
  privateExponent?: bigint | undefined;
  publicExponent?: bigint | undefined;
  p?: bigint | undefined;
  q?: bigint | undefined;
  primeExponentP?: bigint | undefined;
  primeExponentQ?: bigint | undefined;
  crtCoefficient?: bigint | undefined;
}

type Complete = Required<TransparentRSAPrivateKey>;

function member(jwk: JsonWebKey, name: string): bigint {
  const value = jwk[name];
  if (typeof value !== "string") throw invalidField(`the RSA key has no ${name}`);
  return base64urlToBigint(value);
}

/** Modulus and Public Exponent of an RSA public (or private) key. */
export function rsaPublicToTransparent(key: KeyObject): TransparentRSAPublicKey {
  const jwk = key.export({ format: "jwk" });
  return { modulus: member(jwk, "n"), publicExponent: member(jwk, "e") };
}

/** All eight components of an RSA private key. */
export function rsaPrivateToTransparent(key: KeyObject): Complete {
  const jwk = key.export({ format: "jwk" });
  return {
    modulus: member(jwk, "n"),
    privateExponent: member(jwk, "d"),
    publicExponent: member(jwk, "e"),
    p: member(jwk, "p"),
    q: member(jwk, "q"),
    primeExponentP: member(jwk, "dp"),
    primeExponentQ: member(jwk, "dq"),
    crtCoefficient: member(jwk, "qi"),
  };
}

/** The public key of a Transparent RSA Public Key. */
export function rsaPublicFromTransparent(m: TransparentRSAPublicKey): KeyObject {
  if (m.modulus <= 0n || m.publicExponent <= 1n) throw invalidField("invalid RSA public key components");
  const jwk = { kty: "RSA", n: bigintToBase64url(m.modulus), e: bigintToBase64url(m.publicExponent) };
  try {
    return createPublicKey({ key: jwk, format: "jwk" });
  } catch (e) {
    throw invalidField("the RSA public key is not valid", e);
  }
}

/** The private key of a Transparent RSA Private Key, completing the CRT form from P and Q. */
export function rsaPrivateFromTransparent(m: TransparentRSAPrivateKey): KeyObject {
  const full = complete(m);
  const jwk = {
    kty: "RSA",
    n: bigintToBase64url(full.modulus),
    e: bigintToBase64url(full.publicExponent),
    d: bigintToBase64url(full.privateExponent),
    p: bigintToBase64url(full.p),
    q: bigintToBase64url(full.q),
    dp: bigintToBase64url(full.primeExponentP),
    dq: bigintToBase64url(full.primeExponentQ),
    qi: bigintToBase64url(full.crtCoefficient),
  };
  try {
    return createPrivateKey({ key: jwk, format: "jwk" });
  } catch (e) {
    throw invalidField("the RSA private key is not valid", e);
  }
}

function complete(m: TransparentRSAPrivateKey): Complete {
  const { modulus: n, p, q } = m;
  if (p === undefined || q === undefined) {
    throw formatNotSupported("a Transparent RSA Private Key needs P and Q on this server");
  }
  if (p <= 1n || q <= 1n || p * q !== n) throw invalidField("P × Q is not the Modulus");
  const lambda = lcm(p - 1n, q - 1n);
  const e = m.publicExponent ?? inverse(need(m.privateExponent, "Private or Public Exponent"), lambda);
  const d = inverse(e, lambda);
  if (m.privateExponent !== undefined && m.privateExponent % lambda !== d) {
    throw invalidField("the Private Exponent does not match the Public Exponent");
  }
  const full: Complete = {
    modulus: n,
    publicExponent: e,
    privateExponent: m.privateExponent ?? d,
    p,
    q,
    primeExponentP: d % (p - 1n),
    primeExponentQ: d % (q - 1n),
    crtCoefficient: inverse(q, p),
  };
  checkGiven(m.primeExponentP, full.primeExponentP, "Prime Exponent P");
  checkGiven(m.primeExponentQ, full.primeExponentQ, "Prime Exponent Q");
  checkGiven(m.crtCoefficient, full.crtCoefficient, "CRT Coefficient");
  return full;
}

function need(value: bigint | undefined, name: string): bigint {
  if (value === undefined) throw invalidField(`the ${name} is missing`);
  return value;
}

function checkGiven(given: bigint | undefined, computed: bigint, name: string): void {
  if (given !== undefined && given !== computed) throw invalidField(`the ${name} does not match P and Q`);
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function lcm(a: bigint, b: bigint): bigint {
  return (a / gcd(a, b)) * b;
}

/** a⁻¹ mod m by the extended Euclidean algorithm; Invalid Field when none exists. */
function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [((a % m) + m) % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const k = r0 / r1;
    [r0, r1] = [r1, r0 - k * r1];
    [s0, s1] = [s1, s0 - k * s1];
  }
  if (r0 !== 1n) throw invalidField("the RSA exponents are not invertible");
  return ((s0 % m) + m) % m;
}

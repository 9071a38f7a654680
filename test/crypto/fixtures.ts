/** Key pairs shared by the tests (generated once per test file). */
import { generateKeyPairSync, type KeyObject } from "node:crypto";

export interface Pair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

const cache = new Map<string, Pair>();

function once(name: string, make: () => Pair): Pair {
  let pair = cache.get(name);
  if (pair === undefined) {
    pair = make();
    cache.set(name, pair);
  }
  return pair;
}

export const rsa2048 = (): Pair => once("rsa2048", () => generateKeyPairSync("rsa", { modulusLength: 2048 }));
export const ecP256 = (): Pair => once("p256", () => generateKeyPairSync("ec", { namedCurve: "P-256" }));
export const ecP384 = (): Pair => once("p384", () => generateKeyPairSync("ec", { namedCurve: "P-384" }));
export const ecP521 = (): Pair => once("p521", () => generateKeyPairSync("ec", { namedCurve: "P-521" }));
export const ed25519 = (): Pair => once("ed25519", () => generateKeyPairSync("ed25519"));
export const ed448 = (): Pair => once("ed448", () => generateKeyPairSync("ed448"));
export const dsa2048 = (): Pair =>
  once("dsa", () => generateKeyPairSync("dsa", { modulusLength: 2048, divisorLength: 256 }));

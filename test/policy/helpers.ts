/** Objects for the policy tests: a symmetric key in any state, with a fixed clock. */
import type { Attribute } from "../../src/kmip/attributes.js";
import { KmipError } from "../../src/kmip/errors.js";
import { CryptographicAlgorithm, ObjectType, State } from "../../src/kmip/generated/enums.js";
import { CryptographicUsageMask } from "../../src/kmip/generated/masks.js";
import { kmipDate, type LifecycleObject, withChanges } from "../../src/policy/index.js";

export const T0 = new Date("2024-01-01T00:00:00Z");

export function at(secondsAfterT0: number): Date {
  return new Date(T0.getTime() + secondsAfterT0 * 1000);
}

export interface TestObject extends LifecycleObject {
  readonly state: number;
  readonly attributes: Attribute[];
}

export function key(
  state: number = State.PreActive,
  extra: Attribute[] = [],
  objectType: number = ObjectType.SymmetricKey,
): TestObject {
  const base: Attribute[] = [
    { name: "Unique Identifier", value: "k1" },
    { name: "Object Type", value: objectType },
    { name: "State", value: state },
    { name: "Cryptographic Algorithm", value: CryptographicAlgorithm.AES },
    { name: "Cryptographic Length", value: 256 },
    {
      name: "Cryptographic Usage Mask",
      value: CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt,
    },
    { name: "Initial Date", value: kmipDate(T0) },
    { name: "Last Change Date", value: kmipDate(T0) },
  ];
  return { objectType, state, attributes: withChanges(base, extra) };
}

/** The object after a lifecycle result. */
export function applied(
  obj: TestObject,
  result: { state: number; changes: readonly Attribute[] },
): TestObject {
  return {
    objectType: obj.objectType,
    state: result.state,
    attributes: withChanges(obj.attributes, result.changes),
  };
}

export function attr(obj: { attributes: readonly Attribute[] }, name: string): unknown {
  return obj.attributes.find((a) => a.name === name)?.value;
}

/** The Result Reason `fn` throws, or undefined when it returns. */
export function reasonOf(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof KmipError) return e.reason;
    throw e;
  }
}

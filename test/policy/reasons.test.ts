/** Result Reasons per version: a client never gets a reason its version lacks. */
import { describe, expect, it } from "vitest";
import { ResultReason } from "../../src/kmip/generated/enums.js";
import { enumByName, enumValueInVersion } from "../../src/kmip/tables.js";
import { KMIP_VERSIONS } from "../../src/kmip/version.js";
import { readOnly, reasonForVersion, singleValued, wrongState } from "../../src/policy/index.js";

const R = ResultReason;

describe("reasons", () => {
  it("each helper picks a reason its version defines", () => {
    const info = enumByName("Result Reason")!;
    for (const v of KMIP_VERSIONS) {
      for (const e of [
        wrongState(v, "m"),
        readOnly(v, "Add Attribute", "State"),
        singleValued(v, "Add Attribute", "Name"),
      ])
        expect(enumValueInVersion(info, e.reason, v), `${e.reason} in ${v}`).toBe(true);
    }
  });

  it("reasonForVersion passes known reasons and maps newer ones back", () => {
    expect(reasonForVersion(R.ItemNotFound, 10)).toBe(R.ItemNotFound);
    expect(reasonForVersion(R.WrongKeyLifecycleState, 21)).toBe(R.WrongKeyLifecycleState);
    expect(reasonForVersion(R.WrongKeyLifecycleState, 14)).toBe(R.PermissionDenied);
    expect(reasonForVersion(R.AttributeNotFound, 12)).toBe(R.ItemNotFound);
    expect(reasonForVersion(R.Sensitive, 13)).toBe(R.PermissionDenied);
    expect(reasonForVersion(R.CodecError, 14)).toBe(R.GeneralFailure);
    expect(reasonForVersion(R.IllegalOperation, 20)).toBe(R.PermissionDenied);
    expect(reasonForVersion(R.IndexOutOfBounds, 21)).toBe(R.ServerLimitExceeded);
    expect(reasonForVersion(0x80000001, 14)).toBe(R.GeneralFailure);
  });
});

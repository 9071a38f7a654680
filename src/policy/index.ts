/**
 * The rules every KMIP operation asks (pure: no I/O, no storage, no clock — time is a parameter).
 *
 * - attribute rules: `attributeRule`, `checkTemplate`/`checkClientSettable` (Create, Register …),
 *   `checkAdd`, `checkModify`, `checkSet`, `checkDelete`, `checkMultiInstance`;
 * - the output filter: `attributesForVersion`, `attributeNamesForVersion`;
 * - the lifecycle: `applyDates` (call on every object read), `activate`, `revoke`, `destroy`,
 *   `initialState`, `canUseFor`/`requireUsableFor`;
 * - usage masks: `requireUsage`, `requireUsageFor`, `defaultUsageMask`;
 * - objects: `checkCreatable`, `checkRegistrable`, `createAlgorithmAndLength`,
 *   `checkRegisterAttributes`, `newObjectAttributes`, `checkGet`, `keyFormatsForGet`;
 * - Result Reasons per version: `reasons.ts` (and `reasonForVersion` as a last resort).
 *
 * Results are canonical attribute entries to set (`withChanges(list, changes)` applies them).
 */
export * from "./attribute-changes.js";
export * from "./attribute-filter.js";
export * from "./attribute-list.js";
export * from "./attribute-rule-table.js";
export * from "./attribute-rules.js";
export * from "./crypto-use.js";
export * from "./lifecycle.js";
export * from "./lifecycle-dates.js";
export * from "./new-object.js";
export * from "./object-rules.js";
export * from "./object-types.js";
export * from "./reasons.js";
export * from "./usage-mask.js";

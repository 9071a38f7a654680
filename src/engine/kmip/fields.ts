/** Small helpers over LogicalRequest shared by the resource files. */
import type { FieldDef, LogicalRequest } from "../../api/framework/types.js";

/** The converted field when the caller sent it, else undefined (writes merge only what was sent). */
export function sent<T>(req: LogicalRequest, field: string): T | undefined {
  return req.has(field) ? req.get<T>(field) : undefined;
}

/** A path segment by name (the HTTP layer fills `params` from the matched pattern). */
export function param(req: LogicalRequest, name: string): string {
  const value = req.params[name];
  if (value === undefined) throw new Error(`path parameter ${name} missing from the pattern`);
  return value;
}

export const keyTypeField = (description: string, fallback?: string): FieldDef => ({
  type: "string",
  description,
  allowed: ["rsa", "ec"],
  ...(fallback === undefined ? {} : { default: fallback }),
});

export const keyBitsHelp = "RSA: 2048, 3072, 4096; EC: 224, 256, 384, 521.";

/**
 * The KMIP JSON encoding (KMIP Additional Message Encodings v1.0, §4): reading in
 * `json-parse.ts`, writing in `json-write.ts`.
 */
export { type JsonParseOptions, parseKmipJson, parseKmipJsonDocument } from "./json-parse.js";
export { type JsonTtlv, toKmipJson, toKmipJsonDocument, toKmipJsonValue } from "./json-write.js";

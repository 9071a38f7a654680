/**
 * The KMIP XML encoding (KMIP Additional Message Encodings v1.0, §6): reading in `xml-parse.ts`
 * (on the strict reader of `xml-scan.ts`), writing in `xml-write.ts`.
 */

export type { PlaceholderResolver, PlaceholderValue, TextLimits } from "./text-options.js";
export { parseKmipXml, parseKmipXmlDocument, type XmlParseOptions } from "./xml-parse.js";
export { toKmipXml, toKmipXmlDocument, type XmlWriteOptions } from "./xml-write.js";

/**
 * The version reported by sys/seal-status and sys/health (Vault's `version` and `build_date`
 * fields). The version is package.json's; the build date is when that file was last written
 * (installed or built), in Vault's RFC 3339 form without fractions.
 */
import { statSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const packagePath = require.resolve("../../package.json"); // from src/core and from dist/core
const pkg = require(packagePath) as { version?: string };

export const VERSION: string = pkg.version ?? "0.0.0";

export const BUILD_DATE: string = (() => {
  try {
    return `${statSync(packagePath).mtime.toISOString().slice(0, 19)}Z`;
  } catch {
    return "";
  }
})();

/**
 * The single entry point to @peculiar/x509 for this folder. The library resolves its algorithm
 * registry through tsyringe, which needs a Reflect metadata polyfill loaded *before* the library
 * module is evaluated (see the library README, "Reflect Polyfill Required"). ES modules evaluate
 * imports in order, so the side-effect import below must stay first; every file in `src/pki/`
 * imports the library from here and never directly.
 */
import "reflect-metadata";

export * as x509 from "@peculiar/x509";

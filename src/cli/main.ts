/** Entry point of the `kmipd` binary (bin/kmipd loads the built copy of this file). */
import { run } from "./program.js";

await run(process.argv.slice(2));

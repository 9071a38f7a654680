/**
 * The ceiling server (`../ceiling.ts`) in its own process, forked by `ceiling.ts` beside this.
 * It can profile itself over a scenario, as kmipd's child can, so the two profiles compare.
 */
import { startCeiling } from "../ceiling.js";
import type { CeilingCommand, CeilingReady, CeilingStart } from "./ceiling.js";
import { Profiler } from "./profiler.js";

process.once("message", (start: CeilingStart) => {
  startCeiling({ ...start, host: "127.0.0.1" }).then(
    (ceiling) => {
      const profiler = new Profiler();
      process.on("message", async (m: CeilingCommand) => {
        if (m.type === "stop") {
          await ceiling.close();
          process.exit(0);
        }
        await (m.file === undefined ? profiler.start() : profiler.stop(m.file));
        process.send?.({ type: "done" });
      });
      process.send?.({ type: "ready", port: ceiling.port } satisfies CeilingReady);
    },
    (e) => {
      console.error("ceiling failed to start:", e);
      process.exit(1);
    },
  );
});

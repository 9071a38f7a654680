/**
 * A CPU profile of the server's own process over one scenario only (not its start-up or the
 * population, which `node --cpu-prof` would mix in), through the inspector protocol. The
 * result opens in Chrome DevTools, or `tsx bench/profile-top.ts` names the top costs.
 */
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";

export class Profiler {
  private session: Session | undefined;

  async start(): Promise<void> {
    if (this.session) return;
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    // 250 µs: fine enough for request-sized work, coarse enough not to slow the server much.
    await session.post("Profiler.setSamplingInterval", { interval: 250 });
    await session.post("Profiler.start");
    this.session = session;
  }

  async stop(file: string): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    await writeFile(file, JSON.stringify(profile));
  }
}

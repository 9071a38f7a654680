/**
 * Listen addresses as the engine stores them ("127.0.0.1:5696", "[::1]:5696", ":5696" for every
 * interface; `src/engine/kmip/addresses.ts` normalises them) and the test-bind behind the
 * engine's listener guard: an address that cannot be bound is a 400 for the API caller.
 */
import { createServer, type Server } from "node:net";
import { ApiError } from "../api/framework/types.js";

export interface HostPort {
  /** Undefined: every interface. */
  readonly host: string | undefined;
  readonly port: number;
}

export function parseAddress(address: string): HostPort {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(address);
  if (!m || Number(m[3]) > 65535) throw new ApiError(400, `invalid listen address "${address}"`);
  const host = m[1] ?? m[2];
  return { host: host === "" ? undefined : host, port: Number(m[3]) };
}

/** Why an address cannot be listened on, for the API caller. */
export function bindError(address: string, error: unknown): ApiError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message =
    code === "EADDRINUSE"
      ? `listen address ${address} is already in use`
      : code === "EACCES"
        ? `permission denied to listen on ${address}`
        : code === "EADDRNOTAVAIL"
          ? `listen address ${address} is not an address of this host`
          : code === "ENOTFOUND" || code === "EAI_AGAIN"
            ? `cannot resolve the host of listen address ${address}`
            : `cannot listen on ${address}: ${code ?? String(error)}`;
  return new ApiError(400, message, { cause: error });
}

/** Binds `server` to `address`; rejects with the OS error. */
export function listenOn(server: Server, address: string): Promise<void> {
  const { host, port } = parseAddress(address);
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off("listening", onListening);
      reject(error);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    // Not exclusive: with `workers` > 1 every worker listens on the same address through the
    // primary (node:cluster shares the socket); in a single process this changes nothing.
    server.listen({ host, port, exclusive: false });
  });
}

/**
 * Binds every address at once (so two addresses of one request that overlap are caught too), then
 * releases them. Throws the ApiError of the first that fails.
 */
export async function testBind(addresses: readonly string[]): Promise<void> {
  const servers: Server[] = [];
  try {
    for (const address of addresses) {
      const server = createServer();
      servers.push(server);
      await listenOn(server, address).catch((error: unknown) => {
        throw bindError(address, error);
      });
    }
  } finally {
    await Promise.all(
      servers.map(
        (s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve())),
      ),
    );
  }
}

/**
 * A startup failure with a message fit for one line on stderr (no stack): what failed and why, e.g.
 * "port 4000 on 127.0.0.1 is already in use (EADDRINUSE)". `main.ts` prints it and exits 1.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StartupError";
  }
}

/** The listen error of an HTTP server as a StartupError (address in use, permission denied), or `e` unchanged. */
export function listenError(e: unknown, host: string, port: number): unknown {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === "EADDRINUSE") return new StartupError(`port ${port} on ${host} is already in use (EADDRINUSE)`, { cause: e });
  if (code === "EACCES") return new StartupError(`no permission to listen on port ${port} on ${host} (EACCES)`, { cause: e });
  if (code === "EADDRNOTAVAIL")
    return new StartupError(`cannot listen on ${host}: address not available on this machine (EADDRNOTAVAIL)`, { cause: e });
  return e;
}

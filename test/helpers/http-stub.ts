import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as an HTTP stub received it, body read in full. */
export interface StubRequest {
  method: string;
  /** Path and raw (still percent-encoded) query. */
  url: string;
  pathname: string;
  /** Decoded query options, e.g. `$filter`. */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  /** Arrival time, epoch ms. */
  at: number;
}

export type StubHandler<S> = (req: S, res: ServerResponse) => void | Promise<void>;

export interface HttpStub<S> {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Every request so far, in arrival order, as `see` recorded it; tests may empty it. */
  requests: S[];
  /** Replaces the handler for the following requests. */
  handle(h: StubHandler<S>): void;
  close(): Promise<void>;
}

/**
 * A scriptable stand-in for an upstream API on 127.0.0.1:0. `see` turns each request into the record the tests
 * assert on; a handler that throws is answered by `onBug` (a 500 in the upstream's error shape) so the test sees it.
 */
export async function startHttpStub<S>(
  see: (req: StubRequest) => S,
  initial: StubHandler<S>,
  onBug: (res: ServerResponse, err: unknown) => void,
): Promise<HttpStub<S>> {
  let handler = initial;
  const requests: S[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const u = new URL(req.url ?? "/", "http://stub");
      const seen = see({
        method: req.method ?? "GET",
        url: req.url ?? "/",
        pathname: u.pathname,
        query: Object.fromEntries(u.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      });
      requests.push(seen);
      Promise.resolve(handler(seen, res)).catch((e: unknown) => onBug(res, e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    handle: (h) => {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TokenCredential } from "@azure/identity";

/** One request as the fake Defender API saw it. */
export interface SeenRequest {
  method: string;
  /** Path and raw (still percent-encoded) query. */
  url: string;
  path: string;
  /** Decoded query options, e.g. `$filter`. */
  query: Record<string, string>;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
  /** Arrival time, epoch ms. */
  at: number;
}

export type FakeHandler = (req: SeenRequest, res: ServerResponse) => void | Promise<void>;

export interface FakeDefender {
  url: string;
  requests: SeenRequest[];
  /** Replaces the handler for the following requests. */
  handle(h: FakeHandler): void;
  close(): Promise<void>;
}

export const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(body === undefined ? "" : JSON.stringify(body));
};

export const defenderError = (res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  json(res, status, { error: { code, message, target: "0b5e1c2d-aaaa-bbbb-cccc-000000000001" } }, headers);

/** A tiny stand-in for the Defender API on 127.0.0.1:0; answers 200 `{ value: [] }` until told otherwise. */
export async function startFakeDefender(initial?: FakeHandler): Promise<FakeDefender> {
  let handler: FakeHandler = initial ?? ((_req, res) => json(res, 200, { "@odata.context": "x", value: [] }));
  const requests: SeenRequest[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const u = new URL(req.url ?? "/", "http://fake");
      const seen: SeenRequest = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        path: u.pathname,
        query: Object.fromEntries(u.searchParams),
        authorization: req.headers.authorization,
        contentType: req.headers["content-type"],
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      };
      requests.push(seen);
      Promise.resolve(handler(seen, res)).catch((e: unknown) => json(res, 500, { error: { code: "FakeBug", message: String(e) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
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

/** Injected credentials: each credential instance hands out `tok-<tenant>-<n>` tokens; counts instances and calls. */
export function fakeCredentials(opts: { fail?: (tenantId: string) => Error | undefined } = {}) {
  const stats = { instances: 0, getTokenCalls: 0 };
  let n = 0;
  const factory = (tenantId: string): TokenCredential => {
    stats.instances++;
    const instance = ++n;
    return {
      getToken() {
        stats.getTokenCalls++;
        const err = opts.fail?.(tenantId);
        if (err) return Promise.reject(err);
        return Promise.resolve({ token: `tok-${tenantId}-${instance}`, expiresOnTimestamp: Date.now() + 3_600_000 });
      },
    };
  };
  return { factory, stats };
}

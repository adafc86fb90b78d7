import type { ServerResponse } from "node:http";
import { startHttpStub, type StubHandler } from "../helpers/http-stub.js";

/** One request as the fake Graph saw it (every header, lower-cased). */
export interface GraphSeen {
  method: string;
  /** Path and raw query, e.g. `/v1.0/security/alerts_v2?$filter=…`. */
  url: string;
  /** Path below `/v1.0`, e.g. `/security/alerts_v2`. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type GraphHandler = StubHandler<GraphSeen>;

export interface FakeGraph {
  /** Version root to configure the client with: `http://127.0.0.1:<port>/v1.0`. */
  url: string;
  origin: string;
  requests: GraphSeen[];
  handle(h: GraphHandler): void;
  close(): Promise<void>;
}

export const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", "request-id": `req-${status}-fake`, ...headers });
  res.end(body === undefined ? "" : JSON.stringify(body));
};

/** Graph's error body, with the ids a real answer carries. */
export const graphError = (code: string, message: string, clientRequestId = "") => ({
  error: {
    code,
    message,
    innerError: { "request-id": "11111111-aaaa-bbbb-cccc-222222222222", date: "2026-11-29T20:00:00", "client-request-id": clientRequestId },
  },
});

/** A stand-in for `graph.microsoft.com/v1.0` on 127.0.0.1:0; answers `{ value: [] }` until told otherwise. */
export async function startFakeGraph(initial?: GraphHandler): Promise<FakeGraph> {
  const stub = await startHttpStub<GraphSeen>(
    (r) => ({ method: r.method, url: r.url, path: r.pathname.replace(/^\/v1\.0/, ""), query: r.query, headers: r.headers, body: r.body }),
    initial ?? ((_req, res) => send(res, 200, { value: [] })),
    (res, e) => send(res, 500, graphError("FakeBug", String(e))),
  );
  return { ...stub, url: `${stub.origin}/v1.0` };
}

/** A minimal Graph alert as the list and get endpoints return it. */
export const gAlert = (id: string, lastUpdateDateTime: string, extra: Record<string, unknown> = {}) => ({
  id,
  title: `alert ${id}`,
  severity: "high",
  status: "new",
  serviceSource: "microsoftDefenderForEndpoint",
  lastUpdateDateTime,
  evidence: [],
  comments: [],
  ...extra,
});

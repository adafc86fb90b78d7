import type { ServerResponse } from "node:http";
import type { TokenCredential } from "@azure/identity";
import { expect } from "vitest";
import { UpstreamError } from "../../src/errors/errors.js";
import { startHttpStub, type StubHandler } from "../helpers/http-stub.js";

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

export type FakeHandler = StubHandler<SeenRequest>;

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
  const stub = await startHttpStub<SeenRequest>(
    (r) => ({
      method: r.method,
      url: r.url,
      path: r.pathname,
      query: r.query,
      authorization: r.headers.authorization,
      contentType: r.headers["content-type"],
      body: r.body,
      at: r.at,
    }),
    initial ?? ((_req, res) => json(res, 200, { "@odata.context": "x", value: [] })),
    (res, e) => json(res, 500, { error: { code: "FakeBug", message: String(e) } }),
  );
  return { ...stub, url: stub.origin };
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

/** Awaits a call that must fail with an `UpstreamError` (the clients' only failure) and returns that error. */
export async function upstreamError(p: Promise<unknown>): Promise<UpstreamError> {
  const e = await p.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UpstreamError);
  return e as UpstreamError;
}

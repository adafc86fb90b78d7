import http from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { sample } from "../helpers/metrics.js";

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request with exactly these headers (fetch would add its own Accept-Encoding and decode the answer). */
function raw(url: string, headers: Record<string, string>, body: string | Buffer | null): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: body === null ? "GET" : "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    if (body === null) req.end();
    else req.end(body);
  });
}

const decoded = (a: RawAnswer): string => {
  const enc = a.headers["content-encoding"];
  const bytes =
    enc === "gzip" ? gunzipSync(a.body) : enc === "br" ? brotliDecompressSync(a.body) : enc === "deflate" ? inflateSync(a.body) : a.body;
  return bytes.toString("utf8");
};

/** What a client can tell of an answer: status, the headers that carry meaning, and the body. */
const visible = (a: RawAnswer) => ({
  status: a.status,
  contentType: a.headers["content-type"],
  contentEncoding: a.headers["content-encoding"],
  vary: a.headers.vary,
  retryAfter: a.headers["retry-after"],
  wwwAuthenticate: a.headers["www-authenticate"],
  allowOrigin: a.headers["access-control-allow-origin"],
  allowCredentials: a.headers["access-control-allow-credentials"],
  exposeHeaders: a.headers["access-control-expose-headers"],
  body: decoded(a),
});

const PAGE = `query Page($first: Int) { alerts(first: $first) { totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id tenantId title severity status createdDateTime tenant { name } machine { computerDnsName } } } } }`;

describe("query fast path: answers exactly like the full path", () => {
  let gw: TestGateway;
  let token: string;
  let metrics: () => Promise<{ served: number; fullPath: number }>;
  beforeAll(async () => {
    // The response cache off: every request executes (a cached answer would hide a difference).
    gw = await startGateway({ RESPONSE_CACHE_TTL_MS: "0", HTTP_BODY_LIMIT_BYTES: "4096" });
    await gw.synced();
    token = await gw.token("alice");
    metrics = async () => {
      const text = await (await fetch(`${gw.url}/metrics`)).text();
      return {
        served: sample(text, "gateway_http_fast_path_requests_total", { outcome: "served" }) ?? 0,
        fullPath: sample(text, "gateway_http_fast_path_requests_total", { outcome: "full_path" }) ?? 0,
      };
    };
  });
  afterAll(() => gw?.close());

  /**
   * The same request twice: as an API client sends it (the fast path may take it), and with an `Origin` header,
   * which the fast path leaves to the full path when CORS does not allow it (this gateway allows none). Returns both
   * answers and which path the first one took.
   */
  const both = async (headers: Record<string, string>, body: string | Buffer | null, search = "") => {
    const url = `${gw.url}/graphql${search}`;
    const before = await metrics();
    const fast = await raw(url, headers, body);
    const after = await metrics();
    const full = await raw(url, { ...headers, origin: gw.url }, body);
    const afterFull = await metrics();
    expect(afterFull).toEqual(after); // the Origin request never touched the fast path
    const took = after.served > before.served ? "served" : after.fullPath > before.fullPath ? "full_path" : "not taken";
    return { fast, full, took };
  };

  const json = (extra: Record<string, string> = {}) => ({
    "content-type": "application/json",
    authorization: `Bearer ${token}`,
    ...extra,
  });

  it("serves a known query, with the same status, media type and body as the full path", async () => {
    const body = JSON.stringify({ query: PAGE, variables: { first: 30 } });
    const { fast, full, took } = await both(json(), body);
    expect(took).toBe("served");
    expect(visible(fast)).toEqual(visible(full));
    expect(fast.status).toBe(200);
    expect(fast.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const data = JSON.parse(decoded(fast)) as { data: { alerts: { edges: unknown[] } } };
    expect(data.data.alerts.edges).toHaveLength(30);
  });

  it.each([
    ["no Accept", {}],
    ["Accept: application/graphql-response+json", { accept: "application/graphql-response+json" }],
    ["Apollo Client's Accept", { accept: "application/graphql-response+json,application/json;q=0.9" }],
    [
      "urql's Accept",
      { accept: "application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed" },
    ],
    ["gzip", { "accept-encoding": "gzip" }],
    ["brotli preferred", { "accept-encoding": "gzip, deflate, br" }],
    ["deflate only", { "accept-encoding": "deflate" }],
    ["identity only", { "accept-encoding": "identity" }],
    ["gzip refused", { "accept-encoding": "gzip;q=0, br;q=0" }],
    ["a client's request id", { "x-request-id": "client-req-42" }],
  ])("negotiates like the full path: %s", async (_name, extra: Record<string, string>) => {
    const { fast, full, took } = await both(json(extra), JSON.stringify({ query: PAGE, variables: { first: 40 } }));
    expect(took).toBe("served");
    expect(visible(fast)).toEqual(visible(full));
    if (extra["x-request-id"]) expect(fast.headers["x-request-id"]).toBe(extra["x-request-id"]);
  });

  it("serves a query carrying extensions other than a persisted query (Apollo Client 4's clientLibrary)", async () => {
    const body = JSON.stringify({
      query: PAGE,
      variables: { first: 3 },
      extensions: { clientLibrary: { name: "@apollo/client", version: "4.0.0" } },
    });
    const { fast, full, took } = await both(json(), body);
    expect(took).toBe("served");
    expect(visible(fast)).toEqual(visible(full));
    expect(fast.status).toBe(200);
  });

  it("formats errors of a partial answer like Apollo (masking, codes, path), with data", async () => {
    // A resolver error (a cursor that is not ours) beside a field that answers.
    const query = `query Mixed { viewer: me { username } page: alerts(first: 1, after: "not-a-cursor") { totalCount } }`;
    const { fast, full, took } = await both(json(), JSON.stringify({ query }));
    expect(visible(fast)).toEqual(visible(full));
    expect(took).toBe("served");
    const answer = JSON.parse(decoded(fast)) as { data: unknown; errors?: { extensions: { code: string } }[] };
    expect("data" in answer).toBe(true);
    expect(answer.errors?.length ?? 0).toBeGreaterThan(0);
    expect(answer.errors!.every((e) => typeof e.extensions.code === "string")).toBe(true);
  });

  it.each([
    ["a document that does not validate", json(), JSON.stringify({ query: "{ alerts { nope } }" })],
    ["a syntax error", json(), JSON.stringify({ query: "{ alerts(" })],
    ["variables that do not coerce", json(), JSON.stringify({ query: PAGE, variables: { first: "many" } })],
    ["two operations without a name", json(), JSON.stringify({ query: "query A { me { username } } query B { me { username } }" })],
    ["a mutation", json(), JSON.stringify({ query: 'mutation { updateAlert(tenantId: "x", id: "y", input: {}) { id } }' })],
    ["persisted-query extensions", json(), JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: "ab".repeat(32) } } })],
    ["extensions that are not an object", json(), JSON.stringify({ query: "{ me { username } }", extensions: "yes" })],
    ["malformed JSON", json(), '{"query": "{ me { username } }"'],
    ["a JSON string body", json(), '"{ me { username } }"'],
    ["a body over the limit", json(), JSON.stringify({ query: `{ me { username } } # ${"x".repeat(5_000)}` })],
    [
      "variables nested too deep",
      json(),
      JSON.stringify({ query: PAGE, variables: { first: 1, x: JSON.parse("[".repeat(40) + "]".repeat(40)) as unknown } }),
    ],
  ])("leaves %s to the full path, which answers it as always", async (_name, headers, body) => {
    const { fast, full, took } = await both(headers, body);
    expect(took).toBe("full_path");
    expect(visible(fast)).toEqual(visible(full));
    expect(fast.status).toBeGreaterThanOrEqual(400);
  });

  it("leaves a request without a valid token to the full path before reading its body (401)", async () => {
    const body = JSON.stringify({ query: PAGE });
    const { fast, full, took } = await both({ "content-type": "application/json", authorization: "Bearer not.a.jwt" }, body);
    expect(took).toBe("full_path");
    expect(visible(fast)).toEqual(visible(full));
    expect(fast.status).toBe(401);
  });

  /** A GET query as urql sends it by default (`preferGetMethod: "within-url-limit"`). */
  const getSearch = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;
  const URQL_ACCEPT = "application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed";
  const auth = () => ({ authorization: `Bearer ${token}` });

  it.each([
    ["urql's GET", { accept: URQL_ACCEPT }],
    ["a GET with gzip", { "accept-encoding": "gzip, br" }],
    ["a GET with no Accept", {}],
  ])("serves %s with the same status, headers, ETag and body as the full path", async (_name, extra: Record<string, string>) => {
    const search = getSearch({ query: PAGE, variables: JSON.stringify({ first: 30 }), operationName: "Page" });
    const { fast, full, took } = await both({ ...auth(), ...extra }, null, search);
    expect(took).toBe("served");
    expect(visible(fast)).toEqual(visible(full));
    expect(fast.status).toBe(200);
    expect(fast.headers.etag).toMatch(/^W\/"/);
    expect(fast.headers.etag).toBe(full.headers.etag);
  });

  it.each([
    ["a GET mutation (405)", getSearch({ query: 'mutation { updateAlert(tenantId: "x", id: "y", input: {}) { id } }' }), {}],
    ["variables given twice", `${getSearch({ query: PAGE, variables: "{}" })}&variables=%7B%7D`, {}],
    ["variables that are not JSON", getSearch({ query: PAGE, variables: "{first:1" }), {}],
    ["variables that are not an object", getSearch({ query: PAGE, variables: "[1]" }), {}],
    ["no query", getSearch({ operationName: "Page" }), {}],
    ["a GET with a content type", getSearch({ query: "{ me { username } }" }), { "content-type": "text/plain" }],
  ])("leaves %s to the full path, which answers it as always", async (_name, search, extra: Record<string, string>) => {
    const before = await metrics();
    const { fast, full } = await both({ ...auth(), ...extra }, null, search);
    expect((await metrics()).served).toBe(before.served);
    expect(visible(fast)).toEqual(visible(full));
  });

  it("answers a conditional GET like the full path: 304 without a body while the answer is unchanged, else 200", async () => {
    const search = getSearch({ query: PAGE, variables: JSON.stringify({ first: 5 }) });
    const first = await raw(`${gw.url}/graphql${search}`, auth(), null);
    const tag = String(first.headers.etag);
    for (const [ifNoneMatch, status] of [
      [tag, 304],
      [`W/"other", ${tag}`, 304],
      ['W/"other"', 200],
    ] as const) {
      const { fast, full, took } = await both({ ...auth(), "if-none-match": ifNoneMatch, "accept-encoding": "gzip" }, null, search);
      expect(took).toBe("served");
      expect(visible(fast)).toEqual(visible(full));
      expect(fast.status).toBe(status);
      expect(fast.headers.etag).toBe(tag);
      if (status === 304) expect(fast.body.length).toBe(0);
    }
  });

  it("leaves a browser opening the page to GraphiQL", async () => {
    const before = await metrics();
    const search = getSearch({ query: "{ me { username } }" });
    const page = await raw(`${gw.url}/graphql${search}`, { ...auth(), accept: "text/html,application/xhtml+xml,*/*;q=0.8" }, null);
    const navigation = await raw(`${gw.url}/graphql${search}`, { ...auth(), accept: "*/*", "sec-fetch-dest": "document" }, null);
    expect((await metrics()).served).toBe(before.served);
    expect([page.headers["content-type"], navigation.headers["content-type"]]).toEqual([
      expect.stringMatching(/^text\/html/),
      expect.stringMatching(/^text\/html/),
    ]);
  });

  it("does not take what is not a JSON POST of /graphql by an API client", async () => {
    const url = `${gw.url}/graphql`;
    const before = await metrics();
    const cases: [Record<string, string>, string][] = [
      [json({ "content-type": "application/json; charset=latin1" }), JSON.stringify({ query: "{ me { username } }" })],
      [json({ "content-type": "text/plain" }), JSON.stringify({ query: "{ me { username } }" })],
      [json({ accept: "text/event-stream" }), JSON.stringify({ query: "{ me { username } }" })],
      [json({ accept: "text/html" }), JSON.stringify({ query: "{ me { username } }" })],
    ];
    const answers = await Promise.all(cases.map(([h, b]) => raw(url, h, b)));
    expect(await metrics()).toEqual(before);
    expect(answers.map((a) => a.status)).toEqual([415, 400, 200, 406]);
  });
});

describe("query fast path: HTTP_FAST_PATH=off", () => {
  it("sends every request through the full path", async () => {
    const gw = await startGateway({ HTTP_FAST_PATH: "off" });
    try {
      await gw.synced();
      const read = async () =>
        sample(await (await fetch(`${gw.url}/metrics`)).text(), "gateway_http_fast_path_requests_total", { outcome: "served" }) ?? 0;
      const before = await read();
      const res = await gw.gql(PAGE, { first: 5 });
      expect(res.status).toBe(200);
      expect(await read()).toBe(before);
    } finally {
      await gw.close();
    }
  });
});

describe("query fast path: a refused rate limit", () => {
  it("answers 429 RATE_LIMITED with Retry-After exactly as the full path does", async () => {
    const gw = await startGateway({ RATE_LIMIT_PER_CALLER: "2", RATE_LIMIT_WINDOW_S: "60", RESPONSE_CACHE_TTL_MS: "0" });
    try {
      await gw.synced();
      const token = await gw.token("bob");
      const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
      const body = JSON.stringify({ query: PAGE, variables: { first: 2 } });
      const url = `${gw.url}/graphql`;
      const served = async () =>
        sample(await (await fetch(`${gw.url}/metrics`)).text(), "gateway_http_fast_path_requests_total", { outcome: "served" }) ?? 0;
      expect((await raw(url, headers, body)).status).toBe(200);
      expect((await raw(url, headers, body)).status).toBe(200);
      const before = await served();
      const fast = await raw(url, headers, body);
      expect(await served()).toBe(before + 1); // answered on the fast path, not handed on
      const full = await raw(url, { ...headers, origin: gw.url }, body);
      expect(fast.status).toBe(429);
      expect({ ...visible(fast), retryAfter: undefined }).toEqual({ ...visible(full), retryAfter: undefined });
      expect(Number(fast.headers["retry-after"])).toBeGreaterThan(0);
      expect((JSON.parse(decoded(fast)) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe("RATE_LIMITED");
    } finally {
      await gw.close();
    }
  });
});

describe("query fast path: browser pages on an origin CORS allows", () => {
  const SOC = "https://soc.example.com";
  let fastGw: TestGateway;
  let fullGw: TestGateway;
  beforeAll(async () => {
    const env = { CORS_ORIGINS: `${SOC}, http://localhost:5173`, RESPONSE_CACHE_TTL_MS: "0" };
    [fastGw, fullGw] = await Promise.all([startGateway(env), startGateway({ ...env, HTTP_FAST_PATH: "off" })]);
    await Promise.all([fastGw.synced(), fullGw.synced()]);
  });
  afterAll(() => Promise.all([fastGw?.close(), fullGw?.close()]));

  const served = async (gw: TestGateway) =>
    sample(await (await fetch(`${gw.url}/metrics`)).text(), "gateway_http_fast_path_requests_total", { outcome: "served" }) ?? 0;
  /** All but the body: the two gateways' data differ in times. */
  const head = (a: RawAnswer) => ({ ...visible(a), body: undefined });
  const ask = async (gw: TestGateway, extra: Record<string, string>) =>
    raw(
      `${gw.url}/graphql`,
      { "content-type": "application/json", authorization: `Bearer ${await gw.token("alice")}`, ...extra },
      JSON.stringify({ query: PAGE, variables: { first: 25 } }),
    );

  it.each([
    ["an allowed origin", { origin: SOC }, true],
    ["an allowed origin, gzip", { origin: SOC, "accept-encoding": "gzip, deflate, br" }, true],
    ["no origin (an API client)", {}, true],
    ["an origin CORS does not allow", { origin: "https://evil.example.com", "accept-encoding": "gzip" }, false],
    ["the gateway's own page", { origin: "http://127.0.0.1:1" }, false],
  ])("answers %s with the full path's CORS headers", async (_name, extra: Record<string, string>, taken) => {
    const before = await served(fastGw);
    const fast = await ask(fastGw, extra);
    expect(await served(fastGw)).toBe(before + (taken ? 1 : 0));
    const full = await ask(fullGw, extra);
    expect(head(fast)).toEqual(head(full));
    expect(fast.status).toBe(200);
    if (extra.origin === SOC) {
      expect(fast.headers["access-control-allow-origin"]).toBe(SOC);
      // the page reads the same answer an API client gets
      const api = await ask(fastGw, {});
      expect(decoded(fast)).toBe(decoded(api));
    }
  });
});

import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode, UpstreamError } from "../../src/errors/errors.js";
import { createMemoryBudget } from "../../src/upstream/budget.limiter.js";
import { createDefenderClient, type UpstreamCallEvent } from "../../src/upstream/defender.client.js";
import { createGraphClient, type GraphClientOptions } from "../../src/upstream/graph.client.js";
import { createGraphSource } from "../../src/upstream/graph.source.js";
import type { GraphBatchRequestItem } from "../../src/upstream/graph.types.js";
import { createUpstreamLoaders } from "../../src/upstream/upstream.loaders.js";
import { createUpstreamSource } from "../../src/upstream/upstream.source.js";
import { fakeCredentials, upstreamError } from "./fake-defender.js";
import { gAlert, graphError, send, startFakeGraph, type FakeGraph, type GraphSeen } from "./fake-graph.js";
import { TEST_REDIS_URL } from "../helpers/redis.js";

const T1 = "11111111-1111-1111-1111-111111111111";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let fake: FakeGraph;
beforeAll(async () => {
  fake = await startFakeGraph();
});
afterAll(() => fake.close());
afterEach(() => {
  fake.requests.length = 0;
  fake.handle((_req, res) => send(res, 200, { value: [] }));
});

function client(over: Partial<GraphClientOptions> = {}) {
  const creds = fakeCredentials();
  const events: UpstreamCallEvent[] = [];
  const warnings: Record<string, unknown>[] = [];
  const c = createGraphClient({
    baseUrl: fake.url,
    credentialFactory: creds.factory,
    backoff: { baseMs: 10, capMs: 50 },
    onCall: (e) => events.push(e),
    logger: { warn: (obj) => warnings.push(obj) },
    ...over,
  });
  return { c, creds, events, warnings };
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const p of pages) out.push(p);
  return out;
}

const header = (r: GraphSeen, name: string) => r.headers[name] as string | undefined;

describe("Graph lists", () => {
  it("polls lastUpdateDateTime ge <since> and follows @odata.nextLink until it is absent, whatever the page sizes", async () => {
    fake.handle((req, res) => {
      const token = req.query.$skiptoken;
      const next = (t: string) => `${fake.url}/security/alerts_v2?$skiptoken=${t}`;
      // a short page in the middle must not end the paging: only a missing nextLink does
      if (!token)
        return send(res, 200, {
          "@odata.context": "x",
          value: [gAlert("a1", "2026-11-29T10:00:02Z"), gAlert("a2", "2026-11-29T10:00:01Z")],
          "@odata.nextLink": next("p2"),
        });
      if (token === "p2") return send(res, 200, { value: [gAlert("a3", "2026-11-29T10:00:00Z")], "@odata.nextLink": next("p3") });
      return send(res, 200, { value: [gAlert("a4", "2026-11-29T09:59:59Z"), gAlert("a5", "2026-11-29T09:59:58Z")] });
    });
    const { c, events } = client();
    const since = Date.parse("2026-11-29T09:00:00Z");
    const pages = await collect(c.alertsChangedSince(T1, since, { top: 2 }));
    expect(pages.map((p) => p.map((a) => a.id))).toEqual([["a1", "a2"], ["a3"], ["a4", "a5"]]);
    expect(fake.requests).toHaveLength(3);
    const [first, second] = fake.requests;
    expect(first.path).toBe("/security/alerts_v2");
    expect(first.query).toEqual({ $filter: "lastUpdateDateTime ge 2026-11-29T09:00:00.000Z", $top: "2" });
    expect(second.query).toEqual({ $skiptoken: "p2" });
    for (const r of fake.requests) {
      expect(header(r, "authorization")).toBe(`Bearer tok-${T1}-1`);
      expect(header(r, "prefer")).toBe("include-unknown-enum-members");
      expect(header(r, "client-request-id")).toMatch(UUID);
    }
    expect(new Set(fake.requests.map((r) => header(r, "client-request-id"))).size).toBe(3);
    expect(events.map((e) => [e.route, e.priority, e.outcome])).toEqual(Array(3).fill(["GET /security/alerts_v2", "sync", "ok"]));
  });

  it("a full page without @odata.nextLink is read again as time halves (field reports: alerts_v2 may cut pages short silently)", async () => {
    const world = [1, 2, 3, 4, 5].map((s) => gAlert(`a${s}`, `2026-11-29T10:00:0${s}Z`));
    fake.handle((req, res) => {
      const f = req.query.$filter;
      const lo = Date.parse(/ge (\S+)/.exec(f)![1]);
      const hi = /lt (\S+)/.exec(f) ? Date.parse(/lt (\S+)/.exec(f)![1]) : Infinity;
      const rows = world.filter((a) => Date.parse(a.lastUpdateDateTime) >= lo && Date.parse(a.lastUpdateDateTime) < hi);
      // most recent first, at most $top, and never a nextLink
      send(res, 200, { value: rows.reverse().slice(0, Number(req.query.$top)) });
    });
    const { c } = client();
    const pages = await collect(c.alertsChangedSince(T1, Date.parse("2026-11-29T10:00:00Z"), { top: 2 }));
    expect([...new Set(pages.flat().map((a) => a.id))].sort()).toEqual(["a1", "a2", "a3", "a4", "a5"]);
    expect(fake.requests.some((r) => r.query.$filter.includes(" and lastUpdateDateTime lt "))).toBe(true);
  });

  it("asks each tenant's credential for the Graph scope, once per tenant, and refreshes it once after a 401", async () => {
    const scopes: string[] = [];
    let made = 0;
    const c = createGraphClient({
      baseUrl: fake.url,
      credentialFactory: () => {
        const n = ++made;
        return {
          getToken: (scope: string | string[]) => {
            scopes.push(String(scope));
            return Promise.resolve({ token: `graph-tok-${n}`, expiresOnTimestamp: Date.now() + 3_600_000 });
          },
        };
      },
    });
    let calls = 0;
    fake.handle((_req, res) =>
      ++calls === 1 ? send(res, 401, graphError("InvalidAuthenticationToken", "expired")) : send(res, 200, { value: [] }),
    );
    await collect(c.alertsChangedSince(T1, 0));
    await collect(c.alertsChangedSince(T1, 0));
    expect(new Set(scopes)).toEqual(new Set(["https://graph.microsoft.com/.default"]));
    expect(made).toBe(2);
    expect(fake.requests.map((r) => header(r, "authorization"))).toEqual([
      "Bearer graph-tok-1",
      "Bearer graph-tok-2",
      "Bearer graph-tok-2",
    ]);
  });

  it("incidents are listed the same way", async () => {
    fake.handle((req, res) =>
      req.query.$skiptoken
        ? send(res, 200, { value: [{ id: "2", status: "active" }] })
        : send(res, 200, {
            value: [{ id: "1", status: "redirected", redirectIncidentId: "2" }],
            "@odata.nextLink": `${fake.url}/security/incidents?$skiptoken=x`,
          }),
    );
    const { c } = client();
    const pages = await collect(c.incidentsChangedSince(T1, 0));
    expect(pages.flat().map((i) => i.id)).toEqual(["1", "2"]);
    expect(fake.requests[0].path).toBe("/security/incidents");
    expect(fake.requests[0].query.$filter).toBe("lastUpdateDateTime ge 1970-01-01T00:00:00.000Z");
  });

  it("never sends the tenant's token to a nextLink on another host", async () => {
    fake.handle((_req, res) =>
      send(res, 200, {
        value: [gAlert("a1", "2026-11-29T10:00:00Z")],
        "@odata.nextLink": "https://attacker.example/v1.0/security/alerts_v2?$skiptoken=x",
      }),
    );
    const { c } = client();
    const pages: unknown[] = [];
    const e = await upstreamError(
      (async () => {
        for await (const p of c.alertsChangedSince(T1, 0)) pages.push(p);
      })(),
    );
    expect(e.code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
    expect(e.message).toContain("another host");
    expect(pages).toHaveLength(1);
    expect(fake.requests).toHaveLength(1);
  });

  it("a 429 with Retry-After is retried no earlier than it says", async () => {
    const at: number[] = [];
    fake.handle((_req, res) => {
      at.push(Date.now());
      if (at.length === 1) return send(res, 429, graphError("TooManyRequests", "Too many requests"), { "retry-after": "1" });
      return send(res, 200, { value: [gAlert("a1", "2026-11-29T10:00:00Z")] });
    });
    const { c, events } = client();
    const pages = await collect(c.alertsChangedSince(T1, 0));
    expect(pages.flat().map((a) => a.id)).toEqual(["a1"]);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(950);
    expect(events.map((e) => e.outcome)).toEqual(["throttled", "ok"]);
  });

  it("an error answer's code, message, request-id and client-request-id end up in the error and the log", async () => {
    fake.handle((req, res) =>
      send(
        res,
        400,
        graphError("BadRequest", "Invalid filter clause: property 'investigationState' is not supported", header(req, "client-request-id")),
      ),
    );
    const { c, warnings } = client();
    const e = await upstreamError(collect(c.alertsChangedSince(T1, 0)));
    const sent = header(fake.requests[0], "client-request-id")!;
    expect(e.code).toBe(ErrorCode.UPSTREAM_BAD_REQUEST);
    expect(e.extensions).toMatchObject({ tenantId: T1, upstreamStatus: 400 });
    expect(e.message).toContain("Graph API answered 400 BadRequest: Invalid filter clause");
    expect(e.message).toContain("request-id 11111111-aaaa-bbbb-cccc-222222222222");
    expect(e.message).toContain(`client-request-id ${sent}`);
    expect(warnings).toEqual([
      expect.objectContaining({
        tenantId: T1,
        status: 400,
        code: "BadRequest",
        requestId: "11111111-aaaa-bbbb-cccc-222222222222",
        clientRequestId: sent,
      }),
    ]);
    // not JSON (a proxy's page): the request-id header is still logged
    fake.handle((_req, res) => {
      res.writeHead(502, { "content-type": "text/html", "request-id": "from-header" });
      res.end("<html><body>Bad gateway</body></html>");
    });
    const { c: c2, warnings: w2 } = client({ maxAttempts: 1 });
    const e2 = await upstreamError(c2.getAlert(T1, "x"));
    expect(e2.code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
    expect(e2.message).toContain("Bad gateway");
    expect(w2[0]).toMatchObject({ requestId: "from-header" });
  });

  it("get is null on 404; PATCH sends camelCase; a comment is posted as an alertComment, then the alert is read again", async () => {
    let stored: Record<string, unknown> | null = null;
    fake.handle((req, res) => {
      if (req.method === "GET") return stored ? send(res, 200, stored) : send(res, 404, graphError("NotFound", "no such alert"));
      if (req.method === "PATCH") {
        stored = { "@odata.context": "x", ...gAlert("a1", "2026-11-29T10:00:00Z"), ...JSON.parse(req.body), comments: [] };
        return send(res, 200, stored);
      }
      const comments = [{ comment: JSON.parse(req.body).comment, createdByDisplayName: "App", createdDateTime: "2026-11-29T10:00:01Z" }];
      // a comment is a change: upstream moves lastUpdateDateTime
      stored = { ...stored, comments, lastUpdateDateTime: "2026-11-29T10:00:01Z" };
      return send(res, 200, { value: comments });
    });
    const source = createGraphSource(client().c);
    expect(await source.getAlerts(T1, [])).toEqual([]);
    const updated = await source.updateAlert(T1, "a1", {
      status: "RESOLVED",
      determination: "CLEAN",
      classification: "FALSE_POSITIVE",
      comment: "benign",
    });
    expect(updated).toMatchObject({
      status: "RESOLVED",
      determination: "CLEAN",
      classification: "FALSE_POSITIVE",
      comments: [{ comment: "benign", createdByDisplayName: "App" }],
      lastUpdateDateTime: "2026-11-29T10:00:01Z",
    });
    const [patch, post, get] = fake.requests;
    expect([get.method, get.path]).toEqual(["GET", "/security/alerts_v2/a1"]);
    expect([patch.method, patch.path]).toEqual(["PATCH", "/security/alerts_v2/a1"]);
    expect(JSON.parse(patch.body)).toEqual({ status: "resolved", determination: "clean", classification: "falsePositive" });
    expect([post.method, post.path]).toEqual(["POST", "/security/alerts_v2/a1/comments"]);
    expect(JSON.parse(post.body)).toEqual({ "@odata.type": "microsoft.graph.security.alertComment", comment: "benign" });
    stored = null;
    const { c } = client();
    expect(await c.getAlert(T1, "nope")).toBeNull();
  });
});

/** A `$batch` handler: answers each inner request through `inner`, in reverse order (Graph promises no order). */
function batchHandler(
  inner: (r: GraphBatchRequestItem, round: number) => { status: number; headers?: Record<string, string>; body?: unknown },
) {
  let round = 0;
  return (req: GraphSeen, res: Parameters<typeof send>[0]) => {
    expect([req.method, req.path]).toEqual(["POST", "/$batch"]);
    round++;
    const { requests } = JSON.parse(req.body) as { requests: GraphBatchRequestItem[] };
    if (requests.length > 20) return send(res, 400, graphError("BadRequest", "Too many requests in batch"));
    send(res, 200, { responses: requests.map((r) => ({ id: r.id, ...inner(r, round) })).reverse() });
  };
}
const batchSizes = () => fake.requests.map((r) => (JSON.parse(r.body) as { requests: unknown[] }).requests.length);
const idOf = (r: GraphBatchRequestItem) => decodeURIComponent(r.url.split("/").pop()!);

describe("JSON batching", () => {
  it("sends at most 20 requests per $batch and maps every answer back to its id", async () => {
    fake.handle(
      batchHandler((r) => ({
        status: 200,
        headers: { "content-type": "application/json" },
        body: gAlert(idOf(r), "2026-11-29T10:00:00Z"),
      })),
    );
    const { c, events } = client();
    const ids = Array.from({ length: 45 }, (_, i) => `da${i}`);
    const got = await createGraphSource(c).getAlerts(T1, ids);
    expect(batchSizes()).toEqual([20, 20, 5]);
    expect(got.map((a) => (a && !(a instanceof Error) ? a.id : a))).toEqual(ids);
    const inner = (JSON.parse(fake.requests[0].body) as { requests: GraphBatchRequestItem[] }).requests[0];
    expect(inner).toMatchObject({ method: "GET", url: "/security/alerts_v2/da0", headers: { prefer: "include-unknown-enum-members" } });
    expect(events.filter((e) => e.route === "POST /$batch")).toHaveLength(3);
    expect(events.filter((e) => e.route === "GET /security/alerts_v2/{id}" && e.outcome === "ok")).toHaveLength(45);
  });

  it("an inner 429 retries only that request, after its own Retry-After; the others are answered at once", async () => {
    const at: number[] = [];
    const handler = batchHandler((r, round) =>
      idOf(r) === "c" && round === 1
        ? { status: 429, headers: { "retry-after": "1" }, body: graphError("TooManyRequests", "slow down") }
        : { status: 200, body: gAlert(idOf(r), "2026-11-29T10:00:00Z") },
    );
    fake.handle((req, res) => {
      at.push(Date.now());
      handler(req, res);
    });
    const { c } = client();
    const got = await createGraphSource(c).getAlerts(T1, ["a", "b", "c", "d"]);
    expect(got.map((a) => (a && !(a instanceof Error) ? a.id : a))).toEqual(["a", "b", "c", "d"]);
    expect(batchSizes()).toEqual([4, 1]);
    expect(idOf((JSON.parse(fake.requests[1].body) as { requests: GraphBatchRequestItem[] }).requests[0])).toBe("c");
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(950);
  });

  it("an inner failure fails only its key: 403, 400 and a Retry-After too long to wait for; 404 is null", async () => {
    let gotRound2 = false;
    fake.handle(
      batchHandler((r, round) => {
        if (round > 1) gotRound2 = true;
        switch (idOf(r)) {
          case "forbidden":
            return { status: 403, body: graphError("Forbidden", "Missing SecurityAlert.Read.All") };
          case "bad":
            return { status: 400, body: graphError("BadRequest", "Invalid id") };
          case "gone":
            return { status: 404, body: graphError("NotFound", "gone") };
          case "slow":
            return { status: 429, headers: { "Retry-After": "120" }, body: graphError("TooManyRequests", "later") };
          default:
            return { status: 200, body: gAlert(idOf(r), "2026-11-29T10:00:00Z") };
        }
      }),
    );
    const { c } = client({ maxRetryWaitMs: 2_000 });
    const [ok, forbidden, bad, gone, slow, ok2] = await createGraphSource(c).getAlerts(T1, [
      "ok",
      "forbidden",
      "bad",
      "gone",
      "slow",
      "ok2",
    ]);
    expect(ok).toMatchObject({ id: "ok" });
    expect(ok2).toMatchObject({ id: "ok2" });
    expect(gone).toBeNull();
    expect(forbidden).toBeInstanceOf(UpstreamError);
    expect((forbidden as UpstreamError).extensions).toMatchObject({
      code: ErrorCode.UPSTREAM_AUTH_FAILED,
      tenantId: T1,
      upstreamStatus: 403,
    });
    expect((forbidden as UpstreamError).message).toContain("Missing SecurityAlert.Read.All");
    expect((bad as UpstreamError).extensions).toMatchObject({ code: ErrorCode.UPSTREAM_BAD_REQUEST, tenantId: T1 });
    expect((slow as UpstreamError).extensions).toMatchObject({ code: ErrorCode.UPSTREAM_THROTTLED, tenantId: T1, retryAfterSeconds: 120 });
    expect(gotRound2).toBe(false);
    expect(fake.requests).toHaveLength(1);
  });

  it("each inner request costs one unit of the tenant's Graph budget; refused keys fail without being sent", async () => {
    fake.handle(batchHandler((r) => ({ status: 200, body: gAlert(idOf(r), "2026-11-29T10:00:00Z") })));
    const { c } = client({ budgetImpl: createMemoryBudget({ perMinute: 5, perHour: 100, reserve: { read: 0 } }) });
    const got = await createGraphSource(c).getAlerts(T1, ["a", "b", "c", "d", "e", "f", "g"]);
    expect(batchSizes()).toEqual([5]);
    expect(got.slice(0, 5).every((a) => a && !(a instanceof Error))).toBe(true);
    for (const e of got.slice(5))
      expect((e as UpstreamError).extensions).toMatchObject({ code: ErrorCode.UPSTREAM_THROTTLED, tenantId: T1 });
    expect(await c.budgetLeft(T1)).toEqual({ minute: 0, hour: 95 });
  });

  it("a $batch of GETs is retried as a whole on 5xx; if it keeps failing every key of it fails", async () => {
    fake.handle((_req, res) => send(res, 503, graphError("ServiceUnavailable", "down")));
    const { c } = client({ maxAttempts: 2 });
    const got = await createGraphSource(c).getAlerts(T1, ["a", "b"]);
    for (const e of got)
      expect((e as UpstreamError).extensions).toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, tenantId: T1, upstreamStatus: 503 });
    expect(fake.requests).toHaveLength(2);
  });
});

describe("per-request loaders", () => {
  it("one tick of loads across tenants becomes one $batch per tenant per 20 ids; a failing key rejects only its own load", async () => {
    const T2 = "22222222-2222-2222-2222-222222222222";
    fake.handle(
      batchHandler((r) =>
        idOf(r) === "broken"
          ? { status: 500, body: graphError("InternalServerError", "boom") }
          : { status: 200, body: gAlert(idOf(r), "2026-11-29T10:00:00Z") },
      ),
    );
    const graph = createGraphSource(client({ maxAttempts: 1 }).c);
    const source = createUpstreamSource({ apiOf: () => "graph", graph, defender: graph });
    const loaders = createUpstreamLoaders(source);
    const t1 = Array.from({ length: 21 }, (_, i) => ({ tenantId: T1, id: `x${i}` }));
    const loads = [...t1, { tenantId: T2, id: "y1" }, { tenantId: T2, id: "broken" }, { tenantId: T1, id: "x0" }].map((k) =>
      loaders.alert.load(k).then(
        (a) => a?.id,
        (e: unknown) => e,
      ),
    );
    const got = await Promise.all(loads);
    expect(got.slice(0, 21)).toEqual(t1.map((k) => k.id));
    expect(got[21]).toBe("y1");
    expect((got[22] as UpstreamError).extensions).toMatchObject({
      code: ErrorCode.UPSTREAM_UNAVAILABLE,
      tenantId: T2,
      upstreamStatus: 500,
    });
    expect(got[23]).toBe("x0");
    expect(batchSizes().sort((a, b) => a - b)).toEqual([1, 2, 20]);
  });
});

describe("per-API budgets in Redis", () => {
  it("a tenant's Graph budget lives beside, not inside, its legacy Defender budget", async () => {
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    const prefix = `test-graph-budget-${randomUUID().slice(0, 8)}:`;
    try {
      fake.handle((_req, res) => send(res, 200, { value: [] }));
      const graph = client({ redis, keyPrefix: prefix, budget: { perMinute: 4, perHour: 100, reserve: { sync: 0 } } }).c;
      const legacy = createDefenderClient({
        baseUrlFor: () => fake.origin,
        credentialFactory: fakeCredentials().factory,
        redis,
        keyPrefix: prefix,
        budget: { perMinute: 3, perHour: 100 },
      });
      for (let i = 0; i < 4; i++) await collect(graph.alertsChangedSince(T1, 0));
      await expect(collect(graph.alertsChangedSince(T1, 0))).rejects.toMatchObject({ extensions: { code: ErrorCode.UPSTREAM_THROTTLED } });
      // the legacy budget of the same tenant is untouched
      expect(await legacy.budgetLeft(T1)).toEqual({ minute: 3, hour: 100 });
      expect((await redis.keys(`${prefix}*`)).sort()).toEqual([
        `${prefix}graph:{t:${T1}}:budget:hour`,
        `${prefix}graph:{t:${T1}}:budget:minute`,
      ]);
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });
});

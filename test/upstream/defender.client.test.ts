import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/errors/errors.js";
import { createDefenderClient, type DefenderClientOptions, type UpstreamCallEvent } from "../../src/upstream/defender.client.js";
import { waitFor } from "../helpers/wait.js";
import { defenderError, fakeCredentials, json, startFakeDefender, upstreamError, type FakeDefender } from "./fake-defender.js";

const T1 = "11111111-1111-1111-1111-111111111111";
const T2 = "22222222-2222-2222-2222-222222222222";

let fake: FakeDefender;
beforeAll(async () => {
  fake = await startFakeDefender();
});
afterAll(() => fake.close());
afterEach(() => {
  fake.requests.length = 0;
  fake.handle((_req, res) => json(res, 200, { "@odata.context": "x", value: [] }));
});

/** A client against the fake with fast backoff; every option overridable. */
function client(over: Partial<DefenderClientOptions> = {}) {
  const creds = fakeCredentials();
  const events: UpstreamCallEvent[] = [];
  const c = createDefenderClient({
    baseUrlFor: () => fake.url,
    credentialFactory: creds.factory,
    backoff: { baseMs: 10, capMs: 50 },
    onCall: (e) => events.push(e),
    ...over,
  });
  return { c, creds, events };
}

const alert = (id: string) => ({
  id,
  title: `alert ${id}`,
  severity: "High",
  status: "New",
  evidence: [],
  comments: [],
  mitreTechniques: [],
});

describe("requests and responses", () => {
  it("listAlerts builds the OData query with literal $ options and returns the value array", async () => {
    fake.handle((_req, res) => json(res, 200, { "@odata.context": "https://x/api/$metadata#Alerts", value: [alert("a1"), alert("a2")] }));
    const { c } = client();
    const filter = "lastUpdateTime ge 2025-03-02T09:00:00.000Z and assignedTo eq 'o''brien@x'";
    const alerts = await c.listAlerts(T1, { filter, top: 100, skip: 200, expandEvidence: true, orderBy: "lastUpdateTime asc" }, "sync");
    expect(alerts.map((a) => a.id)).toEqual(["a1", "a2"]);
    const [req] = fake.requests;
    expect(req.path).toBe("/api/alerts");
    expect(req.url).toContain(
      "?$filter=lastUpdateTime%20ge%202025-03-02T09%3A00%3A00.000Z%20and%20assignedTo%20eq%20%27o%27%27brien%40x%27&$top=100&$skip=200&$orderby=lastUpdateTime%20asc&$expand=evidence",
    );
    expect(req.query).toEqual({ $filter: filter, $top: "100", $skip: "200", $orderby: "lastUpdateTime asc", $expand: "evidence" });
    expect(req.authorization).toBe(`Bearer tok-${T1}-1`);
  });

  it("sends no query options when none are given, and reuses the tenant's credential", async () => {
    const { c, creds } = client();
    await c.listAlerts(T1);
    await c.listAlerts(T1);
    await c.listAlerts(T2);
    expect(fake.requests.map((r) => r.url)).toEqual(["/api/alerts", "/api/alerts", "/api/alerts"]);
    expect(creds.stats.instances).toBe(2); // one per tenant, created lazily
    expect(fake.requests[2].authorization).toBe(`Bearer tok-${T2}-2`);
  });

  it("updateAlert PATCHes JSON at write priority and returns the entity without @odata.context", async () => {
    fake.handle((req, res) =>
      json(res, 200, {
        "@odata.context": "https://x/api/$metadata#Alerts/$entity",
        ...alert("da1_-2"),
        ...(req.body ? JSON.parse(req.body) : {}),
      }),
    );
    const { c, events } = client();
    const updated = await c.updateAlert(T1, "da1_-2", { status: "Resolved", comment: "done" });
    expect(updated).toMatchObject({ id: "da1_-2", status: "Resolved" });
    expect(updated).not.toHaveProperty("@odata.context");
    const [patch] = fake.requests;
    expect(patch.url).toBe("/api/alerts/da1_-2");
    expect(patch.method).toBe("PATCH");
    expect(patch.contentType).toBe("application/json");
    expect(JSON.parse(patch.body)).toEqual({ status: "Resolved", comment: "done" });
    expect(events.map((e) => [e.route, e.priority, e.status])).toEqual([["PATCH /api/alerts/{id}", "write", 200]]);
  });

  it("404: updateAlert returns null, lists return []", async () => {
    fake.handle((_req, res) => defenderError(res, 404, "ResourceNotFound", "not found"));
    const { c } = client();
    expect(await c.updateAlert(T1, "nope", { comment: "x" })).toBeNull();
    expect(await c.listAlerts(T1)).toEqual([]);
    expect(await c.listMachines(T1)).toEqual([]);
    expect(fake.requests.map((r) => r.path)).toEqual(["/api/alerts/nope", "/api/alerts", "/api/machines"]);
  });

  it("an unexpected body shape is UPSTREAM_UNAVAILABLE", async () => {
    fake.handle((_req, res) => json(res, 200, { items: [] }));
    const { c } = client();
    const e = await upstreamError(c.listAlerts(T1));
    expect(e.code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
  });
});

describe("machines by id", () => {
  const hexId = (i: number) => i.toString(16).padStart(40, "0");

  it("chunks ids into short `id eq … or …` filters, dedupes, escapes quotes, merges the results", async () => {
    fake.handle((req, res) => {
      const ids = [...req.query.$filter.matchAll(/id eq '((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));
      json(res, 200, { value: ids.map((id) => ({ id, computerDnsName: `${id}.local` })) });
    });
    const { c } = client();
    const ids = [...Array.from({ length: 120 }, (_, i) => hexId(i)), hexId(3), "o'brien-pc"];
    const machines = await c.listMachines(T1, { ids });
    expect(machines.map((m) => m.id).sort()).toEqual([...new Set(ids)].sort());
    expect(fake.requests.length).toBeGreaterThanOrEqual(3);
    for (const r of fake.requests) {
      expect(r.path).toBe("/api/machines");
      const encoded = r.url.slice(r.url.indexOf("$filter=") + "$filter=".length);
      expect(encoded.length).toBeLessThanOrEqual(1_800);
      expect(r.query.$filter.split(" or ").length).toBeLessThanOrEqual(50);
    }
    expect(fake.requests.some((r) => r.query.$filter.includes("id eq 'o''brien-pc'"))).toBe(true);
  });

  it("honours a configured chunk size; no ids means no call", async () => {
    const { c } = client({ machineIdChunk: { maxIds: 10 } });
    await c.listMachines(T1, { ids: Array.from({ length: 25 }, (_, i) => hexId(i)) });
    expect(fake.requests).toHaveLength(3);
    fake.requests.length = 0;
    expect(await c.listMachines(T1, { ids: [] })).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("auth and client errors", () => {
  it("401: refreshes the token once (new credential), then UPSTREAM_AUTH_FAILED", async () => {
    fake.handle((_req, res) => defenderError(res, 401, "Unauthorized", "token expired"));
    const { c, creds } = client();
    const e = await upstreamError(c.listAlerts(T1));
    expect(e.code).toBe(ErrorCode.UPSTREAM_AUTH_FAILED);
    expect(e.extensions.tenantId).toBe(T1);
    expect(fake.requests.map((r) => r.authorization)).toEqual([`Bearer tok-${T1}-1`, `Bearer tok-${T1}-2`]);
    expect(creds.stats.instances).toBe(2);
    expect(e.message).not.toContain("tok-");
  });

  it("401 then 200 after the refresh succeeds", async () => {
    fake.handle((req, res) =>
      req.authorization?.endsWith("-1") ? defenderError(res, 401, "Unauthorized", "expired") : json(res, 200, { value: [alert("x")] }),
    );
    const { c } = client();
    expect(await c.listAlerts(T1)).toHaveLength(1);
    expect(fake.requests).toHaveLength(2);
  });

  it("403 is UPSTREAM_AUTH_FAILED without retry; 400 is UPSTREAM_BAD_REQUEST with Defender's code, message and correlation", async () => {
    fake.handle((_req, res) => defenderError(res, 403, "Forbidden", "missing Machine.Read.All"));
    const { c } = client();
    const forbidden = await upstreamError(c.listMachines(T1));
    expect(forbidden.code).toBe(ErrorCode.UPSTREAM_AUTH_FAILED);
    expect(forbidden.message).toContain("missing Machine.Read.All");
    expect(fake.requests).toHaveLength(1);

    fake.handle((_req, res) =>
      defenderError(res, 400, "ODataError", "Invalid filter near Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"),
    );
    const bad = await upstreamError(c.listAlerts(T1, { filter: "nonsense" }));
    expect(bad.code).toBe(ErrorCode.UPSTREAM_BAD_REQUEST);
    expect(bad.message).toContain("400 ODataError: Invalid filter");
    expect(bad.message).toContain("correlation 0b5e1c2d-aaaa-bbbb-cccc-000000000001");
    expect(bad.message).not.toContain("eyJ");
    expect(bad.extensions.upstreamStatus).toBe(400);
    expect(fake.requests).toHaveLength(2);
  });

  it("a failing token acquisition is UPSTREAM_AUTH_FAILED, never shows the secret, and sends nothing", async () => {
    const creds = fakeCredentials({ fail: () => new Error("AADSTS7000215: Invalid client secret provided: s3cr3t-value") });
    const c = createDefenderClient({ baseUrlFor: () => fake.url, credentialFactory: creds.factory, clientSecret: "s3cr3t-value" });
    const e = await upstreamError(c.listAlerts(T1));
    expect(e.code).toBe(ErrorCode.UPSTREAM_AUTH_FAILED);
    expect(e.extensions.tenantId).toBe(T1);
    expect(e.message).toContain("AADSTS7000215");
    expect(e.message).not.toContain("s3cr3t-value");
    expect(fake.requests).toHaveLength(0);
  });
});

describe("retries, Retry-After and timeouts", () => {
  it("retries 5xx and succeeds", async () => {
    let n = 0;
    fake.handle((_req, res) =>
      ++n < 3 ? defenderError(res, 503, "ServiceUnavailable", "busy") : json(res, 200, { value: [alert("ok")] }),
    );
    const { c, events } = client();
    expect(await c.listAlerts(T1)).toHaveLength(1);
    expect(fake.requests).toHaveLength(3);
    expect(events.map((e) => [e.attempt, e.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ]);
    expect(c.state(T1)).toEqual({ breaker: "closed" });
  });

  it("exhausted retries are UPSTREAM_UNAVAILABLE after maxAttempts calls; lastError is reported", async () => {
    fake.handle((_req, res) => defenderError(res, 500, "InternalServerError", "boom"));
    const { c } = client();
    const e = await upstreamError(c.listAlerts(T1));
    expect(e.code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
    expect(e.extensions.tenantId).toBe(T1);
    expect(fake.requests).toHaveLength(3);
    expect(c.state(T1).lastError).toContain("500 InternalServerError");
  });

  it("writes are not retried after a 5xx (the PATCH may have been applied)", async () => {
    fake.handle((_req, res) => defenderError(res, 502, "BadGateway", "proxy"));
    const { c } = client();
    const e = await upstreamError(c.updateAlert(T1, "a", { comment: "once" }));
    expect(e.code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
    expect(fake.requests).toHaveLength(1);
  });

  it("429 with Retry-After: 1 is retried no earlier than one second later (writes too)", async () => {
    let n = 0;
    fake.handle((_req, res) =>
      ++n === 1 ? defenderError(res, 429, "TooManyRequests", "quota", { "retry-after": "1" }) : json(res, 200, alert("a")),
    );
    const { c, events } = client();
    expect(await c.updateAlert(T1, "a", { status: "InProgress" })).toMatchObject({ id: "a" });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1].at - fake.requests[0].at).toBeGreaterThanOrEqual(1_000);
    expect(events[0]).toMatchObject({ status: 429, throttled: true });
  });

  it("Retry-After beyond the max wait fails at once with UPSTREAM_THROTTLED and keeps later calls away until then", async () => {
    fake.handle((_req, res) => defenderError(res, 429, "TooManyRequests", "quota", { "retry-after": "120" }));
    const { c } = client({ maxRetryWaitMs: 2_000 });
    const started = Date.now();
    const e = await upstreamError(c.listAlerts(T1));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(e.code).toBe(ErrorCode.UPSTREAM_THROTTLED);
    expect(e.extensions.retryAfterSeconds).toBe(120);
    expect(fake.requests).toHaveLength(1);
    // the tenant stays blocked, on every route: no request is sent before Retry-After has passed
    const again = await upstreamError(c.listMachines(T1));
    expect(again.code).toBe(ErrorCode.UPSTREAM_THROTTLED);
    expect(again.extensions.retryAfterSeconds).toBeGreaterThan(100);
    expect(fake.requests).toHaveLength(1);
    // other tenants are unaffected
    fake.handle((_req, res) => json(res, 200, { value: [] }));
    await c.listAlerts(T2);
    expect(fake.requests).toHaveLength(2);
  });

  it("503 with a long Retry-After is UPSTREAM_THROTTLED with retryAfterSeconds", async () => {
    fake.handle((_req, res) => defenderError(res, 503, "ServiceUnavailable", "maintenance", { "retry-after": "30" }));
    const { c } = client();
    const e = await upstreamError(c.listAlerts(T1));
    expect(e.code).toBe(ErrorCode.UPSTREAM_THROTTLED);
    expect(e.extensions.retryAfterSeconds).toBe(30);
    expect(fake.requests).toHaveLength(1);
  });

  it("a hanging upstream times out per attempt and ends as UPSTREAM_UNAVAILABLE", async () => {
    fake.handle(() => undefined); // never answers
    const { c, events } = client({ timeoutMs: 150, maxAttempts: 2 });
    const started = Date.now();
    const e = await upstreamError(c.listAlerts(T1));
    expect(e.code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
    expect(e.message).toContain("did not answer within 150 ms");
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(fake.requests).toHaveLength(2);
    expect(events.map((ev) => ev.outcome)).toEqual(["timeout", "timeout"]);
  });

  it("an unreachable host is UPSTREAM_UNAVAILABLE", async () => {
    const { c } = client({ baseUrlFor: () => "http://127.0.0.1:1", maxAttempts: 2 });
    const e = await upstreamError(c.listAlerts(T1));
    expect(e.code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
    expect(e.message).toContain("unreachable");
  });
});

describe("circuit breaker per tenant", () => {
  it("opens after consecutive failures, fails fast without calling upstream, half-opens after the reset and closes on success", async () => {
    fake.handle((_req, res) => defenderError(res, 500, "InternalServerError", "down"));
    const { c } = client({ maxAttempts: 1, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 300 } });
    for (let i = 0; i < 3; i++) expect((await upstreamError(c.listAlerts(T1))).message).toContain("500");
    expect(c.state(T1).breaker).toBe("open");
    expect(fake.requests).toHaveLength(3);

    const open = await upstreamError(c.listAlerts(T1));
    expect(open.code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
    expect(open.message).toContain("circuit breaker open");
    expect(open.extensions.tenantId).toBe(T1);
    expect(open.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(fake.requests).toHaveLength(3);

    // another tenant has its own breaker
    await upstreamError(c.listAlerts(T2));
    expect(fake.requests).toHaveLength(4);
    expect(c.state(T2).breaker).toBe("closed");

    fake.handle((_req, res) => json(res, 200, { value: [alert("back")] }));
    await waitFor(() => c.state(T1).breaker === "halfOpen", { timeoutMs: 3_000, what: "half-open" });
    expect(await c.listAlerts(T1)).toHaveLength(1);
    expect(c.state(T1)).toEqual({ breaker: "closed" });
  });

  it("a failed trial call opens the breaker again; throttling and 4xx never open it", async () => {
    fake.handle((_req, res) => defenderError(res, 400, "InvalidInput", "bad"));
    const { c } = client({ maxAttempts: 1, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 200 } });
    for (let i = 0; i < 4; i++) await upstreamError(c.listAlerts(T1));
    expect(c.state(T1).breaker).toBe("closed");

    fake.handle((_req, res) => defenderError(res, 504, "GatewayTimeout", "slow"));
    await upstreamError(c.listAlerts(T1));
    await upstreamError(c.listAlerts(T1));
    expect(c.state(T1).breaker).toBe("open");
    await waitFor(() => c.state(T1).breaker === "halfOpen", { timeoutMs: 3_000, what: "half-open" });
    const before = fake.requests.length;
    await upstreamError(c.listAlerts(T1)); // the trial, fails
    expect(fake.requests.length).toBe(before + 1);
    expect(c.state(T1).breaker).toBe("open");
  });
});

describe("budget and priorities (memory)", () => {
  it("sync stops at its reserve while reads still pass; writes may use the rest; refusals send nothing", async () => {
    const { c, events } = client({ budget: { perMinute: 10, perHour: 100 } });
    // sync may use 80% (8 calls)
    for (let i = 0; i < 8; i++) await c.listAlerts(T1, {}, "sync");
    const sync = await upstreamError(c.listAlerts(T1, {}, "sync"));
    expect(sync.code).toBe(ErrorCode.UPSTREAM_THROTTLED);
    expect(sync.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(sync.extensions.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(events.at(-1)).toMatchObject({ outcome: "budgetSpent", throttled: true, status: null });
    // reads keep going until their own 5% reserve (9 of 10)
    await c.listAlerts(T1);
    const read = await upstreamError(c.listAlerts(T1));
    expect(read.code).toBe(ErrorCode.UPSTREAM_THROTTLED);
    // the last call is reserved for writes
    await c.updateAlert(T1, "a", { comment: "x" });
    expect(await c.budgetLeft(T1)).toEqual({ minute: 0, hour: 90 });
    const write = await upstreamError(c.updateAlert(T1, "a", { comment: "y" }));
    expect(write.code).toBe(ErrorCode.UPSTREAM_THROTTLED);
    expect(fake.requests).toHaveLength(10);
    // another tenant has its own budget
    expect(await c.budgetLeft(T2)).toEqual({ minute: 10, hour: 100 });
    await c.listAlerts(T2, {}, "sync");
    // budget refusals are not outages
    expect(c.state(T1).breaker).toBe("closed");
  });

  it("every HTTP attempt costs budget, retries and token refreshes included", async () => {
    let n = 0;
    fake.handle((_req, res) => (++n < 3 ? defenderError(res, 500, "InternalServerError", "x") : json(res, 200, { value: [] })));
    const { c } = client({ budget: { perMinute: 50, perHour: 500 } });
    await c.listAlerts(T1);
    expect(await c.budgetLeft(T1)).toEqual({ minute: 47, hour: 497 });
  });
});

describe("batchUpdate", () => {
  it("POSTs the ids and fields in the batch page's spelling, at write priority; 200 with an empty body is true, 404 false", async () => {
    fake.handle((_req, res) => {
      res.writeHead(200, { "content-length": "0" });
      res.end();
    });
    const { c, events } = client();
    expect(
      await c.batchUpdateAlerts(T1, ["a1", "a2"], { determination: "NotMalicious", classification: "FalsePositive", comment: "x" }),
    ).toBe(true);
    const req = fake.requests[0];
    expect([req.method, req.url, req.contentType]).toEqual(["POST", "/api/alerts/batchUpdate", "application/json"]);
    expect(JSON.parse(req.body)).toEqual({ alertIds: ["a1", "a2"], determination: "Clean", classification: "FalsePositive", comment: "x" });
    expect(events.map((e) => [e.route, e.priority, e.status])).toEqual([["POST /api/alerts/batchUpdate", "write", 200]]);
    fake.handle((_req, res) => defenderError(res, 404, "ResourceNotFound", "Alert a3 was not found"));
    expect(await c.batchUpdateAlerts(T1, ["a3"], { status: "Resolved" })).toBe(false);
  });

  it("spends its own budget, never the tenant's other calls' (and theirs never its own)", async () => {
    fake.handle((_req, res) => json(res, 200, { value: [] }));
    const { c } = client({ budget: { perMinute: 3, perHour: 100 }, batchUpdateBudget: { perMinute: 2, perHour: 100 } });
    await c.batchUpdateAlerts(T1, ["a"], { status: "New" });
    await c.batchUpdateAlerts(T1, ["a"], { status: "New" });
    const spent = await upstreamError(c.batchUpdateAlerts(T1, ["a"], { status: "New" }));
    expect(spent.code).toBe(ErrorCode.UPSTREAM_THROTTLED);
    expect(spent.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await c.budgetLeft(T1)).toEqual({ minute: 3, hour: 100 });
    for (let i = 0; i < 3; i++) await c.listAlerts(T1, {}, "write");
    expect(fake.requests).toHaveLength(5);
  });

  it("an upstream 429 fails at once (no wait, no retry) and blocks only further batch updates of the tenant", async () => {
    fake.handle((req, res) =>
      req.method === "POST"
        ? defenderError(res, 429, "TooManyRequests", "batch quota", { "retry-after": "3" })
        : json(res, 200, { value: [] }),
    );
    const { c } = client();
    const started = Date.now();
    const e = await upstreamError(c.batchUpdateAlerts(T1, ["a"], { status: "Resolved" }));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect([e.code, e.extensions.retryAfterSeconds]).toEqual([ErrorCode.UPSTREAM_THROTTLED, 3]);
    expect(fake.requests).toHaveLength(1);
    const again = await upstreamError(c.batchUpdateAlerts(T1, ["b"], { status: "Resolved" }));
    expect(again.code).toBe(ErrorCode.UPSTREAM_THROTTLED);
    expect(fake.requests).toHaveLength(1);
    await c.listAlerts(T1);
    expect(fake.requests).toHaveLength(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { sample } from "../helpers/metrics.js";
import { waitFor } from "../helpers/wait.js";
import { rawSocket } from "../subscriptions/live.helpers.js";

describe("health and metrics endpoints", () => {
  let gw: TestGateway;
  let tenant: string;
  beforeAll(async () => {
    gw = await startGateway();
    await gw.synced();
    tenant = gw.app.registry.ids()[0]!;
  });
  afterAll(async () => {
    await gw?.close();
  });

  const metrics = async () => {
    const res = await fetch(`${gw.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it("/healthz is live and /readyz reports its checks", async () => {
    const live = await fetch(`${gw.url}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", checks: { store: true } });
  });

  it("exposes every named metric", async () => {
    const text = await metrics();
    for (const name of [
      "gateway_http_request_duration_seconds",
      "gateway_graphql_request_duration_seconds",
      "gateway_graphql_errors_total",
      "gateway_upstream_calls_total",
      "gateway_upstream_errors_total",
      "gateway_upstream_throttled_total",
      "gateway_upstream_budget_remaining",
      "gateway_sync_lag_seconds",
      "gateway_sync_polls_total",
      "gateway_subscribers",
      "gateway_live_connections",
      "gateway_alert_events_total",
      "gateway_notification_deliveries_total",
      "gateway_requests_rejected_total",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
  });

  it("counts requests, upstream calls, budgets, sync lag and events per tenant", async () => {
    expect((await gw.gql("query Page { alerts(first: 5) { edges { node { id machine { id } } } } }")).status).toBe(200);
    await gw.gql("{ nope }");
    const text = await metrics();
    expect(
      sample(text, "gateway_graphql_request_duration_seconds_count", { operation_type: "query", operation_name: "Page", outcome: "ok" }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, "gateway_graphql_errors_total", { code: "GRAPHQL_VALIDATION_FAILED" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "gateway_http_request_duration_seconds_count", { route: "/graphql", status: "200" })).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, "gateway_upstream_calls_total", { tenant, route: "GET /security/alerts_v2", outcome: "ok" }),
    ).toBeGreaterThanOrEqual(1);
    // The embedded default is on Graph: no call of the legacy API, and the page's devices cost nothing (alert evidence).
    const routes = [...text.matchAll(/^gateway_upstream_calls_total\{[^}]*route="([^"]+)"/gm)].map((m) => m[1]);
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.filter((r) => !/^(GET|POST|PATCH) \/(security\/|\$batch)/.test(r))).toEqual([]);
    const minute = sample(text, "gateway_upstream_budget_remaining", { tenant, window: "minute" });
    expect(minute).toBeGreaterThan(0);
    expect(minute).toBeLessThan(130);
    const lag = sample(text, "gateway_sync_lag_seconds", { tenant });
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(30);
    expect(sample(text, "gateway_sync_polls_total", { tenant, outcome: "ok" })).toBeGreaterThanOrEqual(1);
    expect(sample(text, "gateway_alert_events_total", { kind: "CREATED" })).toBeGreaterThanOrEqual(gw.app.registry.ids().length);
  });

  it("counts upstream errors and 429s per tenant", async () => {
    const before = sample(await metrics(), "gateway_upstream_errors_total", { tenant, outcome: "serverError" }) ?? 0;
    gw.app.simulator!.control.setFaults(tenant, { failStatus: 503, failCount: 1 });
    await gw.app.sync.syncNow(tenant);
    gw.app.simulator!.control.setFaults(tenant, { failStatus: 429, failCount: 1 });
    await gw.app.sync.syncNow(tenant);
    gw.app.simulator!.control.clearFaults(tenant);
    const text = await metrics();
    expect(sample(text, "gateway_upstream_errors_total", { tenant, outcome: "serverError" })).toBeGreaterThan(before);
    expect(sample(text, "gateway_upstream_throttled_total", { tenant, source: "upstream" })).toBeGreaterThanOrEqual(1);
  });

  it("shows live subscribers and connections", async () => {
    const s = await rawSocket(gw.url);
    await s.init(await gw.token("alice"));
    s.send({ id: "1", type: "subscribe", payload: { query: "subscription { alertEvents { cursor } }" } });
    await waitFor(async () => sample(await metrics(), "gateway_subscribers") === 1, { what: "subscriber gauge" });
    expect(sample(await metrics(), "gateway_live_connections", { transport: "websocket" })).toBe(1);
    s.ws.close();
    await waitFor(async () => sample(await metrics(), "gateway_subscribers") === 0, { what: "subscriber gauge back to 0" });
  });

  it("counts refused requests by reason", async () => {
    await gw.gql(`{ me { ${Array.from({ length: 20 }, (_, i) => `a${i}: id`).join(" ")} } }`);
    expect(sample(await metrics(), "gateway_requests_rejected_total", { reason: "query_too_complex" })).toBeGreaterThanOrEqual(1);
  });
});

describe("/metrics with a bearer token", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ METRICS_BEARER_TOKEN: "scrape-secret" });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it("refuses scrapers without the token", async () => {
    expect((await fetch(`${gw.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${gw.url}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    expect((await fetch(`${gw.url}/metrics`, { headers: { authorization: "Bearer scrape-secret" } })).status).toBe(200);
  });
});

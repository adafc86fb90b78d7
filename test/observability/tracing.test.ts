import http from "node:http";
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installTracing, type Tracing } from "../../src/observability/tracing.js";
import { createSimulator, type Simulator } from "../../src/simulator/index.js";
import { remoteEnvFor, startGateway, userGrant, type TestGateway } from "../helpers/gateway.js";
import { postGraphQL } from "../helpers/operations.js";
import { waitFor } from "../helpers/wait.js";
import { WsSubscriber } from "../subscriptions/live.helpers.js";

/**
 * Tracing through a real gateway (remote mode, Defender calls over HTTP through a recording proxy in front of
 * the simulator), exported to the SDK's InMemorySpanExporter.
 */
describe("OpenTelemetry tracing", () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let sim: Simulator;
  let gw: TestGateway;
  let proxy: http.Server;
  /** What the upstream saw: path and `traceparent` of every Defender API request. */
  const upstreamRequests: { path: string; traceparent?: string }[] = [];
  /** Machine requests still to be answered 503 by the proxy (to see a retry). */
  let failMachines = 0;

  beforeAll(async () => {
    tracing = installTracing(new SimpleSpanProcessor(exporter));
    sim = await createSimulator({ tenantCount: 2, alertsPerTenant: 10, seed: 11 });
    const target = new URL(sim.httpUrl!);
    proxy = http.createServer((req, res) => {
      upstreamRequests.push({ path: req.url ?? "", traceparent: req.headers.traceparent as string | undefined });
      if (req.url?.startsWith("/api/machines") && failMachines > 0) {
        failMachines--;
        res.writeHead(503, { "content-type": "application/json" }).end('{"error":{"code":"ServiceUnavailable","message":"try again"}}');
        return;
      }
      const out = http.request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      req.pipe(out);
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    const port = (proxy.address() as { port: number }).port;
    gw = await startGateway({
      ...remoteEnvFor(sim, [userGrant("alice", "TIER2_ANALYST")]),
      // The proxy in front of the legacy API records traceparent; the Graph client propagates it the same way (one upstream module).
      UPSTREAM_API: "defender",
      DEFENDER_API_URL: `http://127.0.0.1:${port}`,
      SYNC_POLL_INTERVAL_MS: "60000",
    });
    await gw.synced();
  });
  afterAll(async () => {
    await gw?.close();
    await sim?.close();
    await new Promise((r) => proxy?.close(r));
    await tracing?.shutdown();
  });

  const spans = () => exporter.getFinishedSpans();
  const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
  const allAttributeValues = (s: ReadableSpan) => JSON.stringify(Object.values(s.attributes));

  it("traces each sync poll with its upstream call as a child that sent traceparent upstream", async () => {
    const tenantId = sim.tenants[0].id;
    const polls = await waitFor(() => spans().filter((s) => s.name === "sync poll" && s.attributes["gateway.tenant_id"] === tenantId), {
      what: "a sync poll span",
    });
    const poll = polls[0];
    expect(poll.attributes["gateway.sync.ok"]).toBe(true);
    expect(poll.attributes["gateway.sync.alerts"]).toBe(10);
    const call = spans().find((s) => s.name === "GET /api/alerts" && parentOf(s) === poll.spanContext().spanId);
    expect(call, "upstream span under the poll").toBeDefined();
    expect(call!.attributes).toMatchObject({
      "gateway.tenant_id": tenantId,
      "url.template": "GET /api/alerts",
      "http.response.status_code": 200,
      "http.request.resend_count": 0,
    });
    const sent = upstreamRequests.find((r) => r.traceparent?.includes(call!.spanContext().spanId));
    expect(sent?.traceparent).toBe(`00-${call!.spanContext().traceId}-${call!.spanContext().spanId}-01`);
  });

  it("continues a client's traceparent: one span per operation, named after it, never with variables' values", async () => {
    const token = await sim.mintUserToken({ user: "alice" });
    const list = await postGraphQL(gw.url, `{ alerts(first: 50) { edges { node { id tenantId machineId } } } }`, {}, token);
    type Node = { id: string; tenantId: string; machineId: string | null };
    const alert = (list.body.data as { alerts: { edges: { node: Node }[] } }).alerts.edges.map((e) => e.node).find((n) => n.machineId)!;
    expect(alert).toBeDefined();

    failMachines = 1; // the first machines request fails with 503: the span shows one retry
    const clientTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const clientSpan = "00f067aa0ba902b7";
    const res = await fetch(`${gw.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, traceparent: `00-${clientTrace}-${clientSpan}-01` },
      body: JSON.stringify({
        query: "query AlertWithMachine($tenantId: ID!, $id: ID!) { alert(tenantId: $tenantId, id: $id) { id machine { id } } }",
        operationName: "AlertWithMachine",
        variables: { tenantId: alert.tenantId, id: alert.id },
      }),
    });
    const body = (await res.json()) as { errors?: unknown[]; data: { alert: { machine: { id: string } } } };
    expect(body.errors).toBeUndefined();
    expect(body.data.alert.machine.id).toBe(alert.machineId);

    const op = await waitFor(() => spans().find((s) => s.name === "query AlertWithMachine"), { what: "the operation span" });
    expect(op.spanContext().traceId).toBe(clientTrace);
    expect(parentOf(op)).toBe(clientSpan);
    expect(op.attributes).toMatchObject({
      "graphql.operation.name": "AlertWithMachine",
      "graphql.operation.type": "query",
      "http.response.status_code": 200,
    });
    expect(allAttributeValues(op)).not.toContain(alert.id);

    const machines = spans().find((s) => s.name === "GET /api/machines" && s.spanContext().traceId === clientTrace);
    expect(machines, "upstream call in the client's trace").toBeDefined();
    expect(machines!.attributes).toMatchObject({
      "gateway.tenant_id": alert.tenantId,
      "http.response.status_code": 200,
      "http.request.resend_count": 1,
    });
    const sent = upstreamRequests.filter((r) => r.path.startsWith("/api/machines") && r.traceparent?.includes(clientTrace));
    expect(sent.length).toBe(2); // the failed attempt and the retry, both in the client's trace
    for (const s of sent) expect(s.traceparent).toBe(`00-${clientTrace}-${machines!.spanContext().spanId}-01`);
  });

  it("marks a failed operation with its error codes", async () => {
    const res = await postGraphQL(
      gw.url,
      "query Broken { alerts(first: 0) { totalCount } }",
      {},
      await sim.mintUserToken({ user: "alice" }),
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const op = await waitFor(() => spans().find((s) => s.name === "query Broken"), { what: "the failed operation span" });
    expect(op.status.code).toBe(2); // SpanStatusCode.ERROR
    expect(op.attributes["gateway.error_codes"]).toEqual(["BAD_USER_INPUT"]);
  });

  it("traces each live-event delivery batch", async () => {
    const sub = new WsSubscriber(() => sim.mintUserToken({ user: "alice" })).start(gw.url, null);
    try {
      const tenantId = sim.tenants[1].id;
      // Alerts keep coming until one arrives live (the socket may still be connecting for the first ones).
      const seen = await waitFor(
        async () => {
          const created = sim.control.createAlert(tenantId, { title: "Traced live" });
          await gw.app.sync.syncNow(tenantId);
          return waitFor(() => sub.events.find((e) => e.alertId === created.id), { timeoutMs: 1_000 }).catch(() => undefined);
        },
        { timeoutMs: 20_000, what: "a live event" },
      );
      const delivery = await waitFor(
        () => spans().find((s) => s.name === "deliver alert event" && s.attributes["gateway.event.cursor"] === seen.cursor),
        { what: "the delivery span" },
      );
      expect(delivery.attributes).toMatchObject({
        "gateway.tenant_id": tenantId,
        "gateway.event.kind": "CREATED",
        "gateway.delivery.groups": 1,
      });
    } finally {
      await sub.stop();
    }
  });
});

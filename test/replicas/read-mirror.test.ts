import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayProcess } from "../helpers/gateway.js";
import { userGrant } from "../helpers/gateway.js";
import { postGraphQL } from "../helpers/operations.js";
import { TEST_REDIS_URL } from "../helpers/redis.js";
import { waitFor } from "../helpers/wait.js";
import { leasesTaken, startCluster, type Cluster } from "./cluster.helpers.js";

const POLL_MS = 200;

const ALERT = `query One($tenantId: ID!, $id: ID!) { alert(tenantId: $tenantId, id: $id) { id status title } }`;
const SEARCH = `query Search($search: String) { alerts(filter: { search: $search }, first: 10) { totalCount edges { node { id status } } } }`;
const TOTAL = `{ alerts(first: 1) { totalCount } }`;
const UPDATE = `mutation Update($input: UpdateAlertInput!) { updateAlert(input: $input) { id status } }`;

type AlertData = { alert: { id: string; status: string; title: string } | null };
type SearchData = { alerts: { totalCount: number; edges: { node: { id: string; status: string } }[] } };

/**
 * Two (then three) gateway processes on one Redis with the read mirror on (the default): each answers reads from
 * memory; an alert synced by the replica holding the tenant's lease reaches the other's mirror through the event
 * log, a mutation is visible at once on the replica that made it and shortly after on the other, and a replica
 * started later builds its mirror before /readyz says ready.
 */
describe("read mirror across gateway processes", () => {
  let cluster: Cluster;
  let a: GatewayProcess;
  let b: GatewayProcess;

  beforeAll(async () => {
    cluster = await startCluster({
      redisUrl: TEST_REDIS_URL,
      tenantCount: 2,
      env: { SYNC_POLL_INTERVAL_MS: String(POLL_MS), RESPONSE_CACHE_TTL_MS: "0" },
      grants: [userGrant("triager", "TIER2_ANALYST")],
    });
    a = await cluster.start();
    await waitFor(() => leasesTaken(a).length === cluster.tenants.length, { timeoutMs: 15_000, what: "A to take every tenant" });
    b = await cluster.start();
    for (const gw of [a, b]) await waitFor(() => ready(gw), { timeoutMs: 20_000, what: "the replica's mirror to be built" });
  }, 90_000);
  afterAll(async () => {
    await cluster?.close();
  });

  const ready = async (gw: GatewayProcess) => {
    const res = await fetch(`${gw.url}/readyz`);
    const body = (await res.json()) as { checks: Record<string, boolean> };
    return res.status === 200 && body.checks.mirror === true;
  };
  const gql = async <T>(gw: GatewayProcess, user: string, query: string, variables?: Record<string, unknown>) => {
    const res = await postGraphQL(gw.url, query, variables, await cluster.token(user));
    expect(res.body.errors ?? [], JSON.stringify(res.body.errors)).toEqual([]);
    return res.body.data as T;
  };

  it("reports the mirror in /readyz and in metrics", async () => {
    for (const gw of [a, b]) {
      const metrics = await (await fetch(`${gw.url}/metrics`)).text();
      expect(metrics).toMatch(/^gateway_read_mirror_state\{state="ready"\} 1$/m);
      expect(metrics).toMatch(/^gateway_read_mirror_lag_seconds\{log="alerts"\} /m);
    }
  });

  it("an alert synced by the lease holder (A) is served by B's mirror within the poll interval plus the event delay", async () => {
    const tenantId = cluster.tenants[0];
    const title = `mirror probe ${Date.now()}`;
    const created = cluster.sim.control.createAlert(tenantId, { title });
    const t0 = Date.now();
    await waitFor(async () => (await gql<AlertData>(b, "all", ALERT, { tenantId, id: created.id })).alert?.title === title, {
      timeoutMs: 10_000,
      intervalMs: 20,
      what: "the new alert on replica B",
    });
    expect(Date.now() - t0).toBeLessThan(POLL_MS + 2_000);
    const found = await gql<SearchData>(b, "all", SEARCH, { search: title });
    expect(found.alerts.totalCount).toBe(1);
  });

  it("a mutation on B is read back at once on B (read-your-writes) and reaches A shortly after", async () => {
    const tenantId = cluster.tenants[1];
    const title = `mirror mutation ${Date.now()}`;
    const created = cluster.sim.control.createAlert(tenantId, { title });
    await waitFor(async () => (await gql<AlertData>(b, "triager", ALERT, { tenantId, id: created.id })).alert !== null, {
      timeoutMs: 10_000,
      what: "the alert on B",
    });
    const updated = await gql<{ updateAlert: { status: string } }>(b, "triager", UPDATE, {
      input: { tenantId, id: created.id, status: "RESOLVED" },
    });
    expect(updated.updateAlert.status).toBe("RESOLVED");
    // No wait: B's own mirror took the write before the mutation answered.
    expect((await gql<AlertData>(b, "triager", ALERT, { tenantId, id: created.id })).alert?.status).toBe("RESOLVED");
    expect((await gql<SearchData>(b, "triager", SEARCH, { search: title })).alerts.edges[0]?.node.status).toBe("RESOLVED");
    await waitFor(async () => (await gql<AlertData>(a, "triager", ALERT, { tenantId, id: created.id })).alert?.status === "RESOLVED", {
      timeoutMs: 5_000,
      intervalMs: 20,
      what: "the mutation on replica A",
    });
  });

  it("a replica started later builds its mirror from Redis before it is ready, and answers like the others", async () => {
    const c = await cluster.start();
    await waitFor(() => ready(c), { timeoutMs: 20_000, what: "C's mirror to be built" });
    const [onA, onC] = await Promise.all([gql<SearchData>(a, "all", TOTAL), gql<SearchData>(c, "all", TOTAL)]);
    expect(onC.alerts.totalCount).toBeGreaterThan(0);
    expect(onC.alerts.totalCount).toBe(onA.alerts.totalCount);
    const built = c.logs.find((l) => l.msg === "read mirror built from Redis: reads are answered from memory");
    expect(built).toBeDefined();
    // the full collection before ready ran (the process has the gateway's Node flags, --expose-gc among them)
    expect(typeof built?.settleMs).toBe("number");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MachinesOfHundredDocument, MachinesOfTenantsDocument } from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";

const PAGE_WITH_MACHINES = MachinesOfHundredDocument;

describe("upstream cost of on-demand fields", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // 10 tenants × 10 alerts: one page of 100 alerts spans all 10 tenants
    // Response cache off: these tests are about what each execution costs upstream.
    gw = await startGateway({
      UPSTREAM_API: "defender", // device lookups are a legacy-API cost: Graph tenants get devices from alert evidence
      RESPONSE_CACHE_TTL_MS: "0",
      SIM_TENANTS: "10",
      SIM_ALERTS_PER_TENANT: "10",
      SYNC_POLL_INTERVAL_MS: "600000",
      UPSTREAM_BREAKER_FAILURES: "3",
      UPSTREAM_BREAKER_RESET_MS: "1000",
      UPSTREAM_MAX_ATTEMPTS: "2",
    });
    await gw.synced();
    await gw.app.sync.stop();
  });
  afterAll(() => gw?.close());

  const machineCalls = () =>
    gw.app.simulator!.tenants.reduce((n, t) => {
      const c = gw.app.simulator!.control.getCounters(t.id).byRoute;
      return (
        n +
        Object.entries(c)
          .filter(([route]) => route.includes("/api/machines") || route.includes("/machine"))
          .reduce((s, [, v]) => s + v, 0)
      );
    }, 0);

  it("a 100-alert page over 10 tenants costs at most 10 machine calls cold and 0 warm", async () => {
    const sim = gw.app.simulator!;
    sim.control.resetCounters();
    const cold = await gw.gql(PAGE_WITH_MACHINES);
    expect(cold.body.errors).toBeUndefined();
    const edges = cold.body.data!.alerts.edges;
    expect(edges).toHaveLength(100);
    expect(new Set(edges.map((e) => e.node.tenantId)).size).toBe(10);
    for (const e of edges) expect(e.node.machine?.id).toBeTruthy();
    const coldCalls = machineCalls();
    expect(coldCalls).toBeGreaterThan(0);
    expect(coldCalls).toBeLessThanOrEqual(10);
    sim.control.resetCounters();
    const warm = await gw.gql(PAGE_WITH_MACHINES);
    expect(warm.body.errors).toBeUndefined();
    expect(machineCalls()).toBe(0);
  });
});

describe("upstream failures surface as coded, tenant-attributed errors", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({
      UPSTREAM_API: "defender", // device lookups are a legacy-API cost: Graph tenants get devices from alert evidence
      SIM_TENANTS: "3",
      SIM_ALERTS_PER_TENANT: "5",
      SYNC_POLL_INTERVAL_MS: "600000",
      MACHINE_CACHE_TTL_MS: "0",
      RESPONSE_CACHE_TTL_MS: "0",
      UPSTREAM_BREAKER_FAILURES: "3",
      UPSTREAM_BREAKER_RESET_MS: "1500",
      UPSTREAM_MAX_ATTEMPTS: "2",
      UPSTREAM_MAX_RETRY_WAIT_MS: "2000",
    });
    await gw.synced();
    await gw.app.sync.stop();
  });
  afterAll(() => gw?.close());

  const q = MachinesOfTenantsDocument;

  it("5xx: other tenants' fields still resolve; the failing tenant's are null with UPSTREAM_UNAVAILABLE + tenantId", async () => {
    const sim = gw.app.simulator!;
    const [bad, good] = [sim.tenants[0].id, sim.tenants[1].id];
    sim.control.setFaults(bad, { failStatus: 503 });
    try {
      const res = await gw.gql(q, { t: [bad, good] });
      const edges = res.body.data!.alerts.edges;
      expect(edges.length).toBe(10);
      // the failing tenant's alerts lose their machine; the healthy tenant's keep it
      expect(edges.map((e) => [e.node.tenantId, e.node.machine !== null])).toEqual(
        edges.map((e) => [e.node.tenantId, e.node.tenantId !== bad]),
      );
      const errs = res.body.errors ?? [];
      expect(errs.length).toBeGreaterThan(0);
      for (const err of errs) {
        expect(err.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
        expect(err.extensions?.tenantId).toBe(bad);
        expect(err.path).toContain("machine");
      }
    } finally {
      sim.control.clearFaults(bad);
    }
  });

  it("429 with a long Retry-After: UPSTREAM_THROTTLED with retryAfterSeconds, no hammering", async () => {
    const sim = gw.app.simulator!;
    const t = sim.tenants[2].id;
    sim.control.setLimits({ perMinute: 1, perHour: 1000 }, t);
    sim.control.resetBudget(t);
    try {
      await gw.gql(q, { t: [t] }); // spends the one call
      sim.control.resetCounters(t);
      const res = await gw.gql(q, { t: [t] });
      const err = res.body.errors?.find((e) => e.extensions?.code === "UPSTREAM_THROTTLED");
      expect(err?.extensions?.tenantId).toBe(t);
      expect(err?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
      // Retry-After (≈60 s) exceeds the max wait, so the client gives up at once instead of retrying early
      expect(sim.control.getCounters(t).total).toBeLessThanOrEqual(1);
    } finally {
      sim.control.setLimits({ perMinute: 100, perHour: 1500 }, t);
      sim.control.resetBudget(t);
    }
  });

  it("the breaker opens after repeated failures (no more upstream calls) and closes again after the reset time", async () => {
    const sim = gw.app.simulator!;
    const t = sim.tenants[1].id;
    sim.control.setFaults(t, { failStatus: 500 });
    for (let i = 0; i < 3; i++) await gw.gql(q, { t: [t] });
    sim.control.resetCounters(t);
    const open = await gw.gql(q, { t: [t] });
    expect(open.body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(sim.control.getCounters(t).total).toBe(0);
    sim.control.clearFaults(t);
    // healed: the breaker let a call through again and every alert got its machine
    await waitFor(
      async () => {
        const res = await gw.gql(q, { t: [t] });
        return !res.body.errors && res.body.data!.alerts.edges.every((e) => e.node.machine);
      },
      { timeoutMs: 10_000, intervalMs: 200, what: "the breaker to close and machines to resolve again" },
    );
  });
});

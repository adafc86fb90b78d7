import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SyncAllAlertsDocument, SyncFreshnessDocument, type SyncAllAlertsQuery } from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import type { GqlResult } from "../helpers/operations.js";

async function allAlerts(gw: TestGateway) {
  const out: { id: string; tenantId: string; status: string; assignedTo: string | null; comments: { comment: string }[] }[] = [];
  let after: string | null = null;
  for (;;) {
    const res: GqlResult<SyncAllAlertsQuery> = await gw.gql(SyncAllAlertsDocument, { after });
    expect(res.body.errors).toBeUndefined();
    const alerts = res.body.data!.alerts;
    out.push(...alerts.edges.map((e) => e.node));
    if (!alerts.pageInfo.hasNextPage) return { items: out, total: alerts.totalCount };
    after = alerts.pageInfo.endCursor;
  }
}

describe("alert sync", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ UPSTREAM_API: "defender", SIM_TENANTS: "3", SIM_ALERTS_PER_TENANT: "60", SYNC_PAGE_SIZE: "25" });
    await gw.synced();
  });
  afterAll(() => gw?.close());

  it("indexes every alert of every tenant, once, paging upstream with $top/$skip", async () => {
    const sim = gw.app.simulator!;
    const truth = sim.tenants.flatMap((t) => sim.control.listAlerts(t.id).map((a) => `${t.id}/${a.id}`)).sort();
    const { items, total } = await allAlerts(gw);
    const got = items.map((a) => `${a.tenantId}/${a.id}`).sort();
    expect(got).toEqual(truth);
    expect(new Set(got).size).toBe(got.length);
    expect(total).toBe(truth.length);
    // 60 alerts with $top=25 ⇒ several pages per tenant on the backfill
    expect(sim.control.getCounters(sim.tenants[0].id).byRoute["GET /api/alerts"]).toBeGreaterThanOrEqual(3);
  });

  it("sees upstream updates and new alerts on the next poll, without duplicates", async () => {
    const sim = gw.app.simulator!;
    const t = sim.tenants[1].id;
    const victim = sim.control.listAlerts(t)[5];
    sim.control.updateAlert(t, victim.id, { status: "InProgress", assignedTo: "soc@mssp.example", comment: "looking" });
    const fresh = sim.control.createAlert(t, { title: "Brand new alert from the simulator" });
    await gw.app.sync.syncNow(t);
    const { items } = await allAlerts(gw);
    const updated = items.find((a) => a.tenantId === t && a.id === victim.id)!;
    expect(updated.status).toBe("IN_PROGRESS");
    expect(updated.assignedTo).toBe("soc@mssp.example");
    expect(updated.comments.map((c) => c.comment)).toContain("looking");
    expect(items.filter((a) => a.id === fresh.id)).toHaveLength(1);
    const keys = items.map((a) => `${a.tenantId}/${a.id}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("reports sync freshness per tenant", async () => {
    const res = await gw.gql(SyncFreshnessDocument);
    expect(res.body.errors).toBeUndefined();
    for (const t of res.body.data!.tenants) {
      expect(t.sync.upstreamState).toBe("HEALTHY");
      expect(t.sync.backfilled).toBe(true);
      expect(t.sync.lastSuccessAt).toBeTruthy();
      expect(t.sync.indexedAlerts).toBeGreaterThanOrEqual(60);
      expect(t.sync.budgetLeftThisMinute).toBeLessThan(90);
    }
  });
});

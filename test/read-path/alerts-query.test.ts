import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphAlert } from "../../src/upstream/graph.mapper.js";
import type { SecurityAlert } from "../../src/upstream/upstream.types.js";
import {
  AlertsQueryCountsDocument,
  AlertsQueryMissingDocument,
  AlertsQueryOneDocument,
  AlertsQueryPageDocument,
  AlertsQueryTenantListsDocument,
  type AlertFilter,
  type AlertOrderField,
  type AlertsQueryPageQuery,
  type OrderDirection,
} from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import type { GqlResult } from "../helpers/operations.js";

const PAGE = AlertsQueryPageDocument;

const devicesOf = (a: SecurityAlert) => a.evidence.flatMap((e) => (e.kind === "device" && e.mdeDeviceId ? [e.mdeDeviceId] : []));

describe("alerts across tenants", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ SIM_TENANTS: "3", SIM_ALERTS_PER_TENANT: "40" });
    await gw.synced();
  });
  afterAll(() => gw?.close());

  /** What the Graph face serves (the embedded default's upstream), in the gateway's model. */
  const truth = () => {
    const sim = gw.app.simulator!;
    return sim.tenants.flatMap((t) => sim.control.listGraphAlerts(t.id).map((a) => ({ ...graphAlert(a), tenantId: t.id })));
  };
  const count = async (filter: AlertFilter) => {
    const res = await gw.gql(PAGE, { filter, first: 1 });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.alerts.totalCount;
  };

  it("filters by every AlertFilter field like the ground truth", async () => {
    const all = truth();
    const [t0, t1] = gw.app.simulator!.tenants;
    expect(await count({})).toBe(all.length);
    expect(await count({ tenantIds: [t0.id] })).toBe(all.filter((a) => a.tenantId === t0.id).length);
    expect(await count({ severities: ["HIGH", "MEDIUM"] })).toBe(
      all.filter((a) => a.severity === "HIGH" || a.severity === "MEDIUM").length,
    );
    expect(await count({ statuses: ["NEW"] })).toBe(all.filter((a) => a.status === "NEW").length);
    const cat = all[0].category!;
    expect(await count({ categories: [cat] })).toBe(all.filter((a) => a.category === cat).length);
    expect(await count({ detectionSources: ["WINDOWS_DEFENDER_ATP"] })).toBe(
      all.filter((a) => a.detectionSource === "WINDOWS_DEFENDER_ATP").length,
    );
    expect(await count({ serviceSources: ["MICROSOFT_DEFENDER_FOR_IDENTITY", "MICROSOFT_DEFENDER_FOR_OFFICE365"] })).toBe(
      all.filter((a) => a.serviceSource === "MICROSOFT_DEFENDER_FOR_IDENTITY" || a.serviceSource === "MICROSOFT_DEFENDER_FOR_OFFICE365")
        .length,
    );
    const owner = all.find((a) => a.assignedTo)?.assignedTo;
    expect(owner, "the simulator assigns some alerts").toEqual(expect.any(String));
    expect(await count({ assignedTo: [owner!.toUpperCase()] })).toBe(
      all.filter((a) => a.assignedTo?.toLowerCase() === owner!.toLowerCase()).length,
    );
    const word = all[3].title.split(" ")[0].toLowerCase();
    expect(await count({ search: word })).toBe(all.filter((a) => `${a.title} ${a.description ?? ""}`.toLowerCase().includes(word)).length);
    const m = all.find((a) => devicesOf(a).length > 0 && a.incidentId !== null)!;
    const device = devicesOf(m)[0];
    expect(await count({ machineId: device })).toBe(all.filter((a) => devicesOf(a).includes(device)).length);
    expect(await count({ incidentId: Number(m.incidentId) })).toBe(all.filter((a) => a.incidentId === m.incidentId).length);
    const mid = all.map((a) => Date.parse(a.createdDateTime!)).sort((a, b) => a - b)[Math.floor(all.length / 2)];
    const midIso = new Date(mid).toISOString();
    expect(await count({ createdSince: midIso })).toBe(all.filter((a) => Date.parse(a.createdDateTime!) >= mid).length);
    expect(await count({ createdUntil: midIso })).toBe(all.filter((a) => Date.parse(a.createdDateTime!) <= mid).length);
    expect(await count({ updatedSince: midIso })).toBe(all.filter((a) => Date.parse(a.lastUpdateDateTime!) >= mid).length);
    expect(await count({ tenantIds: [t1.id], severities: ["HIGH"], statuses: ["NEW", "IN_PROGRESS"] })).toBe(
      all.filter((a) => a.tenantId === t1.id && a.severity === "HIGH" && (a.status === "NEW" || a.status === "IN_PROGRESS")).length,
    );
  });

  it.each<[AlertOrderField, OrderDirection, "lastUpdateTime" | "alertCreationTime"]>([
    ["LAST_UPDATE_TIME", "DESC", "lastUpdateTime"],
    ["LAST_UPDATE_TIME", "ASC", "lastUpdateTime"],
    ["ALERT_CREATION_TIME", "DESC", "alertCreationTime"],
    ["ALERT_CREATION_TIME", "ASC", "alertCreationTime"],
  ])("orders by %s %s", async (field, direction, key) => {
    const res = await gw.gql(PAGE, { first: 100, orderBy: { field, direction } });
    const times = res.body.data!.alerts.edges.map((e) => Date.parse(e.node[key]!));
    const sorted = [...times].sort((a, b) => (direction === "ASC" ? a - b : b - a));
    expect(times).toEqual(sorted);
  });

  it("pages across tenants without losing or repeating an alert while new alerts arrive", async () => {
    const sim = gw.app.simulator!;
    const before = new Set(truth().map((a) => `${a.tenantId}/${a.id}`));
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res: GqlResult<AlertsQueryPageQuery> = await gw.gql(PAGE, {
        first: 7,
        after,
        orderBy: { field: "LAST_UPDATE_TIME", direction: "DESC" },
      });
      expect(res.body.errors).toBeUndefined();
      const conn = res.body.data!.alerts;
      seen.push(...conn.edges.map((e) => `${e.node.tenantId}/${e.node.id}`));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
      // new alerts in two tenants between pages, indexed at once
      const t = sim.tenants[pages % sim.tenants.length].id;
      sim.control.createAlert(t, { title: `arrived during paging ${pages}` });
      await gw.app.sync.syncNow(t);
      pages++;
    }
    expect(pages).toBeGreaterThan(10);
    expect(new Set(seen).size).toBe(seen.length);
    for (const key of before) expect(seen).toContain(key);
  });

  it("rejects bad paging arguments with BAD_USER_INPUT", async () => {
    for (const vars of [{ first: 0 }, { first: 101 }, { after: "not-a-cursor" }]) {
      const res = await gw.gql(PAGE, vars);
      expect(res.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
  });

  it("serves one alert by tenant and id, with a tenant portal link", async () => {
    const a = truth()[0];
    const res = await gw.gql(AlertsQueryOneDocument, { t: a.tenantId, id: a.id });
    expect(res.body.errors).toBeUndefined();
    const got = res.body.data!.alert!;
    expect(got.title).toBe(a.title);
    expect(got.severity).toBe(a.severity);
    expect(got.mitreTechniques).toEqual(a.mitreTechniques);
    expect(got.evidence.length).toBe(a.evidence.length);
    expect(got.portalUrl).toBe(`https://security.microsoft.com/alerts/${encodeURIComponent(a.id)}?tid=${a.tenantId}`);
    expect(got.tenant.portalUrl).toBe(`https://security.microsoft.com/?tid=${a.tenantId}`);
    const missing = await gw.gql(AlertsQueryMissingDocument, { t: a.tenantId });
    expect(missing.body.data!.alert).toBeNull();
  });

  it("counts open alerts by severity per tenant", async () => {
    const res = await gw.gql(AlertsQueryCountsDocument);
    for (const t of res.body.data!.tenants) {
      const open = truth().filter((a) => a.tenantId === t.id && a.status !== "RESOLVED");
      expect(t.alertCounts!.total).toBe(open.length);
      expect(t.alertCounts!.high).toBe(open.filter((a) => a.severity === "HIGH").length);
    }
  });

  it("lists cost zero upstream calls", async () => {
    const sim = gw.app.simulator!;
    await gw.app.sync.stop(); // no background polls during the measurement
    sim.control.resetCounters();
    for (let i = 0; i < 5; i++) await gw.gql(PAGE, { first: 100 });
    await gw.gql(AlertsQueryTenantListsDocument);
    for (const t of sim.tenants) expect(sim.control.getCounters(t.id).total).toBe(0);
  });
});

import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { makeAlert } from "../../../test/helpers/alert.fixture.js";
import { createMemoryIndex } from "../../store/memory.index.js";
import type { IndexedAlert } from "../../store/store.types.js";
import {
  alertPage,
  createIncidentAlertsLoader,
  devicesOf,
  readIncidentAlerts,
  serviceSourcesOf,
  withServiceSources,
  withSources,
} from "./incident-alerts.js";
import { makeIncident } from "../../../test/helpers/incident.fixture.js";

const T1 = "t1";
const T2 = "t2";

/** Alerts 0..19 of t1 (incident n%5) and 0..4 of t2, as the index holds them. */
async function indexed() {
  const index = createMemoryIndex();
  await index.upsert(
    T1,
    Array.from({ length: 20 }, (_, n) => makeAlert(`a${n}`, n)),
  );
  await index.upsert(
    T2,
    Array.from({ length: 5 }, (_, n) => makeAlert(`b${n}`, n)),
  );
  return index;
}

describe("incident alerts", () => {
  it("reads the alerts of several incidents of a tenant at once, newest change first, other tenants' apart", async () => {
    const index = await indexed();
    const got = await readIncidentAlerts(index, T1, ["1", "3", "404"]);
    expect([...got.keys()].sort()).toEqual(["1", "3"]);
    expect(got.get("1")!.map((i) => i.alert.id)).toEqual(["a16", "a11", "a6", "a1"]);
    expect(got.get("3")!.every((i) => i.tenantId === T1)).toBe(true);
  });

  it("batches a response's incidents into one index query per tenant", async () => {
    const index = await indexed();
    let queries = 0;
    const counted = { ...index, query: (q: Parameters<typeof index.query>[0]) => (queries++, index.query(q)) };
    const loader = createIncidentAlertsLoader(counted);
    const [a, b, c, none] = await Promise.all([
      loader.load({ tenantId: T1, id: "0" }),
      loader.load({ tenantId: T1, id: "2" }),
      loader.load({ tenantId: T2, id: "2" }),
      loader.load({ tenantId: T2, id: "404" }),
    ]);
    expect(queries).toBe(2);
    expect(a.map((i) => i.alert.id)).toEqual(["a15", "a10", "a5", "a0"]);
    expect(b).toHaveLength(4);
    expect(c.map((i) => i.alert.id)).toEqual(["b2"]);
    expect(none).toEqual([]);
  });

  it("pages an incident's alerts with the alert index's own cursors", async () => {
    const index = await indexed();
    const alerts = (await readIncidentAlerts(index, T1, ["4"])).get("4")!;
    const first = alertPage(alerts, { first: 3 });
    expect(first.edges.map((e) => e.node.id)).toEqual(["a19", "a14", "a9"]);
    expect(first).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    const rest = alertPage(alerts, { first: 3, after: first.pageInfo.endCursor });
    expect(rest.edges.map((e) => e.node.id)).toEqual(["a4"]);
    expect(rest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    // the same cursor continues the `alerts` query of that incident the same way
    const viaIndex = await index.query({
      filter: { tenantIds: [T1], incidentId: "4" },
      orderBy: { field: "lastUpdateDateTime", direction: "DESC" },
      first: 3,
      after: first.pageInfo.endCursor!,
    });
    expect(viaIndex.items.map((i) => i.alert.id)).toEqual(["a4"]);
    expect(() => alertPage(alerts, { first: 0 })).toThrow(/first/);
    expect(() => alertPage(alerts, { first: 101 })).toThrow(/first/);
    expect(() => alertPage(alerts, { after: "bm9wZQ" })).toThrow();
  });

  it("derives products and distinct devices from the alerts' evidence", async () => {
    const index = await indexed();
    const alerts = (await readIncidentAlerts(index, T1, ["0"])).get("0")!.map((i: IndexedAlert) => i.alert);
    // legacy alerts: Defender for Endpoint, devices from machineId m0..m3 (n%4 over n = 0, 5, 10, 15)
    expect(serviceSourcesOf(alerts)).toEqual(["MICROSOFT_DEFENDER_FOR_ENDPOINT"]);
    expect(
      devicesOf(T1, alerts)
        .map((d) => d.id)
        .sort(),
    ).toEqual(["m0", "m1", "m2", "m3"]);
    expect(devicesOf(T1, [...alerts, ...alerts])).toHaveLength(4);
    expect(serviceSourcesOf([{ ...alerts[0], source: "graph", serviceSource: "MICROSOFT_DEFENDER_FOR_IDENTITY" }, alerts[1]])).toEqual([
      "MICROSOFT_DEFENDER_FOR_IDENTITY",
      "MICROSOFT_DEFENDER_FOR_ENDPOINT",
    ]);
  });

  it("fills in the service sources of incidents upstream sent without them, leaving the others", async () => {
    const index = await indexed();
    const known = makeIncident("1", 2, { serviceSources: ["MICROSOFT_DEFENDER_FOR_OFFICE365"] });
    const [unknown, kept, empty] = await withServiceSources(index, T1, [
      makeIncident("3", 0, { serviceSources: undefined }),
      known,
      makeIncident("404", 0, { serviceSources: undefined }),
    ]);
    expect(unknown.serviceSources).toEqual(["MICROSOFT_DEFENDER_FOR_ENDPOINT"]);
    expect(kept).toBe(known);
    expect(empty.serviceSources).toEqual([]);
  });

  it("withSources keeps every field of the incident and only sets serviceSources", () => {
    const full = makeIncident("7", 3, {
      serviceSources: undefined,
      comments: [{ comment: "c", createdByDisplayName: "a", createdDateTime: null }],
    });
    const out = withSources(full, ["MICROSOFT_DEFENDER_FOR_ENDPOINT"]);
    // a field added to SecurityIncident and not listed in withSources would be missing here
    expect(Object.keys(out).sort()).toEqual([...new Set([...Object.keys(full), "serviceSources"])].sort());
    expect(out).toEqual({ ...full, serviceSources: ["MICROSOFT_DEFENDER_FOR_ENDPOINT"] });
    expect(full.serviceSources).toBeUndefined();
  });
});

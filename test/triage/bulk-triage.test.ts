import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantAccess } from "../access-grants/access.helpers.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { ok, operation } from "../helpers/operations.js";

const UPDATE_ALERTS = operation("update-alerts");
const UPDATE_INCIDENTS = operation("update-incidents");
const BATCH = "POST /v1.0/$batch";
const PATCH_ALERT = "PATCH /v1.0/security/alerts_v2/{id}";
const COMMENT_ALERT = "POST /v1.0/security/alerts_v2/{id}/comments";
const COMMENT_INCIDENT = "POST /v1.0/security/incidents/{id}/comments";
const DAVE = { user: "dave" };
const DAVE_UPN = "dave@mssp.example";

interface Failure {
  tenantId: string;
  id: string;
  code: string;
  message: string;
  retryAfterSeconds: number | null;
}
interface Item {
  tenantId: string;
  id: string;
}
const keyOf = (i: Item) => `${i.tenantId}/${i.id}`;

/**
 * Bulk triage over HTTP against the embedded simulator's Graph face. Dave holds TIER2 on tenants 0-2, TIER1 on tenant 3
 * and nothing on tenant 4; tenant 0's Graph quota is spent (every call answers 429 with a Retry-After of a minute).
 */
describe("updateAlerts / updateIncidents on Graph tenants", () => {
  let gw: TestGateway;
  let t: string[];
  const items = new Map<string, Item[]>();

  /** Dave's first `n` alerts of a tenant from the index (the alerts query: zero upstream calls). */
  async function alertsOf(tenantId: string, n: number, as: { user: string } = DAVE): Promise<Item[]> {
    const data = ok(
      await gw.gql(
        `query($t: [ID!]) { alerts(filter: { tenantIds: $t }, first: 100) { edges { node { tenantId id } } } }`,
        { t: [tenantId] },
        as,
      ),
    );
    const nodes = (data.alerts.edges as { node: Item }[]).map((e) => e.node);
    expect(nodes.length).toBeGreaterThanOrEqual(n);
    return nodes.slice(0, n);
  }
  const counter = (tenantId: string, route: string) => gw.app.simulator!.control.getCounters(tenantId).byRoute[route] ?? 0;

  beforeAll(async () => {
    gw = await startGateway({ SIM_TENANTS: "5", SIM_ALERTS_PER_TENANT: "40", SYNC_POLL_INTERVAL_MS: "600000" });
    await gw.synced();
    await gw.app.sync.stop(); // every change below is visible without a poll
    t = gw.app.simulator!.tenants.map((x) => x.id);
    for (const tenantId of t.slice(0, 3)) await grantAccess(gw, "dave", tenantId, "TIER2_ANALYST");
    await grantAccess(gw, "dave", t[3], "TIER1_ANALYST");
    for (const tenantId of t.slice(0, 3)) items.set(tenantId, await alertsOf(tenantId, 35));
    items.set(t[3], await alertsOf(t[3], 1));
    items.set(t[4], await alertsOf(t[4], 1, { user: "alice" }));
  }, 60_000);
  afterAll(() => gw?.close());

  it("reports every item of 100+ across tenants exactly: a throttled tenant fails fast, the others are written at once", async () => {
    const sim = gw.app.simulator!;
    sim.control.setGraphLimits({ perMinute: 0, perHour: 0 }, t[0]);
    sim.control.resetCounters();
    const missing = { tenantId: t[1], id: "da000000000000000000_0" };
    const given = [...items.get(t[0])!, ...items.get(t[1])!, missing, ...items.get(t[2])!, ...items.get(t[3])!, ...items.get(t[4])!];
    given.push(items.get(t[1])![0]); // a duplicate counts once
    const latestBefore = await gw.app.store.events.latestCursor();

    const res = await gw.gql(UPDATE_ALERTS, { input: { items: given, patch: { status: "IN_PROGRESS", assignedTo: DAVE_UPN } } }, DAVE);
    const { succeeded, failed } = ok(res).updateAlerts as { succeeded: (Item & Record<string, unknown>)[]; failed: Failure[] };

    // every distinct item once, in the order given
    const distinct = [...new Map(given.map((i) => [keyOf(i), i])).values()];
    expect(succeeded.length + failed.length).toBe(distinct.length);
    const written = [...items.get(t[1])!, ...items.get(t[2])!];
    expect(succeeded.map(keyOf)).toEqual(written.map(keyOf));
    for (const a of succeeded) expect(a).toMatchObject({ status: "IN_PROGRESS", assignedTo: DAVE_UPN });
    expect(failed.map((f) => [keyOf(f), f.code])).toEqual([
      ...items.get(t[0])!.map((i) => [keyOf(i), "UPSTREAM_THROTTLED"]),
      [keyOf(missing), "NOT_FOUND"],
      [keyOf(items.get(t[3])![0]), "FORBIDDEN"],
      [keyOf(items.get(t[4])![0]), "NOT_FOUND"],
    ]);
    for (const f of failed.filter((x) => x.code === "UPSTREAM_THROTTLED")) expect(f.retryAfterSeconds).toBeGreaterThan(1);
    // a tenant Dave may not read looks exactly like an id that does not exist
    const hidden = failed.at(-1)!;
    expect(hidden.message).toBe(`alert ${hidden.id} was not found in tenant ${hidden.tenantId}`);

    // upstream: ≤ ⌈35 / 20⌉ $batch calls per tenant, one PATCH per written item; the throttled tenant was not waited
    // for or retried (one $batch, its 20 inner requests answered 429 once), the others got nothing
    for (const tenantId of [t[1], t[2]]) {
      expect(counter(tenantId, BATCH)).toBeLessThanOrEqual(Math.ceil(35 / 20));
      expect(counter(tenantId, PATCH_ALERT)).toBe(35);
    }
    expect(counter(t[0], BATCH)).toBe(1);
    expect(counter(t[0], PATCH_ALERT)).toBe(20);
    for (const tenantId of [t[3], t[4]]) expect(sim.control.getCounters(tenantId).total).toBe(0);
    const truth = new Map<string, string | null>(
      t.flatMap((tenantId) => sim.control.listGraphAlerts(tenantId).map((a) => [`${tenantId}/${a.id}`, a.assignedTo] as const)),
    );
    for (const i of written) expect(truth.get(keyOf(i))).toBe(DAVE_UPN);
    for (const i of items.get(t[0])!) expect(truth.get(keyOf(i))).not.toBe(DAVE_UPN);

    // the index and the event log have every written alert at once: one UPDATED event each, nothing for the rest
    const events = await gw.app.store.events.read(latestBefore, 500);
    expect(events.map((e) => `${e.tenantId}/${e.alertId}`).sort()).toEqual(written.map(keyOf).sort());
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(["UPDATED"]));
    const mine = ok(await gw.gql(`{ alerts(filter: { assignedTo: ["${DAVE_UPN}"] }, first: 100) { totalCount } }`, {}, DAVE));
    expect(mine.alerts.totalCount).toBe(written.length);

    // a retry is idempotent: the same answer, no upstream call for what is done, no new event
    const latestAfter = await gw.app.store.events.latestCursor();
    const again = ok(await gw.gql(UPDATE_ALERTS, { input: { items: given, patch: { status: "IN_PROGRESS", assignedTo: DAVE_UPN } } }, DAVE))
      .updateAlerts as { succeeded: Item[]; failed: Failure[] };
    expect(again.succeeded.map(keyOf)).toEqual(succeeded.map(keyOf));
    expect(again.failed.map((f) => [keyOf(f), f.code])).toEqual(failed.map((f) => [keyOf(f), f.code]));
    for (const tenantId of [t[1], t[2]]) expect(counter(tenantId, BATCH)).toBeLessThanOrEqual(Math.ceil(35 / 20));
    expect(counter(t[0], BATCH)).toBe(1); // still inside tenant 0's Retry-After: refused without a call
    expect(await gw.app.store.events.read(latestAfter, 10)).toEqual([]);
    sim.control.setGraphLimits({ perMinute: 150, perHour: 1_000_000 }, t[0]);
  });

  it("signs comments with the analyst; fields and comment as separate inner requests; a retry adds no second comment", async () => {
    const sim = gw.app.simulator!;
    sim.control.resetCounters();
    const [withFields, commentOnly] = [items.get(t[2])!.slice(0, 3), items.get(t[1])!.slice(0, 2)];
    const signed = `[Dave <${DAVE_UPN}> via gateway] checked in bulk`;

    for (let round = 0; round < 2; round++) {
      const a = ok(
        await gw.gql(
          UPDATE_ALERTS,
          { input: { items: withFields, patch: { status: "RESOLVED", classification: "FALSE_POSITIVE", comment: "checked in bulk" } } },
          DAVE,
        ),
      ).updateAlerts;
      const b = ok(
        await gw.gql(UPDATE_ALERTS, { input: { items: commentOnly, patch: { comment: "checked in bulk" } } }, DAVE),
      ).updateAlerts;
      expect(a.failed).toEqual([]);
      expect(b.failed).toEqual([]);
      for (const alert of [...a.succeeded, ...b.succeeded]) {
        expect(alert.comments.filter((c: { comment: string }) => c.comment === "checked in bulk")).toEqual([
          expect.objectContaining({ author: `Dave <${DAVE_UPN}>`, viaGateway: true }),
        ]);
      }
      expect(a.succeeded.map((x: { status: string }) => x.status)).toEqual(["RESOLVED", "RESOLVED", "RESOLVED"]);
    }
    // first round only: 3 PATCH + 3 comments + 3 re-reads for one tenant, 2 comments + 2 re-reads for the other
    expect(counter(t[2], PATCH_ALERT)).toBe(3);
    expect(counter(t[2], COMMENT_ALERT)).toBe(3);
    expect(counter(t[2], "GET /v1.0/security/alerts_v2/{id}")).toBe(3);
    expect(counter(t[1], PATCH_ALERT)).toBe(0);
    expect(counter(t[1], COMMENT_ALERT)).toBe(2);
    expect(counter(t[1], "GET /v1.0/security/alerts_v2/{id}")).toBe(2);
    for (const [tenantId, list] of [
      [t[2], withFields],
      [t[1], commentOnly],
    ] as const) {
      const truth = sim.control.listGraphAlerts(tenantId);
      for (const i of list) expect(truth.find((x) => x.id === i.id)!.comments.filter((c) => c.comment === signed)).toHaveLength(1);
    }
  });

  it("updateIncidents: status, tags and a comment across tenants; per-item results; retried without a second comment", async () => {
    const sim = gw.app.simulator!;
    sim.control.resetCounters();
    const open = (tenantId: string) =>
      sim.control
        .listIncidents(tenantId)
        .filter((i) => i.status === "active")
        .slice(0, 3)
        .map((i) => ({ tenantId, id: i.id }));
    const given = [...open(t[1]), ...open(t[2]), { tenantId: t[3], id: sim.control.listIncidents(t[3])[0].id }];
    const patch = { status: "IN_PROGRESS", customTags: ["bulk", "wave-1"], comment: "taking these" };
    for (let round = 0; round < 2; round++) {
      const { succeeded, failed } = ok(await gw.gql(UPDATE_INCIDENTS, { input: { items: given, patch } }, DAVE)).updateIncidents;
      expect(succeeded.map(keyOf)).toEqual(given.slice(0, 6).map(keyOf));
      for (const i of succeeded) {
        expect(i).toMatchObject({ status: "IN_PROGRESS", customTags: ["bulk", "wave-1"] });
        expect(i.comments.filter((c: { comment: string }) => c.comment === "taking these")).toHaveLength(1);
      }
      expect(failed.map((f: Failure) => [keyOf(f), f.code])).toEqual([[keyOf(given[6]), "FORBIDDEN"]]);
    }
    for (const tenantId of [t[1], t[2]]) {
      expect(counter(tenantId, BATCH)).toBe(3); // PATCH, comment and re-read rounds; the retry sent nothing
      expect(counter(tenantId, COMMENT_INCIDENT)).toBe(3);
    }
    const indexed = await gw.app.store.incidents.get(given[0].tenantId, given[0].id);
    expect(indexed?.incident).toMatchObject({ status: "IN_PROGRESS", customTags: ["bulk", "wave-1"] });
  });

  it("refuses a call it cannot run with BAD_USER_INPUT naming the field, before any upstream call", async () => {
    const sim = gw.app.simulator!;
    sim.control.resetCounters();
    const one = items.get(t[1])!.slice(0, 1);
    const many = Array.from({ length: 501 }, (_, i) => ({ tenantId: t[1], id: `x${i}` }));
    const cases: [string, unknown, string][] = [
      [UPDATE_ALERTS, { items: [], patch: { status: "NEW" } }, "input.items"],
      [UPDATE_ALERTS, { items: many, patch: { status: "NEW" } }, "input.items"],
      [UPDATE_ALERTS, { items: [{ tenantId: t[1], id: "" }], patch: { status: "NEW" } }, "input.items[0]"],
      [UPDATE_ALERTS, { items: one, patch: {} }, "input.patch"],
      [UPDATE_ALERTS, { items: one, patch: { status: "UNKNOWN" } }, "input.patch.status"],
      [UPDATE_ALERTS, { items: one, patch: { comment: " " } }, "input.patch.comment"],
      [UPDATE_INCIDENTS, { items: one, patch: { status: "REDIRECTED" } }, "input.patch.status"],
      [UPDATE_INCIDENTS, { items: one, patch: { customTags: [""] } }, "input.patch.customTags"],
    ];
    for (const [doc, input, field] of cases) {
      const res = await gw.gql(doc, { input }, DAVE);
      expect(res.body.errors?.[0]?.extensions, field).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
    // 500 distinct items are fine (duplicates collapse): every unknown id is reported, none is sent
    const fine = ok(
      await gw.gql(UPDATE_ALERTS, { input: { items: [...many.slice(0, 500), ...many.slice(0, 500)], patch: { status: "NEW" } } }, DAVE),
    );
    expect(fine.updateAlerts.failed).toHaveLength(500);
    expect(sim.control.getCounters(t[1]).total).toBe(0);
  });
});

/** The legacy face: one `POST /api/alerts/batchUpdate` per tenant, then a re-read; its own 10/min budget. */
describe("updateAlerts on legacy Defender tenants", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ UPSTREAM_API: "defender", SIM_TENANTS: "2", SIM_ALERTS_PER_TENANT: "30", SYNC_POLL_INTERVAL_MS: "600000" });
    await gw.synced();
    await gw.app.sync.stop();
  }, 60_000);
  afterAll(() => gw?.close());

  it("sends one batchUpdate per tenant in the batch API's spelling, re-reads, writes index and log at once; a retry sends nothing", async () => {
    const sim = gw.app.simulator!;
    const t = sim.tenants.map((x) => x.id);
    sim.control.resetCounters();
    const given = t.flatMap((tenantId) => sim.control.listAlerts(tenantId).map((a) => ({ tenantId, id: a.id })));
    expect(given.length).toBe(60);
    const latestBefore = await gw.app.store.events.latestCursor();
    const patch = { classification: "FALSE_POSITIVE", determination: "CLEAN", comment: "benign, bulk" };

    const first = ok(await gw.gql(UPDATE_ALERTS, { input: { items: given, patch } }, { user: "alice" })).updateAlerts;
    expect(first.failed).toEqual([]);
    expect(first.succeeded.map(keyOf)).toEqual(given.map(keyOf));
    for (const a of first.succeeded) expect(a).toMatchObject({ classification: "FALSE_POSITIVE", determination: "CLEAN" });
    for (const tenantId of t) {
      expect(sim.control.getCounters(tenantId).byRoute["POST /api/alerts/batchUpdate"]).toBe(1);
      expect(sim.control.getCounters(tenantId).byRoute["PATCH /api/alerts/{id}"]).toBeUndefined();
      // batch updates reuse the tenant's cached token (one credential per client), no new token request
      expect(sim.control.getCounters(tenantId).tokens).toBe(0);
      for (const a of sim.control.listAlerts(tenantId)) {
        expect(a.determination).toBe("Clean");
        expect(a.comments.filter((c) => c.comment === "[Alice <alice@mssp.example> via gateway] benign, bulk")).toHaveLength(1);
      }
    }
    const events = await gw.app.store.events.read(latestBefore, 500);
    expect(events.map((e) => `${e.tenantId}/${e.alertId}`).sort()).toEqual(given.map(keyOf).sort());

    const again = ok(await gw.gql(UPDATE_ALERTS, { input: { items: given, patch } }, { user: "alice" })).updateAlerts;
    expect(again.failed).toEqual([]);
    expect(again.succeeded).toHaveLength(60);
    for (const tenantId of t) expect(sim.control.getCounters(tenantId).byRoute["POST /api/alerts/batchUpdate"]).toBe(1);
  });

  it("keeps batchUpdate on its own budget: spent after 9 calls a minute, it fails fast while single updates still go through", async () => {
    const sim = gw.app.simulator!;
    const tenantId = sim.tenants[1].id;
    const [alert, other] = sim.control.listAlerts(tenantId);
    const codes: string[] = [];
    // 8 more calls after the test above spent one: the budget (9/min) is gone at the 9th
    for (let n = 0; n < 9; n++) {
      const res = ok(
        await gw.gql(
          UPDATE_ALERTS,
          { input: { items: [{ tenantId, id: alert.id }], patch: { assignedTo: `owner-${n}` } } },
          { user: "alice" },
        ),
      );
      codes.push(res.updateAlerts.failed[0]?.code ?? "OK");
      if (res.updateAlerts.failed[0]) expect(res.updateAlerts.failed[0].retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    expect(codes).toEqual([...Array<string>(8).fill("OK"), "UPSTREAM_THROTTLED"]);
    expect(sim.control.getCounters(tenantId).byRoute["POST /api/alerts/batchUpdate"]).toBe(9);
    const single = await gw.gql(`mutation($i: UpdateAlertInput!) { updateAlert(input: $i) { assignedTo } }`, {
      i: { tenantId, id: other.id, assignedTo: "still-works" },
    });
    expect(ok(single).updateAlert.assignedTo).toBe("still-works");
  });
});

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  IsolationAlertCommentDocument,
  IsolationAlertCountDocument,
  IsolationAlertCountWhereDocument,
  IsolationAlertDocument,
  IsolationAlertIncidentDocument,
  IsolationAlertsOfDocument,
  IsolationAlertStateDocument,
  IsolationAlertTenantsDocument,
  IsolationAliasesDocument,
  IsolationAllAlertsDocument,
  IsolationAllIncidentsDocument,
  IsolationFirstAlertDocument,
  IsolationFirstIncidentDocument,
  IsolationIncidentCommentDocument,
  IsolationIncidentDocument,
  IsolationIncidentEventsDocument,
  IsolationIncidentSearchDocument,
  IsolationIncidentsOfDocument,
  IsolationRequestAccessDocument,
  IsolationRolesDocument,
  IsolationSearchDocument,
  IsolationTenantDocument,
  IsolationTenantIncidentsDocument,
  IsolationTenantsDocument,
  IsolationTenantsIncidentsDocument,
  IsolationUpdateAlertDocument,
  IsolationUpdateAlertsDocument,
  IsolationUpdateIncidentDocument,
  IsolationUpdateIncidentsDocument,
  SharedIndicatorsDocument,
  UpdateIncidentDocument,
} from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { waitFor } from "../helpers/wait.js";
import { IncidentWsSubscriber, pullIncidentEvents } from "../incidents/incident.helpers.js";
import { fileEvidence, randomSha256 } from "../helpers/indicator.fixture.js";
import { errorCode, ok, queryText, type GqlResult } from "../helpers/operations.js";
import { assertNoLeak, grantAccess, isolationWorld, OPS, requestAccess, type IsolationWorld } from "./access.helpers.js";

/**
 * A caller without a grant tries to reach foreign tenants' data through every entry point of the HTTP API
 * and finds nothing: no data, no different errors than for things that do not exist, no names or ids in
 * messages. Probed as bob (TIER1 on the first tenant only) and mallory (no grant at all).
 * Alert subscriptions and the alert pull feed are probed by their own suites with `isolationWorld` / `assertNoLeak`;
 * every incident entry point (queue, by id, via an alert, tenant fields, writes, pull feed, subscription) is probed here.
 */
describe("access isolation: no grant, no data", () => {
  let gw: TestGateway;
  let world: IsolationWorld;
  let T0: string, T1: string, T2: string;
  let foreignAlertId: string;
  let foreignIncidentId: string;
  const foreignGrantIds: string[] = [];
  /** Hashes in the evidence of T0, T1 and T2 alerts (`everywhere`) and of T1 and T2 only (`foreignOnly`). */
  const everywhere = randomSha256();
  const foreignOnly = randomSha256();

  beforeAll(async () => {
    gw = await startGateway({ SIM_TENANTS: "3" });
    world = isolationWorld(gw);
    [T0, T1, T2] = gw.app.registry.ids() as [string, string, string];
    await gw.synced();
    const a = ok(await gw.gql(IsolationFirstAlertDocument, { t: [T1] }, { user: "alice" }));
    foreignAlertId = a.alerts.edges[0].node.id;
    foreignIncidentId = ok(await gw.gql(IsolationFirstIncidentDocument, { t: [T1] }, { user: "alice" })).incidents.edges[0].node.id;
    // foreign grant data: an approved grant and a pending request of someone else
    foreignGrantIds.push(await grantAccess(gw, "victor", T1, "TIER2_ANALYST"));
    foreignGrantIds.push(await requestAccess(gw, { user: "wendy" }, { tenantId: T2, role: "TIER1_ANALYST" }));
    const sim = gw.app.simulator!.control;
    for (const t of [T0, T1, T2]) sim.createAlert(t, { evidence: [fileEvidence(everywhere)] });
    for (const t of [T1, T2]) sim.createAlert(t, { evidence: [fileEvidence(foreignOnly)] });
    await gw.synced();
  });
  afterAll(() => gw?.close());

  const probe = async <R, V>(user: string, query: TypedDocumentNode<R, V>, variables?: V): Promise<GqlResult<R>> => {
    const res = await gw.gql(query, variables, { user });
    assertNoLeak(world, res.body, queryText(query) + JSON.stringify(variables ?? {}));
    return res;
  };
  /** A response with the given ids replaced, to compare "hidden" with "nonexistent". */
  const masked = (res: GqlResult<unknown>, ...ids: string[]): unknown => {
    let s = JSON.stringify(res.body);
    for (const id of ids) s = s.split(id).join("<id>");
    return JSON.parse(s) as unknown;
  };

  describe.each(["bob", "mallory"])("as %s", (user) => {
    const own = () => (user === "bob" ? [T0] : []);

    it("alerts: only own tenants, whatever the filter names", async () => {
      const all = ok(await probe(user, IsolationAllAlertsDocument));
      for (const e of all.alerts.edges) expect(own()).toContain(e.node.tenantId);
      // bob reads T0, which has alerts; mallory reads nothing
      expect(all.alerts.totalCount > 0).toBe(own().length > 0);
      const foreign = ok(await probe(user, IsolationAlertsOfDocument, { t: [T1, T2] }));
      expect(foreign.alerts).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false } });
      const mixed = ok(await probe(user, IsolationAlertTenantsDocument, { t: [T0, T1, T2] }));
      for (const e of mixed.alerts.edges) expect(own()).toContain(e.node.tenantId);
      const byTenantSearch = ok(await probe(user, IsolationSearchDocument, { s: world.foreignTenants[0].name }));
      for (const e of byTenantSearch.alerts.edges) expect(own()).toContain(e.node.tenantId);
    });

    it("alert(tenantId, id): a foreign alert answers exactly like a nonexistent one", async () => {
      const q = IsolationAlertDocument;
      const hidden = await probe(user, q, { t: T1, id: foreignAlertId });
      const missing = await probe(user, q, { t: T1, id: "da000000000000000000_-1" });
      const unknownTenant = await probe(user, q, { t: "00000000-0000-0000-0000-000000000000", id: foreignAlertId });
      expect(hidden.body).toEqual({ data: { alert: null } });
      expect(masked(hidden, foreignAlertId)).toEqual(masked(missing, "da000000000000000000_-1"));
      expect(unknownTenant.body).toEqual(hidden.body);
    });

    it("aliases cannot widen the reach", async () => {
      const data = ok(await probe(user, IsolationAliasesDocument, { a: T1, b: T2, id: foreignAlertId }));
      expect(data).toEqual({ x: null, y: null, z: null, w: { totalCount: 0 }, v: { totalCount: 0 }, u: [] });
    });

    it("tenant(id), tenants, Tenant.alertCounts, me: nothing foreign", async () => {
      const q = IsolationTenantDocument;
      const hidden = await probe(user, q, { id: T1 });
      const missing = await probe(user, q, { id: "00000000-0000-0000-0000-000000000000" });
      expect(hidden.body).toEqual({ data: { tenant: null } });
      expect(missing.body).toEqual(hidden.body);
      const list = ok(await probe(user, IsolationTenantsDocument));
      expect(list.tenants.map((t) => t.id)).toEqual(own());
      for (const t of list.tenants) for (const g of t.accessGrants) expect(g.tenantId).toBe(t.id);
      const me = ok(await probe(user, IsolationRolesDocument));
      expect(me.me.tenantRoles.map((r) => r.tenantId)).toEqual(own());
    });

    it("updateAlert on a foreign alert: NOT_FOUND, as for a nonexistent alert, and nothing changes", async () => {
      const q = IsolationUpdateAlertDocument;
      const hidden = await probe(user, q, { input: { tenantId: T1, id: foreignAlertId, status: "RESOLVED", comment: "pwned" } });
      const missing = await probe(user, q, {
        input: { tenantId: T1, id: "da000000000000000000_-1", status: "RESOLVED", comment: "pwned" },
      });
      expect(errorCode(hidden)).toBe("NOT_FOUND");
      expect(masked(hidden, foreignAlertId)).toEqual(masked(missing, "da000000000000000000_-1"));
      const after = ok(await gw.gql(IsolationAlertStateDocument, { t: T1, id: foreignAlertId }, { user: "alice" }));
      expect(after.alert!.status).not.toBe("RESOLVED");
      expect(after.alert!.comments.map((c) => c.comment)).not.toContain("pwned");
    });

    it("updateAlerts / updateIncidents on foreign items: NOT_FOUND per item, as for nonexistent ones, and nothing changes", async () => {
      const docs = { updateAlerts: IsolationUpdateAlertsDocument, updateIncidents: IsolationUpdateIncidentsDocument };
      for (const [field, id] of [
        ["updateAlerts", foreignAlertId],
        ["updateIncidents", foreignIncidentId],
      ] as const) {
        const input = (itemId: string) => ({
          items: [{ tenantId: T1, id: itemId }],
          patch: { status: "RESOLVED" as const, comment: "pwned" },
        });
        const bulk = (itemId: string) =>
          field === "updateAlerts"
            ? probe(user, docs.updateAlerts, { input: input(itemId) })
            : probe(user, docs.updateIncidents, { input: input(itemId) });
        const hidden = await bulk(id);
        const missing = await bulk("da000000000000000000_-1");
        const data = ok<Record<string, unknown>>(hidden);
        expect(data[field]).toMatchObject({ succeeded: [], failed: [{ code: "NOT_FOUND" }] });
        expect(masked(hidden, id)).toEqual(masked(missing, "da000000000000000000_-1"));
      }
      const alert = await gw.app.store.index.get(T1, foreignAlertId);
      const incident = await gw.app.store.incidents.get(T1, foreignIncidentId);
      expect(alert!.alert.comments.map((c) => c.comment).join()).not.toContain("pwned");
      expect(incident!.incident.comments.map((c) => c.comment).join()).not.toContain("pwned");
    });

    it("sharedIndicators: nothing at all, not even what the caller's tenant shares with foreign ones", async () => {
      // alice reads every tenant: both hashes are shared for her, and her cursors are real ones
      const seen = ok(await gw.gql(SharedIndicatorsDocument, { first: 100, filter: { kinds: ["FILE_SHA256"] } }, { user: "alice" }));
      const values = seen.sharedIndicators.edges.map((e) => e.node.value);
      expect(values).toEqual(expect.arrayContaining([everywhere, foreignOnly]));
      const empty = { sharedIndicators: { pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } };
      for (const variables of [
        {},
        { filter: { tenantIds: [T0, T1, T2] } },
        { filter: { kinds: ["FILE_SHA256" as const], minTenants: 2 } },
        { after: seen.sharedIndicators.edges[0].cursor },
      ]) {
        expect(ok(await probe(user, SharedIndicatorsDocument, variables))).toEqual(empty);
      }
      // a foreign tenant's indicator answers as one nobody saw: the same empty answer as an unknown tenant's
      const unknown = await probe(user, SharedIndicatorsDocument, { filter: { tenantIds: ["00000000-0000-0000-0000-000000000000"] } });
      expect(unknown.body).toEqual({ data: empty });
    });

    it("incidents: the queue, Tenant.incidents and incidentCounts show only own tenants, whatever the filter names", async () => {
      const all = ok(await probe(user, IsolationAllIncidentsDocument));
      for (const e of all.incidents.edges) expect(own()).toContain(e.node.tenantId);
      expect(all.incidents.totalCount > 0).toBe(own().length > 0);
      const foreign = ok(await probe(user, IsolationIncidentsOfDocument, { t: [T1, T2] }));
      expect(foreign.incidents).toEqual({ totalCount: 0, edges: [] });
      const bySearch = ok(await probe(user, IsolationIncidentSearchDocument, { s: world.foreignTenants[0].name }));
      for (const e of bySearch.incidents.edges) expect(own()).toContain(e.node.tenantId);
      const tenantFields = await probe(user, IsolationTenantIncidentsDocument, { id: T1 });
      expect(tenantFields.body).toEqual({ data: { tenant: null } });
      const mine = ok(await probe(user, IsolationTenantsIncidentsDocument));
      for (const t of mine.tenants) for (const e of t.incidents.edges) expect(e.node.tenantId).toBe(t.id);
    });

    it("incident(tenantId, id) and Alert.incident: a foreign incident answers exactly like a nonexistent one", async () => {
      const hidden = await probe(user, IsolationIncidentDocument, { t: T1, id: foreignIncidentId });
      const missing = await probe(user, IsolationIncidentDocument, { t: T1, id: "999999999" });
      expect(hidden.body).toEqual({ data: { incident: null } });
      expect(masked(hidden, foreignIncidentId)).toEqual(masked(missing, "999999999"));
      const viaAlert = await probe(user, IsolationAlertIncidentDocument, { t: T1, id: foreignAlertId });
      expect(viaAlert.body).toEqual({ data: { alert: null } });
    });

    it("updateIncident, addIncidentComment, addAlertComment on foreign items: NOT_FOUND, as for nonexistent ones, and nothing changes", async () => {
      const input = (id: string) => ({ input: { tenantId: T1, id, status: "RESOLVED" as const, comment: "pwned" } });
      const hidden = await probe(user, IsolationUpdateIncidentDocument, input(foreignIncidentId));
      const missing = await probe(user, IsolationUpdateIncidentDocument, input("999999999"));
      expect(errorCode(hidden)).toBe("NOT_FOUND");
      expect(masked(hidden, foreignIncidentId)).toEqual(masked(missing, "999999999"));
      const hiddenComment = await probe(user, IsolationIncidentCommentDocument, { t: T1, id: foreignIncidentId });
      expect(errorCode(hiddenComment)).toBe("NOT_FOUND");
      expect(masked(hiddenComment, foreignIncidentId)).toEqual(
        masked(await probe(user, IsolationIncidentCommentDocument, { t: T1, id: "999999999" }), "999999999"),
      );
      const hiddenAlert = await probe(user, IsolationAlertCommentDocument, { t: T1, id: foreignAlertId });
      expect(errorCode(hiddenAlert)).toBe("NOT_FOUND");
      expect(masked(hiddenAlert, foreignAlertId)).toEqual(
        masked(await probe(user, IsolationAlertCommentDocument, { t: T1, id: "da000000000000000000_-1" }), "da000000000000000000_-1"),
      );
      const after = ok(await gw.gql(IsolationIncidentDocument, { t: T1, id: foreignIncidentId }, { user: "alice" })).incident!;
      expect(after.status).not.toBe("RESOLVED");
      expect(after.comments.map((c) => c.comment)).not.toContain("pwned");
      const alertAfter = ok(await gw.gql(IsolationAlertStateDocument, { t: T1, id: foreignAlertId }, { user: "alice" })).alert!;
      expect(alertAfter.comments.map((c) => c.comment)).not.toContain("pwned");
    });

    it("incident events: the pull feed and a live subscription carry no foreign incident", async () => {
      const token = await gw.token(user);
      const alice = await gw.token("alice");
      const { endCursor } = await pullIncidentEvents(gw.url, alice);
      // from a cursor: the foreign change below is in its replay or its live part, whenever the subscription starts
      const ws = new IncidentWsSubscriber(token).start(gw.url, endCursor);
      const sentinel = new IncidentWsSubscriber(alice).start(gw.url, endCursor);
      try {
        const whole = ok(await probe(user, IsolationIncidentEventsDocument, { n: 1000 }));
        for (const e of whole.incidentEventsSince.edges) expect(own()).toContain(e.node.tenantId);
        // a foreign change while subscribed: alice's sentinel sees it, the prober does not
        const mark = `isolation-${user}`;
        ok(await gw.gql(UpdateIncidentDocument, { input: { tenantId: T1, id: foreignIncidentId, customTags: [mark] } }, { user: "alice" }));
        await waitFor(() => sentinel.events.some((e) => e.incidentId === foreignIncidentId), { what: "the sentinel's event" });
        // then a change of the caller's own tenant: once bob has it, the foreign one before it was judged (and dropped)
        const ownId = ok(await gw.gql(IsolationFirstIncidentDocument, { t: [T0] }, { user: "alice" })).incidents.edges[0].node.id;
        ok(await gw.gql(UpdateIncidentDocument, { input: { tenantId: T0, id: ownId, customTags: [mark] } }, { user: "alice" }));
        if (own().length > 0) await waitFor(() => ws.events.some((e) => e.incidentId === ownId), { what: "the caller's own event" });
        const feed = await pullIncidentEvents(gw.url, token, { after: endCursor });
        expect(feed.events.filter((e) => !own().includes(e.tenantId))).toEqual([]);
        expect(ws.events.filter((e) => !own().includes(e.tenantId))).toEqual([]);
        expect(ws.errors).toEqual([]);
      } finally {
        await ws.stop();
        await sentinel.stop();
      }
    });

    it("accessGrants: only own grants; foreign grants cannot be seen or decided", async () => {
      const mine = ok(await probe(user, OPS.accessGrants)).accessGrants;
      for (const g of mine) expect(own()).toContain(g.tenantId);
      for (const id of foreignGrantIds) expect(mine.map((g) => g.id)).not.toContain(id);
      for (const t of [T1, T2]) expect(ok(await probe(user, OPS.accessGrants, { tenantId: t })).accessGrants).toEqual([]);
      for (const id of foreignGrantIds) {
        const decisions: [TypedDocumentNode<unknown, { id: string }>, string][] = [
          [OPS.approveAccess, "approve"],
          [OPS.denyAccess, "deny"],
          [OPS.revokeAccess, "revoke"],
        ];
        for (const [op, name] of decisions) {
          const hidden = await probe(user, op, { id });
          const missing = await probe(user, op, { id: "no-such-grant" });
          expect(errorCode(hidden), name).toBe("NOT_FOUND");
          expect(masked(hidden, id)).toEqual(masked(missing, "no-such-grant"));
        }
      }
      const still = ok(await gw.gql(OPS.accessGrants, {}, { user: "carol" })).accessGrants;
      expect(still.find((g) => g.id === foreignGrantIds[0])?.status).toBe("APPROVED");
      expect(still.find((g) => g.id === foreignGrantIds[1])?.status).toBe("PENDING");
    });

    it("requesting access reveals nothing about the tenant and gives no access", async () => {
      const res = await probe(user, IsolationRequestAccessDocument, {
        input: { tenantId: T2, role: "TIER2_ANALYST", justification: "let me in" },
      });
      expect(ok(res).requestAccess).toMatchObject({ status: "PENDING", tenant: null });
      expect(ok(await probe(user, IsolationAlertCountDocument, { t: [T2] })).alerts.totalCount).toBe(0);
      expect(errorCode(await probe(user, OPS.approveAccess, { id: ok(res).requestAccess.id }))).toBe("FORBIDDEN");
      expect(errorCode(await probe(user, OPS.setPolicy, { input: { tenantId: T2, grantTtlSeconds: 999999 } }))).toBe("FORBIDDEN");
    });
  });

  it("sharedIndicators for a caller reading two of three tenants: only those two count and appear", async () => {
    await grantAccess(gw, "ivan", T0);
    await grantAccess(gw, "ivan", T1);
    const partial: IsolationWorld = { ownTenant: world.ownTenant, foreignTenants: world.foreignTenants.filter((t) => t.id === T2) };
    const res = await gw.gql(SharedIndicatorsDocument, { first: 100, filter: { kinds: ["FILE_SHA256"] } }, { user: "ivan" });
    assertNoLeak(partial, res.body, "");
    const nodes = ok(res).sharedIndicators.edges.map((e) => e.node);
    // seen at T1 and T2 only: a single readable tenant, so not shared for ivan
    expect(nodes.map((n) => n.value)).not.toContain(foreignOnly);
    const node = nodes.find((n) => n.value === everywhere)!;
    expect(node).toMatchObject({ tenantCount: 2, alertCount: 2 });
    expect(node.tenants.map((t) => t.tenantId).sort()).toEqual([T0, T1].sort());
    expect([...node.alertFilter.tenantIds].sort()).toEqual([T0, T1].sort());
    // three tenants saw it, but ivan reads two: minTenants 3 finds nothing
    const three = ok(await gw.gql(SharedIndicatorsDocument, { filter: { kinds: ["FILE_SHA256"], minTenants: 3 } }, { user: "ivan" }));
    expect(three.sharedIndicators.edges.map((e) => e.node.value)).not.toContain(everywhere);
    // and the alerts behind it are ivan's two
    const alerts = ok(await gw.gql(IsolationAlertCountWhereDocument, { f: { evidence: { sha256: everywhere } } }, { user: "ivan" }));
    expect(alerts.alerts.totalCount).toBe(2);
  });
});

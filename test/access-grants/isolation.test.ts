import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentNode } from "graphql";
import { queryText, startGateway, type GqlResult, type TestGateway } from "../helpers/gateway.js";
import { assertNoLeak, errorCode, grantAccess, isolationWorld, ok, OPS, requestAccess, type IsolationWorld } from "./access.helpers.js";

/**
 * A caller without a grant tries to reach foreign tenants' data through every entry point of the HTTP API
 * and finds nothing: no data, no different errors than for things that do not exist, no names or ids in
 * messages. Probed as bob (TIER1 on the first tenant only) and mallory (no grant at all).
 * Subscriptions and the pull feed are probed by their own suites with `isolationWorld` / `assertNoLeak`.
 */
describe("access isolation: no grant, no data", () => {
  let gw: TestGateway;
  let world: IsolationWorld;
  let T0: string, T1: string, T2: string;
  let foreignAlertId: string;
  const foreignGrantIds: string[] = [];

  beforeAll(async () => {
    gw = await startGateway({ SIM_TENANTS: "3" });
    world = isolationWorld(gw);
    [T0, T1, T2] = gw.app.registry.ids() as [string, string, string];
    await gw.synced();
    const a = ok(
      await gw.gql(
        "query($t: [ID!]) { alerts(filter: { tenantIds: $t }, first: 1) { edges { node { id } } } }",
        { t: [T1] },
        { user: "alice" },
      ),
    );
    foreignAlertId = a.alerts.edges[0].node.id;
    // foreign grant data: an approved grant and a pending request of someone else
    foreignGrantIds.push(await grantAccess(gw, "victor", T1, "TIER2_ANALYST"));
    foreignGrantIds.push(await requestAccess(gw, { user: "wendy" }, { tenantId: T2, role: "TIER1_ANALYST" }));
  });
  afterAll(() => gw?.close());

  const probe = async (user: string, query: string | DocumentNode, variables: Record<string, unknown> = {}): Promise<GqlResult> => {
    const res = await gw.gql(queryText(query), variables, { user });
    assertNoLeak(world, res.body, queryText(query) + JSON.stringify(variables));
    return res;
  };
  /** A response with the given ids replaced, to compare "hidden" with "nonexistent". */
  const masked = (res: GqlResult, ...ids: string[]) => {
    let s = JSON.stringify(res.body);
    for (const id of ids) s = s.split(id).join("<id>");
    return JSON.parse(s);
  };

  describe.each(["bob", "mallory"])("as %s", (user) => {
    const own = () => (user === "bob" ? [T0] : []);

    it("alerts: only own tenants, whatever the filter names", async () => {
      const all = ok(await probe(user, "{ alerts(first: 100) { totalCount edges { node { tenantId tenant { id name } } } } }"));
      for (const e of all.alerts.edges) expect(own()).toContain(e.node.tenantId);
      // bob reads T0, which has alerts; mallory reads nothing
      expect(all.alerts.totalCount > 0).toBe(own().length > 0);
      const foreign = ok(
        await probe(
          user,
          "query($t: [ID!]) { alerts(filter: { tenantIds: $t }) { totalCount edges { node { id } } pageInfo { hasNextPage } } }",
          { t: [T1, T2] },
        ),
      );
      expect(foreign.alerts).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false } });
      const mixed = ok(
        await probe(user, "query($t: [ID!]) { alerts(filter: { tenantIds: $t }, first: 100) { edges { node { tenantId } } } }", {
          t: [T0, T1, T2],
        }),
      );
      for (const e of mixed.alerts.edges) expect(own()).toContain(e.node.tenantId);
      const byTenantSearch = ok(
        await probe(user, "query($s: String) { alerts(filter: { search: $s }) { edges { node { tenantId } } } }", {
          s: world.foreignTenants[0].name,
        }),
      );
      for (const e of byTenantSearch.alerts.edges) expect(own()).toContain(e.node.tenantId);
    });

    it("alert(tenantId, id): a foreign alert answers exactly like a nonexistent one", async () => {
      const q = "query($t: ID!, $id: ID!) { alert(tenantId: $t, id: $id) { id title tenant { name } } }";
      const hidden = await probe(user, q, { t: T1, id: foreignAlertId });
      const missing = await probe(user, q, { t: T1, id: "da000000000000000000_-1" });
      const unknownTenant = await probe(user, q, { t: "00000000-0000-0000-0000-000000000000", id: foreignAlertId });
      expect(hidden.body).toEqual({ data: { alert: null } });
      expect(masked(hidden, foreignAlertId)).toEqual(masked(missing, "da000000000000000000_-1"));
      expect(unknownTenant.body).toEqual(hidden.body);
    });

    it("aliases cannot widen the reach", async () => {
      const q = `query($a: ID!, $b: ID!, $id: ID!) {
        x: tenant(id: $a) { id name alertCounts { total } }
        y: tenant(id: $b) { id }
        z: alert(tenantId: $a, id: $id) { id }
        w: alerts(filter: { tenantIds: [$a] }) { totalCount }
        v: alerts(filter: { tenantIds: [$b] }) { totalCount }
        u: accessGrants(tenantId: $a) { id }
      }`;
      const data = ok(await probe(user, q, { a: T1, b: T2, id: foreignAlertId }));
      expect(data).toEqual({ x: null, y: null, z: null, w: { totalCount: 0 }, v: { totalCount: 0 }, u: [] });
    });

    it("tenant(id), tenants, Tenant.alertCounts, me: nothing foreign", async () => {
      const q = "query($id: ID!) { tenant(id: $id) { id name alertCounts { total } accessGrants { id } } }";
      const hidden = await probe(user, q, { id: T1 });
      const missing = await probe(user, q, { id: "00000000-0000-0000-0000-000000000000" });
      expect(hidden.body).toEqual({ data: { tenant: null } });
      expect(missing.body).toEqual(hidden.body);
      const list = ok(await probe(user, "{ tenants { id name alertCounts { total } accessGrants { id tenantId } } }"));
      expect(list.tenants.map((t: { id: string }) => t.id)).toEqual(own());
      for (const t of list.tenants) for (const g of t.accessGrants) expect(g.tenantId).toBe(t.id);
      const me = ok(await probe(user, "{ me { tenantRoles { tenantId tenant { name } roles } } }"));
      expect(me.me.tenantRoles.map((r: { tenantId: string }) => r.tenantId)).toEqual(own());
    });

    it("updateAlert on a foreign alert: NOT_FOUND, as for a nonexistent alert, and nothing changes", async () => {
      const q = "mutation($input: UpdateAlertInput!) { updateAlert(input: $input) { id status } }";
      const hidden = await probe(user, q, { input: { tenantId: T1, id: foreignAlertId, status: "RESOLVED", comment: "pwned" } });
      const missing = await probe(user, q, {
        input: { tenantId: T1, id: "da000000000000000000_-1", status: "RESOLVED", comment: "pwned" },
      });
      expect(errorCode(hidden)).toBe("NOT_FOUND");
      expect(masked(hidden, foreignAlertId)).toEqual(masked(missing, "da000000000000000000_-1"));
      const after = ok(
        await gw.gql(
          "query($t: ID!, $id: ID!) { alert(tenantId: $t, id: $id) { status comments { comment } } }",
          { t: T1, id: foreignAlertId },
          { user: "alice" },
        ),
      );
      expect(after.alert.status).not.toBe("RESOLVED");
      expect(after.alert.comments.map((c: { comment: string }) => c.comment)).not.toContain("pwned");
    });

    it("updateAlerts / updateIncidents on foreign items: NOT_FOUND per item, as for nonexistent ones, and nothing changes", async () => {
      const failures = "succeeded { id } failed { tenantId id code message retryAfterSeconds }";
      const docs = {
        updateAlerts: `mutation($input: UpdateAlertsInput!) { updateAlerts(input: $input) { ${failures} } }`,
        updateIncidents: `mutation($input: UpdateIncidentsInput!) { updateIncidents(input: $input) { ${failures} } }`,
      };
      const foreignIncidentId = gw.app.simulator!.control.listIncidents(T1)[0].id;
      for (const [field, id] of [
        ["updateAlerts", foreignAlertId],
        ["updateIncidents", foreignIncidentId],
      ] as const) {
        const bulk = (itemId: string) =>
          probe(user, docs[field], { input: { items: [{ tenantId: T1, id: itemId }], patch: { status: "RESOLVED", comment: "pwned" } } });
        const hidden = await bulk(id);
        const missing = await bulk("da000000000000000000_-1");
        expect(ok(hidden)[field]).toMatchObject({ succeeded: [], failed: [{ code: "NOT_FOUND" }] });
        expect(masked(hidden, id)).toEqual(masked(missing, "da000000000000000000_-1"));
      }
      const alert = await gw.app.store.index.get(T1, foreignAlertId);
      const incident = await gw.app.store.incidents.get(T1, foreignIncidentId);
      expect(alert!.alert.comments.map((c) => c.comment).join()).not.toContain("pwned");
      expect(incident!.incident.comments.map((c) => c.comment).join()).not.toContain("pwned");
    });

    it("accessGrants: only own grants; foreign grants cannot be seen or decided", async () => {
      const mine = ok(await probe(user, OPS.accessGrants)).accessGrants as { id: string; tenantId: string }[];
      for (const g of mine) expect(own()).toContain(g.tenantId);
      for (const id of foreignGrantIds) expect(mine.map((g) => g.id)).not.toContain(id);
      for (const t of [T1, T2]) expect(ok(await probe(user, OPS.accessGrants, { tenantId: t })).accessGrants).toEqual([]);
      for (const id of foreignGrantIds) {
        for (const [op, name] of [
          [OPS.approveAccess, "approve"],
          [OPS.denyAccess, "deny"],
          [OPS.revokeAccess, "revoke"],
        ] as const) {
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
      const res = await probe(user, queryText(OPS.requestAccess).replace("tenantId\n", "tenantId\n    tenant { id name }\n"), {
        input: { tenantId: T2, role: "TIER2_ANALYST", justification: "let me in" },
      });
      expect(ok(res).requestAccess).toMatchObject({ status: "PENDING", tenant: null });
      expect(
        ok(await probe(user, "query($t: [ID!]) { alerts(filter: { tenantIds: $t }) { totalCount } }", { t: [T2] })).alerts.totalCount,
      ).toBe(0);
      expect(errorCode(await probe(user, OPS.approveAccess, { id: ok(res).requestAccess.id }))).toBe("FORBIDDEN");
      expect(errorCode(await probe(user, OPS.setPolicy, { input: { tenantId: T2, grantTtlSeconds: 999999 } }))).toBe("FORBIDDEN");
    });
  });
});

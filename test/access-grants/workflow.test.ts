import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  WorkflowAlertsOfDocument,
  WorkflowRolesDocument,
  WorkflowTenantDocument,
  WorkflowTenantGrantsDocument,
} from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { errorCode, ok } from "../helpers/operations.js";
import { waitFor } from "../helpers/wait.js";
import { adminToken, grantAccess, OPS, readableTenants, requestAccess } from "./access.helpers.js";

describe("access grants: the workflow over HTTP", () => {
  let gw: TestGateway;
  let T0: string;
  let T1: string;
  let admin: string;

  beforeAll(async () => {
    gw = await startGateway({ SIM_TENANTS: "2" });
    [T0, T1] = gw.app.registry.ids() as [string, string];
    admin = await adminToken(gw);
    await gw.synced();
  });
  afterAll(() => gw?.close());

  const alertCount = async (user: string, tenantId: string) =>
    ok(await gw.gql(WorkflowAlertsOfDocument, { t: [tenantId] }, { user })).alerts.totalCount;
  const grant = async (id: string, as: { user: string } | { token: string }) =>
    ok(await gw.gql(OPS.accessGrants, {}, as)).accessGrants.find((g) => g.id === id) ?? expect.fail(`grant ${id} is not listed`);

  it("request → approve → access works → revoke → access stops, with the audit trail", async () => {
    expect(await alertCount("dave", T1)).toBe(0);
    expect(ok(await gw.gql(WorkflowTenantDocument, { id: T1 }, { user: "dave" })).tenant).toBeNull();

    const req = ok(
      await gw.gql(
        OPS.requestAccess,
        { input: { tenantId: T1, role: "TIER2_ANALYST", justification: "Night shift for the customer" } },
        { user: "dave" },
      ),
    );
    const id = req.requestAccess.id;
    expect(req.requestAccess).toMatchObject({
      status: "PENDING",
      role: "TIER2_ANALYST",
      subject: { kind: "USER", displayName: "Dave" },
      requestedBy: { displayName: "Dave" },
    });
    expect(await alertCount("dave", T1)).toBe(0);

    const mine = await grant(id, { user: "dave" });
    expect(mine).toMatchObject({ status: "PENDING", tenant: null, active: false });
    const queue = ok(await gw.gql(OPS.accessGrants, { tenantId: T1, status: "PENDING" }, { user: "carol" })).accessGrants;
    expect(queue.map((g) => g.id)).toContain(id);

    const approved = ok(await gw.gql(OPS.approveAccess, { id }, { user: "carol" })).approveAccess;
    expect(approved).toMatchObject({ status: "APPROVED", active: true, decidedBy: { displayName: "Carol" } });
    const ttl = Date.parse(approved.expiresAt!) - Date.parse(approved.decidedAt!);
    expect(ttl).toBe(365 * 86_400_000);

    await waitFor(async () => (await alertCount("dave", T1)) > 0, { timeoutMs: 2_000, what: "access after approval" });
    expect(await readableTenants(gw, { user: "dave" })).toEqual([T1]);
    expect(await alertCount("dave", T0)).toBe(0);
    const me = ok(await gw.gql(WorkflowRolesDocument, {}, { user: "dave" })).me;
    expect(me.tenantRoles).toEqual([{ tenantId: T1, roles: ["TIER2_ANALYST"], tenant: { name: gw.app.registry.get(T1)!.name } }]);
    expect((await grant(id, { user: "dave" })).tenant).toEqual({ name: gw.app.registry.get(T1)!.name });

    const revoked = ok(await gw.gql(OPS.revokeAccess, { id, reason: "rotation ended" }, { user: "carol" })).revokeAccess;
    expect(revoked).toMatchObject({ status: "REVOKED", active: false });
    await waitFor(async () => (await alertCount("dave", T1)) === 0, { timeoutMs: 2_000, what: "access to stop after revocation" });
    expect(await readableTenants(gw, { user: "dave" })).toEqual([]);

    const trail = (await grant(id, { token: admin })).history.map((h) => [h.from, h.to, h.by.displayName, h.reason]);
    expect(trail).toEqual([
      [null, "PENDING", "Dave", "Night shift for the customer"],
      ["PENDING", "APPROVED", "Carol", null],
      ["APPROVED", "REVOKED", "Carol", "rotation ended"],
    ]);
  });

  it("expires automatically on the tenant's policy: visible as EXPIRED, and stops authorizing", async () => {
    const policy = ok(await gw.gql(OPS.setPolicy, { input: { tenantId: T0, grantTtlSeconds: 3 } }, { token: admin })).setAccessGrantPolicy;
    expect(policy).toEqual({ tenantId: T0, grantTtlSeconds: 3, isDefault: false });
    try {
      const id = await grantAccess(gw, "erin", T0, "TIER1_ANALYST");
      expect(await alertCount("erin", T0)).toBeGreaterThan(0);
      const g = await grant(id, { user: "erin" });
      expect(Date.parse(g.expiresAt!) - Date.parse(g.decidedAt!)).toBe(3_000);
      await waitFor(async () => (await alertCount("erin", T0)) === 0, {
        timeoutMs: 6_000,
        intervalMs: 100,
        what: "access to stop at expiry",
      });
      const expired = await grant(id, { user: "erin" });
      expect(expired).toMatchObject({ status: "EXPIRED", active: false });
      expect(expired.history.at(-1)).toMatchObject({ from: "APPROVED", to: "EXPIRED", by: { id: "system" }, at: expired.expiresAt });
      const listed = ok(await gw.gql(OPS.accessGrants, { status: "EXPIRED" }, { user: "carol" })).accessGrants;
      expect(listed.map((x) => x.id)).toContain(id);
      // an expired grant cannot be revoked, but a new request may be filed
      expect(errorCode(await gw.gql(OPS.revokeAccess, { id }, { user: "carol" }))).toBe("CONFLICT");
      await requestAccess(gw, { user: "erin" }, { tenantId: T0, role: "TIER1_ANALYST", justification: "renewal" });
    } finally {
      ok(await gw.gql(OPS.setPolicy, { input: { tenantId: T0, grantTtlSeconds: null } }, { token: admin }));
    }
  });

  it("refuses deciding your own request, for approvers and admins alike", async () => {
    const carolOwn = await requestAccess(gw, { user: "carol" }, { tenantId: T1, role: "TIER2_ANALYST" });
    const res = await gw.gql(OPS.approveAccess, { id: carolOwn }, { user: "carol" });
    expect(errorCode(res)).toBe("FORBIDDEN");
    expect(res.body.data ?? null).toBeNull();
    expect(errorCode(await gw.gql(OPS.denyAccess, { id: carolOwn }, { user: "carol" }))).toBe("FORBIDDEN");

    const adminOwn = await requestAccess(gw, { token: admin }, { tenantId: T1, role: "APPROVER" });
    expect(errorCode(await gw.gql(OPS.approveAccess, { id: adminOwn }, { token: admin }))).toBe("FORBIDDEN");
    // someone else may decide them
    ok(await gw.gql(OPS.approveAccess, { id: carolOwn }, { token: admin }));
    ok(await gw.gql(OPS.denyAccess, { id: adminOwn, reason: "not needed" }, { user: "carol" }));
    expect((await grant(adminOwn, { token: admin })).decisionReason).toBe("not needed");
  });

  it("lets exactly one of two concurrent decisions win; the other gets CONFLICT", async () => {
    for (let i = 0; i < 5; i++) {
      const id = await requestAccess(gw, { user: `racer${i}` }, { tenantId: T1, role: "TIER1_ANALYST" });
      const results = await Promise.all([
        gw.gql(OPS.approveAccess, { id }, { user: "carol" }),
        gw.gql(OPS.denyAccess, { id, reason: "race" }, { token: admin }),
      ]);
      const winners = results.filter((r) => !r.body.errors);
      expect(winners).toHaveLength(1);
      const loser = results.find((r) => r.body.errors)!;
      expect(errorCode(loser)).toBe("CONFLICT");
      const final = await grant(id, { token: admin });
      expect(final.status).toBe("approveAccess" in winners[0].body.data! ? "APPROVED" : "DENIED");
      expect(final.history).toHaveLength(2);
    }
  });

  it("validates requests: justification, unknown tenant, duplicates, subjects", async () => {
    const req = (input: object, as: { user: string } | { token: string } = { user: "frank" }) =>
      gw.gql(OPS.requestAccess, { input: { tenantId: T1, role: "TIER1_ANALYST", justification: "ok", ...input } }, as);
    expect(errorCode(await req({ justification: "  " }))).toBe("BAD_USER_INPUT");
    expect(errorCode(await req({ justification: "x".repeat(1001) }))).toBe("BAD_USER_INPUT");
    const unknown = await req({ tenantId: "00000000-0000-0000-0000-000000000000" });
    expect(errorCode(unknown)).toBe("NOT_FOUND");
    const first = ok(await req({})).requestAccess.id;
    const dup = await req({ justification: "again" });
    expect(errorCode(dup)).toBe("CONFLICT");
    expect(dup.body.errors![0].extensions!.grantId).toBe(first);
    expect(errorCode(await req({ role: "TIER1_ANALYST", tenantId: T0 }, { user: "bob" }))).toBe("CONFLICT"); // seeded by config
    expect(errorCode(await req({ subject: { kind: "GROUP", id: "soc-night" } }))).toBe("FORBIDDEN");
    expect(errorCode(await req({ subject: { kind: "USER", id: "someone-else" } }))).toBe("FORBIDDEN");
    // a user may withdraw their own pending request
    const withdrawn = ok(await gw.gql(OPS.revokeAccess, { id: first, reason: "wrong tenant" }, { user: "frank" })).revokeAccess;
    expect(withdrawn.status).toBe("REVOKED");
  });

  it("lets an admin grant a group and an app; members and the app get access", async () => {
    const groupId = "6f1c0f4e-0000-4000-8000-00000000g001";
    const g = await requestAccess(
      gw,
      { token: admin },
      { tenantId: T1, role: "TIER1_ANALYST", subject: { kind: "GROUP", id: groupId, displayName: "SOC night" } },
    );
    ok(await gw.gql(OPS.approveAccess, { id: g }, { user: "carol" }));
    const member = await gw.token("gina", { groups: [groupId] });
    await waitFor(async () => (await readableTenants(gw, { token: member })).includes(T1), {
      timeoutMs: 2_000,
      what: "group member access",
    });
    expect(await readableTenants(gw, { user: "gina" })).toEqual([]);
    // a group member sees the group's grant but cannot revoke it for everyone
    expect((await grant(g, { token: member }))?.subject).toMatchObject({ kind: "GROUP", id: groupId });
    expect(errorCode(await gw.gql(OPS.revokeAccess, { id: g }, { token: member }))).toBe("FORBIDDEN");

    const app = await gw.app.simulator!.mintAppToken({ appId: "siem-connector" });
    expect(await readableTenants(gw, { token: app })).toEqual([]);
    const a = await requestAccess(
      gw,
      { token: admin },
      { tenantId: T0, role: "TIER1_ANALYST", subject: { kind: "APP", id: "siem-connector" }, justification: "SIEM pull" },
    );
    ok(await gw.gql(OPS.approveAccess, { id: a }, { user: "carol" }));
    await waitFor(async () => (await readableTenants(gw, { token: app })).includes(T0), { timeoutMs: 2_000, what: "app access" });
  });

  it("lists config seeds as APPROVED grants from the configuration, which the API cannot change", async () => {
    const seeds = ok(await gw.gql(OPS.accessGrants, {}, { user: "bob" })).accessGrants.filter((g) => g.origin === "CONFIG");
    expect(seeds).toHaveLength(1);
    expect(seeds[0]).toMatchObject({
      tenantId: T0,
      role: "TIER1_ANALYST",
      status: "APPROVED",
      active: true,
      expiresAt: null,
      requestedBy: { id: "config" },
    });
    expect(errorCode(await gw.gql(OPS.revokeAccess, { id: seeds[0].id }, { token: admin }))).toBe("BAD_USER_INPUT");
    const tenantView = ok(await gw.gql(WorkflowTenantGrantsDocument, { id: T0 }, { user: "bob" })).tenant!;
    expect(tenantView.accessGrants.map((g) => g.id)).toEqual([seeds[0].id]);
    expect(tenantView.accessGrantPolicy).toEqual({ grantTtlSeconds: 365 * 86_400, isDefault: true });
  });
});

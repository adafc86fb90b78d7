import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { errorCode, ok } from "../helpers/operations.js";
import { adminToken, OPS, requestAccess } from "./access.helpers.js";

/** Issue 13 item 11: a token that cannot list all its groups cannot decide a GROUP grant. */
describe("access grants: deciding a GROUP grant with a group-overage token", () => {
  let gw: TestGateway;
  let T1: string;
  let admin: string;
  const GROUP = "6f1c0f4e-0000-4000-8000-0000000ov001";

  beforeAll(async () => {
    gw = await startGateway({ SIM_TENANTS: "2", SIM_ALERTS_PER_TENANT: "2" });
    T1 = gw.app.registry.ids()[1]!;
    admin = await adminToken(gw);
  });
  afterAll(() => gw?.close());

  it("refuses an approver whose token carries Entra's overage marker instead of its groups, with a clear reason", async () => {
    const id = await requestAccess(
      gw,
      { token: admin },
      { tenantId: T1, role: "TIER2_ANALYST", subject: { kind: "GROUP", id: GROUP, displayName: "SOC night" } },
    );
    // carol is APPROVER everywhere; with overage her token does not say whether she is in GROUP.
    const overage = await gw.token("carol", { groupOverage: true, groups: [GROUP] });
    for (const op of [OPS.approveAccess, OPS.denyAccess]) {
      const res = await gw.gql<unknown, { id: string }>(op, { id }, { token: overage });
      expect(errorCode(res)).toBe("FORBIDDEN");
      expect(res.body.errors![0].message).toMatch(/does not list all your groups.*GROUP grant/);
    }
    const still = ok(await gw.gql(OPS.accessGrants, { tenantId: T1 }, { token: admin })).accessGrants.find((g) => g.id === id);
    expect(still?.status).toBe("PENDING");

    // The same approver with a complete groups claim that does not include the group decides it.
    const complete = await gw.token("carol", { groups: ["some-other-group"] });
    expect(ok(await gw.gql(OPS.approveAccess, { id }, { token: complete })).approveAccess.status).toBe("APPROVED");
  });

  it("still lets an overage token decide USER grants (membership does not matter there)", async () => {
    const id = await requestAccess(gw, { user: "dave" }, { tenantId: T1, role: "TIER1_ANALYST" });
    const overage = await gw.token("carol", { groupOverage: true });
    expect(ok(await gw.gql(OPS.approveAccess, { id }, { token: overage })).approveAccess.status).toBe("APPROVED");
  });
});

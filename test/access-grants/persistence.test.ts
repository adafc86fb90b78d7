import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startGateway } from "../helpers/gateway.js";
import { ok } from "../helpers/operations.js";
import { grantAccess, OPS, readableTenants, requestAccess } from "./access.helpers.js";

describe("access grants survive a restart of the embedded gateway (DATA_FILE)", () => {
  const dir = mkdtempSync(join(tmpdir(), "grants-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps approved grants, pending requests and their history", async () => {
    const env = { SIM_TENANTS: "2", DATA_FILE: join(dir, "state.json") };
    const first = await startGateway(env);
    const T1 = first.app.registry.ids()[1];
    let approved: string, pending: string;
    try {
      approved = await grantAccess(first, "dave", T1, "TIER1_ANALYST");
      pending = await requestAccess(first, { user: "erin" }, { tenantId: T1, role: "TIER2_ANALYST" });
    } finally {
      await first.close();
    }
    const second = await startGateway(env);
    try {
      expect(await readableTenants(second, { user: "dave" })).toEqual([T1]);
      const queue = ok(await second.gql(OPS.accessGrants, { tenantId: T1 }, { user: "carol" })).accessGrants;
      expect(queue.find((g) => g.id === approved)).toMatchObject({ status: "APPROVED", history: [{ to: "PENDING" }, { to: "APPROVED" }] });
      expect(queue.find((g) => g.id === pending)).toMatchObject({ status: "PENDING" });
      ok(await second.gql(OPS.approveAccess, { id: pending }, { user: "carol" }));
      expect(await readableTenants(second, { user: "erin" })).toEqual([T1]);
    } finally {
      await second.close();
    }
  });
});

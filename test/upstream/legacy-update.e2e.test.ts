import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpdateDeterminationDocument } from "../generated/graphql.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";

const UPDATE = UpdateDeterminationDocument;

/** The whole path over real HTTP: GraphQL → alert service → legacy client → the simulator's Defender face. */
describe("legacy updateAlert spellings end to end", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ UPSTREAM_API: "defender", SIM_TENANTS: "1", SIM_ALERTS_PER_TENANT: "5", SYNC_POLL_INTERVAL_MS: "600000" });
    await gw.synced();
  });
  afterAll(() => gw?.close());

  it("CLEAN and CONFIRMED_USER_ACTIVITY reach the Defender API as NotMalicious and ConfirmedActivity, and read back unchanged", async () => {
    const sim = gw.app.simulator!;
    const t = sim.tenants[0].id;
    const [a, b] = sim.control.listAlerts(t);
    // The simulator refuses the entity spellings (Clean, ConfirmedUserActivity) on PATCH, as the update API documents,
    // so a successful update proves NotMalicious / ConfirmedActivity were sent; it stores them in the entity's spelling.
    for (const [alert, value, upstream] of [
      [a, "CLEAN", "Clean"],
      [b, "CONFIRMED_USER_ACTIVITY", "ConfirmedUserActivity"],
    ] as const) {
      const res = await gw.gql(UPDATE, { input: { tenantId: t, id: alert.id, determination: value } });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data!.updateAlert.determination).toBe(value);
      expect(sim.control.listAlerts(t).find((x) => x.id === alert.id)!.determination).toBe(upstream);
    }
  });
});

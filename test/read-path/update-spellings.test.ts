import { afterAll, beforeAll, expect, it } from "vitest";
import { startGateway, type TestGateway } from "../helpers/gateway.js";

const UPDATE = `mutation($input: UpdateAlertInput!) { updateAlert(input: $input) { id determination } }`;

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway({ UPSTREAM_API: "defender", SIM_TENANTS: "1", SIM_ALERTS_PER_TENANT: "5", SYNC_POLL_INTERVAL_MS: "600000" });
  await gw.synced();
});
afterAll(() => gw?.close());

// The legacy update API refuses the alert entity's `Clean`/`ConfirmedUserActivity` (issue 11): the gateway must send
// `NotMalicious`/`ConfirmedActivity`, and reads come back in the entity's spelling.
it("updateAlert sends the update API's determination spellings", async () => {
  const sim = gw.app.simulator!;
  const t = sim.tenants[0].id;
  const a = sim.control.listAlerts(t)[0];
  for (const [determination, stored] of [
    ["CLEAN", "Clean"],
    ["CONFIRMED_USER_ACTIVITY", "ConfirmedUserActivity"],
  ] as const) {
    const res = await gw.gql(UPDATE, { input: { tenantId: t, id: a.id, determination } });
    expect(res.body.errors, determination).toBeUndefined();
    expect(res.body.data.updateAlert.determination).toBe(determination);
    expect(sim.control.listAlerts(t).find((x) => x.id === a.id)!.determination).toBe(stored);
  }
});

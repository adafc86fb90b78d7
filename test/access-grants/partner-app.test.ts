import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import { requestToken } from "../simulator/sim.helpers.js";

/** Issue 14 item 4: a partner tool gets an app-only token and a read grant in the embedded default, nothing else to do. */
describe("the demo partner app (partner-siem) in the embedded default", () => {
  let gw: TestGateway;
  let appToken: string;

  beforeAll(async () => {
    gw = await startGateway({ SYNC_POLL_INTERVAL_MS: "60000" });
    const sim = gw.app.simulator!;
    const siem = sim.partnerApps.find((a) => a.name === "partner-siem")!;
    const { status, body } = await requestToken(sim, sim.msspTenantId, {
      grant_type: "client_credentials",
      client_id: siem.appId,
      client_secret: siem.secret,
      scope: `${sim.gatewayAppId}/.default`,
    });
    expect(status).toBe(200);
    appToken = body["access_token"] as string;
    await gw.app.sync.syncNow(gw.app.registry.ids()[0]);
  });
  afterAll(() => gw?.close());

  const ask = async (query: string) => {
    const res = await fetch(`${gw.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${appToken}` },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as { data?: Record<string, unknown>; errors?: { extensions: { code: string } }[] };
  };

  it("reads every demo tenant's alerts and the pull feed with its client-credentials token", async () => {
    const tenants = gw.app.registry.ids();
    const body = await ask("{ tenants { id } alerts(first: 1) { totalCount } alertEventsSince(first: 1) { edges { cursor } } }");
    expect(body.errors).toBeUndefined();
    expect((body.data!.tenants as { id: string }[]).map((t) => t.id).sort()).toEqual([...tenants].sort());
    expect((body.data!.alerts as { totalCount: number }).totalCount).toBeGreaterThan(0);
    expect((body.data!.alertEventsSince as { edges: unknown[] }).edges).toHaveLength(1);
  });

  it("may not write (the seeded grant is TIER1)", async () => {
    const page = await ask("{ alerts(first: 1) { edges { node { id tenantId } } } }");
    const alert = (page.data!.alerts as { edges: { node: { id: string; tenantId: string } }[] }).edges[0].node;
    const body = await ask(
      `mutation { updateAlert(input: { tenantId: "${alert.tenantId}", id: "${alert.id}", status: RESOLVED }) { id } }`,
    );
    expect(body.errors?.[0]?.extensions.code).toBe("FORBIDDEN");
  });
});

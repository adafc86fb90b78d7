import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../../src/simulator/index.js";
import { RemoteSyncedCountDocument, RemoteUpstreamStatesDocument } from "../generated/graphql.js";
import { remoteEnvFor, startGateway, userGrant, type TestGateway } from "../helpers/gateway.js";
import { postGraphQL } from "../helpers/operations.js";

/** The gateway in remote mode against a standalone simulator: real @azure/identity over HTTPS, Graph over HTTP. */
describe("remote mode against the simulator over HTTP(S)", () => {
  let sim: Simulator;
  let gw: TestGateway;
  beforeAll(async () => {
    sim = await createSimulator({ tenantCount: 2, alertsPerTenant: 15, seed: 7 });
    gw = await startGateway(remoteEnvFor(sim, [userGrant("alice", "TIER2_ANALYST")]));
    await gw.synced();
  });
  afterAll(async () => {
    await gw?.close();
    await sim?.close();
  });

  it("gets tokens per tenant over HTTPS and syncs every alert", async () => {
    const token = await sim.mintUserToken({ user: "alice" });
    const res = await postGraphQL(gw.url, RemoteSyncedCountDocument, {}, token);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.alerts.totalCount).toBe(sim.tenants.reduce((n, t) => n + sim.control.listGraphAlerts(t.id).length, 0));
    expect(res.body.data!.tenants.map((t) => t.sync.upstreamState)).toEqual(["HEALTHY", "HEALTHY"]);
    // one credential per tenant, reused: one token request per tenant however many calls
    for (const t of sim.tenants) expect(sim.control.getCounters(t.id).tokens).toBe(1);
  });

  it("marks a tenant AUTH_FAILED when consent is revoked, while others keep syncing", async () => {
    const [revoked, ok] = sim.tenants;
    sim.control.revokeConsent?.(revoked.id);
    // cached tokens stay valid upstream until expiry; the simulator rejects calls of an unconsented app
    await gw.app.sync.syncNow(revoked.id);
    await gw.app.sync.syncNow(ok.id);
    const token = await sim.mintUserToken({ user: "alice" });
    const res = await postGraphQL(gw.url, RemoteUpstreamStatesDocument, {}, token);
    const byId = Object.fromEntries(res.body.data!.tenants.map((t) => [t.id, t.sync]));
    expect(byId[revoked.id].upstreamState).toBe("AUTH_FAILED");
    expect(byId[ok.id].upstreamState).toBe("HEALTHY");
  });
});

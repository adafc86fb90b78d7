import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../../src/errors/errors.js";
import { createSimulator, type Simulator } from "../../src/simulator/index.js";
import { createDefenderClient, type DefenderClient } from "../../src/upstream/defender.client.js";
import { odataDateTime } from "../../src/upstream/defender.odata.js";

/** The real path: @azure/identity ClientSecretCredential over the simulator's HTTPS authority, Defender API over HTTP. */
describe("Defender client against the simulator", () => {
  let sim: Simulator;
  let client: DefenderClient;
  beforeAll(async () => {
    sim = await createSimulator({ alertsPerTenant: 12, machinesPerTenant: 5 });
    client = createDefenderClient({
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      authorityHost: sim.httpsUrl!, // not a Microsoft host: instance discovery is switched off automatically
      caPem: sim.caCertPem!,
      baseUrlFor: () => sim.httpUrl!,
      backoff: { baseMs: 10, capMs: 50 },
    });
  });
  afterAll(async () => {
    await client?.close();
    await sim?.close();
  });

  it("listAlerts returns the tenant's alerts, with evidence; one token per tenant, reused", async () => {
    const [t1, t2] = sim.tenants;
    const truth = sim.control.listAlerts(t1.id);
    const alerts = await client.listAlerts(t1.id, { expandEvidence: true }, "sync");
    expect(alerts.map((a) => a.id).sort()).toEqual(truth.map((a) => a.id).sort());
    expect(alerts.every((a) => a.aadTenantId === t1.id)).toBe(true);
    expect(alerts.some((a) => a.evidence.length > 0)).toBe(true);

    const since = truth.map((a) => a.lastUpdateTime!).sort()[6];
    const newer = await client.listAlerts(t1.id, { filter: `lastUpdateTime ge ${odataDateTime(since)}`, top: 3 });
    expect(newer.length).toBeLessThanOrEqual(3);
    for (const a of newer) expect(Date.parse(a.lastUpdateTime!)).toBeGreaterThanOrEqual(Date.parse(since));

    await client.listAlerts(t2.id, { top: 1 });
    expect(sim.control.getCounters(t1.id).tokens).toBe(1);
    expect(sim.control.getCounters(t2.id).tokens).toBe(1);
  });

  it("machines by id (an alert's machine among them), update, update of an unknown id → null", async () => {
    const t = sim.tenants[0].id;
    const machines = sim.control.listMachines(t);
    const got = await client.listMachines(t, { ids: machines.slice(0, 3).map((m) => m.id) });
    expect(got.map((m) => m.id).sort()).toEqual(
      machines
        .slice(0, 3)
        .map((m) => m.id)
        .sort(),
    );
    const a = sim.control.listAlerts(t)[0];
    expect((await client.listMachines(t, { ids: [a.machineId!] })).map((m) => m.id)).toEqual([a.machineId]);
    expect(await client.updateAlert(t, "da0_0", { comment: "nobody home" })).toBeNull();
    const updated = await client.updateAlert(t, a.id, { status: "InProgress", comment: "from the upstream test" });
    expect(updated?.status).toBe("InProgress");
    expect(updated?.comments.at(-1)?.comment).toBe("from the upstream test");
  });

  it("revoked consent: the stale token gets 401, the refresh fails → UPSTREAM_AUTH_FAILED", async () => {
    const t = sim.tenants[2].id;
    await client.listAlerts(t, { top: 1 });
    sim.control.revokeConsent(t);
    try {
      await expect(client.listAlerts(t, { top: 1 })).rejects.toMatchObject({
        extensions: { code: ErrorCode.UPSTREAM_AUTH_FAILED, tenantId: t },
      });
    } finally {
      sim.control.grantConsent(t);
    }
    expect(await client.listAlerts(t, { top: 1 })).toHaveLength(1);
  });
});

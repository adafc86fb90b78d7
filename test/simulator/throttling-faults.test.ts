import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../../src/simulator/index.js";
import { waitFor } from "../helpers/wait.js";
import { DEFENDER_SCOPE, api, defenderToken, requestToken } from "./sim.helpers.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator({ alertsPerTenant: 5, machinesPerTenant: 3, httpsPort: null });
});
afterAll(() => sim.close());

describe("throttling", () => {
  it("answers the 101st call within a minute with 429 and Retry-After (default limits)", async () => {
    const tenantId = sim.tenants[0].id;
    const token = await defenderToken(sim, tenantId);
    for (let batch = 0; batch < 5; batch++) {
      const statuses = await Promise.all(Array.from({ length: 20 }, () => api(sim, "/api/alerts?$top=1", token).then((r) => r.status)));
      expect(statuses.every((s) => s === 200)).toBe(true);
    }
    const throttled = await api(sim, "/api/alerts?$top=1", token);
    expect(throttled.status).toBe(429);
    const retryAfter = Number(throttled.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(throttled.body.error).toMatchObject({ code: "TooManyRequests", target: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    // Retrying early keeps failing, and refused calls do not extend the wait.
    const again = await api(sim, `/api/machines`, token);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeLessThanOrEqual(retryAfter);

    const counters = sim.control.getCounters(tenantId);
    expect(counters).toMatchObject({ total: 102, throttled: 2 });
    expect(counters.byRoute).toEqual({ "GET /api/alerts": 101, "GET /api/machines": 1 });

    // The budget is per app and tenant: another tenant is unaffected.
    const other = await defenderToken(sim, sim.tenants[1].id);
    expect((await api(sim, "/api/alerts?$top=1", other)).status).toBe(200);
    sim.control.resetBudget(tenantId);
    expect((await api(sim, "/api/alerts?$top=1", token)).status).toBe(200);
  });

  it("honours limits lowered through the HTTP control API, per minute and per hour", async () => {
    const tenantId = sim.tenants[2].id;
    const token = await defenderToken(sim, tenantId);
    expect(
      (
        await api(sim, `/_sim/tenants/${tenantId}/limits`, undefined, {
          method: "PUT",
          body: JSON.stringify({ perMinute: 3, perHour: 1500 }),
        })
      ).status,
    ).toBe(204);
    for (let i = 0; i < 3; i++) expect((await api(sim, "/api/machines", token)).status).toBe(200);
    const minute = await api(sim, "/api/machines", token);
    expect(minute.status).toBe(429);
    expect(Number(minute.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(minute.headers.get("retry-after"))).toBeLessThanOrEqual(60);

    await api(sim, `/_sim/tenants/${tenantId}/budget`, undefined, { method: "DELETE" });
    await api(sim, `/_sim/tenants/${tenantId}/limits`, undefined, { method: "PUT", body: JSON.stringify({ perMinute: 100, perHour: 2 }) });
    for (let i = 0; i < 2; i++) expect((await api(sim, "/api/machines", token)).status).toBe(200);
    const hour = await api(sim, "/api/machines", token);
    expect(hour.status).toBe(429);
    expect(Number(hour.headers.get("retry-after"))).toBeGreaterThan(3_500);

    const counters = await api(sim, `/_sim/tenants/${tenantId}/counters`);
    expect(counters.body).toMatchObject({ total: 7, throttled: 2, byRoute: { "GET /api/machines": 7 } });
    await api(sim, `/_sim/tenants/${tenantId}/counters`, undefined, { method: "DELETE" });
    expect((await api(sim, `/_sim/tenants/${tenantId}/counters`)).body).toMatchObject({ total: 0, throttled: 0, byRoute: {} });
    sim.control.setLimits({ perMinute: 100, perHour: 1500 }, tenantId);
    sim.control.resetBudget(tenantId);
  });

  it("does not count unauthenticated calls", async () => {
    const tenantId = sim.tenants[1].id;
    sim.control.resetCounters(tenantId);
    expect((await api(sim, "/api/alerts")).status).toBe(401);
    expect(sim.control.getCounters(tenantId).total).toBe(0);
  });
});

describe("fault injection", () => {
  const tenantId = (): string => sim.tenants[1].id;

  it("fails every call with the injected status until cleared", async () => {
    const token = await defenderToken(sim, tenantId());
    sim.control.setFaults(tenantId(), { failStatus: 503 });
    const res = await api(sim, "/api/alerts?$top=1", token);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("ServiceUnavailable");
    expect((await api(sim, "/api/machines", token)).status).toBe(503);
    await api(sim, `/_sim/tenants/${tenantId()}/faults`, undefined, { method: "DELETE" });
    expect((await api(sim, "/api/alerts?$top=1", token)).status).toBe(200);
  });

  it("fails the next N calls, then recovers", async () => {
    const token = await defenderToken(sim, tenantId());
    await api(sim, `/_sim/tenants/${tenantId()}/faults`, undefined, {
      method: "PUT",
      body: JSON.stringify({ failStatus: 500, failCount: 2 }),
    });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api(sim, "/api/alerts?$top=1", token)).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
    sim.control.clearFaults(tenantId());
  });

  it("adds latency", async () => {
    const token = await defenderToken(sim, tenantId());
    sim.control.setFaults(tenantId(), { latencyMs: 250 });
    const started = performance.now();
    expect((await api(sim, "/api/alerts?$top=1", token)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    sim.control.clearFaults(tenantId());
  });

  it("hangs calls until the fault is cleared", async () => {
    const token = await defenderToken(sim, tenantId());
    sim.control.resetCounters(tenantId());
    sim.control.setFaults(tenantId(), { hang: true });
    let settled = false;
    const pending = api(sim, "/api/alerts?$top=1", token).finally(() => {
      settled = true;
    });
    await waitFor(() => sim.control.getCounters(tenantId()).total === 1, { what: "the hung call to reach the simulator" });
    expect(settled).toBe(false);
    sim.control.clearFaults(tenantId());
    expect((await pending).status).toBe(200);
  });

  it("can also fail the tenant's token endpoint", async () => {
    sim.control.setFaults(tenantId(), { failStatus: 503, includeTokenEndpoint: true });
    const form = { grant_type: "client_credentials", client_id: sim.clientId, client_secret: sim.clientSecret, scope: DEFENDER_SCOPE };
    expect(await requestToken(sim, tenantId(), form)).toMatchObject({ status: 503, body: { error: "temporarily_unavailable" } });
    sim.control.clearFaults(tenantId());
    expect((await requestToken(sim, tenantId(), form)).status).toBe(200);
  });

  it("rejects invalid faults", async () => {
    const res = await api(sim, `/_sim/tenants/${tenantId()}/faults`, undefined, { method: "PUT", body: JSON.stringify({ failRate: 2 }) });
    expect(res.status).toBe(400);
    expect((await api(sim, "/_sim/tenants/nope/faults", undefined, { method: "PUT", body: "{}" })).status).toBe(404);
  });

  it("closes promptly with a hung call in flight", async () => {
    const other = await createSimulator({ alertsPerTenant: 1, machinesPerTenant: 1, httpsPort: null });
    const t = other.tenants[0].id;
    const token = await other.control.mintDefenderToken(t);
    other.control.setFaults(t, { hang: true });
    const pending = fetch(`${other.httpUrl}/api/alerts`, { headers: { authorization: `Bearer ${token}` } });
    await waitFor(() => other.control.getCounters(t).total === 1, { what: "the hung call to reach the simulator" });
    await other.close();
    await expect(pending).rejects.toThrow();
  });
});

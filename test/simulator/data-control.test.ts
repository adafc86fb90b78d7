import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../../src/simulator/index.js";
import {
  DEFENDER_CLASSIFICATIONS,
  DEFENDER_DETECTION_SOURCES,
  DEFENDER_DETERMINATIONS,
  DEFENDER_INVESTIGATION_STATES,
  DEFENDER_SEVERITIES,
  DEFENDER_STATUSES,
  type DefenderAlert,
} from "../../src/upstream/defender.types.js";
import { api, defenderToken, EPOCH } from "./sim.helpers.js";
import { waitFor } from "../helpers/wait.js";

const ALERT_KEYS = [
  "id",
  "incidentId",
  "investigationId",
  "assignedTo",
  "severity",
  "status",
  "classification",
  "determination",
  "investigationState",
  "detectionSource",
  "detectorId",
  "category",
  "threatFamilyName",
  "threatName",
  "title",
  "description",
  "alertCreationTime",
  "firstEventTime",
  "lastEventTime",
  "lastUpdateTime",
  "resolvedTime",
  "machineId",
  "computerDnsName",
  "rbacGroupName",
  "aadTenantId",
  "mitreTechniques",
  "relatedUser",
  "comments",
  "evidence",
];
const EVIDENCE_KEY_COUNT = 25;

const snapshot = (sim: Simulator): string =>
  JSON.stringify(sim.tenants.map((t) => ({ t, alerts: sim.control.listAlerts(t.id), machines: sim.control.listMachines(t.id) })));

describe("determinism", () => {
  it("gives byte-identical data for the same seed and epoch, different data for another seed", async () => {
    const opts = { seed: 7, epochMs: EPOCH, httpPort: 0, httpsPort: null } as const;
    const [a, b, c] = await Promise.all([createSimulator(opts), createSimulator(opts), createSimulator({ ...opts, seed: 8 })]);
    try {
      expect(snapshot(a)).toBe(snapshot(b));
      expect(a.tenants.map((t) => t.id)).toEqual(b.tenants.map((t) => t.id));
      expect(c.tenants.map((t) => t.id)).not.toEqual(a.tenants.map((t) => t.id));
      expect(snapshot(c)).not.toBe(snapshot(a));
      // The API serves the same bytes too.
      const [ta, tb] = [await defenderToken(a, a.tenants[0].id), await defenderToken(b, b.tenants[0].id)];
      const [ra, rb] = await Promise.all([
        fetch(`${a.httpUrl}/api/alerts?$expand=evidence`, { headers: { authorization: `Bearer ${ta}` } }),
        fetch(`${b.httpUrl}/api/alerts?$expand=evidence`, { headers: { authorization: `Bearer ${tb}` } }),
      ]);
      const strip = (s: string): string => s.replace(/^\{"@odata.context":"[^"]*",/, "");
      expect(strip(await ra.text())).toBe(strip(await rb.text()));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});

describe("generated data", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await createSimulator({ epochMs: EPOCH, httpsPort: null });
  });
  afterAll(() => sim.close());

  it("has the default shape: 3 tenants, 40 alerts and 15 machines each", () => {
    expect(sim.tenants).toHaveLength(3);
    expect(new Set(sim.tenants.map((t) => t.id)).size).toBe(3);
    for (const t of sim.tenants) {
      expect(t.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(t.name).toMatch(/\w+ \w+/);
      expect(["us", "eu", "uk", "au"]).toContain(t.region);
      expect(sim.control.listAlerts(t.id)).toHaveLength(40);
      expect(sim.control.listMachines(t.id)).toHaveLength(15);
    }
  });

  it("populates every alert field realistically and consistently", () => {
    const enumsOk = (alert: DefenderAlert): boolean =>
      (DEFENDER_SEVERITIES as readonly string[]).includes(alert.severity) &&
      (DEFENDER_STATUSES as readonly string[]).includes(alert.status) &&
      (alert.classification === null || (DEFENDER_CLASSIFICATIONS as readonly string[]).includes(alert.classification)) &&
      (alert.determination === null || (DEFENDER_DETERMINATIONS as readonly string[]).includes(alert.determination)) &&
      (DEFENDER_INVESTIGATION_STATES as readonly string[]).includes(alert.investigationState ?? "") &&
      (DEFENDER_DETECTION_SOURCES as readonly string[]).includes(alert.detectionSource ?? "");
    const statuses = new Set<string>();
    for (const t of sim.tenants) {
      const machines = new Map(sim.control.listMachines(t.id).map((m) => [m.id, m]));
      const alerts = sim.control.listAlerts(t.id);
      expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
      for (const a of alerts) {
        statuses.add(a.status);
        expect(Object.keys(a).sort()).toEqual([...ALERT_KEYS].sort());
        expect(a.id).toMatch(/^da\d{18}_-?\d+$/);
        expect(enumsOk(a)).toBe(true);
        expect(a.aadTenantId).toBe(t.id);
        const created = Date.parse(a.alertCreationTime!);
        expect(created).toBeGreaterThan(EPOCH - 7 * 86_400_000);
        expect(Date.parse(a.lastUpdateTime!)).toBeLessThanOrEqual(EPOCH);
        expect(Date.parse(a.lastUpdateTime!)).toBeGreaterThanOrEqual(created);
        expect(Date.parse(a.firstEventTime!)).toBeLessThanOrEqual(Date.parse(a.lastEventTime!));
        expect(a.resolvedTime === null).toBe(a.status !== "Resolved");
        const m = machines.get(a.machineId!);
        expect(m).toBeDefined();
        expect([a.computerDnsName, a.rbacGroupName]).toEqual([m!.computerDnsName, m!.rbacGroupName]);
        // Real alerts may name no user (issue 11: mess on legacy alerts too).
        expect([null, { userName: expect.any(String), domainName: expect.any(String) }]).toContainEqual(a.relatedUser);
        expect(Array.isArray(a.mitreTechniques)).toBe(true);
        expect(a.evidence.length).toBeGreaterThanOrEqual(1);
        expect(a.evidence.length).toBeLessThanOrEqual(3);
        for (const e of a.evidence) expect(Object.keys(e)).toHaveLength(EVIDENCE_KEY_COUNT);
        for (const c of a.comments)
          expect(c).toEqual({ comment: expect.any(String), createdBy: expect.any(String), createdTime: expect.any(String) });
      }
    }
    expect(statuses).toEqual(new Set(["New", "InProgress", "Resolved"]));
  });

  it("generator steps create a New alert and update another, always after the tenant's previous lastUpdateTime", () => {
    const maxUpdate = (tenantId: string): number => Math.max(...sim.control.listAlerts(tenantId).map((a) => Date.parse(a.lastUpdateTime!)));
    for (let i = 0; i < 5; i++) {
      const before = new Map(sim.tenants.map((t) => [t.id, maxUpdate(t.id)]));
      const step = sim.control.generatorStep();
      expect(step.created.alert.status).toBe("New");
      expect(Date.parse(step.created.alert.lastUpdateTime!)).toBeGreaterThan(before.get(step.created.tenantId)!);
      expect(sim.control.listAlerts(step.created.tenantId).some((a) => a.id === step.created.alert.id)).toBe(true);
      expect(step.updated).not.toBeNull();
      expect(Date.parse(step.updated!.alert.lastUpdateTime!)).toBeGreaterThan(before.get(step.updated!.tenantId)!);
    }
    expect(sim.control.getGenerator().steps).toBe(5);
  });

  it("runs on a timer when an interval is set", async () => {
    const start = sim.control.getGenerator().steps;
    sim.control.setGeneratorInterval(10);
    await waitFor(() => sim.control.getGenerator().steps >= start + 2, {
      timeoutMs: 5_000,
      intervalMs: 5,
      what: "the generator to run twice on its timer",
    });
    sim.control.setGeneratorInterval(0);
    expect(sim.control.getGenerator().intervalMs).toBe(0);
  });
});

describe("HTTP control API", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await createSimulator({ alertsPerTenant: 3, machinesPerTenant: 2, httpsPort: null });
  });
  afterAll(() => sim.close());

  it("describes the simulator and its tenants", async () => {
    const info = await api(sim, "/_sim/info");
    expect(info.body).toMatchObject({
      httpUrl: sim.httpUrl,
      msspTenantId: sim.msspTenantId,
      userTokenIssuer: sim.userTokenIssuer,
      jwksUrl: sim.jwksUrl,
    });
    const tenants = await api(sim, "/_sim/tenants");
    expect(tenants.body.map((t: { id: string }) => t.id)).toEqual(sim.tenants.map((t) => t.id));
    expect(tenants.body[0]).toMatchObject({
      consented: true,
      alertCount: 3,
      machineCount: 2,
      limits: { perMinute: 100, perHour: 1500 },
      faults: null,
    });
    expect((await api(sim, "/_sim/tenants/00000000-0000-0000-0000-000000000000")).status).toBe(404);
  });

  it("creates and updates alerts, which the Defender API then serves", async () => {
    const tenantId = sim.tenants[0].id;
    const machine = sim.control.listMachines(tenantId)[1];
    const created = await api<DefenderAlert>(sim, `/_sim/tenants/${tenantId}/alerts`, undefined, {
      method: "POST",
      body: JSON.stringify({ title: "Test alert", severity: "High", machineId: machine.id }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: "Test alert",
      severity: "High",
      status: "New",
      aadTenantId: tenantId,
      machineId: machine.id,
      computerDnsName: machine.computerDnsName,
    });

    const updated = await api<DefenderAlert>(sim, `/_sim/tenants/${tenantId}/alerts/${created.body.id}`, undefined, {
      method: "PATCH",
      body: JSON.stringify({ severity: "Low", status: "InProgress", comment: "from control" }),
    });
    expect(updated.body).toMatchObject({
      severity: "Low",
      status: "InProgress",
      comments: [{ comment: "from control", createdBy: "simulator" }],
    });
    expect(Date.parse(updated.body.lastUpdateTime!)).toBeGreaterThan(Date.parse(created.body.lastUpdateTime!));

    const token = await defenderToken(sim, tenantId);
    const served = await api(sim, `/api/alerts/${created.body.id}`, token);
    expect(served.body).toMatchObject({ severity: "Low", status: "InProgress" });
    const truth = await api<DefenderAlert[]>(sim, `/_sim/tenants/${tenantId}/alerts`);
    expect(truth.body.map((a) => a.id)).toContain(created.body.id);
    expect((await api(sim, `/_sim/tenants/${tenantId}/alerts/nope`, undefined, { method: "PATCH", body: "{}" })).status).toBe(404);
  });

  it("revokes and grants consent, and drives the generator", async () => {
    const tenantId = sim.tenants[1].id;
    expect((await api(sim, `/_sim/tenants/${tenantId}/consent`, undefined, { method: "DELETE" })).status).toBe(204);
    expect((await api(sim, `/_sim/tenants/${tenantId}`)).body.consented).toBe(false);
    await api(sim, `/_sim/tenants/${tenantId}/consent`, undefined, { method: "PUT", body: JSON.stringify({ roles: ["Alert.Read.All"] }) });
    expect((await api(sim, `/_sim/tenants/${tenantId}`)).body).toMatchObject({ consented: true, roles: ["Alert.Read.All"] });

    const step = await api(sim, "/_sim/generator/step", undefined, { method: "POST" });
    expect(step.body.created.alert.status).toBe("New");
    const set = await api(sim, "/_sim/generator", undefined, { method: "PUT", body: JSON.stringify({ intervalMs: 60_000 }) });
    expect(set.body).toEqual({ intervalMs: 60_000, steps: 1 });
    await api(sim, "/_sim/generator", undefined, { method: "PUT", body: JSON.stringify({ intervalMs: 0 }) });
    expect((await api(sim, "/_sim/generator")).body.intervalMs).toBe(0);
  });

  it("prepares a tenant's Graph view on request and answers with its size, not its alerts", async () => {
    const tenantId = sim.tenants[0].id;
    const prepared = await api<{ alerts: number }>(sim, `/_sim/tenants/${tenantId}/graph/prepare`, undefined, { method: "POST" });
    expect(prepared.status).toBe(200);
    expect(prepared.body).toEqual({ alerts: sim.control.listGraphAlerts(tenantId).length });
    expect(prepared.body.alerts).toBeGreaterThan(0);
    expect((await api(sim, "/_sim/tenants/00000000-0000-0000-0000-000000000000/graph/prepare", undefined, { method: "POST" })).status).toBe(
      404,
    );
  });
});

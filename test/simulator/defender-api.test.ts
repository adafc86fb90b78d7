import { SignJWT, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../../src/simulator/index.js";
import type { DefenderAlert, DefenderMachine } from "../../src/upstream/defender.types.js";
import { api, defenderToken, EPOCH, q } from "./sim.helpers.js";

let sim: Simulator;
let tenantId: string;
let token: string;
let truth: DefenderAlert[];

beforeAll(async () => {
  sim = await createSimulator({ epochMs: EPOCH, alertsPerTenant: 60, httpsPort: null, limits: { perMinute: 10_000, perHour: 100_000 } });
  tenantId = sim.tenants[0].id;
  token = await defenderToken(sim, tenantId);
  truth = sim.control.listAlerts(tenantId);
});
afterAll(() => sim.close());

const list = async (query: string) =>
  api<{ "@odata.context": string; value: DefenderAlert[]; error: { code: string; message: string } }>(sim, `/api/alerts${query}`, token);
const ids = (alerts: DefenderAlert[]): string[] => alerts.map((a) => a.id);

describe("authentication", () => {
  it("answers 401 in the Defender error format without, with a foreign and with an expired token", async () => {
    const missing = await api(sim, "/api/alerts");
    expect(missing.status).toBe(401);
    expect(missing.body.error).toMatchObject({ code: "Unauthorized", message: expect.any(String), target: expect.any(String) });

    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ tid: tenantId, roles: ["Alert.ReadWrite.All"] })
      .setProtectedHeader({ alg: "RS256" })
      .setAudience("https://api.securitycenter.microsoft.com")
      .setExpirationTime("1h")
      .sign(privateKey);
    expect((await api(sim, "/api/alerts", forged)).status).toBe(401);
    expect((await api(sim, "/api/alerts", "not-a-jwt")).status).toBe(401);

    // A gateway-audience token is signed by the same key but is not a Defender token.
    expect((await api(sim, "/api/alerts", await sim.mintUserToken({ user: "alice" }))).status).toBe(401);
  });

  it("rejects an expired Defender token", async () => {
    const expired = await sim.control.mintDefenderToken(tenantId, { expiresInSec: -60 });
    const res = await api(sim, "/api/alerts", expired);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/exp/);
    expect((await api(sim, "/api/alerts?$top=1", await sim.control.mintDefenderToken(tenantId))).status).toBe(200);
  });
});

describe("GET /api/alerts", () => {
  it("lists every alert of the token's tenant in creation order, with evidence only on $expand", async () => {
    const res = await list("");
    expect(res.status).toBe(200);
    expect(res.body["@odata.context"]).toBe(`${sim.httpUrl}/api/$metadata#Alerts`);
    expect(res.body).not.toHaveProperty("@odata.nextLink");
    expect(ids(res.body.value)).toEqual(ids(truth));
    expect(res.body.value.every((a) => a.evidence.length === 0 && a.aadTenantId === tenantId)).toBe(true);
    const expanded = await list("?$expand=evidence");
    expect(expanded.body.value.every((a) => a.evidence.length >= 1 && a.evidence.length <= 3)).toBe(true);
    expect(expanded.body.value).toEqual(truth);
  });

  it("pages with $top and $skip and validates them", async () => {
    expect(ids((await list("?$top=5")).body.value)).toEqual(ids(truth.slice(0, 5)));
    expect(ids((await list("?$top=5&$skip=5")).body.value)).toEqual(ids(truth.slice(5, 10)));
    expect((await list("?$skip=1000")).body.value).toEqual([]);
    for (const bad of ["?$top=10001", "?$top=abc", "?$top=-1", "?$skip=x", "?$expand=machine", "?$bogus=1"]) {
      const res = await list(bad);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code, bad).toBe("ODataError");
    }
    expect((await list("?$top=10000")).status).toBe(200);
  });

  it("filters with comparisons, and/or, parentheses, startswith and datetimes", async () => {
    const pivot = truth[30].lastUpdateTime!;
    const cases: [string, (a: DefenderAlert) => boolean][] = [
      ["status eq 'New'", (a) => a.status === "New"],
      ["status ne 'Resolved'", (a) => a.status !== "Resolved"],
      ["severity eq 'High' or severity eq 'Medium'", (a) => a.severity === "High" || a.severity === "Medium"],
      [
        "(severity eq 'High' or severity eq 'Low') and status eq 'New'",
        (a) => (a.severity === "High" || a.severity === "Low") && a.status === "New",
      ],
      [`lastUpdateTime ge ${pivot}`, (a) => Date.parse(a.lastUpdateTime!) >= Date.parse(pivot)],
      [`lastUpdateTime gt '${pivot}'`, (a) => Date.parse(a.lastUpdateTime!) > Date.parse(pivot)],
      [`alertCreationTime lt 2025-03-07T00:00:00Z`, (a) => Date.parse(a.alertCreationTime!) < Date.parse("2025-03-07T00:00:00Z")],
      [`incidentId le ${truth[10].incidentId}`, (a) => a.incidentId! <= truth[10].incidentId!],
      ["startswith(detectionSource,'WindowsDefender')", (a) => a.detectionSource!.startsWith("WindowsDefender")],
      ["assignedTo eq null", (a) => a.assignedTo === null],
      ["InvestigationId ne null and not (status eq 'New')", (a) => a.investigationId !== null && a.status !== "New"],
      [`id eq '${truth[3].id}'`, (a) => a.id === truth[3].id],
    ];
    for (const [filter, predicate] of cases) {
      const res = await list(`?$filter=${q(filter)}`);
      expect(res.status, filter).toBe(200);
      const expected = ids(truth.filter(predicate));
      expect(ids(res.body.value), filter).toEqual(expected);
    }
    // Sanity: the fixture exercises both outcomes of the main filters.
    expect(truth.some((a) => a.status === "New") && truth.some((a) => a.status !== "New")).toBe(true);
    // The documented form with '+' for spaces and an unquoted datetime.
    const plus = await api(sim, `/api/alerts?$filter=lastUpdateTime+ge+${pivot}`, token);
    expect(plus.body.value.length).toBe(truth.filter((a) => Date.parse(a.lastUpdateTime!) >= Date.parse(pivot)).length);
  });

  it("answers 400 ODataError on bad filter syntax or unknown properties", async () => {
    for (const bad of [
      "status eq",
      "status = 'New'",
      "(status eq 'New'",
      "status eq 'New' and",
      "nosuchprop eq 1",
      "incidentId eq 'x'",
      "lastUpdateTime ge 'yesterday'",
      "endswith(title,'x')",
      "status eq 'unterminated",
    ]) {
      const res = await list(`?$filter=${q(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code, bad).toBe("ODataError");
    }
  });

  it("orders with $orderby", async () => {
    const res = await list(`?$orderby=${q("lastUpdateTime desc")}&$top=10`);
    const times = res.body.value.map((a) => Date.parse(a.lastUpdateTime!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("also answers under /api/v1.0", async () => {
    const res = await api(sim, "/api/v1.0/alerts?$top=1", token);
    expect(res.status).toBe(200);
    expect(res.body.value[0].id).toBe(truth[0].id);
  });
});

describe("single alerts and PATCH", () => {
  it("gets one alert, 404 ResourceNotFound for an unknown id", async () => {
    const res = await api(sim, `/api/alerts/${truth[0].id}?$expand=evidence`, token);
    expect(res.status).toBe(200);
    const { "@odata.context": _ctx, ...alert } = res.body;
    expect(alert).toEqual(truth[0]);
    const missing = await api(sim, "/api/alerts/da000_1", token);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("ResourceNotFound");
  });

  it("updates status, assignment, classification and comments, bumping lastUpdateTime", async () => {
    const target = truth.find((a) => a.status === "New")!;
    const before = sim.control.listAlerts(tenantId);
    const maxBefore = Math.max(...before.map((a) => Date.parse(a.lastUpdateTime!)));
    const res = await api<DefenderAlert>(sim, `/api/alerts/${target.id}`, token, {
      method: "PATCH",
      body: JSON.stringify({
        status: "Resolved",
        assignedTo: "bob@mssp.example",
        classification: "TruePositive",
        determination: "Malware",
        comment: "Contained.",
      }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "Resolved",
      assignedTo: "bob@mssp.example",
      classification: "TruePositive",
      determination: "Malware",
    });
    expect(res.body.resolvedTime).toBe(res.body.lastUpdateTime);
    expect(Date.parse(res.body.lastUpdateTime!)).toBeGreaterThan(maxBefore);
    expect(res.body.comments.at(-1)).toEqual({
      comment: "Contained.",
      createdBy: `API-App:${sim.clientId}`,
      createdTime: res.body.lastUpdateTime,
    });

    // Two updates in the same millisecond still get strictly increasing lastUpdateTime.
    const [a, b] = await Promise.all(
      ["one", "two"].map((c) =>
        api<DefenderAlert>(sim, `/api/alerts/${target.id}`, token, { method: "PATCH", body: JSON.stringify({ comment: c }) }),
      ),
    );
    expect(a.body.lastUpdateTime).not.toBe(b.body.lastUpdateTime);
    const after = sim.control.listAlerts(tenantId).find((x) => x.id === target.id)!;
    const lastThree = after.comments.map((c) => c.comment).slice(-3);
    expect(lastThree[0]).toBe("Contained.");
    expect(lastThree.slice(1).sort()).toEqual(["one", "two"]);
    expect(Date.parse(after.lastUpdateTime!)).toBeGreaterThan(Date.parse(res.body.lastUpdateTime!));

    // Filters see the change at once: a watermark query returns the alert.
    const since = await list(`?$filter=${q(`lastUpdateTime gt ${res.body.lastUpdateTime}`)}`);
    expect(ids(since.body.value)).toEqual([target.id]);

    // Accepts the update page's spellings of determinations.
    const alt = await api(sim, `/api/alerts/${target.id}`, token, {
      method: "PATCH",
      body: JSON.stringify({ determination: "NotMalicious" }),
    });
    expect(alt.status).toBe(200);
  });

  it("is case-sensitive and strict about the body", async () => {
    const id = truth[1].id;
    const before = sim.control.listAlerts(tenantId).find((a) => a.id === id)!;
    for (const body of [
      { Status: "Resolved" },
      { status: "resolved" },
      { status: "Unknown" },
      { classification: "truepositive" },
      { severity: "High" },
      {},
      { status: 1 },
      "not json",
    ]) {
      const res = await api(sim, `/api/alerts/${id}`, token, {
        method: "PATCH",
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("InvalidRequestBody");
    }
    expect(sim.control.listAlerts(tenantId).find((a) => a.id === id)).toEqual(before);
    expect((await api(sim, "/api/alerts/da000_1", token, { method: "PATCH", body: JSON.stringify({ status: "New" }) })).status).toBe(404);
  });

  it("answers 403 when the app lacks the write role", async () => {
    const other = sim.tenants[1].id;
    sim.control.grantConsent(other, ["Alert.Read.All", "Machine.Read.All"]);
    const readOnly = await defenderToken(sim, other);
    const alert = sim.control.listAlerts(other)[0];
    expect((await api(sim, `/api/alerts/${alert.id}`, readOnly)).status).toBe(200);
    const res = await api(sim, `/api/alerts/${alert.id}`, readOnly, { method: "PATCH", body: JSON.stringify({ status: "InProgress" }) });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("Forbidden");
    sim.control.grantConsent(other, ["Alert.ReadWrite.All", "Machine.Read.All"]);
  });

  it("keeps tenants apart: an id of another tenant is 404", async () => {
    const foreign = sim.control.listAlerts(sim.tenants[2].id)[0];
    expect((await api(sim, `/api/alerts/${foreign.id}`, token)).status).toBe(404);
  });
});

describe("machines", () => {
  let machines: DefenderMachine[];
  beforeAll(() => {
    machines = sim.control.listMachines(tenantId);
  });

  it("lists machines and filters id eq ... or chains", async () => {
    const all = await api(sim, "/api/machines", token);
    expect(all.status).toBe(200);
    expect(all.body["@odata.context"]).toBe(`${sim.httpUrl}/api/$metadata#Machines`);
    expect(all.body.value).toEqual(machines);
    const wanted = [machines[4].id, machines[1].id, machines[9].id];
    const chain = wanted.map((id) => `id eq '${id}'`).join(" or ");
    const res = await api(sim, `/api/machines?$filter=${q(chain)}`, token);
    expect(res.body.value.map((m: DefenderMachine) => m.id).sort()).toEqual([...wanted].sort());
    const groups = await api(sim, `/api/machines?$filter=${q("rbacGroupId eq 102 and healthStatus ne 'Unknown'")}&$top=2`, token);
    expect(groups.body.value.length).toBeLessThanOrEqual(2);
    expect(groups.body.value.every((m: DefenderMachine) => m.rbacGroupName === "Servers")).toBe(true);
    expect((await api(sim, `/api/machines?$filter=${q("startswith(computerDnsName,'srv-')")}`, token)).body.value.length).toBe(
      machines.filter((m) => m.computerDnsName.startsWith("srv-")).length,
    );
  });

  it("gets a machine by id or computer name, and an alert's machine", async () => {
    const m = machines[2];
    expect((await api(sim, `/api/machines/${m.id}`, token)).body).toMatchObject(m);
    expect((await api(sim, `/api/machines/${m.computerDnsName}`, token)).body).toMatchObject({ id: m.id });
    expect((await api(sim, "/api/machines/nope", token)).status).toBe(404);
    const alert = truth.find((a) => a.machineId !== null)!;
    const machine = await api(sim, `/api/alerts/${alert.id}/machine`, token);
    expect(machine.status).toBe(200);
    expect(machine.body).toMatchObject({ id: alert.machineId, computerDnsName: alert.computerDnsName, rbacGroupName: alert.rbacGroupName });
  });
});

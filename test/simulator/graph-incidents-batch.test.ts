import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../../src/simulator/index.js";
import type { GraphAlert, GraphBatchResponse, GraphBatchResponseItem, GraphIncident, GraphList } from "../../src/upstream/graph.types.js";
import { api, defenderToken, graph, graphPages, graphToken, PREFER_UNKNOWN, q, startGraphSimulator } from "./sim.helpers.js";

let sim: Simulator;
let tenantId: string;
let token: string;

beforeAll(async () => {
  ({ sim, tenantId, token } = await startGraphSimulator({ alertsPerTenant: 50, graphPageSize: 5 }));
});
afterAll(() => sim.close());

const allIncidents = async (path: string, headers: Record<string, string> = {}) =>
  (await graphPages<GraphIncident>(sim, path, token, headers)).rows;

const batch = (requests: unknown[], headers: Record<string, string> = {}) =>
  graph<GraphBatchResponse & { error?: { code: string } }>(sim, "/$batch", token, {
    method: "POST",
    body: JSON.stringify({ requests }),
    headers,
  });
const byId = (responses: GraphBatchResponseItem[]): Map<string, GraphBatchResponseItem> => new Map(responses.map((r) => [r.id, r]));

describe("GET /security/incidents", () => {
  it("correlates several alerts of one attack across devices and products; $expand=alerts; most recent first", async () => {
    const incidents = await allIncidents("/security/incidents?$expand=alerts", PREFER_UNKNOWN);
    const truth = sim.control.listIncidents(tenantId);
    expect(incidents.map((i) => i.id)).toEqual(truth.map((i) => i.id));
    const created = incidents.map((i) => i.createdDateTime);
    expect([...created].sort().reverse()).toEqual(created);
    const graphAlerts = sim.control.listGraphAlerts(tenantId);
    for (const i of incidents) {
      expect(i.alerts!.map((a) => a.id).sort()).toEqual(
        graphAlerts
          .filter((a) => a.incidentId === i.id)
          .map((a) => a.id)
          .sort(),
      );
      expect(i.incidentWebUrl).toBe(`https://security.microsoft.com/incidents/${i.id}?tid=${tenantId}`);
    }
    const deviceCount = (i: GraphIncident): number =>
      new Set(
        i.alerts!.flatMap((a) =>
          a.evidence
            .filter((e) => e["@odata.type"] === "#microsoft.graph.security.deviceEvidence")
            .map((e) => (e as { mdeDeviceId: string }).mdeDeviceId),
        ),
      ).size;
    expect(incidents.some((i) => i.alerts!.length >= 2 && deviceCount(i) >= 2)).toBe(true);
    expect(incidents.some((i) => new Set(i.alerts!.map((a) => a.serviceSource)).size >= 2)).toBe(true);
    // Without $expand there is no alerts property.
    const plain = await graph<GraphList<GraphIncident>>(sim, "/security/incidents?$top=1", token);
    expect(plain.body.value[0]).not.toHaveProperty("alerts");
  });

  it("shows merged incidents as redirected, pointing at the incident that now holds their alerts", async () => {
    const incidents = await allIncidents("/security/incidents?$expand=alerts", PREFER_UNKNOWN);
    const redirected = incidents.filter((i) => i.status === "redirected");
    expect(redirected.length).toBeGreaterThanOrEqual(1);
    for (const r of redirected) {
      expect(r.alerts).toEqual([]);
      const target = incidents.find((i) => i.id === r.redirectIncidentId);
      expect(target, r.id).toBeDefined();
      expect(target!.status).not.toBe("redirected");
      expect(target!.alerts!.length).toBeGreaterThanOrEqual(2);
    }
    // Merging through the control API moves the alerts on both faces.
    const open = incidents.filter(
      (i) => i.status !== "redirected" && i.alerts!.some((a) => a.serviceSource === "microsoftDefenderForEndpoint"),
    );
    const [from, into] = [open[0], open[1]];
    const moved = from.alerts!.map((a) => a.id);
    const merged = sim.control.mergeIncidents(tenantId, from.id, into.id);
    expect(merged).toMatchObject({ status: "redirected", redirectIncidentId: into.id, alerts: [] });
    const target = (await graph<GraphIncident>(sim, `/security/incidents/${into.id}?$expand=alerts`, token)).body;
    expect(target.alerts!.map((a) => a.id)).toEqual(expect.arrayContaining(moved));
    // The list shows the move at once too, for another product's alerts (moved in place) as for endpoint alerts.
    const xdrOnly = incidents.find(
      (i) =>
        i.status !== "redirected" &&
        i.id !== into.id &&
        i.id !== from.id &&
        i.alerts!.length > 0 &&
        i.alerts!.every((a) => a.serviceSource !== "microsoftDefenderForEndpoint"),
    )!;
    expect(xdrOnly).toBeDefined();
    const between = await allIncidents("/security/incidents?$expand=alerts", PREFER_UNKNOWN);
    expect(between.find((i) => i.id === xdrOnly.id)!.alerts).toHaveLength(xdrOnly.alerts!.length);
    sim.control.mergeIncidents(tenantId, xdrOnly.id, into.id);
    const listed = await allIncidents("/security/incidents?$expand=alerts", PREFER_UNKNOWN);
    const listedInto = listed.find((i) => i.id === into.id)!;
    expect(listedInto.alerts!.map((a) => a.id)).toEqual(expect.arrayContaining([...moved, ...xdrOnly.alerts!.map((a) => a.id)]));
    expect(listed.find((i) => i.id === from.id)!.alerts).toEqual([]);
    expect(listed.find((i) => i.id === xdrOnly.id)!.alerts).toEqual([]);
    const legacy = sim.control.listAlerts(tenantId).filter((a) => moved.includes(a.id));
    expect(legacy.length).toBeGreaterThan(0);
    for (const a of legacy) expect(a.incidentId).toBe(Number(into.id));
    const patch = await graph(sim, `/security/incidents/${from.id}`, token, {
      method: "PATCH",
      body: JSON.stringify({ status: "resolved" }),
    });
    expect(patch.status).toBe(400);
  });

  it("replaces awaitingAction by unknownFutureValue unless the caller opts in", async () => {
    const opted = await allIncidents("/security/incidents", PREFER_UNKNOWN);
    const waiting = opted.filter((i) => i.status === "awaitingAction");
    expect(waiting.length).toBeGreaterThanOrEqual(1);
    const plain = await allIncidents("/security/incidents");
    for (const w of waiting) expect(plain.find((i) => i.id === w.id)!.status).toBe("unknownFutureValue");
    expect(plain.some((i) => i.status === "awaitingAction")).toBe(false);
  });

  it("filters on the documented incident properties only", async () => {
    const truth = sim.control.listIncidents(tenantId);
    const pivot = truth[4];
    const cases: [string, (i: GraphIncident) => boolean][] = [
      ["status eq 'active'", (i) => i.status === "active"],
      ["status eq 'redirected' or status eq 'resolved'", (i) => i.status === "redirected" || i.status === "resolved"],
      ["severity eq 'high'", (i) => i.severity === "high"],
      ["classification ne 'unknown'", (i) => i.classification !== "unknown"],
      ["determination eq 'unknown'", (i) => i.determination === "unknown"],
      ["assignedTo eq null", (i) => i.assignedTo === null],
      [`createdDateTime ge ${pivot.createdDateTime}`, (i) => i.createdDateTime >= pivot.createdDateTime],
      [`lastUpdateDateTime lt ${pivot.lastUpdateDateTime}`, (i) => i.lastUpdateDateTime < pivot.lastUpdateDateTime],
    ];
    for (const [filter, predicate] of cases) {
      const rows = await allIncidents(`/security/incidents?$filter=${q(filter)}`, PREFER_UNKNOWN);
      expect(
        rows.map((i) => i.id),
        filter,
      ).toEqual(truth.filter(predicate).map((i) => i.id));
    }
    for (const bad of ["displayName eq 'x'", "serviceSource eq 'microsoftSentinel'", "priorityScore gt 5", "status eq 'open'"]) {
      const res = await graph(sim, `/security/incidents?$filter=${q(bad)}`, token);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe("BadRequest");
    }
    expect((await graph(sim, "/security/incidents?$expand=comments", token)).status).toBe(400);
  });

  it("gets, updates and comments on one incident; resolving it resolves its alerts", async () => {
    const target = sim.control.listIncidents(tenantId).find((i) => i.status === "active" && i.alerts!.length >= 2)!;
    const got = await graph<GraphIncident>(sim, `/security/incidents/${target.id}`, token);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: target.id, tenantId, displayName: target.displayName });
    expect((await graph(sim, "/security/incidents/999999999", token)).status).toBe(404);

    const res = await graph<GraphIncident>(sim, `/security/incidents/${target.id}`, token, {
      method: "PATCH",
      body: JSON.stringify({
        status: "resolved",
        classification: "truePositive",
        determination: "multiStagedAttack",
        assignedTo: "SOC Team",
        customTags: ["Escalated"],
      }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "resolved",
      classification: "truePositive",
      determination: "multiStagedAttack",
      assignedTo: "SOC Team",
      customTags: ["Escalated"],
      lastModifiedBy: `API-App:${sim.clientId}`,
    });
    const alerts = sim.control.listGraphAlerts(tenantId).filter((a) => a.incidentId === target.id);
    expect(alerts.every((a) => a.status === "resolved")).toBe(true);
    for (const body of [{ status: "redirected" }, { status: "closed" }, { severity: "high" }, { customTags: "x" }]) {
      expect(
        (await graph(sim, `/security/incidents/${target.id}`, token, { method: "PATCH", body: JSON.stringify(body) })).status,
        JSON.stringify(body),
      ).toBe(400);
    }
    const c = await graph<{ value: GraphIncident["comments"] }>(sim, `/security/incidents/${target.id}/comments`, token, {
      method: "POST",
      body: JSON.stringify({ comment: "Closed with the customer." }),
    });
    expect(c.status).toBe(200);
    expect(c.body.value.at(-1)).toMatchObject({ comment: "Closed with the customer.", createdByDisplayName: `API-App:${sim.clientId}` });
  });
});

describe("POST /$batch", () => {
  it("answers each inner request with its own status, headers and body, not in request order", async () => {
    const [a, b] = sim.control.listGraphAlerts(tenantId);
    const res = await batch([
      { id: "1", method: "GET", url: `/security/alerts_v2/${a.id}` },
      { id: "2", method: "GET", url: "/security/alerts_v2/da000_0" },
      {
        id: "3",
        method: "PATCH",
        url: `/security/alerts_v2/${b.id}`,
        headers: { "content-type": "application/json" },
        body: { assignedTo: "Automation" },
      },
      { id: "4", method: "GET", url: "security/incidents?$top=2", headers: { "client-request-id": "inner-4" } },
      { id: "5", method: "PATCH", url: `/security/alerts_v2/${b.id}`, body: { assignedTo: "x" } },
      { id: "6", method: "DELETE", url: `/security/alerts_v2/${b.id}` },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.responses.map((r) => r.id)).not.toEqual(["1", "2", "3", "4", "5", "6"]);
    const r = byId(res.body.responses);
    expect(r.get("1")).toMatchObject({ status: 200, body: { id: a.id } });
    expect(r.get("1")!.headers!["request-id"]).toEqual(expect.any(String));
    expect(r.get("2")).toMatchObject({ status: 404, body: { error: { code: "NotFound" } } });
    expect(r.get("3")).toMatchObject({ status: 200, body: { id: b.id, assignedTo: "Automation" } });
    expect(r.get("4")!.status).toBe(200);
    expect(r.get("4")!.headers!["client-request-id"]).toBe("inner-4");
    expect((r.get("4")!.body as GraphList<GraphIncident>).value).toHaveLength(2);
    expect(r.get("5")).toMatchObject({ status: 400, body: { error: { code: "BadRequest" } } });
    expect(r.get("6")!.status).toBe(405);
    expect(sim.control.listGraphAlerts(tenantId).find((x) => x.id === b.id)!.assignedTo).toBe("Automation");
  });

  it("refuses more than 20 requests, duplicate ids, absolute URLs and unknown dependencies with 400", async () => {
    const get = (id: string) => ({ id, method: "GET", url: "/security/alerts_v2?$top=1" });
    const over = await batch(Array.from({ length: 21 }, (_, i) => get(String(i))));
    expect(over.status).toBe(400);
    expect(over.body.error!.code).toBe("BadRequest");
    expect((await batch(Array.from({ length: 20 }, (_, i) => get(String(i))))).status).toBe(200);
    expect((await batch([get("a"), get("a")])).status).toBe(400);
    expect((await batch([{ id: "a", method: "GET", url: `${sim.httpUrl}/v1.0/security/alerts_v2` }])).status).toBe(400);
    expect((await batch([{ ...get("a"), dependsOn: ["zz"] }])).status).toBe(400);
    expect((await batch([])).status).toBe(400);
    const notJson = await graph(sim, "/$batch", token, { method: "POST", body: "{" });
    expect(notJson.status).toBe(400);
    expect((await graph(sim, "/$batch", undefined, { method: "POST", body: JSON.stringify({ requests: [get("1")] }) })).status).toBe(401);
  });

  it("fails a request whose dependency failed with 424", async () => {
    const res = await batch([
      { id: "1", method: "GET", url: "/security/alerts_v2/da000_0" },
      { id: "2", method: "GET", url: "/security/alerts_v2?$top=1", dependsOn: ["1"] },
    ]);
    expect(byId(res.body.responses).get("2")!.status).toBe(424);
  });

  it("throttles each inner request on its own: 429 with its own Retry-After while the others succeed", async () => {
    const t = sim.tenants[1].id;
    const tk = await graphToken(sim, t);
    sim.control.setGraphLimits({ perMinute: 3, perHour: 1_000_000 }, t);
    sim.control.resetBudget(t);
    sim.control.resetCounters(t);
    try {
      const res = await graph<GraphBatchResponse>(sim, "/$batch", tk, {
        method: "POST",
        body: JSON.stringify({
          requests: Array.from({ length: 5 }, (_, i) => ({ id: String(i), method: "GET", url: "/security/alerts_v2?$top=1" })),
        }),
      });
      expect(res.status).toBe(200);
      const statuses = res.body.responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      for (const r of res.body.responses.filter((x) => x.status === 429)) {
        expect(Number(r.headers!["retry-after"])).toBeGreaterThanOrEqual(1);
        expect(r.body).toMatchObject({ error: { code: "TooManyRequests", innerError: { "request-id": expect.any(String) } } });
      }
      const counters = sim.control.getCounters(t);
      expect(counters.byRoute).toMatchObject({ "POST /v1.0/$batch": 1, "GET /v1.0/security/alerts_v2": 5 });
      expect(counters.throttled).toBe(2);
      // A direct call is throttled too, with Graph's error body; the Defender budget is separate.
      const direct = await graph(sim, "/security/alerts_v2?$top=1", tk);
      expect(direct.status).toBe(429);
      expect(Number(direct.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(direct.body.error.code).toBe("TooManyRequests");
      expect((await api(sim, "/api/alerts?$top=1", await defenderToken(sim, t))).status).toBe(200);
    } finally {
      sim.control.setGraphLimits({ perMinute: 150, perHour: 1_000_000 }, t);
      sim.control.resetBudget(t);
    }
  });

  it("honours 150 requests per minute by default", async () => {
    const fresh = await createSimulator({ alertsPerTenant: 1, machinesPerTenant: 1, httpsPort: null });
    try {
      const t = fresh.tenants[0].id;
      const tk = await graphToken(fresh, t);
      const request = Array.from({ length: 20 }, (_, i) => ({ id: String(i), method: "GET", url: "/security/alerts_v2?$top=1" }));
      let ok = 0;
      let throttled = 0;
      for (let i = 0; i < 8; i++) {
        const res = await graph<GraphBatchResponse>(fresh, "/$batch", tk, { method: "POST", body: JSON.stringify({ requests: request }) });
        ok += res.body.responses.filter((r) => r.status === 200).length;
        throttled += res.body.responses.filter((r) => r.status !== 200).length;
      }
      expect([ok, throttled]).toEqual([150, 10]);
    } finally {
      await fresh.close();
    }
  });
});

describe("fault injection on the Graph face", () => {
  it("fails Graph calls only when the fault is for the Graph face, with Graph's error body", async () => {
    const t = sim.tenants[2].id;
    const [gtk, dtk] = [await graphToken(sim, t), await defenderToken(sim, t)];
    sim.control.setFaults(t, { face: "graph", failStatus: 503 });
    try {
      const res = await graph(sim, "/security/alerts_v2?$top=1", gtk);
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({ code: "ServiceUnavailable", innerError: { "request-id": expect.any(String) } });
      expect((await api(sim, "/api/alerts?$top=1", dtk)).status).toBe(200);
      sim.control.setFaults(t, { face: "defender", failStatus: 500 });
      expect((await graph(sim, "/security/alerts_v2?$top=1", gtk)).status).toBe(200);
      expect((await api(sim, "/api/alerts?$top=1", dtk)).status).toBe(500);
    } finally {
      sim.control.clearFaults(t);
    }
  });

  it("fails one inner $batch request through the control API while its siblings succeed", async () => {
    const t = sim.tenants[2].id;
    const gtk = await graphToken(sim, t);
    const [x, y, z] = sim.control.listGraphAlerts(t);
    const put = await api(sim, `/_sim/tenants/${t}/faults`, undefined, {
      method: "PUT",
      body: JSON.stringify({ match: `alerts_v2/${y.id}`, failStatus: 500 }),
    });
    expect(put.status).toBe(204);
    try {
      const res = await graph<GraphBatchResponse>(sim, "/$batch", gtk, {
        method: "POST",
        body: JSON.stringify({ requests: [x, y, z].map((a, i) => ({ id: String(i), method: "GET", url: `/security/alerts_v2/${a.id}` })) }),
      });
      expect(res.status).toBe(200);
      const r = byId(res.body.responses);
      expect([r.get("0")!.status, r.get("1")!.status, r.get("2")!.status]).toEqual([200, 500, 200]);
      expect(r.get("1")!.body).toMatchObject({ error: { code: "InternalServerError" } });
      // failCount fails only the next N matching inner requests.
      sim.control.setFaults(t, { face: "graph", failStatus: 429, failCount: 1 });
      const again = await graph<GraphBatchResponse>(sim, "/$batch", gtk, {
        method: "POST",
        body: JSON.stringify({
          requests: [
            { id: "a", method: "GET", url: `/security/alerts_v2/${x.id}` },
            { id: "b", method: "GET", url: `/security/alerts_v2/${z.id}` },
          ],
        }),
      });
      const statuses = again.body.responses.map((s) => s.status).sort();
      expect(statuses).toEqual([200, 429]);
      expect(again.body.responses.find((s) => s.status === 429)!.headers!["retry-after"]).toBe("1");
    } finally {
      sim.control.clearFaults(t);
    }
    const bad = await api(sim, `/_sim/tenants/${t}/faults`, undefined, { method: "PUT", body: JSON.stringify({ face: "xdr" }) });
    expect(bad.status).toBe(400);
  });
});

describe("HTTPS", () => {
  it("serves the Graph face over HTTPS with the simulator's CA", async () => {
    const secure = await createSimulator({ alertsPerTenant: 2, machinesPerTenant: 2, httpPort: null });
    try {
      const { Agent, fetch: undiciFetch } = await import("undici");
      const dispatcher = new Agent({ connect: { ca: secure.caCertPem! } });
      const t = secure.tenants[0].id;
      const tokenRes = await undiciFetch(`${secure.httpsUrl}/${t}/oauth2/v2.0/token`, {
        method: "POST",
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: secure.clientId,
          client_secret: secure.clientSecret,
          scope: "https://graph.microsoft.com/.default",
        }),
        dispatcher,
      });
      const { access_token } = (await tokenRes.json()) as { access_token: string };
      const res = await undiciFetch(`${secure.graphUrl}/security/alerts_v2`, {
        headers: { authorization: `Bearer ${access_token}` },
        dispatcher,
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as GraphList<GraphAlert>;
      expect(body.value.length).toBe(secure.control.listGraphAlerts(t).length);
      expect(secure.graphUrl).toBe(`${secure.httpsUrl}/v1.0`);
    } finally {
      await secure.close();
    }
  });
});

import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../src/simulator/index.js";
import type { DefenderAlert } from "../../src/upstream/defender.types.js";
import {
  GRAPH_ALERT_STATUSES,
  GRAPH_CLASSIFICATIONS,
  GRAPH_DETECTION_SOURCES,
  GRAPH_DETERMINATIONS,
  GRAPH_SERVICE_SOURCES,
  GRAPH_SEVERITIES,
  type GraphAlert,
  type GraphList,
} from "../../src/upstream/graph.types.js";
import { api, defenderToken, graph, graphPages, PREFER_UNKNOWN, q, startGraphSimulator } from "./sim.helpers.js";

let sim: Simulator;
let tenantId: string;
let token: string;

beforeAll(async () => {
  ({ sim, tenantId, token } = await startGraphSimulator({ alertsPerTenant: 60, xdrAlertsPerTenant: 30, graphPageSize: 7 }));
});
afterAll(() => sim.close());

const all = (path: string, headers: Record<string, string> = {}) => graphPages<GraphAlert>(sim, path, token, headers);
const ids = (rows: { id: string }[]): string[] => rows.map((r) => r.id);

describe("Graph tokens and errors", () => {
  it("issues Graph-audience tokens with the Security* roles, which the Defender face refuses", async () => {
    expect(decodeJwt(token)).toMatchObject({
      aud: "https://graph.microsoft.com",
      tid: tenantId,
      appid: sim.clientId,
      idtyp: "app",
      roles: ["SecurityAlert.ReadWrite.All", "SecurityIncident.ReadWrite.All"],
    });
    expect((await api(sim, "/api/alerts", token)).status).toBe(401);
    const defender = await defenderToken(sim, tenantId);
    const res = await graph(sim, "/security/alerts_v2", defender, {
      headers: { "client-request-id": "5c0ffee0-0000-4000-8000-000000000001" },
    });
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({
      code: "InvalidAuthenticationToken",
      message: expect.any(String),
      innerError: {
        "request-id": expect.any(String),
        date: expect.any(String),
        "client-request-id": "5c0ffee0-0000-4000-8000-000000000001",
      },
    });
    expect(res.headers.get("request-id")).toBe(res.body.error.innerError["request-id"]);
  });

  it("answers every call with a new request-id and echoes client-request-id, or makes one", async () => {
    const a = await graph(sim, "/security/alerts_v2?$top=1", token, { headers: { "client-request-id": "abc-1" } });
    const b = await graph(sim, "/security/alerts_v2?$top=1", token);
    expect(a.headers.get("client-request-id")).toBe("abc-1");
    expect(b.headers.get("client-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers.get("request-id")).not.toBe(b.headers.get("request-id"));
  });

  it("answers 404 NotFound for an unknown alert and 400 for an unknown segment, in Graph's error shape", async () => {
    const missing = await graph(sim, "/security/alerts_v2/da000_0", token);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("NotFound");
    const segment = await graph(sim, "/security/alerts", token);
    expect(segment.status).toBe(400);
    expect(segment.body.error).toMatchObject({ code: "BadRequest", innerError: { "request-id": expect.any(String) } });
    const foreign = sim.control.listGraphAlerts(sim.tenants[1].id)[0];
    expect((await graph(sim, `/security/alerts_v2/${foreign.id}`, token)).status).toBe(404);
  });
});

describe("GET /security/alerts_v2", () => {
  it("pages most recent first with @odata.nextLink (capped pages), $count, and $top over pages", async () => {
    const truth = sim.control.listGraphAlerts(tenantId);
    expect(truth.length).toBe(90);
    const { rows, pages } = await all("/security/alerts_v2", PREFER_UNKNOWN);
    expect(ids(rows)).toEqual(ids(truth));
    expect(pages).toBe(Math.ceil(90 / 7));
    const created = rows.map((r) => r.createdDateTime);
    expect([...created].sort().reverse()).toEqual(created);

    const first = await graph<GraphList<GraphAlert>>(sim, "/security/alerts_v2?$count=true&$top=10", token);
    expect(first.body["@odata.count"]).toBe(90);
    expect(first.body.value).toHaveLength(7);
    expect(first.body["@odata.nextLink"]).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/v1\.0\/security\/alerts_v2\?\$count=true&\$skiptoken=[\w-]+$/,
    );
    const second = await graph<GraphList<GraphAlert>>(sim, first.body["@odata.nextLink"]!, token);
    expect(second.body.value).toHaveLength(3);
    expect(second.body["@odata.nextLink"]).toBeUndefined();
    expect(ids([...first.body.value, ...second.body.value])).toEqual(ids(truth.slice(0, 10)));

    const skipped = await graph<GraphList<GraphAlert>>(sim, "/security/alerts_v2?$skip=85", token);
    expect(ids(skipped.body.value)).toEqual(ids(truth.slice(85)));
  });

  it("answers $top over pages without $count as with it", async () => {
    // Without $count the simulator stops reading matches once the page and its nextLink are known: same answer.
    const counted = await graph<GraphList<GraphAlert>>(sim, "/security/alerts_v2?$count=true&$top=10&$skip=3", token);
    const plain = await graph<GraphList<GraphAlert>>(sim, "/security/alerts_v2?$top=10&$skip=3", token);
    expect(ids(plain.body.value)).toEqual(ids(counted.body.value));
    expect(plain.body.value).toHaveLength(7);
    expect(plain.body["@odata.nextLink"]).toBeDefined();
    const rest = await graph<GraphList<GraphAlert>>(sim, plain.body["@odata.nextLink"]!, token);
    expect(ids([...plain.body.value, ...rest.body.value])).toEqual(ids(sim.control.listGraphAlerts(tenantId).slice(3, 13)));
    expect(rest.body["@odata.nextLink"]).toBeUndefined();
  });

  it("filters on every documented property with eq ne gt ge lt le, and, or", async () => {
    const truth = sim.control.listGraphAlerts(tenantId);
    const pivot = truth[40];
    const cases: [string, (a: GraphAlert) => boolean][] = [
      ["status eq 'inProgress'", (a) => a.status === "inProgress"],
      ["status ne 'new'", (a) => a.status !== "new"],
      ["severity eq 'high' or severity eq 'medium'", (a) => a.severity === "high" || a.severity === "medium"],
      ["classification eq 'truePositive'", (a) => a.classification === "truePositive"],
      ["determination eq 'unknown'", (a) => a.determination === "unknown"],
      ["serviceSource eq 'microsoftDefenderForIdentity'", (a) => a.serviceSource === "microsoftDefenderForIdentity"],
      ["assignedTo eq 'Automation'", (a) => a.assignedTo === "Automation"],
      ["assignedTo eq null", (a) => a.assignedTo === null],
      [`createdDateTime ge ${pivot.createdDateTime}`, (a) => a.createdDateTime >= pivot.createdDateTime],
      [`createdDateTime lt ${pivot.createdDateTime}`, (a) => a.createdDateTime < pivot.createdDateTime],
      // a createdDateTime bound lets the simulator skip newer rows: under `and` only, `le` included, never under `or`
      [`createdDateTime le ${pivot.createdDateTime}`, (a) => a.createdDateTime <= pivot.createdDateTime],
      [
        `status ne 'new' and createdDateTime lt ${truth[20].createdDateTime} and createdDateTime le ${pivot.createdDateTime}`,
        (a) => a.status !== "new" && a.createdDateTime <= pivot.createdDateTime,
      ],
      [
        `createdDateTime lt ${pivot.createdDateTime} or status eq 'new'`,
        (a) => a.createdDateTime < pivot.createdDateTime || a.status === "new",
      ],
      [
        `lastUpdateDateTime gt ${pivot.lastUpdateDateTime} and status eq 'resolved'`,
        (a) => a.lastUpdateDateTime > pivot.lastUpdateDateTime && a.status === "resolved",
      ],
      [`lastUpdateDateTime le ${pivot.lastUpdateDateTime}`, (a) => a.lastUpdateDateTime <= pivot.lastUpdateDateTime],
    ];
    for (const [filter, predicate] of cases) {
      const { rows } = await all(`/security/alerts_v2?$filter=${q(filter)}`, PREFER_UNKNOWN);
      const want = truth.filter(predicate);
      expect(ids(rows), filter).toEqual(ids(want));
    }
    expect(truth.some((a) => a.assignedTo === "Automation")).toBe(true);
  });

  it("answers 400 like Graph for undocumented properties, operators, functions and options", async () => {
    for (const bad of [
      "$filter=investigationState eq 'running'",
      "$filter=title eq 'x'",
      "$filter=id eq 'da1'",
      "$filter=incidentId eq '1'",
      "$filter=not (status eq 'new')",
      "$filter=startswith(assignedTo,'a')",
      "$filter=contains(title,'x')",
      "$filter=severity gt 'low'",
      "$filter=status eq 'Open'",
      "$filter=createdDateTime ge '2025-03-01T00:00:00Z'",
      "$filter=status eq",
      "$orderby=createdDateTime asc",
      "$select=id",
      "$expand=evidence",
      "$top=1001",
      "$top=0",
      "$skip=501",
      "$count=yes",
      "$skiptoken=garbage",
    ]) {
      const res = await graph(sim, `/security/alerts_v2?${bad.replace(/=(.*)$/, (_m, v: string) => `=${q(v)}`)}`, token);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code, bad).toBe("BadRequest");
      expect(res.body.error.innerError["request-id"], bad).toEqual(expect.any(String));
    }
    expect((await graph(sim, `/security/alerts_v2?$top=1000&$skip=500`, token)).status).toBe(200);
  });
});

describe("one world, Graph's shapes", () => {
  it("shows Defender for Endpoint alerts on both faces with the same id, camelCase here and PascalCase there", async () => {
    const legacy = sim.control.listAlerts(tenantId);
    const a = legacy.find((x) => x.status === "InProgress")!;
    const res = await graph<GraphAlert>(sim, `/security/alerts_v2/${a.id}`, token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: a.id,
      providerAlertId: a.id,
      incidentId: String(a.incidentId),
      status: "inProgress",
      serviceSource: "microsoftDefenderForEndpoint",
      productName: "Microsoft Defender for Endpoint",
      tenantId,
      title: a.title,
      createdDateTime: a.alertCreationTime,
      lastUpdateDateTime: a.lastUpdateTime,
      firstActivityDateTime: a.firstEventTime,
      threatDisplayName: a.threatName,
      alertWebUrl: `https://security.microsoft.com/alerts/${a.id}?tid=${tenantId}`,
    });
    const device = res.body.evidence.find((e) => e["@odata.type"] === "#microsoft.graph.security.deviceEvidence") as Record<
      string,
      unknown
    >;
    expect(device).toMatchObject({ mdeDeviceId: a.machineId, deviceDnsName: a.computerDnsName, rbacGroupName: a.rbacGroupName });
    // Only endpoint alerts exist on the legacy face.
    const graphOnly = sim.control.listGraphAlerts(tenantId).filter((x) => x.serviceSource !== "microsoftDefenderForEndpoint");
    expect(graphOnly.length).toBe(30);
    expect(legacy.some((x) => graphOnly.some((g) => g.id === x.id))).toBe(false);
  });

  it("speaks only documented camelCase members, and evolvable ones only with Prefer: include-unknown-enum-members", async () => {
    const plain = (await all("/security/alerts_v2")).rows;
    const opted = (await all("/security/alerts_v2", PREFER_UNKNOWN)).rows;
    const cut = (list: readonly string[]) => list.slice(0, list.indexOf("unknownFutureValue") + 1);
    for (const a of plain) {
      expect(cut(GRAPH_ALERT_STATUSES)).toContain(a.status);
      expect(cut(GRAPH_SEVERITIES)).toContain(a.severity);
      expect(cut(GRAPH_CLASSIFICATIONS)).toContain(a.classification);
      expect(cut(GRAPH_DETERMINATIONS)).toContain(a.determination);
      expect(cut(GRAPH_SERVICE_SOURCES)).toContain(a.serviceSource);
      expect(cut(GRAPH_DETECTION_SOURCES)).toContain(a.detectionSource);
    }
    expect(plain.some((a) => a.serviceSource === "unknownFutureValue")).toBe(true);
    for (const a of opted) {
      expect(GRAPH_SERVICE_SOURCES).toContain(a.serviceSource);
      expect(GRAPH_DETECTION_SOURCES).toContain(a.detectionSource);
    }
    expect(new Set(opted.map((a) => a.serviceSource))).toEqual(
      new Set([
        "microsoftDefenderForEndpoint",
        "microsoftDefenderForIdentity",
        "microsoftDefenderForOffice365",
        "microsoftDefenderForCloudApps",
        "azureAdIdentityProtection",
        "microsoftDefenderForCloud",
        "microsoftSentinel",
      ]),
    );
    const res = await graph(sim, "/security/alerts_v2?$top=1", token, { headers: PREFER_UNKNOWN });
    expect(res.headers.get("preference-applied")).toBe("include-unknown-enum-members");
    // A filter can still name an evolvable member.
    const sentinel = (await all(`/security/alerts_v2?$filter=${q("serviceSource eq 'microsoftSentinel'")}`, PREFER_UNKNOWN)).rows;
    expect(sentinel.length).toBe(opted.filter((a) => a.serviceSource === "microsoftSentinel").length);
  });

  it("has polymorphic evidence of every documented kind and kinds a client will not know", () => {
    const types = new Set<string>();
    for (const t of sim.tenants) for (const a of sim.control.listGraphAlerts(t.id)) for (const e of a.evidence) types.add(e["@odata.type"]);
    for (const kind of ["device", "file", "process", "user", "ip", "url", "registryKey", "registryValue", "mailbox"]) {
      expect(types, kind).toContain(`#microsoft.graph.security.${kind}Evidence`);
    }
    expect(types).toContain("#microsoft.graph.security.cloudLogonSessionEvidence");
    expect(types).toContain("#microsoft.graph.security.azureResourceEvidence");
    for (const t of sim.tenants) {
      for (const a of sim.control.listGraphAlerts(t.id)) {
        for (const e of a.evidence) {
          expect(e).toMatchObject({
            createdDateTime: expect.any(String),
            verdict: expect.any(String),
            remediationStatus: expect.any(String),
            roles: expect.any(Array),
            detailedRoles: expect.any(Array),
            tags: expect.any(Array),
          });
        }
      }
    }
  });

  it("carries real data's mess", () => {
    const graphAll = sim.tenants.flatMap((t) => sim.control.listGraphAlerts(t.id));
    const legacyAll = sim.tenants.flatMap((t) => sim.control.listAlerts(t.id));
    expect(graphAll.some((a) => a.id.startsWith("da"))).toBe(true);
    expect(graphAll.some((a) => a.id.startsWith("ar"))).toBe(true);
    expect(graphAll.some((a) => a.incidentId === null)).toBe(true);
    expect(graphAll.some((a) => a.threatFamilyName === null)).toBe(true);
    expect(legacyAll.some((a) => a.relatedUser === null)).toBe(true);
    expect(legacyAll.some((a) => a.rbacGroupName === null)).toBe(true);
    expect(legacyAll.some((a) => a.computerDnsName !== null && !a.computerDnsName.includes("."))).toBe(true);
    const assignees = new Set(graphAll.map((a) => a.assignedTo));
    expect(assignees).toContain("Automation");
    expect([...assignees].some((x) => x !== null && x.includes("@"))).toBe(true);
    expect([...assignees].some((x) => x !== null && /^[A-Z][a-z]+ [A-Z][a-z]+$/.test(x))).toBe(true);
    // Several changes within the same 10 ms of lastUpdateTime, some in the same millisecond.
    for (const t of sim.tenants) {
      const times = sim.control
        .listAlerts(t.id)
        .map((a) => Date.parse(a.lastUpdateTime!))
        .sort((x, y) => x - y);
      const close = times.filter((v, i) => i > 0 && v - times[i - 1] < 10).length;
      expect(close, t.name).toBeGreaterThanOrEqual(3);
    }
    const times = legacyAll.map((a) => `${a.aadTenantId}${a.lastUpdateTime}`);
    expect(new Set(times).size).toBeLessThan(times.length);
  });
});

describe("PATCH and comments", () => {
  it("updates an endpoint alert in camelCase; the legacy face sees the same change in PascalCase", async () => {
    const a = sim.control.listAlerts(tenantId).find((x) => x.status === "New")!;
    const res = await graph<GraphAlert>(sim, `/security/alerts_v2/${a.id}`, token, {
      method: "PATCH",
      body: JSON.stringify({ status: "resolved", classification: "falsePositive", determination: "clean", assignedTo: "Automation" }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "resolved",
      classification: "falsePositive",
      determination: "clean",
      assignedTo: "Automation",
      resolvedDateTime: res.body.lastUpdateDateTime,
    });
    const legacy = sim.control.listAlerts(tenantId).find((x) => x.id === a.id)!;
    expect(legacy).toMatchObject({
      status: "Resolved",
      classification: "FalsePositive",
      determination: "Clean",
      assignedTo: "Automation",
      lastUpdateTime: res.body.lastUpdateDateTime,
    });
    const unassign = await graph<GraphAlert>(sim, `/security/alerts_v2/${a.id}`, token, {
      method: "PATCH",
      body: JSON.stringify({ assignedTo: null, status: "inProgress" }),
    });
    expect(unassign.body).toMatchObject({ assignedTo: null, status: "inProgress", resolvedDateTime: null });
  });

  it("updates and comments on an alert of another product", async () => {
    const x = sim.control.listGraphAlerts(tenantId).find((a) => a.serviceSource === "microsoftDefenderForIdentity")!;
    const res = await graph<GraphAlert>(sim, `/security/alerts_v2/${x.id}`, token, {
      method: "PATCH",
      body: JSON.stringify({ status: "inProgress", assignedTo: "Alice Smith" }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: x.id, status: "inProgress", assignedTo: "Alice Smith" });
    const c = await graph<{ value: GraphAlert["comments"] }>(sim, `/security/alerts_v2/${x.id}/comments`, token, {
      method: "POST",
      body: JSON.stringify({ "@odata.type": "microsoft.graph.security.alertComment", comment: "Checked the sign-ins." }),
    });
    expect(c.status).toBe(200);
    expect(c.body.value.at(-1)).toEqual({
      comment: "Checked the sign-ins.",
      createdByDisplayName: `API-App:${sim.clientId}`,
      createdDateTime: expect.any(String),
    });
    const after = (await graph<GraphAlert>(sim, `/security/alerts_v2/${x.id}`, token)).body;
    expect(after.comments).toEqual(c.body.value);
    expect(after.lastUpdateDateTime).toBe(c.body.value.at(-1)!.createdDateTime);
  });

  it("comments on an endpoint alert show on the legacy face too", async () => {
    const a = sim.control.listAlerts(tenantId)[3];
    const c = await graph<{ value: GraphAlert["comments"] }>(sim, `/security/alerts_v2/${a.id}/comments`, token, {
      method: "POST",
      body: JSON.stringify({ comment: "From Graph" }),
    });
    expect(c.status).toBe(200);
    expect(
      sim.control
        .listAlerts(tenantId)
        .find((x) => x.id === a.id)!
        .comments.at(-1),
    ).toMatchObject({ comment: "From Graph", createdBy: `API-App:${sim.clientId}` });
  });

  it("refuses bad bodies with 400 and leaves the alert alone", async () => {
    const a = sim.control.listGraphAlerts(tenantId)[5];
    for (const body of [
      { status: "Resolved" },
      { status: "unknownFutureValue" },
      { classification: "clean" },
      { determination: "NotMalicious" },
      { severity: "high" },
      { assignedTo: 7 },
      "not json",
      [],
    ]) {
      const res = await graph(sim, `/security/alerts_v2/${a.id}`, token, {
        method: "PATCH",
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("BadRequest");
    }
    for (const body of [{}, { comment: "" }, { "@odata.type": "microsoft.graph.security.incident", comment: "x" }]) {
      const res = await graph(sim, `/security/alerts_v2/${a.id}/comments`, token, { method: "POST", body: JSON.stringify(body) });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(sim.control.listGraphAlerts(tenantId).find((x) => x.id === a.id)).toEqual(a);
  });

  it("answers 403 without the write permission", async () => {
    const readOnly = await sim.control.mintGraphToken(tenantId, { roles: ["SecurityAlert.Read.All"] });
    const a = sim.control.listGraphAlerts(tenantId)[0];
    expect((await graph(sim, `/security/alerts_v2/${a.id}`, readOnly)).status).toBe(200);
    const res = await graph(sim, `/security/alerts_v2/${a.id}`, readOnly, { method: "PATCH", body: JSON.stringify({ status: "new" }) });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("Forbidden");
    expect((await graph(sim, "/security/incidents", readOnly)).status).toBe(403);
  });
});

describe("legacy face: the update API's spellings", () => {
  it("accepts NotMalicious and ConfirmedActivity, refuses Clean and ConfirmedUserActivity with 400", async () => {
    const defender = await defenderToken(sim, tenantId);
    const a = sim.control.listAlerts(tenantId)[7];
    const patch = (determination: string) =>
      api<DefenderAlert & { error: { code: string } }>(sim, `/api/alerts/${a.id}`, defender, {
        method: "PATCH",
        body: JSON.stringify({ determination }),
      });
    for (const entitySpelling of ["Clean", "ConfirmedUserActivity"]) {
      const res = await patch(entitySpelling);
      expect(res.status, entitySpelling).toBe(400);
      expect(res.body.error.code).toBe("InvalidRequestBody");
    }
    const ok = await patch("NotMalicious");
    expect(ok.status).toBe(200);
    // Stored and read back in the alert entity's spelling; Graph shows its own.
    expect(ok.body.determination).toBe("Clean");
    expect((await graph<GraphAlert>(sim, `/security/alerts_v2/${a.id}`, token)).body.determination).toBe("clean");
    expect((await patch("ConfirmedActivity")).body.determination).toBe("ConfirmedUserActivity");
  });
});

// Last: it adds an alert, which the counts above do not expect.
describe("a list after changes", () => {
  it("reuses the list's order while nothing changed, and shows a new alert and a changed one at once", async () => {
    // The list's order is reused between requests while nothing changed; a new alert and a changed one show at once.
    const before = await graph<GraphList<GraphAlert>>(sim, "/security/alerts_v2?$top=3", token);
    const created = sim.control.createGraphAlert(tenantId, { title: "Seen by the next page" });
    const endpoint = sim.control.listAlerts(tenantId).find((x) => x.status === "New")!;
    const patched = await graph(sim, `/security/alerts_v2/${endpoint.id}`, token, {
      method: "PATCH",
      body: JSON.stringify({ assignedTo: "next-page@example.com" }),
    });
    expect(patched.status).toBe(200);
    const after = await all("/security/alerts_v2");
    expect(after.rows[0].id).toBe(created.id);
    expect(after.rows[0].id).not.toBe(before.body.value[0].id);
    expect(after.rows.find((r) => r.id === endpoint.id)?.assignedTo).toBe("next-page@example.com");
    expect(ids(after.rows)).toEqual(ids(sim.control.listGraphAlerts(tenantId)));

    // Another product's alert changes in place (no new copy): its text is never kept, so the change shows too.
    const other = after.rows.find((r) => r.serviceSource !== "microsoftDefenderForEndpoint" && r.id !== created.id)!;
    const changed = await graph(sim, `/security/alerts_v2/${other.id}`, token, {
      method: "PATCH",
      body: JSON.stringify({ assignedTo: "in-place@example.com" }),
    });
    expect(changed.status).toBe(200);
    const again = await all("/security/alerts_v2");
    expect(again.rows.find((r) => r.id === other.id)?.assignedTo).toBe("in-place@example.com");
  });

  it("skips newer rows for a createdDateTime bound without losing older ones that sort among them by text", async () => {
    // "…:00Z" sorts before "…:00.500Z" as text (most recent first) but is half a second older.
    const older = sim.control.createGraphAlert(tenantId, { createdDateTime: "2030-01-01T10:00:00Z" });
    const newer = sim.control.createGraphAlert(tenantId, { createdDateTime: "2030-01-01T10:00:00.500Z" });
    const listed = ids((await all("/security/alerts_v2")).rows);
    expect(listed.indexOf(older.id)).toBeLessThan(listed.indexOf(newer.id));
    const { rows } = await all(`/security/alerts_v2?$filter=${q("createdDateTime lt 2030-01-01T10:00:00.250Z")}`);
    expect(ids(rows)).toContain(older.id);
    expect(ids(rows)).not.toContain(newer.id);
  });

  it("serializes a list page as the alerts themselves would be, for callers with and without unknown enum members", async () => {
    sim.control.prepareGraphView(tenantId);
    for (const prefer of [{}, PREFER_UNKNOWN]) {
      const res = await fetch(`${sim.httpUrl}/v1.0/security/alerts_v2?$top=5`, {
        headers: { authorization: `Bearer ${token}`, ...prefer },
      });
      const text = await res.text();
      const body = JSON.parse(text) as GraphList<GraphAlert>;
      expect(text).toBe(JSON.stringify(body));
      const single = await Promise.all(
        body.value.map(
          async (a) =>
            (await graph<GraphAlert & { "@odata.context"?: string }>(sim, `/security/alerts_v2/${a.id}`, token, { headers: prefer })).body,
        ),
      );
      expect(body.value).toEqual(single.map(({ ["@odata.context"]: _, ...a }) => a));
    }
  });
});

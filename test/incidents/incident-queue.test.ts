import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphIncident } from "../../src/upstream/graph.types.js";
import { startGateway, type TestGateway } from "../helpers/gateway.js";
import {
  AddAlertCommentDocument,
  AddIncidentCommentDocument,
  IncidentDocument,
  IncidentOfAlertDocument,
  IncidentQueuePageDocument,
  NaturalIncidentQueryDocument,
  TenantIncidentCountsDocument,
  UpdateIncidentDocument,
  type IncidentFilter,
  type UpdateIncidentInput,
} from "../generated/graphql.js";
import { ok } from "../helpers/operations.js";
import { gatewayEnum, isRedirected, truthOf, walkQueue } from "./incident.helpers.js";

type Truth = GraphIncident & { tenantId: string };

/** The id the gateway gives a device of Graph's `deviceEvidence` (see `machineFromEvidence`). */
const deviceIdOf = (e: object) => {
  const d = e as { mdeDeviceId?: string | null; azureAdDeviceId?: string | null; deviceDnsName?: string | null };
  return d.mdeDeviceId ?? d.azureAdDeviceId ?? d.deviceDnsName;
};

/**
 * The incident queue over HTTP against the embedded simulator, compared with what upstream (the simulator) holds:
 * every tenant the analyst reads, filters, keyset paging while incidents change, redirected incidents, an incident
 * with its alerts, the natural deep query, and the writes. The sync runs on demand (no background polls), so what
 * the gateway shows without a poll comes from its own index and event log.
 */
describe("incident queue", () => {
  let gw: TestGateway;
  let tenants: string[];
  const sim = () => gw.app.simulator!.control;
  const sync = () => gw.synced();
  const truth = (): Truth[] => tenants.flatMap((t) => truthOf(gw, t));
  const key = (i: { tenantId: string; id: string }) => `${i.tenantId}/${i.id}`;
  const keys = (list: { tenantId: string; id: string }[]) => list.map(key).sort();

  beforeAll(async () => {
    gw = await startGateway({ SYNC_POLL_INTERVAL_MS: "600000", SIM_ALERTS_PER_TENANT: "24" });
    tenants = [...gw.app.registry.ids()];
    // Twice: the first polls of the start (scheduled a few ms apart) queue behind the first syncNow.
    await sync();
    await sync();
  });
  afterAll(() => gw?.close());

  it("lists the open incidents of every tenant the analyst reads, redirected ones hidden, as upstream has them, at no upstream cost", async () => {
    for (const t of tenants) sim().resetCounters(t);
    const { nodes, totalCount } = await walkQueue(gw, {}, { first: 7 });
    for (const t of tenants) expect(sim().getCounters(t).byRoute, "upstream calls for the queue").toEqual({});
    const expected = truth().filter((i) => !isRedirected(i));
    expect(new Set(tenants.filter((t) => expected.some((i) => i.tenantId === t))).size).toBe(3);
    expect(keys(nodes)).toEqual(keys(expected));
    expect(totalCount).toBe(expected.length);
    const byKey = new Map(expected.map((i) => [key(i), i]));
    for (const n of nodes) {
      const up = byKey.get(key(n))!;
      expect(n).toMatchObject({ status: gatewayEnum(up.status), severity: gatewayEnum(up.severity), assignedTo: up.assignedTo ?? null });
      expect(n.alertCount, key(n)).toBe(up.alerts!.length);
      expect([...n.serviceSources].sort(), key(n)).toEqual([...new Set(up.alerts!.map((a) => gatewayEnum(a.serviceSource)))].sort());
      expect(n.portalUrl).toBe(up.incidentWebUrl);
    }
    // newest change first, ties by tenant and id (the keyset)
    const times = nodes.map((n) => Date.parse(n.lastUpdateDateTime ?? ""));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("filters like the alert list: tenants, severities, statuses, owner or nobody, classification, tags, products, text, time windows", async () => {
    const all = truth();
    const open = all.filter((i) => !isRedirected(i));
    const check = async (filter: IncidentFilter, expected: Truth[], what: string) => {
      const { nodes, totalCount } = await walkQueue(gw, { filter }, { first: 25 });
      expect(keys(nodes), what).toEqual(keys(expected));
      expect(totalCount, what).toBe(expected.length);
      return nodes;
    };
    await check(
      { tenantIds: [tenants[1]] },
      open.filter((i) => i.tenantId === tenants[1]),
      "tenantIds",
    );
    await check(
      { severities: ["HIGH"] },
      open.filter((i) => i.severity === "high"),
      "severities",
    );
    await check(
      { statuses: ["ACTIVE", "AWAITING_ACTION"] },
      open.filter((i) => ["active", "awaitingAction"].includes(i.status)),
      "statuses",
    );
    await check(
      { unassigned: true },
      open.filter((i) => !i.assignedTo),
      "unassigned",
    );
    const owner = open.find((i) => i.assignedTo)!.assignedTo!;
    await check(
      { assignedTo: [owner.toUpperCase()] },
      open.filter((i) => i.assignedTo?.toLowerCase() === owner.toLowerCase()),
      "assignedTo",
    );
    await check(
      { assignedTo: [owner], unassigned: true },
      open.filter((i) => !i.assignedTo || i.assignedTo.toLowerCase() === owner.toLowerCase()),
      "mine or nobody's",
    );
    const classified = (i: Truth) => i.classification && i.classification !== "unknown";
    await check(
      { classifications: [null] },
      open.filter((i) => !classified(i)),
      "not classified yet",
    );
    await check(
      { classifications: ["TRUE_POSITIVE"] },
      open.filter((i) => i.classification === "truePositive"),
      "classifications",
    );
    await check(
      { tags: ["vip"] },
      open.filter((i) => i.customTags.includes("VIP")),
      "custom tag",
    );
    await check(
      { tags: ["Multi-product"] },
      open.filter((i) => i.systemTags.includes("Multi-product")),
      "system tag",
    );
    const products = (i: Truth) => i.alerts!.map((a) => a.serviceSource);
    const multi = await check(
      { serviceSources: ["MICROSOFT_DEFENDER_FOR_IDENTITY", "MICROSOFT_DEFENDER_FOR_OFFICE365"] },
      open.filter((i) => products(i).some((s) => s === "microsoftDefenderForIdentity" || s === "microsoftDefenderForOffice365")),
      "serviceSources",
    );
    expect(multi.length).toBeGreaterThan(0);
    const word = open.find((i) => i.displayName?.startsWith("Multi-stage"))!.displayName.split(" ")[0];
    await check(
      { search: word.toLowerCase() },
      open.filter((i) => `${i.displayName}\n${i.description ?? ""}`.toLowerCase().includes(word.toLowerCase())),
      "search",
    );
    const created = open.map((i) => i.createdDateTime).sort();
    const mid = created[Math.floor(created.length / 2)];
    await check(
      { createdSince: mid },
      open.filter((i) => i.createdDateTime >= mid),
      "createdSince",
    );
    await check(
      { createdUntil: mid },
      open.filter((i) => i.createdDateTime <= mid),
      "createdUntil",
    );
    await check({ includeRedirected: true }, all, "includeRedirected");
    await check(
      { statuses: ["REDIRECTED"] },
      all.filter((i) => i.status === "redirected"),
      "statuses: REDIRECTED",
    );
    const bad = await gw.gql(IncidentQueuePageDocument, { first: 101 });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    const foreign = await gw.gql(IncidentQueuePageDocument, { after: "bm90IGEgY3Vyc29y" });
    expect(foreign.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });

  it("pages by keyset while incidents change: by creation every incident once, by last update never one twice", async () => {
    const start = truth().filter((i) => !isRedirected(i));
    const changed = new Set<string>();
    let n = 0;
    const change = async () => {
      // one analyst write (index and log at once), one upstream change and one new incident, synced
      const victim = start[(n * 7) % start.length];
      changed.add(key(victim));
      n++;
      const res = await gw.gql(UpdateIncidentDocument, { input: { tenantId: victim.tenantId, id: victim.id, customTags: [`paged-${n}`] } });
      expect(res.body.errors).toBeUndefined();
      sim().createGraphAlert(tenants[n % 3], { title: `Paging ${n}` });
      // an endpoint alert (the control API changes those) moves its incident's last update upstream
      const alert = victim.alerts!.find((a) => a.id.startsWith("da"));
      if (alert) sim().updateAlert(victim.tenantId, alert.id, { comment: `while paging ${n}` });
      await sync();
    };
    const byCreation = await walkQueue(gw, { orderBy: { field: "CREATED_DATE_TIME", direction: "DESC" } }, { first: 6, between: change });
    expect(byCreation.pages).toBeGreaterThan(3);
    const seen = keys(byCreation.nodes);
    expect(new Set(seen).size).toBe(seen.length);
    // new incidents sort before the first page (created now, newest first): everything that was there is seen once
    expect(seen.filter((k) => start.some((i) => key(i) === k))).toEqual(keys(start));

    changed.clear();
    const byUpdate = await walkQueue(gw, { orderBy: { field: "LAST_UPDATE_DATE_TIME", direction: "DESC" } }, { first: 6, between: change });
    const again = keys(byUpdate.nodes);
    expect(new Set(again).size).toBe(again.length);
    // newest first: an incident changed meanwhile moves behind the cursor (its change is in the event log); every other is seen once
    const unchanged = keys(start).filter((k) => !changed.has(k));
    expect(again.filter((k) => unchanged.includes(k))).toEqual(unchanged);
  });

  it("hides a redirected incident from the queue, shows it by id pointing at its target, and moves its alerts there", async () => {
    const t = tenants[2];
    const candidates = truthOf(gw, t).filter((i) => !isRedirected(i) && i.status !== "resolved" && i.alerts!.length > 0);
    const [from, into] = candidates;
    sim().mergeIncidents(t, from.id, into.id);
    await sync();
    const queue = await walkQueue(gw, { filter: { tenantIds: [t] } }, { first: 50 });
    expect(queue.nodes.map((n) => n.id)).not.toContain(from.id);
    const shown = await walkQueue(gw, { filter: { tenantIds: [t], includeRedirected: true } }, { first: 50 });
    expect(shown.nodes.find((n) => n.id === from.id)).toMatchObject({ status: "REDIRECTED", redirectIncidentId: into.id });
    const open = truthOf(gw, t).filter((i) => !isRedirected(i) && i.status !== "resolved");
    expect((await incidentCounts(t)).total).toBe(open.length);

    const merged = ok(await gw.gql(IncidentDocument, { tenantId: t, id: from.id, alertsFirst: 50 })).incident;
    expect(merged).toMatchObject({
      status: "REDIRECTED",
      redirectIncident: { id: into.id },
      alertCount: 0,
      alerts: { totalCount: 0, edges: [] },
    });
    const target = ok(await gw.gql(IncidentDocument, { tenantId: t, id: into.id, alertsFirst: 50 })).incident!;
    const moved = from.alerts!.map((a) => a.id);
    expect(target.alertCount).toBe(into.alerts!.length + moved.length);
    const targetAlerts = target.alerts.edges.map((e) => e.node);
    expect(targetAlerts.map((a) => a.id)).toEqual(expect.arrayContaining(moved));
    for (const a of targetAlerts) expect(a.incident).toEqual({ id: into.id });
    // updating the merged one is refused with the way to the target
    const upd = await gw.gql(UpdateIncidentDocument, { input: { tenantId: t, id: from.id, status: "RESOLVED" } });
    expect(upd.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(upd.body.errors?.[0]?.message).toContain(into.id);
  });

  it("serves one incident with its alerts paged by cursor, devices and products; Alert.incident comes back; null when absent", async () => {
    const big = truth().find((i) => !isRedirected(i) && i.alerts!.length >= 3)!;
    const inc = ok(await gw.gql(IncidentDocument, { tenantId: big.tenantId, id: big.id, alertsFirst: 2 })).incident!;
    expect(inc).toMatchObject({ id: big.id, alertCount: big.alerts!.length, tenant: { name: expect.any(String) } });
    expect(inc.alerts.edges).toHaveLength(2);
    expect(inc.alerts.pageInfo.hasNextPage).toBe(true);
    const rest = ok(
      await gw.gql(IncidentDocument, { tenantId: big.tenantId, id: big.id, alertsFirst: 50, alertsAfter: inc.alerts.pageInfo.endCursor }),
    ).incident!;
    const all = [...inc.alerts.edges, ...rest.alerts.edges].map((e) => e.node.id);
    expect(all.sort()).toEqual(big.alerts!.map((a) => a.id).sort());
    const deviceNames = new Set(
      big.alerts!.flatMap((a) => a.evidence ?? []).flatMap((e) => (e["@odata.type"]?.endsWith("deviceEvidence") ? [deviceIdOf(e)] : [])),
    );
    expect(new Set(inc.devices.map((d) => d.id))).toEqual(deviceNames);

    const viaAlert = ok(await gw.gql(IncidentOfAlertDocument, { t: big.tenantId, id: big.alerts![0].id }));
    expect(viaAlert.alert!.incident).toMatchObject({ id: big.id, alertCount: big.alerts!.length });
    expect((await gw.gql(IncidentDocument, { tenantId: big.tenantId, id: "999999999" })).body).toEqual({ data: { incident: null } });
  });

  it("answers the natural deep query (incidents → alerts → evidence and incident) by default; a loop is still refused", async () => {
    const res = await gw.gql(NaturalIncidentQueryDocument);
    expect(res.status, JSON.stringify(res.body.errors)).toBe(200);
    for (const e of ok(res).incidents.edges) for (const a of e.node.alerts.edges) expect(a.node.incident).toEqual({ id: e.node.id });
    expect(JSON.stringify(res.body.data)).toMatch(/"sha256":"[0-9a-f]{64}"/);
    const loop = await gw.gql(
      "{ incidents { edges { node { alerts { edges { node { incident { alerts { edges { node { id } } } } } } } } } } }",
    );
    expect(loop.status).toBe(400);
    expect(loop.body.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "depth" });
  });

  it("updateIncident writes to Graph first, then shows at once, comment attributed; TIER1 is refused, bad values too", async () => {
    const t = tenants[0];
    const target = truthOf(gw, t).find((i) => !isRedirected(i) && i.status === "active")!;
    sim().resetCounters(t);
    const res = await gw.gql(UpdateIncidentDocument, {
      input: {
        tenantId: t,
        id: target.id,
        status: "IN_PROGRESS",
        assignedTo: "alice@mssp.example",
        classification: "TRUE_POSITIVE",
        determination: "MALWARE",
        customTags: ["ransomware", "ransomware", "vip"],
        comment: "Isolating the devices.",
      },
    });
    const updated = ok(res).updateIncident;
    expect(updated).toMatchObject({
      status: "IN_PROGRESS",
      assignedTo: "alice@mssp.example",
      classification: "TRUE_POSITIVE",
      determination: "MALWARE",
      customTags: ["ransomware", "vip"],
    });
    expect(updated.comments.at(-1)).toMatchObject({
      comment: "Isolating the devices.",
      viaGateway: true,
      author: expect.stringContaining("alice@mssp.example"),
    });
    const calls = sim().getCounters(t).byRoute;
    expect(calls["PATCH /v1.0/security/incidents/{id}"]).toBe(1);
    expect(calls["POST /v1.0/security/incidents/{id}/comments"]).toBe(1);
    const up = truthOf(gw, t).find((i) => i.id === target.id)!;
    expect(up).toMatchObject({ status: "inProgress", assignedTo: "alice@mssp.example", customTags: ["ransomware", "vip"] });
    expect(up.comments.at(-1)!.comment).toMatch(/^\[.*alice@mssp\.example.* via gateway\] Isolating the devices\.$/);
    // the queue shows it without a poll
    const mine = await walkQueue(
      gw,
      { filter: { tenantIds: [t], assignedTo: ["alice@mssp.example"], tags: ["ransomware"] } },
      { first: 50 },
    );
    expect(mine.nodes.find((n) => n.id === target.id)).toMatchObject({
      status: "IN_PROGRESS",
      lastUpdateDateTime: updated.lastUpdateDateTime,
    });
    const updatedAt = Date.parse(updated.lastUpdateDateTime ?? "");

    const comment = ok(await gw.gql(AddIncidentCommentDocument, { tenantId: t, id: target.id, comment: "Customer informed." }));
    expect(comment.addIncidentComment.comments.map((c) => c.comment)).toEqual(
      expect.arrayContaining(["Isolating the devices.", "Customer informed."]),
    );
    expect(Date.parse(comment.addIncidentComment.lastUpdateDateTime ?? "")).toBeGreaterThan(updatedAt);

    const alertId = target.alerts![0].id;
    const alertComment = ok(await gw.gql(AddAlertCommentDocument, { tenantId: t, id: alertId, comment: "Seen on the device timeline." }));
    expect(alertComment.addAlertComment.comments.at(-1)).toMatchObject({
      comment: "Seen on the device timeline.",
      viaGateway: true,
    });
    const reread = ok(await gw.gql(IncidentOfAlertDocument, { t, id: alertId }));
    expect(reread.alert!.comments.at(-1)!.comment).toBe("Seen on the device timeline.");

    const asBob = await gw.gql(UpdateIncidentDocument, { input: { tenantId: t, id: target.id, status: "RESOLVED" } }, { user: "bob" });
    expect(asBob.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const bobComment = await gw.gql(AddIncidentCommentDocument, { tenantId: t, id: target.id, comment: "x" }, { user: "bob" });
    expect(bobComment.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const refused: [Partial<UpdateIncidentInput>, string | undefined][] = [
      [{ status: "REDIRECTED" }, "input.status"],
      [{ determination: "APT" }, "input.determination"],
      [{ customTags: [""] }, "input.customTags"],
      [{ comment: "x".repeat(1001) }, "input.comment"],
      [{}, undefined],
    ];
    for (const [input, field] of refused) {
      const bad = await gw.gql(UpdateIncidentDocument, { input: { tenantId: t, id: target.id, ...input } });
      expect(bad.body.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({
        code: "BAD_USER_INPUT",
        ...(field ? { field } : {}),
      });
    }
    const missing = await gw.gql(UpdateIncidentDocument, { input: { tenantId: t, id: "999999999", status: "RESOLVED" } });
    expect(missing.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  const incidentCounts = async (t: string) => {
    return ok(await gw.gql(TenantIncidentCountsDocument, { id: t })).tenant!.incidentCounts!;
  };

  it("counts open incidents per tenant by severity, like alertCounts", async () => {
    for (const t of tenants) {
      const open = truthOf(gw, t).filter((i) => !isRedirected(i) && i.status !== "resolved");
      const by = (s: string) => open.filter((i) => i.severity === s).length;
      expect(await incidentCounts(t)).toEqual({
        high: by("high"),
        medium: by("medium"),
        low: by("low"),
        informational: by("informational"),
        other: open.length - by("high") - by("medium") - by("low") - by("informational"),
        total: open.length,
      });
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode, UpstreamError } from "../../src/errors/errors.js";
import { createLogger } from "../../src/logger.js";
import { createSimulator, type Simulator } from "../../src/simulator/index.js";
import { createMemoryStore } from "../../src/store/memory.store.js";
import type { AlertEventRecord } from "../../src/store/store.types.js";
import { createSyncManager } from "../../src/sync/sync.loop.js";
import { SYNC_STATUS_COLLECTION, type SyncStatus } from "../../src/sync/sync.types.js";
import { createGraphClient, type GraphClient } from "../../src/upstream/graph.client.js";
import { createGraphSource, type ApiSource } from "../../src/upstream/graph.source.js";
import {
  GRAPH_BATCH_MAX_REQUESTS,
  GRAPH_EVIDENCE_TYPES,
  GRAPH_SCOPE,
  type GraphDeviceEvidence,
  type GraphEvidence,
  type GraphFileEvidence,
  type GraphIpEvidence,
} from "../../src/upstream/graph.types.js";
import type { SecurityAlert, SecurityEvidence, SecurityIncident } from "../../src/upstream/upstream.types.js";

/** Most rows per Graph page in this simulator: every tenant has several pages of alerts. */
const PAGE_CAP = 20;
const BATCH_ROUTE = "POST /v1.0/$batch";
const ALERT_BY_ID = "GET /v1.0/security/alerts_v2/{id}";
const ALERT_LIST = "GET /v1.0/security/alerts_v2";

const KIND_OF: Record<string, SecurityEvidence["kind"]> = {
  [GRAPH_EVIDENCE_TYPES.device]: "device",
  [GRAPH_EVIDENCE_TYPES.file]: "file",
  [GRAPH_EVIDENCE_TYPES.process]: "process",
  [GRAPH_EVIDENCE_TYPES.user]: "user",
  [GRAPH_EVIDENCE_TYPES.ip]: "ip",
  [GRAPH_EVIDENCE_TYPES.url]: "url",
  [GRAPH_EVIDENCE_TYPES.registryKey]: "registryKey",
  [GRAPH_EVIDENCE_TYPES.registryValue]: "registryValue",
  [GRAPH_EVIDENCE_TYPES.mailbox]: "mailbox",
};

/** What the mapped evidence of `kind` must carry from its wire record `w` (the kind says which documented shape `w` has). */
function expectedEvidence(kind: SecurityEvidence["kind"], w: GraphEvidence): Record<string, unknown> {
  switch (kind) {
    case "device":
      return { kind, mdeDeviceId: (w as GraphDeviceEvidence).mdeDeviceId };
    case "file":
      return { kind, fileDetails: { sha256: (w as GraphFileEvidence).fileDetails.sha256 } };
    case "ip":
      return { kind, ipAddress: (w as GraphIpEvidence).ipAddress };
    case "generic":
      return { kind, type: w["@odata.type"], raw: { "@odata.type": w["@odata.type"] } };
    default:
      return { kind };
  }
}

/**
 * The Graph client over real HTTP against the simulator's Graph face, with tokens from @azure/identity over the
 * simulator's HTTPS authority: what the fake-server tests in graph.client.test.ts assume, checked against a server
 * that enforces Graph's documented rules (page cap, ≤ 20 per $batch, documented filter properties only).
 */
describe("Graph client against the simulator", () => {
  let sim: Simulator;
  let client: GraphClient;
  let source: ApiSource;
  const tenant = (i: number) => sim.tenants[i].id;

  beforeAll(async () => {
    sim = await createSimulator({
      tenantCount: 3,
      alertsPerTenant: 45,
      xdrAlertsPerTenant: 15,
      machinesPerTenant: 6,
      graphPageSize: PAGE_CAP,
    });
    client = createGraphClient({
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
      authorityHost: sim.httpsUrl!, // not a Microsoft host: instance discovery is switched off automatically
      caPem: sim.caCertPem!,
      scope: GRAPH_SCOPE,
      baseUrl: sim.graphUrl,
      backoff: { baseMs: 10, capMs: 50 },
    });
    source = createGraphSource(client);
  });
  afterAll(async () => {
    await client?.close();
    await sim?.close();
  });

  it("alert sync follows @odata.nextLink over more alerts than a page, one token per tenant", async () => {
    const t = tenant(0);
    const truth = sim.control.listGraphAlerts(t);
    expect(truth.length).toBeGreaterThan(2 * PAGE_CAP);
    sim.control.resetCounters(t);

    const pages: string[][] = [];
    for await (const page of client.alertsChangedSince(t, 0)) pages.push(page.map((a) => a.id));
    expect(pages.every((p) => p.length <= PAGE_CAP)).toBe(true);
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(truth.length / PAGE_CAP));
    expect(pages.flat().sort()).toEqual(truth.map((a) => a.id).sort());
    const counters = sim.control.getCounters(t);
    expect(counters.byRoute[ALERT_LIST]).toBe(pages.length);
    expect(counters.tokens).toBe(1);
  });

  it("a sync with a small $top re-reads cut-short windows with `lt` and hands every alert over once per poll", async () => {
    const t = tenant(1);
    const truth = sim.control.listGraphAlerts(t);
    const store = createMemoryStore();
    const recorded: SecurityAlert[][] = [];
    // $top 8: the simulator gives exactly 8 rows and no nextLink, so the client re-reads the window as halves (ge/lt)
    const sync = createSyncManager<SecurityAlert>(
      { pollIntervalMs: 60_000, backfillMs: 30 * 86_400_000, overlapMs: 60_000, pageSize: 8, leaseMs: 15_000 },
      {
        tenantIds: () => [t],
        alerts: source.alerts,
        record: (_t, items) => {
          recorded.push(items);
          return Promise.resolve(items.map(() => ({}) as AlertEventRecord));
        },
        documents: store.documents,
        leases: store.leases,
        holder: "graph-sim-test",
        logger: createLogger("silent"),
      },
    );
    sim.control.resetCounters(t);
    await sync.syncNow(t);
    const status = (await store.documents.get<SyncStatus>(SYNC_STATUS_COLLECTION, t))!.value;
    expect(status.lastError).toBeNull();
    const ids = recorded.flat().map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(truth.map((a) => a.id).sort());
    // more reads than a single window: the halves were read, and the simulator accepted `lastUpdateDateTime lt`
    expect(sim.control.getCounters(t).byRoute[ALERT_LIST]).toBeGreaterThan(Math.ceil(truth.length / 8));
    const newest = Math.max(...truth.map((a) => Date.parse(a.lastUpdateDateTime)));
    expect(Date.parse(status.watermark!)).toBe(newest);

    // the next poll starts one overlap before the watermark: it sees the change made since, once
    recorded.length = 0;
    const changed = sim.control.createGraphAlert(t, { title: "changed after the first poll" });
    await sync.syncNow(t);
    await sync.stop();
    const again = recorded.flat().map((a) => a.id);
    expect(again).toContain(changed.id);
    expect(new Set(again).size).toBe(again.length);
  });

  it("$top limits the whole result (OData), not a page: a window that yields exactly $top over several pages is read again", async () => {
    const t = tenant(0);
    const truth = sim.control.listGraphAlerts(t);
    const top = PAGE_CAP + PAGE_CAP / 2; // two pages (20 + 10) and no nextLink, although more alerts match
    expect(truth.length).toBeGreaterThan(top);
    const ids = new Set<string>();
    for await (const page of client.alertsChangedSince(t, 0, { top })) for (const a of page) ids.add(a.id);
    expect([...ids].sort()).toEqual(truth.map((a) => a.id).sort());
  });

  it("lists incidents over nextLink pages, a merged one as REDIRECTED", async () => {
    const t = tenant(2);
    const [into, from] = sim.control.listIncidents(t).filter((i) => i.status !== "redirected");
    sim.control.mergeIncidents(t, from.id, into.id);
    const truth = sim.control.listIncidents(t);
    const seen = new Map<string, SecurityIncident>();
    for await (const page of source.incidents.changedSince(t, { sinceMs: 0, pageSize: 1_000 })) for (const i of page) seen.set(i.id, i);
    expect([...seen.keys()].sort()).toEqual(truth.map((i) => i.id).sort());
    expect(seen.get(from.id)).toMatchObject({ status: "REDIRECTED", redirectIncidentId: into.id });
  });

  it("$batch: 45 gets go as batches of at most 20 and come back to their keys; an unknown id is null", async () => {
    const t = tenant(0);
    const truth = sim.control.listGraphAlerts(t).slice(0, 44);
    const ids = [...truth.map((a) => a.id), "da0000000000000000_0"];
    sim.control.resetCounters(t);
    const got = await source.getAlerts(t, ids);
    expect(got).toHaveLength(45);
    truth.forEach((a, i) => expect((got[i] as SecurityAlert).id).toBe(a.id));
    expect(got[44]).toBeNull();
    const counters = sim.control.getCounters(t);
    expect(counters.byRoute[BATCH_ROUTE]).toBe(Math.ceil(45 / GRAPH_BATCH_MAX_REQUESTS));
    expect(counters.byRoute[ALERT_BY_ID]).toBe(45);
  });

  it("an inner 429 is retried alone after its Retry-After; its siblings are answered once", async () => {
    const t = tenant(1);
    const ids = sim.control
      .listGraphAlerts(t)
      .slice(0, 5)
      .map((a) => a.id);
    const victim = ids[2];
    sim.control.setFaults(t, { face: "graph", failStatus: 429, failCount: 1, match: `alerts_v2/${victim}` });
    sim.control.resetCounters(t);
    try {
      const got = await source.getAlerts(t, ids);
      expect(got.map((a) => (a as SecurityAlert).id)).toEqual(ids);
    } finally {
      sim.control.clearFaults(t);
    }
    const counters = sim.control.getCounters(t);
    expect(counters.byRoute[BATCH_ROUTE]).toBe(2);
    // only the throttled request went again, in a $batch of its own
    expect(counters.byRoute[ALERT_BY_ID]).toBe(ids.length + 1);
  });

  it("an inner failure fails only its key", async () => {
    const t = tenant(2);
    const ids = sim.control
      .listGraphAlerts(t)
      .slice(0, 4)
      .map((a) => a.id);
    const victim = ids[1];
    sim.control.setFaults(t, { face: "graph", failStatus: 500, match: `alerts_v2/${victim}` });
    try {
      const got = await source.getAlerts(t, ids);
      expect(got[1]).toBeInstanceOf(UpstreamError);
      expect(got[1]).toMatchObject({ extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE, tenantId: t } });
      for (const i of [0, 2, 3]) expect((got[i] as SecurityAlert).id).toBe(ids[i]);
    } finally {
      sim.control.clearFaults(t);
    }
  });

  it("maps an unknown enum member to UNKNOWN with its raw spelling, and an evolvable one (Prefer header sent) to its value", async () => {
    const t = tenant(0);
    const future = sim.control.createGraphAlert(t, {
      serviceSource: "microsoftDefenderForQuantum",
      detectionSource: "quantumSensor",
      severity: "critical",
    });
    const sentinel = sim.control.createGraphAlert(t, { serviceSource: "microsoftSentinel" });
    const [a, b] = (await source.getAlerts(t, [future.id, sentinel.id])) as SecurityAlert[];
    expect(a).toMatchObject({
      serviceSource: "UNKNOWN",
      serviceSourceRaw: "microsoftDefenderForQuantum",
      detectionSource: "UNKNOWN",
      detectionSourceRaw: "quantumSensor",
      severity: "UNKNOWN",
      severityRaw: "critical",
    });
    // without `Prefer: include-unknown-enum-members` Graph would have said unknownFutureValue
    expect(b).toMatchObject({ serviceSource: "MICROSOFT_SENTINEL", serviceSourceRaw: "microsoftSentinel" });
    // the list path sends the header too
    let listed: SecurityAlert | undefined;
    for await (const page of source.alerts.changedSince(t, { sinceMs: Date.parse(sentinel.lastUpdateDateTime), pageSize: 1_000 }))
      listed ??= page.find((x) => x.id === sentinel.id);
    expect(listed).toMatchObject({ serviceSource: "MICROSOFT_SENTINEL" });
  });

  it("maps every evidence kind the simulator sends to the typed evidence model", async () => {
    const t = tenant(1);
    const truth = new Map(sim.control.listGraphAlerts(t).map((a) => [a.id, a]));
    const mapped: SecurityAlert[] = [];
    for await (const page of source.alerts.changedSince(t, { sinceMs: 0, pageSize: 1_000 })) mapped.push(...page);
    const kinds = new Set<string>();
    for (const alert of mapped) {
      const wire = truth.get(alert.id)!;
      expect(alert.evidence).toHaveLength(wire.evidence.length);
      wire.evidence.forEach((w, i) => {
        const e = alert.evidence[i];
        const expected = KIND_OF[w["@odata.type"]] ?? "generic";
        expect(e.kind).toBe(expected);
        kinds.add(e.kind);
        // the kind was checked above: the wire evidence is of the matching documented shape
        expect(e).toMatchObject(expectedEvidence(expected, w));
      });
    }
    // the simulator's world has endpoint and XDR alerts: at least these kinds occur
    for (const k of ["device", "file", "process", "user", "ip"]) expect(kinds).toContain(k);
  });
});

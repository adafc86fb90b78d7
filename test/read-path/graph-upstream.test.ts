import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimulator, demoUserId, type Simulator } from "../../src/simulator/index.js";
import { graphAlert } from "../../src/upstream/graph.mapper.js";
import { remoteEnvFor, startGateway, type TestGateway } from "../helpers/gateway.js";
import { postGraphQL } from "../helpers/operations.js";
import { TEST_REDIS_URL } from "../helpers/redis.js";

const PAGE = `query Page($first: Int, $after: String) {
  alerts(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node {
      id tenantId upstreamApi serviceSource productName severity status incidentId
      machine { id computerDnsName rbacGroupName }
      evidence { __typename ... on FileEvidence { detectionStatus } ... on DeviceEvidence { mdeDeviceId deviceDnsName } }
    } }
  } }`;

type Node = {
  id: string;
  tenantId: string;
  upstreamApi: string;
  serviceSource: string | null;
  machine: { id: string; computerDnsName: string } | null;
  evidence: { __typename: string; mdeDeviceId?: string | null }[];
};

/** The embedded default: every tenant on the Graph face of the simulator. */
describe("Graph upstream (embedded default)", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ SIM_TENANTS: "3", SIM_ALERTS_PER_TENANT: "20", SYNC_POLL_INTERVAL_MS: "600000", SYNC_PAGE_SIZE: "7" });
    await gw.synced();
    await gw.app.sync.stop();
  });
  afterAll(() => gw?.close());
  const sim = () => gw.app.simulator!;

  it("syncs every Graph alert (all products) and every incident once, following nextLink", async () => {
    for (const t of sim().tenants) {
      const truth = sim().control.listGraphAlerts(t.id);
      expect(
        truth.some((a) => a.serviceSource !== "microsoftDefenderForEndpoint"),
        "the world has non-endpoint alerts",
      ).toBe(true);
      expect(await gw.app.store.index.count(t.id)).toBe(truth.length);
      expect(await gw.app.store.incidents.count(t.id)).toBe(sim().control.listIncidents(t.id).length);
    }
    const res = await gw.gql(`{ tenants { id sync { upstreamApi upstreamState } } }`);
    expect(res.body.data.tenants.map((t: { sync: { upstreamApi: string } }) => t.sync.upstreamApi)).toEqual(["GRAPH", "GRAPH", "GRAPH"]);
  });

  it("serves pages with devices and typed evidence at zero upstream calls", async () => {
    sim().control.resetCounters();
    const nodes: Node[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await gw.gql(PAGE, { first: 50, after });
      expect(res.body.errors, JSON.stringify(res.body.errors?.slice(0, 2))).toBeUndefined();
      const conn = res.body.data.alerts as { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: Node }[] };
      nodes.push(...conn.edges.map((e) => e.node));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    for (const t of sim().tenants) expect(sim().control.getCounters(t.id).total, "upstream calls").toBe(0);
    expect(nodes.every((n) => n.upstreamApi === "GRAPH")).toBe(true);
    const withDevice = nodes.filter((n) => n.evidence.some((e) => e.__typename === "DeviceEvidence" && e.mdeDeviceId));
    expect(withDevice.length).toBeGreaterThan(0);
    for (const n of withDevice) {
      const device = n.evidence.find((e) => e.__typename === "DeviceEvidence" && e.mdeDeviceId)!;
      expect(n.machine?.id).toBe(device.mdeDeviceId);
    }
    const truth = sim().tenants.flatMap((t) => sim().control.listGraphAlerts(t.id).map(graphAlert));
    expect(new Set(nodes.map((n) => n.serviceSource))).toEqual(new Set(truth.map((a) => a.serviceSource)));
  });

  it("reads an alert newer than the last poll from upstream with one $batch, then serves it from the index", async () => {
    const t = sim().tenants[1].id;
    const fresh = sim().control.createGraphAlert(t, { title: "arrived after the poll" });
    sim().control.resetCounters();
    const before = await gw.app.store.events.latestCursor();
    const q = `query($t: ID!, $a: ID!, $b: ID!) { a: alert(tenantId: $t, id: $a) { id title upstreamApi } b: alert(tenantId: $t, id: $b) { id } }`;
    const res = await gw.gql(q, { t, a: fresh.id, b: "no-such-alert" });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ a: { id: fresh.id, title: "arrived after the poll", upstreamApi: "GRAPH" }, b: null });
    // one HTTP call; Graph counts (and the simulator shows) each inner request too
    expect(sim().control.getCounters(t).byRoute["POST /v1.0/$batch"]).toBe(1);
    expect(sim().control.getCounters(t).byRoute["GET /v1.0/security/alerts_v2/{id}"]).toBe(2);
    const events = (await gw.app.store.events.read(before, 100)).filter((e) => e.alertId === fresh.id);
    expect(events.map((e) => e.kind)).toEqual(["CREATED"]);
    // now indexed; the unknown id is remembered: no further upstream call
    sim().control.resetCounters();
    const again = await gw.gql(q, { t, a: fresh.id, b: "no-such-alert" });
    expect(again.body.data.a.id).toBe(fresh.id);
    expect(sim().control.getCounters(t).total).toBe(0);
  });

  it("filters across tenants by evidence and by product", async () => {
    const truth = sim().tenants.flatMap((t) =>
      sim()
        .control.listGraphAlerts(t.id)
        .map((a) => ({ ...graphAlert(a), tenantId: t.id })),
    );
    const sample = truth.flatMap((a) => a.evidence).find((e) => e.kind === "file" && e.fileDetails.sha256);
    expect(sample, "the world has file evidence").toBeDefined();
    const sha = sample?.kind === "file" ? (sample.fileDetails.sha256 ?? "") : "";
    const res = await gw.gql(`query($f: AlertFilter) { alerts(filter: $f, first: 100) { totalCount } }`, {
      f: { evidence: { sha256: sha.toUpperCase() } },
    });
    expect(res.body.errors).toBeUndefined();
    const want = truth.filter((a) =>
      a.evidence.some(
        (e) =>
          (e.kind === "file" && e.fileDetails.sha256?.toLowerCase() === sha.toLowerCase()) ||
          (e.kind === "process" &&
            [e.imageFile?.sha256, e.parentProcessImageFile?.sha256].some((h) => h?.toLowerCase() === sha.toLowerCase())),
      ),
    );
    expect(res.body.data.alerts.totalCount).toBe(want.length);
    const bad = await gw.gql(`{ alerts(filter: { evidence: { sha256: "xyz" } }) { totalCount } }`);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

/**
 * A tenant moved from the legacy API to Graph on a shared store: the alerts indexed from the legacy API stay (replaced
 * by their Graph copies, same ids and versions), nothing is evented twice, and what is new on Graph arrives once.
 */
describe("switching a tenant from the legacy API to Graph", () => {
  let sim: Simulator;
  const prefix = `test:switch:${randomUUID().slice(0, 8)}:`;
  const gateways: TestGateway[] = [];
  beforeAll(async () => {
    sim = await createSimulator({ tenantCount: 2, alertsPerTenant: 12, seed: 11 });
  });
  afterAll(async () => {
    for (const g of gateways) await g.close().catch(() => undefined);
    await sim?.close();
    const r = new Redis(TEST_REDIS_URL);
    const keys = await r.keys(`${prefix}*`);
    if (keys.length) await r.del(...keys);
    await r.quit();
  });

  const start = async (api: (tenantId: string) => "graph" | "defender") => {
    const gw = await startGateway({
      ...remoteEnvFor(sim, [{ tenantId: "*", subject: { kind: "USER", id: demoUserId("alice") }, role: "TIER2_ANALYST" }], (t) => ({
        upstreamApi: api(t),
      })),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      SYNC_POLL_INTERVAL_MS: "600000",
      SYNC_BACKFILL_HOURS: String(24 * 3_650), // the whole simulated history, on both APIs
    });
    gateways.push(gw);
    await gw.synced();
    return gw;
  };
  const query = async (gw: TestGateway, q: string) => {
    const res = await postGraphQL(gw.url, q, {}, await sim.mintUserToken({ user: "alice" }));
    expect(res.body.errors).toBeUndefined();
    return res.body.data;
  };

  it("keeps every alert, duplicates no event, and takes the Graph copies", async () => {
    const [moving, staying] = sim.tenants.map((t) => t.id);
    const legacy = await start(() => "defender");
    const before = await query(legacy, `{ tenants { id sync { upstreamApi } } }`);
    expect(before.tenants.map((t: { sync: { upstreamApi: string } }) => t.sync.upstreamApi)).toEqual([
      "DEFENDER_ENDPOINT",
      "DEFENDER_ENDPOINT",
    ]);
    const legacyIds = new Set((await legacy.app.store.events.read(null, 10_000)).map((e) => `${e.tenantId}/${e.alertId}`));
    expect(legacyIds.size).toBe(sim.control.listAlerts(moving).length + sim.control.listAlerts(staying).length);
    await legacy.close();

    // an alert arrives while the gateway is down for the switch
    const arrived = sim.control.createAlert(moving, { title: "arrived during the switch" });
    const graph = await start((t) => (t === moving ? "graph" : "defender"));
    const after = await query(graph, `{ tenants { id sync { upstreamApi } } }`);
    expect(Object.fromEntries(after.tenants.map((t: { id: string; sync: { upstreamApi: string } }) => [t.id, t.sync.upstreamApi]))).toEqual(
      {
        [moving]: "GRAPH",
        [staying]: "DEFENDER_ENDPOINT",
      },
    );

    const graphTruth = sim.control.listGraphAlerts(moving);
    expect(await graph.app.store.index.count(moving)).toBe(graphTruth.length);
    expect(await graph.app.store.index.count(staying)).toBe(sim.control.listAlerts(staying).length);
    const events = await graph.app.store.events.read(null, 10_000);
    const created = events.filter((e) => e.kind === "CREATED").map((e) => `${e.tenantId}/${e.alertId}`);
    expect(new Set(created).size, "one CREATED per alert").toBe(created.length);
    for (const a of graphTruth) expect(created).toContain(`${moving}/${a.id}`);
    // the endpoint alerts already evented from the legacy API got no second event; the new ones got one
    const afterSwitch = events.filter((e) => !legacyIds.has(`${e.tenantId}/${e.alertId}`));
    expect(afterSwitch.every((e) => e.tenantId === moving && e.kind === "CREATED")).toBe(true);
    expect(afterSwitch.map((e) => e.alertId).sort()).toEqual(
      graphTruth
        .filter((a) => !legacyIds.has(`${moving}/${a.id}`))
        .map((a) => a.id)
        .sort(),
    );
    expect(afterSwitch.map((e) => e.alertId)).toContain(arrived.id);
    // the moved tenant's alerts are the Graph copies now (richer evidence, product names)
    const page = await query(graph, `{ alerts(first: 100, filter: { tenantIds: ["${moving}"] }) { edges { node { upstreamApi } } } }`);
    expect(new Set(page.alerts.edges.map((e: { node: { upstreamApi: string } }) => e.node.upstreamApi))).toEqual(new Set(["GRAPH"]));
  });
});

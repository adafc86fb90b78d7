import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { createMemoryStore } from "../../src/store/memory.store.js";
import type { AlertEventRecord } from "../../src/store/store.types.js";
import { createSyncManager, type SyncOptions } from "../../src/sync/sync.loop.js";
import { SYNC_STATUS_COLLECTION, type SyncStatus } from "../../src/sync/sync.types.js";
import { createDefenderClient } from "../../src/upstream/defender.client.js";
import { createDefenderAlertFeed } from "../../src/upstream/defender.feed.js";
import { createDefenderSource } from "../../src/upstream/defender.source.js";
import type { DefenderAlert } from "../../src/upstream/defender.types.js";
import { createGraphClient } from "../../src/upstream/graph.client.js";
import { createGraphSource } from "../../src/upstream/graph.source.js";
import type { ChangeFeed, SecurityAlert, SecurityIncident } from "../../src/upstream/upstream.types.js";
import { fakeCredentials, json, startFakeDefender, type FakeDefender } from "./fake-defender.js";
import { gAlert, send, startFakeGraph, type FakeGraph } from "./fake-graph.js";

const T1 = "11111111-1111-1111-1111-111111111111";
const logger = createLogger("silent");
const OPTS: SyncOptions = { pollIntervalMs: 60_000, backfillMs: 30 * 86_400_000, overlapMs: 60_000, pageSize: 3, leaseMs: 15_000 };

/** A sync over `feed` that records what it is handed (every call, so duplicates would show). */
function syncOver<A, I = unknown>(feed: ChangeFeed<A>, more: { incidents?: ChangeFeed<I> } = {}) {
  const store = createMemoryStore();
  const recorded: A[][] = [];
  const incidents: I[][] = [];
  const sync = createSyncManager<A, I>(OPTS, {
    tenantIds: () => [T1],
    alerts: feed,
    record: (_t, items) => {
      recorded.push(items);
      return Promise.resolve(items.map(() => ({}) as AlertEventRecord));
    },
    ...(more.incidents
      ? {
          incidents: more.incidents,
          recordIncidents: (_t: string, items: I[]) => {
            incidents.push(items);
            return Promise.resolve([]);
          },
        }
      : {}),
    documents: store.documents,
    leases: store.leases,
    holder: "test",
    logger,
  });
  const status = async () => (await store.documents.get<SyncStatus>(SYNC_STATUS_COLLECTION, T1))!.value;
  return { sync, recorded, incidents, status };
}

describe("Graph sync", () => {
  let fake: FakeGraph;
  beforeAll(async () => {
    fake = await startFakeGraph();
  });
  afterAll(() => fake.close());

  it("reads lastUpdateDateTime ge (watermark − overlap) over nextLink pages, hands each change over once, syncs incidents too", async () => {
    const world = [
      gAlert("a1", "2026-11-29T10:00:03Z"),
      gAlert("a2", "2026-11-29T10:00:02Z"),
      gAlert("a3", "2026-11-29T10:00:01Z"),
      gAlert("a4", "2026-11-29T10:00:00Z"),
    ];
    fake.handle((req, res) => {
      if (req.path === "/security/incidents")
        return send(res, 200, { value: [{ id: "inc1", status: "active", lastUpdateDateTime: "2026-11-29T10:00:05Z" }] });
      const page = Number(req.query.$skiptoken ?? "0");
      const since = Date.parse(/ge (\S+)/.exec(req.query.$filter)![1]);
      const rows = world.filter((a) => Date.parse(a.lastUpdateDateTime) >= since);
      // pages of two that overlap by one row: page n is rows [n, n+2); an item shows up twice within one poll
      const value = rows.slice(page, page + 2);
      const next =
        page + 2 < rows.length
          ? `${fake.url}/security/alerts_v2?$filter=${encodeURIComponent(req.query.$filter)}&$skiptoken=${page + 1}`
          : undefined;
      send(res, 200, { value, ...(next ? { "@odata.nextLink": next } : {}) });
    });
    const source = createGraphSource(createGraphClient({ baseUrl: fake.url, credentialFactory: fakeCredentials().factory }));
    const { sync, recorded, incidents, status } = syncOver<SecurityAlert, SecurityIncident>(source.alerts, { incidents: source.incidents });
    const before = Date.now();
    await sync.syncNow(T1);
    await sync.stop();

    const ids = recorded.flat().map((a) => a.id);
    expect(ids.sort()).toEqual(["a1", "a2", "a3", "a4"]);
    expect(recorded.flat()[0]).toMatchObject({ source: "graph", severity: "HIGH", serviceSource: "MICROSOFT_DEFENDER_FOR_ENDPOINT" });
    const first = fake.requests.find((r) => r.path === "/security/alerts_v2")!;
    const backfillFrom = Date.parse(/ge (\S+)/.exec(first.query.$filter)![1]);
    expect(backfillFrom).toBeGreaterThanOrEqual(before - OPTS.backfillMs - 1_000);
    expect(backfillFrom).toBeLessThanOrEqual(Date.now() - OPTS.backfillMs);
    expect(fake.requests.filter((r) => r.path === "/security/alerts_v2")).toHaveLength(3);
    expect(incidents.flat().map((i) => i.id)).toEqual(["inc1"]);
    expect(await status()).toMatchObject({
      watermark: "2026-11-29T10:00:03.000Z",
      incidentWatermark: "2026-11-29T10:00:05.000Z",
      lastError: null,
    });

    // the next poll starts one overlap before the watermark, and sees a new change
    fake.requests.length = 0;
    world.unshift(gAlert("a5", "2026-11-29T10:00:04Z"));
    recorded.length = 0;
    await sync.syncNow(T1);
    await sync.stop();
    const again = fake.requests.find((r) => r.path === "/security/alerts_v2")!;
    expect(again.query.$filter).toBe("lastUpdateDateTime ge 2026-11-29T09:59:03.000Z");
    const second = recorded.flat().map((a) => a.id);
    expect(second).toContain("a5");
    expect(new Set(second).size).toBe(second.length);
    expect((await status()).watermark).toBe("2026-11-29T10:00:04.000Z");
  });
});

describe("legacy windowed sync", () => {
  let fake: FakeDefender;
  beforeAll(async () => {
    fake = await startFakeDefender();
  });
  afterAll(() => fake.close());

  const alert = (id: string, lastUpdateTime: string): DefenderAlert =>
    ({
      id,
      title: id,
      severity: "High",
      status: "New",
      lastUpdateTime,
      evidence: [],
      comments: [],
      mitreTechniques: [],
    }) as unknown as DefenderAlert;

  /** Honours `lastUpdateTime ge`, `$orderby=lastUpdateTime asc` and `$top`; orders equal timestamps differently on every call; refuses `$skip`. */
  function serve(world: DefenderAlert[], opts: { hangAboveTop?: number } = {}) {
    let call = 0;
    fake.handle((req, res) => {
      if (req.query.$skip !== undefined)
        return json(res, 400, { error: { code: "BadRequest", message: "this test forbids $skip", target: "x" } });
      const top = Number(req.query.$top);
      if (opts.hangAboveTop !== undefined && top > opts.hangAboveTop) return; // never answers: the client times out
      expect(req.query.$orderby).toBe("lastUpdateTime asc");
      const since = Date.parse(/lastUpdateTime ge (\S+)/.exec(req.query.$filter ?? "")![1]);
      call++;
      const rows = world
        .filter((a) => Date.parse(a.lastUpdateTime!) >= since)
        .map((a, i) => ({ a, tie: (i * 7 + call * 3) % 11 }))
        .sort((x, y) => Date.parse(x.a.lastUpdateTime!) - Date.parse(y.a.lastUpdateTime!) || x.tie - y.tie)
        .map((x) => x.a);
      json(res, 200, { "@odata.context": "x", value: rows.slice(0, top) });
    });
  }

  it("loses nothing when alerts share a lastUpdateTime across a page boundary, and never uses $skip", async () => {
    const t = (s: number) => `2026-11-29T10:00:0${s}.000Z`;
    const world = [
      alert("a1", t(1)),
      alert("a2", t(2)),
      alert("a3", t(3)),
      alert("a4", t(3)),
      alert("a5", t(3)),
      alert("a6", t(3)),
      alert("a7", t(3)),
      alert("a8", t(4)),
    ];
    serve(world);
    fake.requests.length = 0;
    const client = createDefenderClient({ baseUrlFor: () => fake.url, credentialFactory: fakeCredentials().factory });
    const { sync, recorded, status } = syncOver(createDefenderAlertFeed(client));
    await sync.syncNow(T1);
    await sync.stop();
    const ids = recorded.flat().map((a) => a.id);
    expect([...ids].sort()).toEqual(world.map((a) => a.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(fake.requests.every((r) => r.query.$skip === undefined)).toBe(true);
    // page 1 ends inside the run of equal timestamps; later windows start at that instant (ge), a full page of one instant grows $top
    expect(fake.requests.map((r) => r.query.$top)).toContain("6");
    expect((await status()).watermark).toBe(t(4));
  });

  it("the same feed behind the legacy UpstreamSource yields SecurityAlerts", async () => {
    serve([alert("b1", "2026-11-29T10:00:00.000Z"), alert("b2", "2026-11-29T10:00:00.000Z")]);
    const client = createDefenderClient({ baseUrlFor: () => fake.url, credentialFactory: fakeCredentials().factory });
    const { sync, recorded } = syncOver(createDefenderSource(client).alerts);
    await sync.syncNow(T1);
    await sync.stop();
    expect(recorded.flat().map((a) => [a.id, a.source, a.status])).toEqual([
      ["b1", "defender", "NEW"],
      ["b2", "defender", "NEW"],
    ]);
  });

  it("a backfill page that times out shrinks $top instead of retrying it or opening the breaker", async () => {
    const world = Array.from({ length: 9 }, (_, i) => alert(`c${i}`, `2026-11-29T10:00:0${i}.000Z`));
    serve(world, { hangAboveTop: 2 });
    fake.requests.length = 0;
    // two outage failures would open this breaker; two timeouts here must not
    const client = createDefenderClient({
      baseUrlFor: () => fake.url,
      credentialFactory: fakeCredentials().factory,
      timeoutMs: 300,
      breaker: { consecutiveFailures: 2 },
    });
    const feed = createDefenderAlertFeed(client, { minPageSize: 1 });
    const got: DefenderAlert[] = [];
    for await (const page of feed.changedSince(T1, { sinceMs: 0, pageSize: 8 })) got.push(...page);
    expect(got.map((a) => a.id)).toEqual(world.map((a) => a.id));
    const tops = fake.requests.map((r) => r.query.$top);
    expect(tops.slice(0, 3)).toEqual(["8", "4", "2"]);
    expect(tops.filter((t) => t === "8")).toHaveLength(1);
    expect(client.state(T1).breaker).toBe("closed");
    // at the smallest page a timeout is an outage again (retried, then UPSTREAM_UNAVAILABLE)
    serve(world, { hangAboveTop: 0 });
    const floor = createDefenderAlertFeed(client, { minPageSize: 1 });
    await expect(
      (async () => {
        for await (const _ of floor.changedSince(T1, { sinceMs: 0, pageSize: 1 })) void _;
      })(),
    ).rejects.toMatchObject({ extensions: { code: "UPSTREAM_UNAVAILABLE", tenantId: T1 } });
  });
});

import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { recordAlertChanges } from "../../src/store/alert-changes.js";
import { recordIncidentChanges } from "../../src/store/incident-changes.js";
import { createRedisConnections, type RedisConnections } from "../../src/store/redis.connections.js";
import { createRedisStore } from "../../src/store/redis.store.js";
import { createStore } from "../../src/store/store.js";
import type { Store } from "../../src/store/store.types.js";
import { waitFor } from "../helpers/wait.js";
import { makeAlert, makeDefenderAlert } from "../helpers/alert.fixture.js";
import { indicatorToken } from "../../src/upstream/evidence.indicators.js";
import { makeIncident } from "../helpers/incident.fixture.js";
import { describeIncidentContract } from "./incident.contract.js";
import { describeIndicatorContract } from "./indicator.contract.js";
import { describeStoreContract, type ContractStoreOptions, type MakeStore } from "./store.contract.js";
import { startRedisServer, TEST_REDIS_URL } from "../helpers/redis.js";

const prefixes: string[] = [];
const opened: Store[] = [];
const connections: RedisConnections[] = [];
const connect = (url = TEST_REDIS_URL, keyPrefix?: string) => {
  const c = createRedisConnections({ url, keyPrefix });
  connections.push(c);
  return c;
};

async function open(keyPrefix: string, opts: ContractStoreOptions = {}, url = TEST_REDIS_URL): Promise<Store> {
  const s = await createRedisStore({
    connections: connect(url, keyPrefix),
    keyPrefix,
    eventLog: { ...opts.eventLog, blockMs: 1_000 },
    claimTtlMs: opts.claimTtlMs,
  });
  opened.push(s);
  return s;
}
const newPrefix = () => {
  const p = `test:${randomUUID().slice(0, 8)}:`;
  prefixes.push(p);
  return p;
};

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await Promise.all(connections.map((c) => c.close()));
  const r = new Redis(TEST_REDIS_URL);
  for (const p of prefixes) {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await r.scan(cursor, "MATCH", `${p}*`, "COUNT", 1_000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== "0");
    if (keys.length) await r.del(...keys);
  }
  await r.quit();
});

const makeRedis: MakeStore = async (opts = {}) => {
  const prefix = newPrefix();
  return { store: await open(prefix, opts), twin: () => open(prefix, opts) };
};
describeStoreContract("redis", makeRedis);
describeIncidentContract("redis", makeRedis);
describeIndicatorContract("redis", makeRedis);

/** Kills the stream readers (`role`) of stores on `prefix` (blocked in XREAD), as a network drop would. */
async function killReaders(prefix: string, role = "event-reader"): Promise<number> {
  const admin = new Redis(TEST_REDIS_URL);
  try {
    const list = String(await admin.client("LIST"));
    let n = 0;
    for (const line of list.split("\n")) {
      if (!line.includes(` name=gw-${role}:${prefix} `)) continue;
      const id = /^id=(\d+)/.exec(line)?.[1];
      if (id) n += Number(await admin.client("KILL", "ID", id));
    }
    return n;
  } finally {
    await admin.quit();
  }
}

describe("redis store: data written before the Graph switch", () => {
  it("serves, filters, counts and replays legacy-shaped alerts, facets and events without a re-sync", async () => {
    const prefix = newPrefix();
    const store = await open(prefix);
    const t = `legacy-${randomUUID().slice(0, 6)}`;
    const modern = makeAlert("old1", 1, { severity: "HIGH", severityRaw: "High" });
    await store.index.upsert(t, [modern]);
    // What the previous version stored for the same alert: the wire alert, Defender-spelled facets, open counts by `High`.
    const wire = makeDefenderAlert("old1", 1, { severity: "High", incidentId: 7 });
    const r = new Redis(TEST_REDIS_URL);
    onTestFinished(() => void r.quit());
    const k = (suffix: string) => `${prefix}{t:${t}}:${suffix}`;
    const legacyFacets = {
      severity: "high",
      status: "inprogress",
      category: "execution",
      detectionSource: "windowsdefenderav",
      assignedTo: "",
      text: wire.title.toLowerCase() + "\n",
      machineId: "m1",
      incidentId: 7,
      updated: null,
      created: null,
    };
    await r.hset(k("alerts"), "old1", JSON.stringify(wire));
    await r.hset(k("facets"), "old1", JSON.stringify(legacyFacets));
    await r.del(k("open"));
    await r.hset(k("open"), "High", 1);
    await r.xadd(`${prefix}{events}:alerts`, "*", "e", JSON.stringify({ kind: "CREATED", tenantId: t, alertId: "old1", alert: wire }));

    const got = await store.index.get(t, "old1");
    expect(got?.alert).toMatchObject({ source: "defender", severity: "HIGH", status: "IN_PROGRESS", incidentId: "7" });
    const q = (filter: object) =>
      store.index.query({ filter: { tenantIds: [t], ...filter }, orderBy: { field: "lastUpdateDateTime", direction: "DESC" }, first: 5 });
    for (const filter of [
      { severities: ["HIGH"] },
      { statuses: ["IN_PROGRESS"] },
      { detectionSources: ["WINDOWS_DEFENDER_AV"] },
      { machineId: "m1" },
      { incidentId: "7" },
      { serviceSources: ["MICROSOFT_DEFENDER_FOR_ENDPOINT"] },
      { indicators: [indicatorToken.device("pc1.contoso.example")] },
      { detectorIds: ["D-1"] },
    ]) {
      const page = await q(filter);
      expect(
        page.items.map((i) => i.alert.id),
        JSON.stringify(filter),
      ).toEqual(["old1"]);
      expect(page.totalCount, JSON.stringify(filter)).toBe(1);
    }
    expect((await q({ severities: ["LOW"] })).items).toEqual([]);
    expect(await store.index.countOpenBySeverity(t)).toEqual({ HIGH: 1 });
    const events = (await store.events.read(null, 1_000)).filter((e) => e.tenantId === t);
    expect(events.at(-1)?.alert).toMatchObject({ id: "old1", source: "defender", severity: "HIGH" });
  });
});

describe("redis store: replicas and outages", () => {
  it("keeps every per-tenant key in the tenant's hash slot, and the sync lease's fence there too", async () => {
    const prefix = newPrefix();
    const s = await open(prefix);
    const t = `tenant-${randomUUID()}`;
    const lease = (await s.leases.acquire(`sync:${t}`, "me", 60_000))!;
    await recordAlertChanges(s, t, [makeAlert("k1", 1)], { fence: { leaseName: lease.name, token: lease.token } });
    const r = new Redis(TEST_REDIS_URL);
    const keys = await r.keys(`${prefix}{t:${t}}*`);
    await r.quit();
    expect(keys.length).toBeGreaterThanOrEqual(7);
    expect(keys.every((k) => k.startsWith(`${prefix}{t:${t}}:`))).toBe(true);
    expect(keys).toContain(`${prefix}{t:${t}}:lease:sync:${t}:fence`);
  });

  it("keeps the shared-indicator aggregate in a slot of its own, {indicators}", async () => {
    const prefix = newPrefix();
    const s = await open(prefix);
    const [a, b] = [`tenant-${randomUUID()}`, `tenant-${randomUUID()}`];
    await recordAlertChanges(s, a, [makeAlert("k1", 1)]);
    await recordAlertChanges(s, b, [makeAlert("k1", 2)]);
    const r = new Redis(TEST_REDIS_URL);
    const keys = await r.keys(`${prefix}{indicators}*`);
    await r.quit();
    expect(keys.sort()).toEqual(
      [`alerts:${a}`, `alerts:${b}`, "shared", "stats", "tenants"].map((k) => `${prefix}{indicators}:${k}`).sort(),
    );
    // makeAlert's process evidence carries one SHA-256 and the detector `d-1`: both shared by the two tenants
    const page = await s.indicators.query({ tenantIds: [a, b], minTenants: 2, first: 10 });
    expect(page.items.map((i) => i.kind).sort()).toEqual(["DETECTOR", "FILE_SHA256"]);
  });

  it("a listener hears another replica's events, in order, across reader connection drops, with nothing lost or repeated", async () => {
    const prefix = newPrefix();
    const writer = await open(prefix);
    const reader = await open(prefix);
    const got: string[] = [];
    reader.events.listen((e) => got.push(e.alertId));
    const append = (i: number) => writer.events.append({ kind: "CREATED", tenantId: "t", alertId: `x${i}`, alert: makeAlert(`x${i}`, i) });
    for (let i = 0; i < 20; i++) await append(i);
    await waitFor(() => got.length >= 20, { what: "first 20 events" });

    let next = 20;
    for (let round = 0; round < 3; round++) {
      // append concurrently with the drop, so some events land while the reader reconnects
      const writes = (async () => {
        for (let i = 0; i < 15; i++) await append(next++);
      })();
      expect(await killReaders(prefix)).toBeGreaterThan(0);
      await writes;
      await waitFor(() => got.length >= next, { what: `events after drop ${round + 1}`, timeoutMs: 15_000 });
    }
    expect(got).toEqual(Array.from({ length: next }, (_, i) => `x${i}`));
  });

  it("keeps the incident index in the tenant's slot and incident events in a stream of their own", async () => {
    const prefix = newPrefix();
    const s = await open(prefix);
    const t = `tenant-${randomUUID()}`;
    const lease = (await s.leases.acquire(`sync:${t}`, "me", 60_000))!;
    const [event] = await recordIncidentChanges(s, t, [makeIncident("i1", 1)], { fence: { leaseName: lease.name, token: lease.token } });
    const r = new Redis(TEST_REDIS_URL);
    const tenantKeys = await r.keys(`${prefix}{t:${t}}*`);
    const eventKeys = await r.keys(`${prefix}{incident-events}*`);
    const stream = await r.xrange(`${prefix}{incident-events}:incidents`, "-", "+");
    await r.quit();
    expect(tenantKeys.filter((k) => k.includes(":inc:")).length).toBeGreaterThanOrEqual(7);
    expect(tenantKeys.every((k) => k.startsWith(`${prefix}{t:${t}}:`))).toBe(true);
    expect(eventKeys.sort()).toEqual([`${prefix}{incident-events}:ev:${t}:i1`, `${prefix}{incident-events}:incidents`]);
    expect(stream.map(([id]) => id)).toEqual([event.cursor]);
    expect(await s.events.latestCursor()).toBeNull();
  });

  it("an incident listener hears another replica's events across its reader's connection drops", async () => {
    const prefix = newPrefix();
    const writer = await open(prefix);
    const reader = await open(prefix);
    const got: string[] = [];
    reader.incidentEvents.listen((e) => got.push(e.incidentId));
    const append = (n: number) =>
      writer.incidentEvents.append({ kind: "CREATED", tenantId: "t", incidentId: `x${n}`, incident: makeIncident(`x${n}`, n) });
    for (let n = 0; n < 5; n++) await append(n);
    await waitFor(() => got.length >= 5, { what: "first 5 incident events" });
    const writes = (async () => {
      for (let n = 5; n < 20; n++) await append(n);
    })();
    expect(await killReaders(prefix, "incident-event-reader")).toBeGreaterThan(0);
    await writes;
    await waitFor(() => got.length >= 20, { what: "incident events after the drop", timeoutMs: 15_000 });
    expect(got).toEqual(Array.from({ length: 20 }, (_, n) => `x${n}`));
  });

  it("a listener keeps its position through CLIENT PAUSE (Redis unresponsive) and catches up after", async () => {
    // CLIENT PAUSE stops every client of the server: only on a private one, never the shared Redis.
    const own = await startRedisServer();
    const prefix = newPrefix();
    const writer = await open(prefix, {}, own.url);
    const reader = await open(prefix, {}, own.url);
    onTestFinished(async () => {
      await Promise.all([writer.close(), reader.close()]);
      await own.stop();
    });
    const got: string[] = [];
    reader.events.listen((e) => got.push(e.alertId));
    const admin = new Redis(own.url);
    await writer.events.append({ kind: "CREATED", tenantId: "t", alertId: "p0", alert: makeAlert("p0", 0) });
    await waitFor(() => got.length === 1, { what: "first event" });
    await admin.client("PAUSE", 300, "WRITE");
    const during = writer.events.append({ kind: "CREATED", tenantId: "t", alertId: "p1", alert: makeAlert("p1", 1) });
    await during;
    await writer.events.append({ kind: "CREATED", tenantId: "t", alertId: "p2", alert: makeAlert("p2", 2) });
    await waitFor(() => got.length >= 3, { what: "events after the pause" });
    expect(got).toEqual(["p0", "p1", "p2"]);
    await admin.quit();
  });

  it("ping reflects the connection; close stops the reader and is idempotent", async () => {
    const s = await createStore({ redis: connect(), keyPrefix: newPrefix() });
    expect(s.kind).toBe("redis");
    expect(await s.ping()).toBe(true);
    await s.close();
    await s.close();
    expect(await s.ping()).toBe(false);
  });

  it("fails to start when Redis is unreachable", async () => {
    await expect(
      createRedisStore({ connections: connect("redis://127.0.0.1:1"), keyPrefix: newPrefix(), startupTimeoutMs: 300 }),
    ).rejects.toThrow(/Redis at redis:\/\/127\.0\.0\.1:1 did not answer within 300 ms: .*ECONNREFUSED/);
  });
});

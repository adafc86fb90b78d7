import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { recordAlertChanges } from "../../src/store/alert-changes.js";
import { recordIncidentChanges } from "../../src/store/incident-changes.js";
import { createRedisConnections, type RedisConnections } from "../../src/store/redis.connections.js";
import { createRedisStore } from "../../src/store/redis.store.js";
import { StoreUnavailableError } from "../../src/store/store-unavailable.js";
import type { AlertIndexQuery, Store } from "../../src/store/store.types.js";
import { bumped, makeAlert } from "../helpers/alert.fixture.js";
import { makeIncident } from "../helpers/incident.fixture.js";
import { startRedisServer, TEST_REDIS_URL } from "../helpers/redis.js";
import { waitFor } from "../helpers/wait.js";
import { describeIncidentContract } from "./incident.contract.js";
import { describeStoreContract, type ContractStoreOptions, type MakeStore } from "./store.contract.js";

/**
 * The Redis store with its read mirror on: the store contract holds (a twin is another replica with its own mirror,
 * so the contract's cross-replica reads go through the event feed), plus what the mirror itself promises: a cold
 * start rebuild that loses nothing written meanwhile, read-your-writes, cross-replica delivery, resync after a gap,
 * reads served through a Redis outage while writes fail fast.
 */

const prefixes: string[] = [];
const opened: Store[] = [];
const connections: RedisConnections[] = [];
const newPrefix = () => {
  const p = `test:mirror:${randomUUID().slice(0, 8)}:`;
  prefixes.push(p);
  return p;
};

async function open(
  keyPrefix: string,
  opts: ContractStoreOptions & { mirror?: boolean; url?: string; commandTimeoutMs?: number } = {},
): Promise<Store> {
  const c = createRedisConnections({ url: opts.url ?? TEST_REDIS_URL, keyPrefix, commandTimeoutMs: opts.commandTimeoutMs });
  connections.push(c);
  const s = await createRedisStore({
    connections: c,
    keyPrefix,
    eventLog: { ...opts.eventLog, blockMs: 1_000 },
    claimTtlMs: opts.claimTtlMs,
    readMirror: opts.mirror === false ? undefined : { checkIntervalMs: 100 },
  });
  opened.push(s);
  return s;
}
/** A mirrored store that answers from memory. */
async function openBuilt(keyPrefix: string, opts: Parameters<typeof open>[1] = {}): Promise<Store> {
  const s = await open(keyPrefix, opts);
  await s.mirror!.built;
  return s;
}

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await Promise.all(connections.map((c) => c.close()));
  const r = new Redis(TEST_REDIS_URL);
  for (const p of prefixes) {
    let cursor = "0";
    do {
      const [next, batch] = await r.scan(cursor, "MATCH", `${p}*`, "COUNT", 1_000);
      cursor = next;
      if (batch.length) await r.del(...batch);
    } while (cursor !== "0");
  }
  await r.quit();
});

/** The twin is a second replica: what one writes reaches the other through the event feed, so reads poll briefly. */
const makeMirrored: MakeStore = async (opts = {}) => {
  const prefix = newPrefix();
  return { store: await openBuilt(prefix, opts), twin: () => openBuilt(prefix, opts) };
};
describeStoreContract("redis with read mirror", makeMirrored);
describeIncidentContract("redis with read mirror", makeMirrored);

const tenantOf = (name: string) => `${name}-${randomUUID().slice(0, 6)}`;
const byUpdated = (tenantIds: string[], filter: Partial<AlertIndexQuery["filter"]> = {}, first = 50): AlertIndexQuery => ({
  filter: { tenantIds, ...filter },
  orderBy: { field: "lastUpdateDateTime", direction: "DESC" },
  first,
});

describe("read mirror", () => {
  it("cold start: builds from Redis what other replicas wrote, and loses nothing written during the build", async () => {
    const prefix = newPrefix();
    const writer = await open(prefix, { mirror: false });
    const [t1, t2] = [tenantOf("a"), tenantOf("b")];
    for (const t of [t1, t2]) {
      await recordAlertChanges(
        writer,
        t,
        Array.from({ length: 300 }, (_, i) => makeAlert(`${t}-${i}`, i, { severity: i % 3 === 0 ? "HIGH" : "LOW" })),
      );
      await recordIncidentChanges(
        writer,
        t,
        Array.from({ length: 20 }, (_, i) => makeIncident(`${t}-inc${i}`, i)),
      );
    }
    // Writes racing the build: new alerts and newer versions of scanned ones, each with its event.
    let writing = true;
    let n = 0;
    const racing = (async () => {
      while (writing || n < 40) {
        await recordAlertChanges(writer, t1, [makeAlert(`late-${n}`, 1_000 + n), bumped(makeAlert(`${t1}-${n}`, n), 5_000)]);
        n++;
      }
    })();
    const reader = await open(prefix);
    expect(reader.mirror!.status().state).toBe("building");
    await reader.mirror!.built;
    writing = false;
    await racing;
    expect(reader.mirror!.status()).toMatchObject({ state: "ready", built: true });

    // Everything Redis holds, the mirror answers the same (after the racing writes' events arrived).
    for (const filter of [{}, { severities: ["HIGH"] }, { search: "alert" }]) {
      await waitFor(
        async () => {
          const [want, got] = await Promise.all([
            writer.index.query(byUpdated([t1, t2], filter, 500)),
            reader.index.query(byUpdated([t1, t2], filter, 500)),
          ]);
          expect(got.totalCount).toBe(want.totalCount);
          expect(got.items.map((i) => `${i.tenantId}/${i.alert.id}@${i.alert.lastUpdateDateTime}`)).toEqual(
            want.items.map((i) => `${i.tenantId}/${i.alert.id}@${i.alert.lastUpdateDateTime}`),
          );
          return true;
        },
        { what: `mirror to match Redis for ${JSON.stringify(filter)}` },
      );
    }
    expect(await reader.index.count(t1)).toBe(300 + n);
    expect(await reader.incidents.count(t2)).toBe(20);
    expect(await reader.index.countOpenBySeverity(t2)).toEqual(await writer.index.countOpenBySeverity(t2));
    const inc = await reader.incidents.get(t1, `${t1}-inc3`);
    expect(inc?.incident).toEqual((await writer.incidents.get(t1, `${t1}-inc3`))?.incident);
    expect(inc?.syncedAt).toBe((await writer.incidents.get(t1, `${t1}-inc3`))?.syncedAt);
  });

  it("read-your-writes on the replica that wrote; other replicas within the event delivery delay", async () => {
    const prefix = newPrefix();
    const [a, b] = [await openBuilt(prefix), await openBuilt(prefix)];
    const t = tenantOf("ryw");
    const first = makeAlert("x1", 1, { status: "NEW" });
    await recordAlertChanges(a, t, [first]);
    // No wait: the writer's own mirror has it as soon as the write returns.
    expect((await a.index.get(t, "x1"))?.alert.status).toBe("NEW");
    const resolved = bumped(first, 10, { status: "RESOLVED" });
    await recordAlertChanges(a, t, [resolved]);
    expect((await a.index.get(t, "x1"))?.alert.status).toBe("RESOLVED");
    expect((await a.index.query(byUpdated([t], { statuses: ["RESOLVED"] }))).totalCount).toBe(1);
    // The other replica gets it from the event log.
    await waitFor(async () => (await b.index.get(t, "x1"))?.alert.status === "RESOLVED", { what: "the change on replica b" });
    // An older snapshot arriving late never replaces the newer one.
    await a.index.upsert(t, [first]);
    expect((await a.index.get(t, "x1"))?.alert.status).toBe("RESOLVED");
  });

  it("a range trimmed before the replica applied it (a gap) is repaired from Redis", async () => {
    const prefix = newPrefix();
    const reader = await openBuilt(prefix);
    const writer = await open(prefix, { mirror: false });
    const t = tenantOf("gap");
    // Written to Redis, its event appended and trimmed in one transaction: the reader's feed never sees it.
    await writer.index.upsert(t, [makeAlert("lost", 1)]);
    const r = new Redis(TEST_REDIS_URL);
    onTestFinished(() => void r.quit());
    const stream = `${prefix}{events}:alerts`;
    // As the log's own trim does (XTRIM MINID, then the trim marker), in one script: no reader can see the entry.
    await r.eval(
      `local id = redis.call('XADD', KEYS[1], '*', 'e', ARGV[1])
       local ms, seq = string.match(id, '^(%d+)-(%d+)$')
       redis.call('XTRIM', KEYS[1], 'MINID', '=', ms .. '-' .. (tonumber(seq) + 1))
       redis.call('SET', KEYS[2], id)
       return id`,
      2,
      stream,
      `${prefix}{events}:trimmed`,
      JSON.stringify({ kind: "CREATED", tenantId: t, alertId: "lost", alert: makeAlert("lost", 1) }),
    );
    await waitFor(async () => (await reader.index.get(t, "lost")) !== null, { what: "the resync to bring the trimmed alert" });
    expect(reader.mirror!.status().resyncs).toBeGreaterThanOrEqual(1);
    await waitFor(() => reader.mirror!.status().state === "ready", { what: "ready after the resync" });
  });

  it("Redis frozen: reads keep being answered from the mirror (marked stale), writes fail fast with StoreUnavailableError", async () => {
    const own = await startRedisServer();
    onTestFinished(async () => {
      own.process.kill("SIGCONT");
      await own.stop();
    });
    const prefix = newPrefix();
    const s = await openBuilt(prefix, { url: own.url, commandTimeoutMs: 300 });
    const t = tenantOf("outage");
    await recordAlertChanges(s, t, [makeAlert("o1", 1), makeAlert("o2", 2)]);
    own.process.kill("SIGSTOP");
    try {
      const page = await s.index.query(byUpdated([t]));
      expect(page.items.map((i) => i.alert.id)).toEqual(["o2", "o1"]);
      await waitFor(() => s.mirror!.status().state === "stale", { what: "the mirror to be marked stale" });
      const started = Date.now();
      await expect(s.index.upsert(t, [makeAlert("o3", 3)])).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(2_000);
      // The refused write never reached the mirror.
      expect(await s.index.get(t, "o3")).toBeNull();
    } finally {
      own.process.kill("SIGCONT");
    }
    await waitFor(() => s.mirror!.status().state === "ready", { what: "ready once Redis answers", timeoutMs: 15_000 });
  });
});

import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { recordAlertChanges } from "../../src/store/alert-changes.js";
import { createMemoryStore } from "../../src/store/memory.store.js";
import { createRedisStore } from "../../src/store/redis.store.js";
import { StaleFenceError, type Store } from "../../src/store/store.types.js";
import type { DefenderAlert } from "../../src/upstream/defender.types.js";
import { waitFor } from "../helpers/wait.js";

const REDIS_URL = "redis://127.0.0.1:6379";
const BASE = Date.parse("2026-11-01T00:00:00Z");

function alert(id: string, minute: number, over: Partial<DefenderAlert> = {}): DefenderAlert {
  const t = new Date(BASE + minute * 60_000).toISOString();
  return {
    id, incidentId: minute % 5, investigationId: null, assignedTo: minute % 3 === 0 ? "Tier1@mssp.example" : null,
    severity: ["Low", "Medium", "High", "Informational"][minute % 4]!, status: ["New", "InProgress", "Resolved"][minute % 3]!,
    classification: null, determination: null, investigationState: null, detectionSource: minute % 2 ? "WindowsDefenderAv" : "WindowsDefenderAtp",
    detectorId: null, category: minute % 2 ? "Execution" : "Malware", threatFamilyName: null, threatName: null,
    title: `Alert ${id} ${minute % 2 ? "mimikatz" : "powershell"}`, description: minute % 7 === 0 ? "Suspicious LSASS access" : null,
    alertCreationTime: t, firstEventTime: t, lastEventTime: t, lastUpdateTime: t, resolvedTime: null,
    machineId: `m${minute % 4}`, computerDnsName: null, rbacGroupName: null, aadTenantId: null,
    mitreTechniques: [], relatedUser: null, comments: [], evidence: [], ...over,
  };
}
const bump = (a: DefenderAlert, minutes: number, over: Partial<DefenderAlert> = {}): DefenderAlert => ({
  ...a, ...over, lastUpdateTime: new Date(Date.parse(a.lastUpdateTime!) + minutes * 60_000).toISOString(),
});

type Factory = () => Promise<{ store: Store; twin?: () => Promise<Store> }>;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

function describeStoreContract(name: string, make: Factory) {
  describe(`store contract: ${name}`, () => {
    it("upsert reports CREATED, UPDATED on a newer lastUpdateTime, nothing for repeats or older versions", async () => {
      const { store } = await make();
      const a = alert("a1", 1);
      expect((await store.index.upsert("t1", [a])).map((c) => c.kind)).toEqual(["CREATED"]);
      expect(await store.index.upsert("t1", [a])).toEqual([]);
      const newer = bump(a, 5, { status: "Resolved" });
      expect((await store.index.upsert("t1", [newer])).map((c) => c.kind)).toEqual(["UPDATED"]);
      expect(await store.index.upsert("t1", [a])).toEqual([]); // older: ignored
      expect((await store.index.get("t1", "a1"))?.alert.status).toBe("Resolved");
      expect(await store.index.get("t2", "a1")).toBeNull();
      expect(await store.index.count("t1")).toBe(1);
    });

    it("filters, orders and pages across tenants with keyset cursors (nothing lost or repeated while alerts arrive)", async () => {
      const { store } = await make();
      const all: { t: string; a: DefenderAlert }[] = [];
      for (const t of ["ta", "tb", "tc"]) {
        const batch = Array.from({ length: 30 }, (_, i) => alert(`${t}-${i}`, i));
        await store.index.upsert(t, batch);
        all.push(...batch.map((a) => ({ t, a })));
      }
      const tenantIds = ["ta", "tb", "tc"];
      const total = async (filter: object) =>
        (await store.index.query({ filter: { tenantIds, ...filter }, orderBy: { field: "lastUpdateTime", direction: "DESC" }, first: 1 })).totalCount;
      expect(await total({})).toBe(90);
      expect(await total({ severities: ["High"] })).toBe(all.filter((x) => x.a.severity === "High").length);
      expect(await total({ statuses: ["New", "InProgress"] })).toBe(all.filter((x) => x.a.status !== "Resolved").length);
      expect(await total({ categories: ["execution"] })).toBe(all.filter((x) => x.a.category === "Execution").length);
      expect(await total({ detectionSources: ["WindowsDefenderAv"] })).toBe(all.filter((x) => x.a.detectionSource === "WindowsDefenderAv").length);
      expect(await total({ assignedTo: ["tier1@MSSP.example"] })).toBe(all.filter((x) => x.a.assignedTo).length);
      expect(await total({ search: "LSASS" })).toBe(all.filter((x) => x.a.description).length);
      expect(await total({ machineId: "m1" })).toBe(all.filter((x) => x.a.machineId === "m1").length);
      expect(await total({ incidentId: 2 })).toBe(all.filter((x) => x.a.incidentId === 2).length);
      const mid = new Date(BASE + 15 * 60_000).toISOString();
      expect(await total({ updatedSince: mid })).toBe(45);
      expect(await total({ createdSince: mid, createdUntil: mid })).toBe(3);
      expect((await store.index.query({ filter: { tenantIds: [] }, orderBy: { field: "lastUpdateTime", direction: "DESC" }, first: 5 })).totalCount).toBe(0);

      for (const direction of ["ASC", "DESC"] as const) {
        for (const field of ["lastUpdateTime", "alertCreationTime"] as const) {
          const seen: string[] = [];
          let after: string | undefined;
          let extra = 0;
          for (;;) {
            const page = await store.index.query({ filter: { tenantIds }, orderBy: { field, direction }, first: 8, after });
            expect(page.cursors).toHaveLength(page.items.length);
            seen.push(...page.items.map((i) => `${i.tenantId}/${i.alert.id}`));
            if (!page.hasNextPage) break;
            after = page.cursors.at(-1);
            // new alerts at the "new" end of the order while paging
            await store.index.upsert("tb", [alert(`late-${field}-${direction}-${extra++}`, 1_000 + extra)]);
          }
          expect(new Set(seen).size).toBe(seen.length);
          for (const x of all) expect(seen).toContain(`${x.t}/${x.a.id}`);
        }
      }
      await expect(store.index.query({ filter: { tenantIds }, orderBy: { field: "lastUpdateTime", direction: "ASC" }, first: 5, after: "garbage" })).rejects.toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    });

    it("counts open alerts by severity and fetches many by key", async () => {
      const { store } = await make();
      await store.index.upsert("t1", [alert("x1", 1), alert("x2", 2), alert("x3", 3), alert("x5", 5)]);
      const open = await store.index.countOpenBySeverity("t1");
      // status by minute%3 (1 InProgress, 2 Resolved, 0 New): x2 and x5 are resolved; x1 Medium, x3 Informational stay open
      expect(open).toEqual({ Medium: 1, Informational: 1 });
      const many = await store.index.getMany([{ tenantId: "t1", id: "x2" }, { tenantId: "t9", id: "x2" }]);
      expect(many[0]?.alert.id).toBe("x2");
      expect(many[1]).toBeNull();
    });

    it("rejects writes carrying a stale fencing token after the lease changed hands", async () => {
      const { store } = await make();
      const first = (await store.leases.acquire("sync:tf", "replica-a", 80))!;
      expect(first).not.toBeNull();
      expect(await store.leases.acquire("sync:tf", "replica-b", 80)).toBeNull();
      expect(await store.leases.renew(first, 80)).toBe(true);
      await store.index.upsert("tf", [alert("f1", 1)], { fence: { leaseName: first.name, token: first.token } });
      await waitFor(async () => (await store.leases.acquire("sync:tf", "replica-b", 5_000)) ?? null, { what: "lease expiry and takeover" }).then((second) => {
        expect(second.token).toBeGreaterThan(first.token);
      });
      expect(await store.leases.renew(first, 80)).toBe(false);
      await expect(store.index.upsert("tf", [alert("f2", 2)], { fence: { leaseName: first.name, token: first.token } })).rejects.toBeInstanceOf(StaleFenceError);
      expect(await store.index.get("tf", "f2")).toBeNull();
    });

    it("event log: ordered cursors, read after a cursor, retention → CURSOR_EXPIRED, bad cursor → BAD_USER_INPUT", async () => {
      const { store } = await make();
      const start = await store.events.latestCursor();
      const appended = [];
      for (let i = 0; i < 5; i++) appended.push(await store.events.append({ kind: "CREATED", tenantId: "t1", alertId: `e${i}`, alert: alert(`e${i}`, i) }));
      const cursors = appended.map((e) => e.cursor);
      expect([...cursors].sort((a, b) => { const [am, as] = a.split("-").map(Number); const [bm, bs] = b.split("-").map(Number); return am! - bm! || as! - bs!; })).toEqual(cursors);
      const tail = await store.events.read(cursors[1]!, 10);
      expect(tail.map((e) => e.alertId)).toEqual(["e2", "e3", "e4"]);
      expect((await store.events.read(start, 2)).map((e) => e.alertId)).toEqual(start ? ["e0", "e1"] : (await store.events.read(null, 2)).map((e) => e.alertId));
      expect(await store.events.latestCursor()).toBe(cursors[4]);
      await expect(store.events.read("nonsense", 1)).rejects.toMatchObject({ extensions: { code: "BAD_USER_INPUT" } });
    });

    it("documents: compare-and-set lets exactly one of two concurrent writers win; claims are exactly-once", async () => {
      const { store, twin } = await make();
      const v1 = await store.documents.put("grants", "g1", { status: "PENDING" }, 0);
      expect(v1).toBe(1);
      await expect(store.documents.put("grants", "g1", { status: "X" }, 0)).rejects.toMatchObject({ extensions: { code: "CONFLICT" } });
      const other = twin ? await twin() : store;
      const results = await Promise.allSettled([
        store.documents.put("grants", "g1", { status: "APPROVED" }, v1),
        other.documents.put("grants", "g1", { status: "DENIED" }, v1),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
      expect((await store.documents.get<{ status: string }>("grants", "g1"))?.version).toBe(2);
      expect((await store.documents.list("grants")).length).toBe(1);
      expect(await store.documents.delete("grants", "g1")).toBe(true);
      expect(await store.documents.get("grants", "g1")).toBeNull();
      const key = `claim-${randomUUID()}`;
      const claims = await Promise.all([store.documents.claim(key, 60_000), other.documents.claim(key, 60_000), store.documents.claim(key, 60_000)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
    });

    it("recordAlertChanges appends exactly one event per change, even for concurrent overlapping writers", async () => {
      const { store, twin } = await make();
      const other = twin ? await twin() : store;
      const before = await store.events.latestCursor();
      const batch = Array.from({ length: 10 }, (_, i) => alert(`r${i}`, i));
      await Promise.all([recordAlertChanges(store, "tr", batch), recordAlertChanges(other, "tr", batch), recordAlertChanges(store, "tr", batch.slice(3))]);
      const updated = bump(batch[4]!, 60, { status: "Resolved" });
      await Promise.all([recordAlertChanges(store, "tr", [updated]), recordAlertChanges(other, "tr", [updated])]);
      const events = (await store.events.read(before, 1_000)).filter((e) => e.tenantId === "tr");
      expect(events.filter((e) => e.kind === "CREATED").map((e) => e.alertId).sort()).toEqual(batch.map((a) => a.id).sort());
      expect(events.filter((e) => e.kind === "UPDATED").map((e) => e.alertId)).toEqual(["r4"]);
    });
  });
}

describeStoreContract("memory", async () => ({ store: createMemoryStore({}) }));

describeStoreContract("redis", async () => {
  const keyPrefix = `test:${randomUUID().slice(0, 8)}:`;
  const open = async () => {
    const s = await createRedisStore({ url: REDIS_URL, keyPrefix });
    cleanups.push(() => s.close());
    return s;
  };
  cleanups.push(async () => {
    const r = new Redis(REDIS_URL);
    const keys = await r.keys(`${keyPrefix}*`);
    if (keys.length) await r.del(...keys);
    await r.quit();
  });
  return { store: await open(), twin: open };
});

describe("memory documents persist to the data file", () => {
  it("survive re-creation from the same file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "gw-store-")), "state.json");
    const a = createMemoryStore({ dataFile: file });
    await a.documents.put("rules", "r1", { name: "High only" });
    const b = createMemoryStore({ dataFile: file });
    expect((await b.documents.get<{ name: string }>("rules", "r1"))?.value.name).toBe("High only");
  });
});

describe("redis event log across replicas", () => {
  it("a second replica's listener receives every event in order, and keeps receiving after its reader connection is killed", async () => {
    const keyPrefix = `test:${randomUUID().slice(0, 8)}:`;
    const a = await createRedisStore({ url: REDIS_URL, keyPrefix });
    const b = await createRedisStore({ url: REDIS_URL, keyPrefix });
    cleanups.push(() => a.close(), () => b.close());
    const got: string[] = [];
    b.events.listen((e) => got.push(e.alertId));
    for (let i = 0; i < 20; i++) await a.events.append({ kind: "CREATED", tenantId: "t", alertId: `x${i}`, alert: alert(`x${i}`, i) });
    await waitFor(() => got.length === 20, { what: "20 events on the other replica" });
    // kill every blocked (XREAD) client connection: the reader must reconnect and resume from its last id
    const admin = new Redis(REDIS_URL);
    const clients = (await admin.client("LIST")) as string;
    for (const line of clients.split("\n").filter((l) => l.includes("cmd=xread"))) {
      const id = /id=(\d+)/.exec(line)?.[1];
      if (id) await admin.client("KILL", "ID", id);
    }
    await admin.quit();
    for (let i = 20; i < 40; i++) await a.events.append({ kind: "CREATED", tenantId: "t", alertId: `x${i}`, alert: alert(`x${i}`, i) });
    await waitFor(() => got.length >= 40, { what: "events after the reader reconnects", timeoutMs: 15_000 });
    expect(got).toEqual(Array.from({ length: 40 }, (_, i) => `x${i}`));
    // and the mirror of replica b serves alerts written by replica a
    await recordAlertChanges(a, "tm", [alert("mirror-1", 1)]);
    await waitFor(async () => (await b.index.get("tm", "mirror-1")) !== null, { what: "mirror update on replica b" });
  });
});

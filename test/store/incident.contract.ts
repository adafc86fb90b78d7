import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordIncidentChanges, recordPendingIncidentChanges } from "../../src/store/incident-changes.js";
import type { IncidentIndexFilter, IncidentSortField, IndexedIncident } from "../../src/store/incident.types.js";
import { compareCursors } from "../../src/store/cursor.js";
import { CursorExpiredError, InvalidCursorError } from "../../src/store/store.errors.js";
import { StaleFenceError, type AlertIndexQuery, type SortDirection, type Store } from "../../src/store/store.types.js";
import type { SecurityIncident } from "../../src/upstream/upstream.types.js";
import { at, makeAlert } from "../helpers/alert.fixture.js";
import { bumpedIncident, makeIncident } from "../helpers/incident.fixture.js";
import { waitFor } from "../helpers/wait.js";
import type { MakeStore } from "./store.contract.js";

const uid = () => randomUUID().slice(0, 8);
const tenant = (name: string) => `${name}-${uid()}`;
const key = (i: IndexedIncident) => `${i.tenantId}/${i.incident.id}`;
const FIELDS = ["lastUpdateDateTime", "createdDateTime"] as const satisfies readonly IncidentSortField[];
const DIRECTIONS = ["ASC", "DESC"] as const satisfies readonly SortDirection[];

/** Every page of a query, `between` running after each page but the last. */
async function pageAll(
  store: Store,
  filter: IncidentIndexFilter,
  orderBy: { field: IncidentSortField; direction: SortDirection },
  first: number,
  between: (page: number) => Promise<void> = async () => {},
): Promise<IndexedIncident[]> {
  const seen: IndexedIncident[] = [];
  let after: string | undefined;
  for (let n = 0; ; n++) {
    const page = await store.incidents.query({ filter, orderBy, first, after });
    expect(page.cursors).toHaveLength(page.items.length);
    seen.push(...page.items);
    if (!page.hasNextPage) return seen;
    after = page.cursors.at(-1);
    await between(n);
  }
}

/**
 * An alert ordering by name: the alert sort fields were renamed with the SecurityAlert switch (`alertCreationTime` →
 * `createdDateTime`), and a cursor of any alert ordering must be refused by the incident index.
 */
const alertOrder = (field: string) => ({ field, direction: "ASC" }) as unknown as AlertIndexQuery["orderBy"];

/** The incident contract every Store implementation honours (index, event log, exactly-once); run once per implementation. */
export function describeIncidentContract(name: string, make: MakeStore) {
  describe(`incident store contract: ${name}`, () => {
    describe("incident index", () => {
      it("upsert: CREATED for unknown, UPDATED for a newer lastUpdateDateTime, nothing for equal or older (overlap de-dup)", async () => {
        const { store } = await make();
        const t = tenant("t");
        const a = makeIncident("i1", 1);
        const [created] = await store.incidents.upsert(t, [a], { syncedAt: at(100) });
        expect(created).toMatchObject({ kind: "CREATED", tenantId: t, incident: { id: "i1" } });
        await store.incidents.markEvented(t, "i1", a.lastUpdateDateTime);
        expect(await store.incidents.upsert(t, [a, a])).toEqual([]);
        const newer = bumpedIncident(a, 5, { status: "RESOLVED", classification: "TRUE_POSITIVE" });
        expect((await store.incidents.upsert(t, [newer])).map((c) => [c.kind, c.incident.status])).toEqual([["UPDATED", "RESOLVED"]]);
        await store.incidents.markEvented(t, "i1", newer.lastUpdateDateTime);
        expect(await store.incidents.upsert(t, [a])).toEqual([]);
        expect(await store.incidents.get(t, "i1")).toMatchObject({
          tenantId: t,
          incident: { status: "RESOLVED", lastUpdateDateTime: newer.lastUpdateDateTime },
        });
        expect(await store.incidents.get(tenant("other"), "i1")).toBeNull();
        expect(await store.incidents.count(t)).toBe(1);
        // an overlapping sync window: old, equal and new versions mixed in one batch; equal versions refresh syncedAt
        const b = makeIncident("i2", 2);
        const changes = await store.incidents.upsert(t, [a, newer, b], { syncedAt: at(200) });
        expect(changes.map((c) => [c.kind, c.incident.id])).toEqual([["CREATED", "i2"]]);
        expect((await store.incidents.get(t, "i1"))?.syncedAt).toBe(at(200));
        // the alert index is another index: same tenant, same id, nothing shared
        expect(await store.index.get(t, "i1")).toBeNull();
        expect(await store.index.count(t)).toBe(0);
      });

      it("sub-millisecond lastUpdateDateTime differences count as newer; the full snapshot round-trips", async () => {
        const { store } = await make();
        const t = tenant("t");
        const a = makeIncident("i1", 1, {
          lastUpdateDateTime: "2026-11-01T00:00:00.1234561Z",
          comments: [{ comment: "looking", createdByDisplayName: "Tier 1", createdDateTime: at(1) }],
        });
        await recordIncidentChanges(store, t, [a]);
        expect((await store.incidents.get(t, "i1"))?.incident).toEqual(a);
        const changes = await store.incidents.upsert(t, [{ ...a, lastUpdateDateTime: "2026-11-01T00:00:00.1234571Z", status: "RESOLVED" }]);
        expect(changes.map((c) => c.kind)).toEqual(["UPDATED"]);
      });

      it("filters on every field; totalCount counts all pages", async () => {
        const { store } = await make();
        const tenants = [tenant("ta"), tenant("tb"), tenant("tc")];
        const all: { t: string; i: SecurityIncident }[] = [];
        for (const t of tenants) {
          const batch = Array.from({ length: 40 }, (_, n) => makeIncident(`${t}-${n}`, n));
          await store.incidents.upsert(t, batch);
          all.push(...batch.map((i) => ({ t, i })));
        }
        const query = (filter: object, first = 200) =>
          store.incidents.query({
            filter: { tenantIds: tenants, ...filter },
            orderBy: { field: "lastUpdateDateTime", direction: "DESC" },
            first,
          });
        const expectMatches = async (filter: object, pred: (i: SecurityIncident, t: string) => boolean) => {
          const want = all
            .filter((x) => pred(x.i, x.t))
            .map((x) => `${x.t}/${x.i.id}`)
            .sort();
          const page = await query(filter);
          expect(page.items.map(key).sort(), JSON.stringify(filter)).toEqual(want);
          expect(page.totalCount).toBe(want.length);
          expect((await query(filter, 1)).totalCount).toBe(want.length);
          return want.length;
        };
        // `some` filters must select a proper, non-empty subset, or they prove nothing
        const some = async (filter: object, pred: (i: SecurityIncident, t: string) => boolean) => {
          const n = await expectMatches(filter, pred);
          expect(n, JSON.stringify(filter)).toBeGreaterThan(0);
          expect(n, JSON.stringify(filter)).toBeLessThan(all.length);
        };
        const tags = (i: SecurityIncident) => [...i.customTags, ...i.systemTags];
        const nobody = (i: SecurityIncident) => !i.assignedTo?.trim();
        const redirected = (i: SecurityIncident) => i.status === "REDIRECTED";
        await expectMatches({}, () => true);
        await some({ tenantIds: [tenants[1], "nobody"] }, (_, t) => t === tenants[1]);
        await some({ severities: ["HIGH"] }, (i) => i.severity === "HIGH");
        await some({ severities: ["high", "Low"] }, (i) => i.severity === "HIGH" || i.severity === "LOW");
        await expectMatches({ severities: [] }, () => false);
        await some({ statuses: ["ACTIVE", "IN_PROGRESS"] }, (i) => i.status === "ACTIVE" || i.status === "IN_PROGRESS");
        await some({ statuses: ["awaitingAction"] }, (i) => i.status === "AWAITING_ACTION");
        await some({ classifications: ["TRUE_POSITIVE"] }, (i) => i.classification === "TRUE_POSITIVE");
        await some({ classifications: [null] }, (i) => i.classification === null);
        await some({ determinations: ["MALWARE", null] }, (i) => i.determination === "MALWARE" || i.determination === null);
        await some({ assignedTo: ["tier1@MSSP.example"] }, (i) => i.assignedTo === "Tier1@mssp.example");
        await some({ assignedTo: ["automation"] }, (i) => i.assignedTo === "Automation");
        await some({ unassigned: true }, nobody);
        await some({ unassigned: false }, (i) => !nobody(i));
        await some({ assignedTo: ["Automation"], unassigned: true }, (i) => i.assignedTo === "Automation" || nobody(i));
        await some({ tags: ["RANSOMWARE"] }, (i) => i.customTags.includes("ransomware"));
        await some({ tags: ["defender experts"] }, (i) => i.systemTags.includes("Defender Experts"));
        await some({ tags: ["ransomware", "Defender Experts"] }, (i) => tags(i).length > 0);
        await some(
          { serviceSources: ["MICROSOFT_DEFENDER_FOR_ENDPOINT"] },
          (i) => !!i.serviceSources?.includes("MICROSOFT_DEFENDER_FOR_ENDPOINT"),
        );
        await some({ serviceSources: ["MICROSOFT_DEFENDER_FOR_OFFICE365", "MICROSOFT_DEFENDER_FOR_IDENTITY"] }, (i) =>
          (i.serviceSources ?? []).some((s) => s === "MICROSOFT_DEFENDER_FOR_OFFICE365" || s === "MICROSOFT_DEFENDER_FOR_IDENTITY"),
        );
        await some({ search: "smb" }, (i) => i.description !== null);
        await some({ search: "RANSOMWARE campaign" }, (i) => i.displayName!.includes("Ransomware"));
        await some({ redirected: true }, redirected);
        await some({ redirected: false }, (i) => !redirected(i));
        await some({ updatedSince: at(15) }, (i) => Date.parse(i.lastUpdateDateTime!) >= Date.parse(at(15)));
        await some({ updatedSince: at(10), updatedUntil: at(12) }, (i) => [10, 11, 12].map(at).includes(i.lastUpdateDateTime!));
        await some({ createdUntil: at(3) }, (i) => Date.parse(i.createdDateTime!) <= Date.parse(at(3)));
        await some({ createdSince: at(30), createdUntil: at(35) }, (i) => [30, 31, 32, 33, 34, 35].map(at).includes(i.createdDateTime!));
        await some(
          { severities: ["MEDIUM", "HIGH"], statuses: ["ACTIVE", "IN_PROGRESS", "AWAITING_ACTION"], redirected: false, search: "phishing" },
          (i) =>
            (i.severity === "MEDIUM" || i.severity === "HIGH") &&
            ["ACTIVE", "IN_PROGRESS", "AWAITING_ACTION"].includes(i.status!) &&
            i.displayName!.includes("Phishing"),
        );
        expect(
          (
            await store.incidents.query({
              filter: { tenantIds: [] },
              orderBy: { field: "lastUpdateDateTime", direction: "DESC" },
              first: 5,
            })
          ).totalCount,
        ).toBe(0);
        await expect(query({ updatedUntil: "yesterday" })).rejects.toMatchObject({ name: "InvalidQueryError", field: "updatedUntil" });
      });

      it("orders both ways on both sort fields, ties broken by (tenantId, id)", async () => {
        const { store } = await make();
        const tenants = [tenant("ta"), tenant("tb"), tenant("tc")].sort();
        const all: { t: string; i: SecurityIncident }[] = [];
        for (const [ti, t] of tenants.entries()) {
          // creation order differs from update order, and several incidents share each timestamp
          const batch = Array.from({ length: 12 }, (_, n) =>
            makeIncident(`x${(n * 7) % 12}`, Math.floor(n / 3), { createdDateTime: at(50 - n - ti) }),
          );
          await store.incidents.upsert(t, batch);
          all.push(...batch.map((i) => ({ t, i })));
        }
        for (const field of FIELDS) {
          for (const direction of DIRECTIONS) {
            const sign = direction === "ASC" ? 1 : -1;
            const want = [...all]
              .sort(
                (x, y) =>
                  sign *
                  (Date.parse(x.i[field]!) - Date.parse(y.i[field]!) ||
                    (x.t < y.t ? -1 : x.t > y.t ? 1 : 0) ||
                    (x.i.id < y.i.id ? -1 : x.i.id > y.i.id ? 1 : 0)),
              )
              .map((x) => `${x.t}/${x.i.id}`);
            const page = await store.incidents.query({ filter: { tenantIds: tenants }, orderBy: { field, direction }, first: 100 });
            expect(page.items.map(key), `${field} ${direction}`).toEqual(want);
            expect(page.hasNextPage).toBe(false);
          }
        }
      });

      it("keyset pagination by creation: nothing lost or repeated while every incident changes and new ones arrive between pages", async () => {
        const { store } = await make();
        const tenants = [tenant("ta"), tenant("tb"), tenant("tc")];
        const initial = new Map<string, SecurityIncident>();
        for (const t of tenants) {
          const batch = Array.from({ length: 20 }, (_, n) => makeIncident(`${t}-${n}`, n % 8));
          await store.incidents.upsert(t, batch);
          for (const i of batch) initial.set(`${t}/${i.id}`, i);
        }
        let inserted = 0;
        for (const direction of DIRECTIONS) {
          const lateAhead: string[] = [];
          const seen = await pageAll(store, { tenantIds: tenants }, { field: "createdDateTime", direction }, 7, async (n) => {
            // every incident is updated (its creation time stays), one arrives ahead of the cursor and one behind it
            for (const [k, i] of initial) {
              const t = k.slice(0, k.indexOf("/"));
              const next = bumpedIncident(i, 1, { status: "IN_PROGRESS" });
              initial.set(k, next);
              await store.incidents.upsert(t, [next]);
            }
            const sign = direction === "ASC" ? 1 : -1;
            const t = tenants[n % tenants.length];
            const ahead = makeIncident(`late-${direction}-${n}`, sign * (100_000 + inserted));
            const behind = makeIncident(`early-${direction}-${n}`, -sign * (100_000 + inserted + 1));
            await store.incidents.upsert(t, [ahead, behind]);
            inserted += 2;
            lateAhead.push(`${t}/${ahead.id}`);
          });
          const keys = seen.map(key);
          expect(new Set(keys).size, "no repeats").toBe(keys.length);
          expect(keys.filter((k) => initial.has(k)).sort()).toEqual([...initial.keys()].sort());
          for (const k of lateAhead) expect(keys).toContain(k);
          expect(keys.filter((k) => k.includes(`/early-${direction}-`))).toEqual([]);
        }
      });

      it("keyset pagination by last update: unchanged incidents once each, an updated one at its new position at most once", async () => {
        const { store } = await make();
        const tenants = [tenant("ta"), tenant("tb"), tenant("tc")];
        for (const direction of DIRECTIONS) {
          const current = new Map<string, SecurityIncident>();
          const tagged = tenants.map((t) => `${t}-${direction}`);
          for (const t of tagged) {
            const batch = Array.from({ length: 20 }, (_, n) => makeIncident(`${t}-${n}`, n % 8));
            await store.incidents.upsert(t, batch);
            for (const i of batch) current.set(`${t}/${i.id}`, i);
          }
          const updated = new Set<string>();
          let minute = 1_000;
          const seen = await pageAll(store, { tenantIds: tagged }, { field: "lastUpdateDateTime", direction }, 6, async (n) => {
            // two incidents change between pages: one already returned, one not yet (by id order: deterministic)
            const keys = [...current.keys()].filter((k) => !updated.has(k)).sort();
            for (const k of [keys[n % keys.length], keys[(n * 7 + 3) % keys.length]]) {
              const t = k.slice(0, k.indexOf("/"));
              const next = { ...current.get(k)!, lastUpdateDateTime: at(minute++), status: "RESOLVED" as const };
              current.set(k, next);
              updated.add(k);
              await store.incidents.upsert(t, [next]);
            }
          });
          const versions = seen.map((i) => `${key(i)}@${i.incident.lastUpdateDateTime}`);
          expect(new Set(versions).size, `${direction}: no version twice`).toBe(versions.length);
          const keys = seen.map(key);
          for (const k of current.keys()) {
            const times = keys.filter((x) => x === k).length;
            if (!updated.has(k)) expect(times, `${direction}: unchanged ${k} exactly once`).toBe(1);
            // an update moves it ahead of the cursor (ASC: seen again, with its new version) or behind it (DESC: never twice)
            else if (direction === "DESC") expect(times).toBeLessThanOrEqual(1);
            else expect(seen.some((i) => key(i) === k && i.incident.lastUpdateDateTime === current.get(k)!.lastUpdateDateTime)).toBe(true);
          }
          // positions only ever move forward in the order
          const stamps = seen.map((i) => Date.parse(i.incident.lastUpdateDateTime!));
          expect(stamps).toEqual([...stamps].sort((a, b) => (direction === "ASC" ? a - b : b - a)));
        }
      });

      it("refuses cursors it did not make: garbage, another ordering, the alert index's", async () => {
        const { store } = await make();
        const t = tenant("t");
        await store.incidents.upsert(
          t,
          Array.from({ length: 5 }, (_, n) => makeIncident(`i${n}`, n)),
        );
        await store.index.upsert(t, [makeAlert("a1", 1), makeAlert("a2", 2)]);
        const q = (after: string, field: IncidentSortField = "lastUpdateDateTime", direction: SortDirection = "ASC") =>
          store.incidents.query({ filter: { tenantIds: [t] }, orderBy: { field, direction }, first: 2, after });
        const page = await store.incidents.query({
          filter: { tenantIds: [t] },
          orderBy: { field: "lastUpdateDateTime", direction: "ASC" },
          first: 2,
        });
        expect((await q(page.cursors[1])).items.map((i) => i.incident.id)).toEqual(["i2", "i3"]);
        await expect(q("garbage")).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(q(page.cursors[1], "createdDateTime")).rejects.toMatchObject({ reason: "OTHER_ORDERING" });
        await expect(q(page.cursors[1], "lastUpdateDateTime", "DESC")).rejects.toMatchObject({ reason: "OTHER_ORDERING" });
        const alerts = await store.index.query({ filter: { tenantIds: [t] }, orderBy: alertOrder("createdDateTime"), first: 1 });
        expect(alerts.cursors).toHaveLength(1);
        await expect(q(alerts.cursors[0])).rejects.toMatchObject({ reason: "OTHER_ORDERING" });
        await expect(q(alerts.cursors[0], "createdDateTime")).rejects.toMatchObject({ reason: "OTHER_ORDERING" });
      });

      it("pages through a selective filter over many incidents", async () => {
        const { store } = await make();
        const tenants = [tenant("ta"), tenant("tb")];
        for (const t of tenants)
          await store.incidents.upsert(
            t,
            Array.from({ length: 600 }, (_, n) => makeIncident(`${t}-${n}`, n)),
          );
        const seen = await pageAll(
          store,
          { tenantIds: tenants, severities: ["HIGH"], statuses: ["AWAITING_ACTION"] },
          { field: "lastUpdateDateTime", direction: "DESC" },
          10,
        );
        expect(seen.every((i) => i.incident.severity === "HIGH" && i.incident.status === "AWAITING_ACTION")).toBe(true);
        // n%4==2 and n%5==3 ⇔ n%20==18: 30 per tenant
        expect(new Set(seen.map(key)).size).toBe(60);
        expect(seen).toHaveLength(60);
      });

      it("counts open incidents by severity (neither resolved nor redirected, following updates) and fetches many by key", async () => {
        const { store } = await make();
        const t = tenant("t");
        // statuses by n%5: 0 ACTIVE, 1 IN_PROGRESS, 2 RESOLVED, 3 AWAITING_ACTION, 4 REDIRECTED; severities by n%4
        await store.incidents.upsert(
          t,
          [0, 1, 2, 3, 4, 6].map((n) => makeIncident(`x${n}`, n)),
        );
        // open: x0 LOW, x1 MEDIUM, x3 INFORMATIONAL, x6 HIGH (IN_PROGRESS)
        expect(await store.incidents.countOpenBySeverity(t)).toEqual({ LOW: 1, MEDIUM: 1, INFORMATIONAL: 1, HIGH: 1 });
        await store.incidents.upsert(t, [
          bumpedIncident(makeIncident("x0", 0), 1, { status: "RESOLVED" }),
          bumpedIncident(makeIncident("x1", 1), 1, { redirectIncidentId: "x3" }),
          bumpedIncident(makeIncident("x2", 2), 1, { status: "ACTIVE", severity: "HIGH" }),
          bumpedIncident(makeIncident("x3", 3), 1, { severity: null }),
        ]);
        expect(await store.incidents.countOpenBySeverity(t)).toEqual({ HIGH: 2, UNKNOWN: 1 });
        expect(await store.incidents.countOpenBySeverity(tenant("empty"))).toEqual({});
        expect(await store.incidents.count(t)).toBe(6);
        const many = await store.incidents.getMany([
          { tenantId: t, id: "x2" },
          { tenantId: tenant("t9"), id: "x2" },
          { tenantId: t, id: "nope" },
          { tenantId: t, id: "x4" },
        ]);
        expect(many.map((m) => m?.incident.id ?? null)).toEqual(["x2", null, null, "x4"]);
        expect(many[0]).toMatchObject({ tenantId: t, incident: { severity: "HIGH", status: "ACTIVE" } });
        expect(await store.incidents.getMany([])).toEqual([]);
      });

      it("rejects writes carrying a stale fencing token after the lease changed hands", async () => {
        const { store, twin } = await make();
        const other = await twin();
        const t = tenant("tf");
        const first = (await store.leases.acquire(`sync:${t}`, "replica-a", 80))!;
        const fenceA = { leaseName: first.name, token: first.token };
        await store.incidents.upsert(t, [makeIncident("f1", 1)], { fence: fenceA });
        const second = await waitFor(() => other.leases.acquire(`sync:${t}`, "replica-b", 5_000), { what: "lease expiry and takeover" });
        await expect(store.incidents.upsert(t, [makeIncident("f2", 2)], { fence: fenceA })).rejects.toBeInstanceOf(StaleFenceError);
        await expect(recordIncidentChanges(store, t, [makeIncident("f3", 3)], { fence: fenceA })).rejects.toBeInstanceOf(StaleFenceError);
        await expect(recordPendingIncidentChanges(store, t, { fence: fenceA })).rejects.toBeInstanceOf(StaleFenceError);
        expect(await store.incidents.get(t, "f2")).toBeNull();
        expect(await store.incidents.get(t, "f3")).toBeNull();
        const fenceB = { leaseName: second.name, token: second.token };
        expect(await recordIncidentChanges(other, t, [makeIncident("f2", 2)], { fence: fenceB })).toHaveLength(1);
        // a lease outside the tenant's slot is checked too
        const foreign = (await store.leases.acquire(`elsewhere-${uid()}`, "a", 60_000))!;
        await store.leases.release(foreign);
        const again = (await other.leases.acquire(foreign.name, "b", 60_000))!;
        await expect(
          store.incidents.upsert(t, [makeIncident("f4", 4)], { fence: { leaseName: foreign.name, token: foreign.token } }),
        ).rejects.toBeInstanceOf(StaleFenceError);
        await other.leases.release(again);
        await other.leases.release(second);
      });
    });

    describe("incident events: exactly once", () => {
      it("recordIncidentChanges appends one event per change, in lastUpdateDateTime order, even for concurrent overlapping writers", async () => {
        const { store, twin } = await make();
        const other = await twin();
        const t = tenant("tr");
        const before = await store.incidentEvents.latestCursor();
        const alertsBefore = await store.events.latestCursor();
        const batch = Array.from({ length: 10 }, (_, n) => makeIncident(`r${n}`, 10 - n));
        const results = await Promise.all([
          recordIncidentChanges(store, t, batch),
          recordIncidentChanges(other, t, batch),
          recordIncidentChanges(store, t, batch.slice(3)),
          recordIncidentChanges(other, t, [...batch].reverse()),
        ]);
        expect(results.flat()).toHaveLength(10);
        for (const r of results) {
          const times = r.map((e) => Date.parse(e.incident.lastUpdateDateTime!));
          expect(times).toEqual([...times].sort((a, b) => a - b));
        }
        const updated = bumpedIncident(batch[4], 60, { status: "RESOLVED" });
        await Promise.all([
          recordIncidentChanges(store, t, [updated]),
          recordIncidentChanges(other, t, [updated]),
          recordIncidentChanges(store, t, [batch[4]]),
        ]);
        await recordIncidentChanges(other, t, batch); // a later overlap: nothing new
        const events = (await store.incidentEvents.read(before, 1_000)).filter((e) => e.tenantId === t);
        expect(
          events
            .filter((e) => e.kind === "CREATED")
            .map((e) => e.incidentId)
            .sort(),
        ).toEqual(batch.map((i) => i.id).sort());
        expect(events.filter((e) => e.kind === "UPDATED").map((e) => [e.incidentId, e.incident.status])).toEqual([["r4", "RESOLVED"]]);
        expect(events[0]).toMatchObject({ tenantId: t, incident: { id: events[0].incidentId } });
        // incidents have a log of their own: the alert log did not move
        expect(await store.events.latestCursor()).toBe(alertsBefore);
      });

      it("a change whose event was never appended (crash after upsert) is re-emitted by the next overlap, once", async () => {
        const { store, twin } = await make({ claimTtlMs: 1_000 });
        const other = await twin();
        const t = tenant("tc");
        const a = makeIncident("c1", 1);
        expect((await store.incidents.upsert(t, [a])).map((c) => c.kind)).toEqual(["CREATED"]);
        const before = await store.incidentEvents.latestCursor();
        expect(await recordIncidentChanges(other, t, [a])).toEqual([]); // claim live
        const emitted = await waitFor(
          async () => {
            const r = await recordIncidentChanges(other, t, [a]);
            return r.length > 0 ? r : null;
          },
          { what: "re-emission after the claim lapsed", intervalMs: 30 },
        );
        expect(emitted.map((e) => [e.kind, e.incidentId])).toEqual([["CREATED", "c1"]]);
        expect(await recordIncidentChanges(store, t, [a])).toEqual([]);
        expect((await store.incidentEvents.read(before, 100)).filter((e) => e.tenantId === t).map((e) => e.incidentId)).toEqual(["c1"]);
        // an unfenced writer's claim (a mutation) is swept once it lapses
        const b = bumpedIncident(a, 1, { status: "RESOLVED" });
        expect((await other.incidents.upsert(t, [b])).map((c) => c.kind)).toEqual(["UPDATED"]);
        expect(await recordPendingIncidentChanges(store, t)).toEqual([]);
        const swept = await waitFor(
          async () => {
            const r = await recordPendingIncidentChanges(store, t);
            return r.length > 0 ? r : null;
          },
          { what: "sweep after the claim lapsed", intervalMs: 30 },
        );
        expect(swept.map((e) => [e.kind, e.incident.status])).toEqual([["UPDATED", "RESOLVED"]]);
      });

      it("a new lease holder's sweep emits what a killed holder claimed but never appended, at once and once", async () => {
        const { store, twin } = await make();
        const other = await twin();
        const t = tenant("tk");
        const first = (await store.leases.acquire(`sync:${t}`, "replica-a", 80))!;
        const batch = Array.from({ length: 30 }, (_, n) => makeIncident(`k${n}`, n));
        const before = await store.incidentEvents.latestCursor();
        // replica a upserts 30 incidents, appends 10 (acknowledging 5 of them) and is killed
        const changes = await store.incidents.upsert(t, batch, { fence: { leaseName: first.name, token: first.token } });
        expect(changes).toHaveLength(30);
        for (const c of changes.slice(0, 10)) {
          await store.incidentEvents.appendChange({ kind: c.kind, tenantId: t, incidentId: c.incident.id, incident: c.incident });
          if (Number(c.incident.id.slice(1)) % 2 === 0) await store.incidents.markEvented(t, c.incident.id, c.incident.lastUpdateDateTime);
        }
        const second = await waitFor(() => other.leases.acquire(`sync:${t}`, "replica-b", 60_000), { what: "lease takeover" });
        const fence = { leaseName: second.name, token: second.token };
        await recordIncidentChanges(other, t, batch.slice(0, 3), { fence });
        expect((await recordPendingIncidentChanges(other, t, { fence, batchSize: 7 })).length).toBeGreaterThan(0);
        expect(await recordPendingIncidentChanges(other, t, { fence })).toEqual([]);
        expect(await other.incidents.claimPending(t, { limit: 100, fence })).toEqual([]);
        const events = (await store.incidentEvents.read(before, 1_000)).filter((e) => e.tenantId === t);
        expect(events).toHaveLength(30);
        expect(events.every((e) => e.kind === "CREATED")).toBe(true);
        expect(events.map((e) => e.incidentId).sort()).toEqual(batch.map((i) => i.id).sort());
        await other.leases.release(second);
      });

      it("appendChange appends a version once, never an older one, and one CREATED per incident", async () => {
        const { store, twin } = await make();
        const other = await twin();
        const t = tenant("ta");
        const a = makeIncident("a1", 1);
        const before = await store.incidentEvents.latestCursor();
        expect(await store.incidentEvents.appendChange({ kind: "CREATED", tenantId: t, incidentId: "a1", incident: a })).toMatchObject({
          kind: "CREATED",
          incidentId: "a1",
        });
        expect(await other.incidentEvents.appendChange({ kind: "CREATED", tenantId: t, incidentId: "a1", incident: a })).toBeNull();
        const b = bumpedIncident(a, 5, { status: "RESOLVED" });
        expect(await other.incidentEvents.appendChange({ kind: "CREATED", tenantId: t, incidentId: "a1", incident: b })).toMatchObject({
          kind: "UPDATED",
          incident: { status: "RESOLVED" },
        });
        expect(await store.incidentEvents.appendChange({ kind: "UPDATED", tenantId: t, incidentId: "a1", incident: a })).toBeNull();
        // the same id in another tenant is another incident
        expect(
          await store.incidentEvents.appendChange({ kind: "CREATED", tenantId: tenant("tz"), incidentId: "a1", incident: a }),
        ).not.toBeNull();
        const events = (await store.incidentEvents.read(before, 100)).filter((e) => e.tenantId === t);
        expect(events.map((e) => [e.kind, e.incident.status])).toEqual([
          ["CREATED", a.status],
          ["UPDATED", "RESOLVED"],
        ]);
      });
    });

    describe("incident event log", () => {
      it("orders cursors strictly, reads after a cursor, reports the latest cursor, rejects malformed cursors", async () => {
        const { store } = await make();
        const t = tenant("t");
        const start = await store.incidentEvents.latestCursor();
        const appended = [];
        for (let n = 0; n < 12; n++)
          appended.push(
            await store.incidentEvents.append({ kind: "CREATED", tenantId: t, incidentId: `e${n}`, incident: makeIncident(`e${n}`, n) }),
          );
        const cursors = appended.map((e) => e.cursor);
        for (let n = 1; n < cursors.length; n++) expect(compareCursors(cursors[n - 1], cursors[n])).toBeLessThan(0);
        expect(Number.isNaN(Date.parse(appended[0].at))).toBe(false);
        expect((await store.incidentEvents.read(cursors[1], 3)).map((e) => e.incidentId)).toEqual(["e2", "e3", "e4"]);
        expect(await store.incidentEvents.read(cursors[11], 10)).toEqual([]);
        const fromStart = await store.incidentEvents.read(start, 100);
        expect(fromStart.map((e) => e.cursor)).toEqual(cursors);
        expect(fromStart[5]).toEqual(appended[5]);
        expect(await store.incidentEvents.latestCursor()).toBe(cursors[11]);
        for (const bad of ["nonsense", "1-", "12-3-4", ""]) {
          await expect(store.incidentEvents.read(bad, 1), bad).rejects.toBeInstanceOf(InvalidCursorError);
        }
      });

      it("trims to its retention: cursors before the retained window are CURSOR_EXPIRED", async () => {
        const { store } = await make({ eventLog: { maxLen: 10 } });
        const t = tenant("t");
        const appended = [];
        for (let n = 0; n < 40; n++)
          appended.push(
            await store.incidentEvents.append({ kind: "CREATED", tenantId: t, incidentId: `e${n}`, incident: makeIncident(`e${n}`, n) }),
          );
        const retained = await store.incidentEvents.read(null, 1_000);
        expect(retained.length).toBeGreaterThanOrEqual(10);
        expect(retained.length).toBeLessThan(40);
        expect(retained.at(-1)?.cursor).toBe(appended[39].cursor);
        await expect(store.incidentEvents.read(appended[0].cursor, 10)).rejects.toBeInstanceOf(CursorExpiredError);
        const firstIdx = appended.findIndex((e) => e.cursor === retained[0].cursor);
        expect((await store.incidentEvents.read(appended[firstIdx - 1].cursor, 1)).map((e) => e.incidentId)).toEqual([`e${firstIdx}`]);
      });

      it("listen delivers every incident event appended afterwards by any replica, in order, and no alert event", async () => {
        const { store, twin } = await make();
        const other = await twin();
        const t = tenant("tl");
        const got: string[] = [];
        const stop = store.incidentEvents.listen((e) => e.tenantId === t && got.push(e.incidentId));
        for (let n = 0; n < 8; n++) {
          await (n % 2 ? store : other).incidentEvents.append({
            kind: "UPDATED",
            tenantId: t,
            incidentId: `x${n}`,
            incident: makeIncident(`x${n}`, n),
          });
          await (n % 2 ? other : store).events.append({ kind: "UPDATED", tenantId: t, alertId: `a${n}`, alert: makeAlert(`a${n}`, n) });
        }
        await waitFor(() => got.length >= 8, { what: "8 incident events" });
        expect(got).toEqual(Array.from({ length: 8 }, (_, n) => `x${n}`));
        stop();
      });
    });
  });
}

import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordAlertChanges, recordPendingAlertChanges } from "../../src/store/alert-changes.js";
import { compareCursors } from "../../src/store/cursor.js";
import {
  StaleFenceError,
  type AlertEventRecord,
  type AlertSortField,
  type IndexedAlert,
  type SortDirection,
  type Store,
} from "../../src/store/store.types.js";
import type { SecurityAlert } from "../../src/upstream/upstream.types.js";
import { waitFor } from "../helpers/wait.js";
import { at, bumped, makeAlert } from "../helpers/alert.fixture.js";
import { indicatorToken } from "../../src/upstream/evidence.indicators.js";
import { CursorExpiredError, InvalidCursorError, VersionConflictError } from "../../src/store/store.errors.js";

export interface ContractStoreOptions {
  eventLog?: { maxLen?: number; maxAgeMs?: number };
  claimTtlMs?: number;
}

/**
 * A store under test plus `twin()`: another handle on the same data, as a second replica would have
 * (memory: the same instance; Redis: a new instance on the same key prefix).
 */
export type MakeStore = (opts?: ContractStoreOptions) => Promise<{ store: Store; twin: () => Promise<Store> }>;

const uid = () => randomUUID().slice(0, 8);
const tenant = (name: string) => `${name}-${uid()}`;
const key = (i: IndexedAlert) => `${i.tenantId}/${i.alert.id}`;
const sortKey = (a: SecurityAlert, field: AlertSortField) => Date.parse(a[field]!);

async function appendN(store: Store, n: number, tenantId = "t", prefix = "e"): Promise<AlertEventRecord[]> {
  const out: AlertEventRecord[] = [];
  for (let i = 0; i < n; i++)
    out.push(await store.events.append({ kind: "CREATED", tenantId, alertId: `${prefix}${i}`, alert: makeAlert(`${prefix}${i}`, i) }));
  return out;
}

/** The contract every Store implementation honours; run once per implementation. */
export function describeStoreContract(name: string, make: MakeStore) {
  describe(`store contract: ${name}`, () => {
    describe("alert index", () => {
      it("upsert: CREATED for unknown, UPDATED for a newer lastUpdateDateTime, nothing for equal or older (overlap de-dup)", async () => {
        const { store } = await make();
        const t = tenant("t");
        const a = makeAlert("a1", 1);
        const [created] = await store.index.upsert(t, [a], { syncedAt: at(100) });
        expect(created).toMatchObject({ kind: "CREATED", tenantId: t, alert: { id: "a1" } });
        await store.index.markEvented(t, "a1", a.lastUpdateDateTime);
        expect(await store.index.upsert(t, [a, a])).toEqual([]);
        const newer = bumped(a, 5, { status: "RESOLVED" });
        expect((await store.index.upsert(t, [newer])).map((c) => [c.kind, c.alert.status])).toEqual([["UPDATED", "RESOLVED"]]);
        await store.index.markEvented(t, "a1", newer.lastUpdateDateTime);
        expect(await store.index.upsert(t, [a])).toEqual([]);
        const stored = await store.index.get(t, "a1");
        expect(stored).toMatchObject({ tenantId: t, alert: { status: "RESOLVED", lastUpdateDateTime: newer.lastUpdateDateTime } });
        expect(await store.index.get(tenant("other"), "a1")).toBeNull();
        expect(await store.index.count(t)).toBe(1);
        // an overlapping sync window: old, equal and new versions mixed in one batch
        const b = makeAlert("b1", 2);
        const changes = await store.index.upsert(t, [a, newer, b], { syncedAt: at(200) });
        expect(changes.map((c) => [c.kind, c.alert.id])).toEqual([["CREATED", "b1"]]);
        expect((await store.index.get(t, "a1"))?.syncedAt).toBe(at(200));
      });

      it("the same version from the other API replaces the stored copy without a change (a tenant switched to Graph)", async () => {
        const { store } = await make();
        const t = tenant("t");
        const legacy = makeAlert("sw1", 1);
        expect(await recordAlertChanges(store, t, [legacy])).toHaveLength(1);
        const graph = { ...legacy, source: "graph" as const, productName: "Microsoft Defender for Endpoint", severity: "LOW" as const };
        expect(await store.index.upsert(t, [graph])).toEqual([]);
        expect((await store.index.get(t, "sw1"))?.alert).toMatchObject({ source: "graph", productName: "Microsoft Defender for Endpoint" });
        const low = await store.index.query({
          filter: { tenantIds: [t], severities: ["LOW"] },
          orderBy: { field: "lastUpdateDateTime", direction: "DESC" },
          first: 5,
        });
        expect(low.items.map((i) => i.alert.id)).toEqual(["sw1"]);
        // a later change is an UPDATED as usual, and nothing is pending
        expect(await store.index.upsert(t, [bumped(graph, 1)])).toMatchObject([{ kind: "UPDATED" }]);
        expect(await store.index.claimPending(t, { limit: 10 })).toEqual([]);
      });

      it("sub-millisecond lastUpdateDateTime differences count as newer", async () => {
        const { store } = await make();
        const t = tenant("t");
        const a = makeAlert("a1", 1, { lastUpdateDateTime: "2026-11-01T00:00:00.1234561Z" });
        await recordAlertChanges(store, t, [a]);
        const changes = await store.index.upsert(t, [{ ...a, lastUpdateDateTime: "2026-11-01T00:00:00.1234571Z", status: "RESOLVED" }]);
        expect(changes.map((c) => c.kind)).toEqual(["UPDATED"]);
      });

      it("filters on every field; totalCount counts all pages", async () => {
        const { store } = await make();
        const tenants = [tenant("ta"), tenant("tb"), tenant("tc")];
        const all: { t: string; a: SecurityAlert }[] = [];
        for (const t of tenants) {
          const batch = Array.from({ length: 30 }, (_, i) =>
            makeAlert(
              `${t}-${i}`,
              i,
              i % 6 === 5 ? { serviceSource: "MICROSOFT_DEFENDER_FOR_IDENTITY", serviceSourceRaw: "microsoftDefenderForIdentity" } : {},
            ),
          );
          await store.index.upsert(t, batch);
          all.push(...batch.map((a) => ({ t, a })));
        }
        const query = (filter: object, first = 200) =>
          store.index.query({
            filter: { tenantIds: tenants, ...filter },
            orderBy: { field: "lastUpdateDateTime", direction: "DESC" },
            first,
          });
        const expectMatches = async (filter: object, pred: (a: SecurityAlert, t: string) => boolean) => {
          const want = all
            .filter((x) => pred(x.a, x.t))
            .map((x) => `${x.t}/${x.a.id}`)
            .sort();
          const page = await query(filter);
          expect(page.items.map(key).sort()).toEqual(want);
          expect(page.totalCount).toBe(want.length);
          expect((await query(filter, 1)).totalCount).toBe(want.length);
        };
        await expectMatches({}, () => true);
        await expectMatches({ tenantIds: [tenants[1], "nobody"] }, (_, t) => t === tenants[1]);
        await expectMatches({ severities: ["HIGH"] }, (a) => a.severity === "HIGH");
        await expectMatches({ severities: ["HIGH", "LOW"] }, (a) => a.severity === "HIGH" || a.severity === "LOW");
        await expectMatches({ severities: [] }, () => false);
        await expectMatches({ statuses: ["NEW", "IN_PROGRESS"] }, (a) => a.status !== "RESOLVED");
        await expectMatches({ categories: ["execution"] }, (a) => a.category === "Execution");
        await expectMatches({ detectionSources: ["WINDOWS_DEFENDER_AV"] }, (a) => a.detectionSource === "WINDOWS_DEFENDER_AV");
        await expectMatches({ assignedTo: ["tier1@MSSP.example"] }, (a) => a.assignedTo !== null);
        await expectMatches({ search: "lsass" }, (a) => a.description !== null);
        await expectMatches({ search: "mimiKATZ" }, (a) => a.title.includes("Mimikatz"));
        await expectMatches({ machineId: "m1" }, (a) => a.evidence.some((e) => e.kind === "device" && e.mdeDeviceId === "m1"));
        await expectMatches({ incidentId: "2" }, (a) => a.incidentId === "2");
        await expectMatches(
          { serviceSources: ["MICROSOFT_DEFENDER_FOR_IDENTITY"] },
          (a) => a.serviceSource === "MICROSOFT_DEFENDER_FOR_IDENTITY",
        );
        await expectMatches(
          { serviceSources: ["MICROSOFT_DEFENDER_FOR_ENDPOINT"] },
          (a) => a.serviceSource !== "MICROSOFT_DEFENDER_FOR_IDENTITY",
        );
        // evidence: the device of n%4 == 1 by its FQDN, and the account every process evidence names
        await expectMatches({ indicators: [indicatorToken.device("PC1.contoso.example")] }, (a) =>
          a.evidence.some((e) => e.kind === "device" && e.mdeDeviceId === "m1"),
        );
        await expectMatches({ indicators: [indicatorToken.device("pc1.contoso.example"), indicatorToken.account("alice")] }, (a) =>
          a.evidence.some((e) => e.kind === "device" && e.mdeDeviceId === "m1"),
        );
        await expectMatches({ indicators: [indicatorToken.sha256("c".repeat(64))] }, () => false);
        await expectMatches({ updatedSince: at(15) }, (a) => Date.parse(a.lastUpdateDateTime!) >= Date.parse(at(15)));
        await expectMatches({ createdSince: at(10), createdUntil: at(12) }, (a) => [10, 11, 12].map(at).includes(a.createdDateTime!));
        await expectMatches(
          { severities: ["MEDIUM"], statuses: ["NEW"], search: "powershell" },
          (a) => a.severity === "MEDIUM" && a.status === "NEW" && a.title.includes("PowerShell"),
        );
        expect(
          (await store.index.query({ filter: { tenantIds: [] }, orderBy: { field: "lastUpdateDateTime", direction: "DESC" }, first: 5 }))
            .totalCount,
        ).toBe(0);
        await expect(query({ updatedSince: "yesterday" })).rejects.toMatchObject({ name: "InvalidQueryError", field: "updatedSince" });
      });

      it("orders both ways on both sort fields, ties broken by (tenantId, id)", async () => {
        const { store } = await make();
        const tenants = [tenant("ta"), tenant("tb"), tenant("tc")].sort();
        const all: { t: string; a: SecurityAlert }[] = [];
        for (const [ti, t] of tenants.entries()) {
          // creation order differs from update order, and several alerts share each timestamp
          const batch = Array.from({ length: 12 }, (_, i) =>
            makeAlert(`x${(i * 7) % 12}`, Math.floor(i / 3), { createdDateTime: at(50 - i - ti) }),
          );
          await store.index.upsert(t, batch);
          all.push(...batch.map((a) => ({ t, a })));
        }
        for (const field of ["lastUpdateDateTime", "createdDateTime"] as const) {
          for (const direction of ["ASC", "DESC"] as const) {
            const sign = direction === "ASC" ? 1 : -1;
            const want = [...all]
              .sort(
                (x, y) =>
                  sign *
                  (sortKey(x.a, field) - sortKey(y.a, field) ||
                    (x.t < y.t ? -1 : x.t > y.t ? 1 : 0) ||
                    (x.a.id < y.a.id ? -1 : x.a.id > y.a.id ? 1 : 0)),
              )
              .map((x) => `${x.t}/${x.a.id}`);
            const page = await store.index.query({ filter: { tenantIds: tenants }, orderBy: { field, direction }, first: 100 });
            expect(page.items.map(key), `${field} ${direction}`).toEqual(want);
            expect(page.hasNextPage).toBe(false);
          }
        }
      });

      it("keyset pagination across tenants: nothing lost or repeated while alerts arrive between pages", async () => {
        const { store } = await make();
        const tenants = [tenant("ta"), tenant("tb"), tenant("tc"), tenant("td")];
        const initial: string[] = [];
        for (const t of tenants) {
          const batch = Array.from({ length: 25 }, (_, i) => makeAlert(`${t}-${i}`, i % 10));
          await store.index.upsert(t, batch);
          initial.push(...batch.map((a) => `${t}/${a.id}`));
        }
        let inserted = 0;
        for (const field of ["lastUpdateDateTime", "createdDateTime"] as const satisfies readonly AlertSortField[]) {
          for (const direction of ["ASC", "DESC"] as const satisfies readonly SortDirection[]) {
            const seen: string[] = [];
            const lateAhead: string[] = [];
            let after: string | undefined;
            let n = 0;
            for (;;) {
              const page = await store.index.query({ filter: { tenantIds: tenants }, orderBy: { field, direction }, first: 7, after });
              expect(page.cursors).toHaveLength(page.items.length);
              expect(page.totalCount).toBe(initial.length + inserted);
              seen.push(...page.items.map(key));
              if (!page.hasNextPage) break;
              after = page.cursors.at(-1);
              n++;
              const t = tenants[n % tenants.length];
              // one alert sorting after everything (must show up once), one before the cursor (must not)
              // each more extreme than anything inserted before, at either end of the order
              const sign = direction === "ASC" ? 1 : -1;
              const ahead = makeAlert(`late-${field}-${direction}-${n}`, sign * (100_000 + inserted));
              const behind = makeAlert(`early-${field}-${direction}-${n}`, -sign * (100_000 + inserted + 1));
              await store.index.upsert(t, [ahead, behind]);
              inserted += 2;
              lateAhead.push(`${t}/${ahead.id}`);
            }
            expect(new Set(seen).size, "no repeats").toBe(seen.length);
            for (const k of [...initial, ...lateAhead]) expect(seen).toContain(k);
            expect(
              seen.filter((k) => k.includes(`/early-${field}-${direction}-`)),
              `${field} ${direction}`,
            ).toEqual([]);
          }
        }
        await expect(
          store.index.query({
            filter: { tenantIds: tenants },
            orderBy: { field: "lastUpdateDateTime", direction: "ASC" },
            first: 5,
            after: "garbage",
          }),
        ).rejects.toBeInstanceOf(InvalidCursorError);
        const page = await store.index.query({
          filter: { tenantIds: tenants },
          orderBy: { field: "lastUpdateDateTime", direction: "ASC" },
          first: 5,
        });
        await expect(
          store.index.query({
            filter: { tenantIds: tenants },
            orderBy: { field: "createdDateTime", direction: "ASC" },
            first: 5,
            after: page.cursors[4],
          }),
        ).rejects.toBeInstanceOf(InvalidCursorError);
      });

      it("pages through a selective filter over many alerts", async () => {
        const { store } = await make();
        const tenants = [tenant("ta"), tenant("tb")];
        for (const t of tenants)
          await store.index.upsert(
            t,
            Array.from({ length: 600 }, (_, i) => makeAlert(`${t}-${i}`, i)),
          );
        const seen: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await store.index.query({
            filter: { tenantIds: tenants, incidentId: "3", severities: ["HIGH"] },
            orderBy: { field: "lastUpdateDateTime", direction: "DESC" },
            first: 10,
            after,
          });
          seen.push(...page.items.map(key));
          expect(page.items.every((i) => i.alert.incidentId === "3" && i.alert.severity === "HIGH")).toBe(true);
          if (!page.hasNextPage) break;
          after = page.cursors.at(-1);
        }
        // n%5==3 and n%4==2 ⇔ n%20==18: 30 per tenant
        expect(new Set(seen).size).toBe(60);
        expect(seen.length).toBe(60);
      });

      it("counts the alerts of incidents as a query by incident finds them (following moves between incidents)", async () => {
        const { store } = await make();
        const t = tenant("ci");
        const other = tenant("ci2");
        // makeAlert: incidentId n % 5 → x1, x6: "1"; x2: "2"; x5, x10: "0"
        await store.index.upsert(
          t,
          ["x1", "x2", "x5", "x6", "x10"].map((id) => makeAlert(id, Number(id.slice(1)))),
        );
        await store.index.upsert(other, [makeAlert("x1", 1)]);
        const queried = async (ids: string[]) => {
          const page = await store.index.query({
            filter: { tenantIds: [t], incidentIds: ids },
            orderBy: { field: "lastUpdateDateTime", direction: "DESC" },
            first: 100,
          });
          const out = new Map<string, number>();
          for (const i of page.items) out.set(String(i.alert.incidentId), (out.get(String(i.alert.incidentId)) ?? 0) + 1);
          return out;
        };
        expect(await store.index.countByIncident(t, ["0", "1", "2", "3"])).toEqual(
          new Map([
            ["0", 2],
            ["1", 2],
            ["2", 1],
          ]),
        );
        expect(await store.index.countByIncident(t, ["0", "1", "2", "3"])).toEqual(await queried(["0", "1", "2", "3"]));
        await store.index.upsert(t, [
          bumped(makeAlert("x1", 1), 1, { incidentId: "2" }),
          bumped(makeAlert("x2", 2), 1, { incidentId: null }),
        ]);
        expect(await store.index.countByIncident(t, ["1", "2", "0"])).toEqual(
          new Map([
            ["1", 1],
            ["2", 1],
            ["0", 2],
          ]),
        );
        expect(await store.index.countByIncident(t, ["1", "2", "0"])).toEqual(await queried(["1", "2", "0"]));
        expect(await store.index.countByIncident(other, ["1", "2"])).toEqual(new Map([["1", 1]]));
        expect(await store.index.countByIncident(tenant("none"), ["1"])).toEqual(new Map());
        expect(await store.index.countByIncident(t, [])).toEqual(new Map());
        // An index that answers one count at once (memory, a built mirror) answers what countByIncident does.
        const one = store.index.countOfIncident?.bind(store.index);
        if (one) {
          for (const id of ["1", "2", "0", "3"])
            expect(one(t, id) ?? 0, `incident ${id}`).toBe((await store.index.countByIncident(t, [id])).get(id) ?? 0);
          expect(one(tenant("none"), "1") ?? 0).toBe(0);
        }
      });

      it("counts open alerts by severity (following updates) and fetches many by key", async () => {
        const { store } = await make();
        const t = tenant("t");
        await store.index.upsert(t, [makeAlert("x1", 1), makeAlert("x2", 2), makeAlert("x3", 3), makeAlert("x5", 5)]);
        // status by n%3 (1 InProgress, 2 Resolved, 0 New): x2, x5 resolved; x1 Medium, x3 Informational open
        expect(await store.index.countOpenBySeverity(t)).toEqual({ MEDIUM: 1, INFORMATIONAL: 1 });
        await store.index.upsert(t, [
          bumped(makeAlert("x1", 1), 1, { status: "RESOLVED" }),
          bumped(makeAlert("x2", 2), 1, { status: "NEW", severity: "HIGH" }),
        ]);
        expect(await store.index.countOpenBySeverity(t)).toEqual({ INFORMATIONAL: 1, HIGH: 1 });
        expect(await store.index.countOpenBySeverity(tenant("empty"))).toEqual({});
        const many = await store.index.getMany([
          { tenantId: t, id: "x2" },
          { tenantId: tenant("t9"), id: "x2" },
          { tenantId: t, id: "nope" },
          { tenantId: t, id: "x5" },
        ]);
        expect(many.map((m) => m?.alert.id ?? null)).toEqual(["x2", null, null, "x5"]);
        expect(many[0]).toMatchObject({ tenantId: t, alert: { severity: "HIGH" } });
        expect(await store.index.getMany([])).toEqual([]);
      });

      it("rejects writes carrying a stale fencing token after the lease changed hands", async () => {
        const { store, twin } = await make();
        const other = await twin();
        const t = tenant("tf");
        const first = (await store.leases.acquire(`sync:${t}`, "replica-a", 80))!;
        expect(first).not.toBeNull();
        await store.index.upsert(t, [makeAlert("f1", 1)], { fence: { leaseName: first.name, token: first.token } });
        const second = await waitFor(() => other.leases.acquire(`sync:${t}`, "replica-b", 5_000), { what: "lease expiry and takeover" });
        expect(second.token).toBeGreaterThan(first.token);
        await expect(
          store.index.upsert(t, [makeAlert("f2", 2)], { fence: { leaseName: first.name, token: first.token } }),
        ).rejects.toBeInstanceOf(StaleFenceError);
        await expect(
          recordAlertChanges(store, t, [makeAlert("f3", 3)], { fence: { leaseName: first.name, token: first.token } }),
        ).rejects.toBeInstanceOf(StaleFenceError);
        expect(await store.index.get(t, "f2")).toBeNull();
        expect(await store.index.get(t, "f3")).toBeNull();
        expect(await other.index.upsert(t, [makeAlert("f2", 2)], { fence: { leaseName: second.name, token: second.token } })).toHaveLength(
          1,
        );
        // a lease outside the tenant's slot is checked too
        const foreign = (await store.leases.acquire(`elsewhere-${uid()}`, "a", 60_000))!;
        await store.leases.release(foreign);
        const again = (await other.leases.acquire(foreign.name, "b", 60_000))!;
        await expect(
          store.index.upsert(t, [makeAlert("f4", 4)], { fence: { leaseName: foreign.name, token: foreign.token } }),
        ).rejects.toBeInstanceOf(StaleFenceError);
        await other.leases.release(again);
      });
    });

    describe("exactly-once events", () => {
      it("recordAlertChanges appends one event per change, in lastUpdateDateTime order, even for concurrent overlapping writers", async () => {
        const { store, twin } = await make();
        const other = await twin();
        const t = tenant("tr");
        const before = await store.events.latestCursor();
        const batch = Array.from({ length: 10 }, (_, i) => makeAlert(`r${i}`, 10 - i));
        const results = await Promise.all([
          recordAlertChanges(store, t, batch),
          recordAlertChanges(other, t, batch),
          recordAlertChanges(store, t, batch.slice(3)),
          recordAlertChanges(other, t, [...batch].reverse()),
        ]);
        expect(results.flat()).toHaveLength(10);
        for (const r of results) {
          const times = r.map((e) => Date.parse(e.alert.lastUpdateDateTime!));
          expect(times).toEqual([...times].sort((a, b) => a - b));
        }
        const updated = bumped(batch[4], 60, { status: "RESOLVED" });
        await Promise.all([
          recordAlertChanges(store, t, [updated]),
          recordAlertChanges(other, t, [updated]),
          recordAlertChanges(store, t, [batch[4]]),
        ]);
        await recordAlertChanges(other, t, batch); // a later overlap: nothing new
        const events = (await store.events.read(before, 1_000)).filter((e) => e.tenantId === t);
        expect(
          events
            .filter((e) => e.kind === "CREATED")
            .map((e) => e.alertId)
            .sort(),
        ).toEqual(batch.map((a) => a.id).sort());
        expect(events.filter((e) => e.kind === "UPDATED").map((e) => [e.alertId, e.alert.status])).toEqual([["r4", "RESOLVED"]]);
      });

      it("a change whose event was never appended (crash after upsert) is re-emitted by the next overlap, once", async () => {
        const { store, twin } = await make({ claimTtlMs: 1_000 });
        const other = await twin();
        const t = tenant("tc");
        const a = makeAlert("c1", 1);
        // replica 1 upserts, then "crashes" before appending
        expect((await store.index.upsert(t, [a])).map((c) => c.kind)).toEqual(["CREATED"]);
        const before = await store.events.latestCursor();
        // while its claim is live, an overlap elsewhere does not emit
        expect(await recordAlertChanges(other, t, [a])).toEqual([]);
        // once the claim lapses, the next overlap emits it (as CREATED: no event of it exists yet)
        const emitted = await waitFor(
          async () => {
            const r = await recordAlertChanges(other, t, [a]);
            return r.length > 0 ? r : null;
          },
          { what: "re-emission after the claim lapsed", intervalMs: 30 },
        );
        expect(emitted.map((e) => [e.kind, e.alertId])).toEqual([["CREATED", "c1"]]);
        expect(await recordAlertChanges(store, t, [a])).toEqual([]);
        const events = (await store.events.read(before, 100)).filter((e) => e.tenantId === t);
        expect(events.map((e) => e.alertId)).toEqual(["c1"]);
        // same for an update
        const b = bumped(a, 1, { status: "RESOLVED" });
        expect((await other.index.upsert(t, [b])).map((c) => c.kind)).toEqual(["UPDATED"]);
        const again = await waitFor(
          async () => {
            const r = await recordAlertChanges(store, t, [a]); // even an older version in the overlap triggers it
            return r.length > 0 ? r : null;
          },
          { what: "re-emission of the update", intervalMs: 30 },
        );
        expect(again.map((e) => [e.kind, e.alert.status])).toEqual([["UPDATED", "RESOLVED"]]);
      });
    });

    describe("exactly-once events after a writer dies (indexed ⇒ evented once)", () => {
      it("appendChange appends a version once, never an older one, and one CREATED per alert", async () => {
        const { store, twin } = await make();
        const other = await twin();
        const t = tenant("ta");
        const a = makeAlert("a1", 1);
        const before = await store.events.latestCursor();
        const first = await store.events.appendChange({ kind: "CREATED", tenantId: t, alertId: "a1", alert: a });
        expect(first).toMatchObject({ kind: "CREATED", alertId: "a1" });
        expect(await other.events.appendChange({ kind: "CREATED", tenantId: t, alertId: "a1", alert: a })).toBeNull();
        const b = bumped(a, 5, { status: "RESOLVED" });
        // a writer that still believes the alert is new: its CREATED of a newer version lands as UPDATED
        expect(await other.events.appendChange({ kind: "CREATED", tenantId: t, alertId: "a1", alert: b })).toMatchObject({
          kind: "UPDATED",
          alert: { status: "RESOLVED" },
        });
        expect(await store.events.appendChange({ kind: "UPDATED", tenantId: t, alertId: "a1", alert: a })).toBeNull();
        const events = (await store.events.read(before, 100)).filter((e) => e.tenantId === t);
        expect(events.map((e) => [e.kind, e.alert.status])).toEqual([
          ["CREATED", a.status],
          ["UPDATED", "RESOLVED"],
        ]);
      });

      it("a new lease holder's sweep emits what a killed holder claimed but never appended, at once and once", async () => {
        // default claim TTL (30 s): the sweep must not wait for the dead holder's claims to lapse
        const { store, twin } = await make();
        const other = await twin();
        const t = tenant("tk");
        const first = (await store.leases.acquire(`sync:${t}`, "replica-a", 80))!;
        const batch = Array.from({ length: 30 }, (_, i) => makeAlert(`k${i}`, i));
        const before = await store.events.latestCursor();
        // replica a upserts 30 alerts, appends 10 (acknowledging 5 of them) and is killed
        const changes = await store.index.upsert(t, batch, { fence: { leaseName: first.name, token: first.token } });
        expect(changes).toHaveLength(30);
        for (const c of changes.slice(0, 10)) {
          await store.events.appendChange({ kind: c.kind, tenantId: t, alertId: c.alert.id, alert: c.alert });
          if (Number(c.alert.id.slice(1)) % 2 === 0) await store.index.markEvented(t, c.alert.id, c.alert.lastUpdateDateTime);
        }
        const second = await waitFor(() => other.leases.acquire(`sync:${t}`, "replica-b", 60_000), { what: "lease takeover" });
        const fence = { leaseName: second.name, token: second.token };
        // the overlap re-reads the batch while a's claims are nominally live: b takes them over
        await recordAlertChanges(other, t, batch.slice(0, 3), { fence });
        const swept = await recordPendingAlertChanges(other, t, { fence, batchSize: 7 });
        expect(swept.length).toBeGreaterThan(0);
        expect(await recordPendingAlertChanges(other, t, { fence })).toEqual([]);
        expect(await other.index.claimPending(t, { limit: 100, fence })).toEqual([]);
        const events = (await store.events.read(before, 1_000)).filter((e) => e.tenantId === t);
        expect(
          events
            .filter((e) => e.kind === "CREATED")
            .map((e) => e.alertId)
            .sort(),
        ).toEqual(batch.map((a) => a.id).sort());
        expect(events).toHaveLength(30);
        // the old holder comes back: fenced out of sweeping
        await expect(recordPendingAlertChanges(store, t, { fence: { leaseName: first.name, token: first.token } })).rejects.toBeInstanceOf(
          StaleFenceError,
        );
        await other.leases.release(second);
      });

      it("an unfenced writer's claim (a mutation) is swept once it lapses", async () => {
        const { store, twin } = await make({ claimTtlMs: 1_000 });
        const other = await twin();
        const t = tenant("tm");
        expect(await store.index.upsert(t, [makeAlert("m1", 1)])).toHaveLength(1);
        expect(await recordPendingAlertChanges(other, t)).toEqual([]); // claim live
        const swept = await waitFor(
          async () => {
            const r = await recordPendingAlertChanges(other, t);
            return r.length > 0 ? r : null;
          },
          { what: "sweep after the claim lapsed", intervalMs: 30 },
        );
        expect(swept.map((e) => [e.kind, e.alertId])).toEqual([["CREATED", "m1"]]);
      });
    });

    describe("event log", () => {
      it("orders cursors strictly, reads after a cursor, reports the latest cursor", async () => {
        const { store } = await make();
        const start = await store.events.latestCursor();
        const appended = await appendN(store, 30);
        const cursors = appended.map((e) => e.cursor);
        for (let i = 1; i < cursors.length; i++) expect(compareCursors(cursors[i - 1], cursors[i])).toBeLessThan(0);
        expect(appended[0]).toMatchObject({ kind: "CREATED", tenantId: "t", alertId: "e0", alert: { id: "e0" } });
        expect(Number.isNaN(Date.parse(appended[0].at))).toBe(false);
        expect((await store.events.read(cursors[1], 3)).map((e) => e.alertId)).toEqual(["e2", "e3", "e4"]);
        expect(await store.events.read(cursors[29], 10)).toEqual([]);
        const fromStart = await store.events.read(start, 100);
        expect(fromStart.map((e) => e.cursor)).toEqual(cursors);
        expect(fromStart[5]).toEqual(appended[5]);
        expect(await store.events.read(start, 0)).toEqual([]);
        expect(await store.events.latestCursor()).toBe(cursors[29]);
      });

      it("rejects malformed cursors with InvalidCursorError", async () => {
        const { store } = await make();
        for (const bad of ["nonsense", "1-", "-1", "1.5-0", "12-3-4", ""]) {
          await expect(store.events.read(bad, 1), bad).rejects.toBeInstanceOf(InvalidCursorError);
        }
      });

      it("trims by count: cursors before the retained window are CURSOR_EXPIRED, later ones still read", async () => {
        const { store } = await make({ eventLog: { maxLen: 10 } });
        const appended = await appendN(store, 40);
        const retained = await store.events.read(null, 1_000);
        expect(retained.length).toBeGreaterThanOrEqual(10);
        expect(retained.length).toBeLessThan(40);
        expect(retained.at(-1)?.cursor).toBe(appended[39].cursor);
        await expect(store.events.read(appended[0].cursor, 10)).rejects.toBeInstanceOf(CursorExpiredError);
        // the cursor just before the oldest retained event missed nothing
        const firstIdx = appended.findIndex((e) => e.cursor === retained[0].cursor);
        expect((await store.events.read(appended[firstIdx - 1].cursor, 2)).map((e) => e.alertId)).toEqual([
          `e${firstIdx}`,
          `e${firstIdx + 1}`,
        ]);
        await expect(store.events.read(appended[firstIdx - 2].cursor, 2)).rejects.toBeInstanceOf(CursorExpiredError);
      });

      it("trims by age", async () => {
        const { store } = await make({ eventLog: { maxAgeMs: 150 } });
        const old = await appendN(store, 3, "t", "old");
        await new Promise((r) => setTimeout(r, 250)); // let the retention age pass (a TTL, not synchronisation)
        const fresh = await appendN(store, 2, "t", "new");
        expect((await store.events.read(null, 100)).map((e) => e.alertId)).toEqual(["new0", "new1"]);
        await expect(store.events.read(old[0].cursor, 10)).rejects.toBeInstanceOf(CursorExpiredError);
        expect((await store.events.read(old[2].cursor, 10)).map((e) => e.cursor)).toEqual(fresh.map((e) => e.cursor));
      });

      it("listen delivers every event appended afterwards by any replica, in order, until unsubscribed", async () => {
        const { store, twin } = await make();
        const other = await twin();
        await appendN(other, 3, "t", "before");
        // the twin's earlier appends may still be in flight to the reader: only count ours
        const stopBroken = store.events.listen(() => {
          throw new Error("a broken listener must not affect appends or other listeners");
        });
        const got: string[] = [];
        const stop = store.events.listen((e) => {
          if (e.alertId.startsWith("x")) got.push(e.alertId);
        });
        const second: string[] = [];
        const stop2 = store.events.listen((e) => e.alertId.startsWith("x") && second.push(e.alertId));
        for (let i = 0; i < 10; i++)
          await (i % 2 ? store : other).events.append({ kind: "UPDATED", tenantId: "t", alertId: `x${i}`, alert: makeAlert(`x${i}`, i) });
        const want = Array.from({ length: 10 }, (_, i) => `x${i}`);
        await waitFor(() => got.length >= 10 && second.length >= 10, { what: "10 events on both listeners" });
        expect(got).toEqual(want);
        expect(second).toEqual(want);
        stop();
        await other.events.append({ kind: "UPDATED", tenantId: "t", alertId: "x10", alert: makeAlert("x10", 10) });
        await waitFor(() => second.length === 11, { what: "the remaining listener" });
        expect(got).toHaveLength(10);
        stop2();
        stopBroken();
      });
    });

    describe("documents", () => {
      it("compare-and-set: expectedVersion 0 creates once; exactly one of two concurrent writers wins", async () => {
        const { store, twin } = await make();
        const other = await twin();
        const coll = `grants-${uid()}`;
        expect(await store.documents.get(coll, "g1")).toBeNull();
        expect(await store.documents.list(coll)).toEqual([]);
        const v1 = await store.documents.put(coll, "g1", { status: "PENDING", n: 1 }, 0);
        expect(v1).toBe(1);
        await expect(other.documents.put(coll, "g1", { status: "X" }, 0)).rejects.toBeInstanceOf(VersionConflictError);
        const results = await Promise.allSettled([
          store.documents.put(coll, "g1", { status: "APPROVED" }, v1),
          other.documents.put(coll, "g1", { status: "DENIED" }, v1),
        ]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const loser = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
        expect(loser.reason).toBeInstanceOf(VersionConflictError);
        const doc = await other.documents.get<{ status: string }>(coll, "g1");
        expect(doc?.version).toBe(2);
        expect(["APPROVED", "DENIED"]).toContain(doc?.value.status);
        expect(await store.documents.put(coll, "g1", { status: "REVOKED" })).toBe(3); // unconditional write
        await store.documents.put(coll, "g2", { status: "PENDING" });
        expect((await other.documents.list<{ status: string }>(coll)).map((d) => [d.value.status, d.version]).sort()).toEqual([
          ["PENDING", 1],
          ["REVOKED", 3],
        ]);
        // returned values are copies
        const copy = (await store.documents.get<{ status: string }>(coll, "g2"))!;
        copy.value.status = "MUTATED";
        expect((await store.documents.get<{ status: string }>(coll, "g2"))?.value.status).toBe("PENDING");
        expect(await store.documents.delete(coll, "g1")).toBe(true);
        expect(await other.documents.delete(coll, "g1")).toBe(false);
        expect(await store.documents.get(coll, "g1")).toBeNull();
        expect(await store.documents.list(coll)).toHaveLength(1);
      });

      it("claims are exactly-once across replicas until their TTL passes", async () => {
        const { store, twin } = await make();
        const other = await twin();
        const k = `claim-${uid()}`;
        const claims = await Promise.all([
          store.documents.claim(k, 60_000),
          other.documents.claim(k, 60_000),
          store.documents.claim(k, 60_000),
          other.documents.claim(k, 60_000),
        ]);
        expect(claims.filter(Boolean)).toHaveLength(1);
        const short = `short-${uid()}`;
        expect(await store.documents.claim(short, 60)).toBe(true);
        expect(await other.documents.claim(short, 60)).toBe(false);
        await waitFor(() => other.documents.claim(short, 60_000), { what: "claim expiry" });
      });
    });

    describe("leases", () => {
      it("acquire, renew, expiry, takeover with a higher token, release", async () => {
        const { store, twin } = await make();
        const other = await twin();
        const name = `sync:${tenant("tl")}`;
        const a = (await store.leases.acquire(name, "replica-a", 150))!;
        expect(a).toMatchObject({ name, holder: "replica-a" });
        expect(await other.leases.acquire(name, "replica-b", 150)).toBeNull();
        expect(await store.leases.renew(a, 150)).toBe(true);
        const b = await waitFor(() => other.leases.acquire(name, "replica-b", 60_000), { what: "expiry" });
        expect(b.token).toBeGreaterThan(a.token);
        expect(await store.leases.renew(a, 150)).toBe(false);
        await store.leases.release(a); // not ours any more: no effect
        expect(await store.leases.acquire(name, "replica-a", 150)).toBeNull();
        expect(await other.leases.renew(b, 60_000)).toBe(true);
        await other.leases.release(b);
        expect(await other.leases.renew(b, 60_000)).toBe(false);
        const c = (await store.leases.acquire(name, "replica|a", 60_000))!;
        expect(c.token).toBeGreaterThan(b.token);
        expect(await store.leases.renew(c, 60_000)).toBe(true);
        await store.leases.release(c);
      });
    });
  });
}

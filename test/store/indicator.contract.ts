import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encodePageCursor } from "../../src/store/alert-keyset.js";
import { recordAlertChanges, recordPendingAlertChanges } from "../../src/store/alert-changes.js";
import { backfillIndicators, backfillIndicatorsOnce } from "../../src/store/indicator-backfill.js";
import type { SharedIndicatorQuery, SharedIndicatorRecord } from "../../src/store/indicator.types.js";
import { InvalidCursorError, InvalidQueryError } from "../../src/store/store.errors.js";
import type { Store } from "../../src/store/store.types.js";
import type { DefenderEvidence } from "../../src/upstream/defender.types.js";
import type { SecurityAlert } from "../../src/upstream/upstream.types.js";
import { at, makeAlert } from "../helpers/alert.fixture.js";
import { fileEvidence, ipEvidence, randomSha256, urlEvidence } from "../helpers/indicator.fixture.js";
import { waitFor } from "../helpers/wait.js";
import type { MakeStore } from "./store.contract.js";

const uid = () => randomUUID().slice(0, 8);
const tenant = (name: string) => `${name}-${uid()}`;
const sha = randomSha256;

const file = (sha256: string) => fileEvidence(sha256);
const ip = ipEvidence;
const url = urlEvidence;

interface Spec {
  /** Minute of createdDateTime (and of lastUpdateDateTime unless `updated`). */
  created: number;
  updated?: number;
  severity?: SecurityAlert["severity"];
  evidence: DefenderEvidence[];
  detectorId?: string | null;
}
/** An alert whose only shared indicators are `evidence` (and `detectorId`); its device evidence yields none. */
const alert = (id: string, s: Spec): SecurityAlert =>
  makeAlert(
    id,
    s.created,
    { severity: s.severity ?? "HIGH", detectorId: s.detectorId ?? null, lastUpdateDateTime: at(s.updated ?? s.created) },
    { evidence: s.evidence },
  );

type Query = Omit<SharedIndicatorQuery, "tenantIds" | "first" | "minTenants"> & { first?: number; minTenants?: number };
/** Every indicator the tenants share, all pages. */
async function shared(store: Store, tenantIds: string[], q: Query = {}): Promise<SharedIndicatorRecord[]> {
  const out: SharedIndicatorRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.indicators.query({ minTenants: 2, first: 50, ...q, tenantIds, after });
    expect(page.cursors).toHaveLength(page.items.length);
    out.push(...page.items);
    if (!page.hasNextPage) return out;
    after = page.cursors.at(-1);
  }
}
const tokens = (records: SharedIndicatorRecord[]) => records.map((r) => r.token);

/** The shared-indicator aggregate every Store implementation keeps (`store.indicators`); run once per implementation. */
export function describeIndicatorContract(name: string, make: MakeStore) {
  describe(`shared-indicator contract: ${name}`, () => {
    it("an indicator appears once a second tenant sees it, with each tenant's first/last seen, alert count and severities", async () => {
      const { store } = await make();
      const [A, B] = [tenant("a"), tenant("b")];
      const h = sha();
      await recordAlertChanges(store, A, [alert("a1", { created: 10, severity: "HIGH", evidence: [file(h)] })]);
      expect(await shared(store, [A, B])).toEqual([]);
      // Spelled differently (upper case) in the second tenant's evidence: one indicator.
      await recordAlertChanges(store, B, [
        alert("b1", { created: 20, severity: "LOW", evidence: [file(h.toUpperCase())] }),
        alert("b2", { created: 30, severity: "LOW", evidence: [file(h), file(h)] }),
      ]);
      expect(await shared(store, [A, B])).toEqual([
        {
          token: `sha256:${h}`,
          kind: "FILE_SHA256",
          value: h,
          tenants: [
            { tenantId: B, firstSeen: at(20), lastSeen: at(30), alertCount: 2, severities: { LOW: 2 } },
            { tenantId: A, firstSeen: at(10), lastSeen: at(10), alertCount: 1, severities: { HIGH: 1 } },
          ],
          firstSeen: at(10),
          lastSeen: at(30),
          alertCount: 3,
          severities: { HIGH: 1, LOW: 2 },
        },
      ]);
    });

    it("versions: counted once, older ones ignored, a severity change moves, a dropped indicator is uncounted (and unshared)", async () => {
      const { store } = await make();
      const [A, B] = [tenant("a"), tenant("b")];
      const h = sha();
      const a1 = alert("a1", { created: 10, severity: "HIGH", evidence: [file(h)] });
      const b1 = alert("b1", { created: 20, severity: "LOW", evidence: [file(h)] });
      await recordAlertChanges(store, A, [a1]);
      await recordAlertChanges(store, B, [b1]);
      // the same version again, through the index and straight to the aggregate (a replayed or swept change)
      await recordAlertChanges(store, A, [a1]);
      await store.indicators.record(A, [a1, a1]);
      let [rec] = await shared(store, [A, B]);
      expect(rec.alertCount).toBe(2);

      const a2 = alert("a1", { created: 10, updated: 15, severity: "MEDIUM", evidence: [file(h)] });
      await recordAlertChanges(store, A, [a2]);
      await store.indicators.record(A, [a1]); // older: ignored
      [rec] = await shared(store, [A, B]);
      expect(rec.tenants.find((t) => t.tenantId === A)).toMatchObject({ alertCount: 1, severities: { MEDIUM: 1 } });
      expect(rec.severities).toEqual({ MEDIUM: 1, LOW: 1 });

      // B's alert no longer shows the file: B's count drops to 0, the indicator is seen at A only
      await recordAlertChanges(store, B, [alert("b1", { created: 20, updated: 25, severity: "LOW", evidence: [] })]);
      expect(await shared(store, [A, B])).toEqual([]);
      // and back: shared again, with B's history as of the alert that carries it now
      await recordAlertChanges(store, B, [alert("b1", { created: 20, updated: 26, severity: "LOW", evidence: [file(h)] })]);
      expect((await shared(store, [A, B])).map((r) => r.tenants.map((t) => [t.tenantId, t.alertCount]))).toEqual([
        [
          [B, 1],
          [A, 1],
        ],
      ]);
    });

    it("only the caller's tenants count and appear; minTenants counts them", async () => {
      const { store } = await make();
      const [A, B, C] = [tenant("a"), tenant("b"), tenant("c")];
      const three = sha();
      const notMine = sha();
      await recordAlertChanges(store, A, [alert("a1", { created: 1, evidence: [file(three), file(notMine)] })]);
      await recordAlertChanges(store, B, [alert("b1", { created: 2, evidence: [file(three)] })]);
      await recordAlertChanges(store, C, [alert("c1", { created: 3, severity: "LOW", evidence: [file(three), file(notMine)] })]);

      // a caller reading one tenant sees nothing shared, not even by the others
      expect(await shared(store, [A])).toEqual([]);
      expect(await shared(store, [C])).toEqual([]);
      // A+B: `notMine` is shared by A and C only, so not for them; `three` shows A and B, counts without C
      const ab = await shared(store, [A, B]);
      expect(tokens(ab)).toEqual([`sha256:${three}`]);
      expect(ab[0]).toMatchObject({ alertCount: 2, severities: { HIGH: 2 }, lastSeen: at(2) });
      expect(ab[0].tenants.map((t) => t.tenantId)).toEqual([B, A]);
      expect(JSON.stringify(ab)).not.toContain(C);
      // both last seen at C's minute 3: ties go by token, greatest first
      expect(tokens(await shared(store, [A, B, C]))).toEqual([`sha256:${notMine}`, `sha256:${three}`].sort().reverse());
      expect(tokens(await shared(store, [A, B, C], { minTenants: 3 }))).toEqual([`sha256:${three}`]);
      expect(await shared(store, [A, B], { minTenants: 3 })).toEqual([]);
      expect(await shared(store, [])).toEqual([]);
    });

    it("orders by the latest lastSeen among the caller's tenants, so the order tells nothing of the others", async () => {
      const { store } = await make();
      const [A, B, C] = [tenant("a"), tenant("b"), tenant("c")];
      const [x, y] = [sha(), sha()];
      await recordAlertChanges(store, A, [
        alert("a1", { created: 10, evidence: [file(x)] }),
        alert("a2", { created: 50, evidence: [file(y)] }),
      ]);
      await recordAlertChanges(store, B, [
        alert("b1", { created: 20, evidence: [file(x)] }),
        alert("b2", { created: 50, evidence: [file(y)] }),
      ]);
      await recordAlertChanges(store, C, [alert("c1", { created: 90, evidence: [file(x)] })]);
      const ab = await shared(store, [A, B]);
      expect(ab.map((r) => [r.token, r.lastSeen])).toEqual([
        [`sha256:${y}`, at(50)],
        [`sha256:${x}`, at(20)],
      ]);
      expect(tokens(await shared(store, [A, B, C]))).toEqual([`sha256:${x}`, `sha256:${y}`]);
      // one at a time: page 2 of A+B starts below y, where x sorts for them (and not at C's minute 90)
      const first = await store.indicators.query({ tenantIds: [A, B], minTenants: 2, first: 1 });
      expect(first.hasNextPage).toBe(true);
      const second = await store.indicators.query({ tenantIds: [A, B], minTenants: 2, first: 1, after: first.cursors[0] });
      expect([tokens(first.items), tokens(second.items), second.hasNextPage]).toEqual([[`sha256:${y}`], [`sha256:${x}`], false]);
    });

    it("time window: a tenant counts when it saw the indicator at or after seenSince and at or before seenUntil", async () => {
      const { store } = await make();
      const [A, B] = [tenant("a"), tenant("b")];
      const w = sha();
      await recordAlertChanges(store, A, [
        alert("a1", { created: 10, evidence: [file(w)] }),
        alert("a2", { created: 50, evidence: [file(w)] }),
      ]);
      await recordAlertChanges(store, B, [alert("b1", { created: 30, evidence: [file(w)] })]);
      const window = async (since?: number, until?: number) =>
        tokens(
          await shared(store, [A, B], {
            seenSince: since === undefined ? undefined : at(since),
            seenUntil: until === undefined ? undefined : at(until),
          }),
        );
      expect(await window()).toEqual([`sha256:${w}`]);
      expect(await window(30)).toEqual([`sha256:${w}`]);
      expect(await window(31)).toEqual([]);
      expect(await window(undefined, 30)).toEqual([`sha256:${w}`]);
      expect(await window(undefined, 29)).toEqual([]);
      expect(await window(20, 40)).toEqual([`sha256:${w}`]);
      expect(await window(0, 5)).toEqual([]);
      // the stats stay each tenant's whole history: the window picks tenants, not alerts
      const [rec] = await shared(store, [A, B], { seenSince: at(25) });
      expect(rec).toMatchObject({ firstSeen: at(10), lastSeen: at(50), alertCount: 3 });
      await expect(store.indicators.query({ tenantIds: [A, B], minTenants: 2, first: 5, seenSince: "yesterday" })).rejects.toBeInstanceOf(
        InvalidQueryError,
      );
    });

    it("kinds: SHA-256, public IP addresses, URLs and their domains, detectors; filtered by kind", async () => {
      const { store } = await make();
      const [A, B] = [tenant("a"), tenant("b")];
      const h = sha();
      const host = `evil-${uid()}.example`;
      const det = `Detector-${uid()}`;
      const evidence = [
        file(h),
        ip("10.0.0.5"),
        ip("fe80::1"),
        ip("203.0.113.9"),
        url(`https://${host}/x`),
        { ...file(sha()), sha1: "a".repeat(40) },
      ];
      await recordAlertChanges(store, A, [alert("a1", { created: 1, evidence, detectorId: det })]);
      await recordAlertChanges(store, B, [alert("b1", { created: 2, evidence: evidence.slice(0, 5), detectorId: det.toLowerCase() })]);
      const all = await shared(store, [A, B]);
      expect(all.map((r) => [r.kind, r.value]).sort()).toEqual(
        [
          ["FILE_SHA256", h],
          ["IP_ADDRESS", "203.0.113.9"],
          ["URL", `https://${host}/x`],
          ["DOMAIN", host],
          ["DETECTOR", det.toLowerCase()],
        ].sort(),
      );
      // the link: each indicator's alerts are what the alert filter on its evidence (or detector) finds
      for (const r of all) {
        const filter = r.kind === "DETECTOR" ? { detectorIds: [r.value.toUpperCase()] } : { indicators: [r.token] };
        const page = await store.index.query({
          filter: { tenantIds: [A, B], ...filter },
          orderBy: { field: "createdDateTime", direction: "DESC" },
          first: 10,
        });
        expect([r.token, page.totalCount, page.items.map((i) => i.tenantId)]).toEqual([r.token, r.alertCount, [B, A]]);
      }
      const some = await shared(store, [A, B], { kinds: ["IP_ADDRESS", "DETECTOR"] });
      expect(some.map((r) => r.kind).sort()).toEqual(["DETECTOR", "IP_ADDRESS"]);
    });

    it("pages newest first by keyset: nothing lost or repeated while indicators arrive or move; bad cursors refused", async () => {
      const { store } = await make();
      const [A, B, C] = [tenant("a"), tenant("b"), tenant("c")];
      // 40 indicators A and B share (several list chunks per page walk), each beside one A shares with C only
      const hs = Array.from({ length: 40 }, () => sha());
      const decoys = hs.map(() => sha());
      await recordAlertChanges(
        store,
        A,
        hs.map((h, i) => alert(`a${i}`, { created: i + 1, evidence: [file(h), file(decoys[i])] })),
      );
      await recordAlertChanges(
        store,
        B,
        hs.map((h, i) => alert(`b${i}`, { created: i + 1, evidence: [file(h)] })),
      );
      await recordAlertChanges(
        store,
        C,
        decoys.map((h, i) => alert(`c${i}`, { created: i + 1, evidence: [file(h)] })),
      );
      const expected = hs.map((h) => `sha256:${h}`).reverse();
      const seen: string[] = [];
      let after: string | undefined;
      for (let n = 0; ; n++) {
        const page = await store.indicators.query({ tenantIds: [A, B], minTenants: 2, first: 7, after });
        seen.push(...tokens(page.items));
        if (!page.hasNextPage) break;
        after = page.cursors.at(-1);
        // newer shared indicators sort before the cursor: not in this pass; an older one seen again later moves up
        const fresh = sha();
        await recordAlertChanges(store, A, [alert(`new-a${n}`, { created: 100 + n, evidence: [file(fresh)] })]);
        await recordAlertChanges(store, B, [alert(`new-b${n}`, { created: 100 + n, evidence: [file(fresh)] })]);
      }
      expect(seen).toEqual(expected);
      await expect(store.indicators.query({ tenantIds: [A, B], minTenants: 2, first: 5, after: "nope" })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      const alertCursor = encodePageCursor("lastUpdateDateTime", "DESC", { key: "0".repeat(16), tenantId: A, id: "x" });
      await expect(store.indicators.query({ tenantIds: [A, B], minTenants: 2, first: 5, after: alertCursor })).rejects.toMatchObject({
        reason: "OTHER_ORDERING",
      });
    });

    it("replicas share one aggregate, and racing writers of one alert converge on its newest version", async () => {
      const { store, twin } = await make();
      const other = await twin();
      const [A, B] = [tenant("a"), tenant("b")];
      const hs = [sha(), sha(), sha(), sha()];
      await recordAlertChanges(other, B, [alert("b1", { created: 1, evidence: hs.map(file) })]);
      // versions 1..4 of one alert, each with another file, written at once from both replicas in shuffled order
      const versions = hs.map((h, i) => alert("a1", { created: 1, updated: 1 + i, evidence: [file(h)] }));
      const order = [2, 0, 3, 1, 3, 0];
      await Promise.all(order.map((v, i) => (i % 2 ? store : other).indicators.record(A, [versions[v]])));
      for (const s of [store, other]) {
        const recs = await shared(s, [A, B]);
        expect(tokens(recs)).toEqual([`sha256:${hs[3]}`]);
        expect(recs[0].tenants.map((t) => [t.tenantId, t.alertCount])).toEqual([
          [A, 1],
          [B, 1],
        ]);
      }
    });

    it("a change indexed by a writer that died before its event is applied by the pending sweep", async () => {
      const { store } = await make({ claimTtlMs: 100 });
      const [A, B] = [tenant("a"), tenant("b")];
      const h = sha();
      await recordAlertChanges(store, B, [alert("b1", { created: 1, evidence: [file(h)] })]);
      // indexed and claimed, then the writer "dies": no event, no aggregate
      expect(await store.index.upsert(A, [alert("a1", { created: 2, evidence: [file(h)] })])).toHaveLength(1);
      expect(await shared(store, [A, B])).toEqual([]);
      await waitFor(async () => (await recordPendingAlertChanges(store, A)).length === 1, {
        what: "the sweep to take over the lapsed claim",
      });
      expect(tokens(await shared(store, [A, B]))).toEqual([`sha256:${h}`]);
    });

    it("backfill: alerts indexed before the aggregate existed are counted, once, beside live writes", async () => {
      const { store } = await make();
      const [A, B] = [tenant("a"), tenant("b")];
      const h = sha();
      // indexed and evented the way a version without the aggregate did it: the aggregate never heard of them
      const old = (id: string, created: number) => alert(id, { created, evidence: [file(h)] });
      for (const [t, a] of [
        [A, old("a1", 1)],
        [B, old("b1", 2)],
        [B, old("b2", 3)],
      ] as const) {
        await store.index.upsert(t, [a]);
        await store.index.markEvented(t, a.id, a.lastUpdateDateTime);
      }
      expect(await shared(store, [A, B])).toEqual([]);
      // a live change of b2 (it drops the hash) is counted before the backfill runs; run twice, nothing counts twice
      await recordAlertChanges(store, B, [alert("b2", { created: 3, updated: 9, evidence: [] })]);
      expect(await backfillIndicators(store, A, { pageSize: 1 })).toBe(1);
      expect(await backfillIndicators(store, B, { pageSize: 1 })).toBe(2);
      await backfillIndicators(store, B);
      // once per tenant: a marker says it ran
      expect(await backfillIndicatorsOnce(store, A)).toBe(1);
      expect(await backfillIndicatorsOnce(store, A)).toBeNull();
      const [rec] = await shared(store, [A, B]);
      expect(rec.tenants.map((t) => [t.tenantId, t.alertCount])).toEqual([
        [B, 1],
        [A, 1],
      ]);
    });
  });
}

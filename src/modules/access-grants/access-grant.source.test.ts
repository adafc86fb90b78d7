import { describe, expect, it } from "vitest";
import type { DocumentStore, Versioned } from "../../store/store.types.js";
import { GRANTS_COLLECTION, type GrantRecord } from "./access-grant.record.js";
import { createAccessGrantSource } from "./access-grant.source.js";

const grant = (over: Partial<GrantRecord>): GrantRecord => ({
  id: "g1",
  tenantId: "t1",
  subject: { kind: "USER", id: "u1", displayName: null },
  role: "TIER1_ANALYST",
  status: "APPROVED",
  source: "REQUEST",
  justification: "x",
  requestedBy: { id: "u1", displayName: "U" },
  requestedAt: "2025-01-01T00:00:00.000Z",
  decidedBy: null,
  decidedAt: null,
  decisionReason: null,
  expiresAt: "2025-01-01T00:01:00.000Z",
  history: [],
  ...over,
});

function docs(records: GrantRecord[]) {
  let reads = 0;
  let fail = false;
  const store = {
    records,
    get reads() {
      return reads;
    },
    failNext() {
      fail = true;
    },
    async list<T>(collection: string): Promise<Versioned<T>[]> {
      reads++;
      if (fail) {
        fail = false;
        throw new Error("store down");
      }
      expect(collection).toBe(GRANTS_COLLECTION);
      return store.records.map((value) => ({ value: value as T, version: 1 }));
    },
  };
  return store;
}

describe("access grant source", () => {
  it("expands * seeds, adds active stored grants, and drops expired ones without re-reading", async () => {
    let clock = Date.parse("2025-01-01T00:00:00Z");
    const store = docs([
      grant({ expiresAt: "2025-01-01T00:00:00.500Z" }),
      grant({ id: "g2", status: "PENDING", expiresAt: null }),
      grant({ id: "g3", status: "REVOKED" }),
    ]);
    const source = createAccessGrantSource({
      documents: store as unknown as DocumentStore,
      seeds: [{ tenantId: "*", subject: { kind: "GROUP", id: "soc" }, role: "TIER2_ANALYST" }],
      tenantIds: () => ["t1", "t2"],
      cacheTtlMs: 1_000,
      now: () => clock,
    });
    expect(await source.activeGrants()).toEqual([
      { tenantId: "t1", subject: { kind: "GROUP", id: "soc" }, role: "TIER2_ANALYST" },
      { tenantId: "t2", subject: { kind: "GROUP", id: "soc" }, role: "TIER2_ANALYST" },
      { tenantId: "t1", subject: { kind: "USER", id: "u1" }, role: "TIER1_ANALYST" },
    ]);
    clock += 500;
    expect(await source.activeGrants()).toHaveLength(2);
    expect(store.reads).toBe(1);
  });

  it("re-reads after the cache TTL or an invalidation, and does not cache failures", async () => {
    let clock = 0;
    const store = docs([]);
    const source = createAccessGrantSource({
      documents: store as unknown as DocumentStore,
      seeds: [],
      tenantIds: () => [],
      cacheTtlMs: 1_000,
      now: () => clock,
    });
    await source.activeGrants();
    await source.activeGrants();
    expect(store.reads).toBe(1);
    clock += 1_000;
    store.records.push(grant({ expiresAt: null }));
    expect(await source.activeGrants()).toHaveLength(1);
    expect(store.reads).toBe(2);
    source.invalidate();
    store.failNext();
    await expect(source.activeGrants()).rejects.toThrow("store down");
    expect(await source.activeGrants()).toHaveLength(1);
    expect(store.reads).toBe(4);
  });

  it("answers with the same grants until one lapses, and anew when the clock goes back", async () => {
    let clock = Date.parse("2025-01-01T00:00:00Z");
    const ids = ["t1"];
    const store = docs([grant({ expiresAt: "2025-01-01T00:00:00.500Z" }), grant({ id: "g2", tenantId: "t2", expiresAt: null })]);
    const source = createAccessGrantSource({
      documents: store as unknown as DocumentStore,
      seeds: [{ tenantId: "*", subject: { kind: "GROUP", id: "soc" }, role: "TIER2_ANALYST" }],
      tenantIds: () => ids,
      cacheTtlMs: 10_000,
      now: () => clock,
    });
    const first = await source.activeGrants();
    expect(first).toHaveLength(3);
    clock += 499;
    expect(await source.activeGrants()).toBe(first);
    clock += 1; // g1 lapses at 500 ms
    const later = await source.activeGrants();
    expect(later.map((g) => g.tenantId)).toEqual(["t1", "t2"]);
    clock -= 100; // a clock stepped back: g1 is active again, as a fresh evaluation says
    expect(await source.activeGrants()).toHaveLength(3);
    expect(store.reads).toBe(1);
  });
});

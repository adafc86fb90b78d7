import { describe, expect, it } from "vitest";
import { defenderAlert } from "../upstream/defender.mapper.js";
import type { SecurityAlert } from "../upstream/upstream.types.js";
import { createMemoryIndex } from "./memory.index.js";

const BASE = Date.parse("2026-01-01T00:00:00Z");
const alert = (i: number): SecurityAlert => {
  const t = new Date(BASE + ((i * 7919) % 100_000) * 1_000).toISOString();
  return defenderAlert({
    id: `da${i}`,
    incidentId: i % 50,
    investigationId: null,
    assignedTo: i % 3 ? null : "analyst@mssp.example",
    severity: ["Low", "Medium", "High"][i % 3],
    status: ["New", "InProgress", "Resolved"][i % 3],
    classification: null,
    determination: null,
    investigationState: null,
    detectionSource: "WindowsDefenderAtp",
    detectorId: null,
    category: "Execution",
    threatFamilyName: null,
    threatName: null,
    title: `Suspicious activity ${i}`,
    description: "PowerShell ran an encoded command",
    alertCreationTime: t,
    firstEventTime: t,
    lastEventTime: t,
    lastUpdateTime: t,
    resolvedTime: null,
    machineId: `m${i % 100}`,
    computerDnsName: null,
    rbacGroupName: null,
    aadTenantId: null,
    mitreTechniques: [],
    relatedUser: null,
    comments: [],
    evidence: [],
  });
};

/** Fills an index with `n` alerts over four tenants, 100 per upsert (a sync page). */
async function filled(n: number) {
  const index = createMemoryIndex();
  const tenants = ["t1", "t2", "t3", "t4"];
  for (let i = 0; i < n; i += 100)
    await index.upsert(
      tenants[(i / 100) % 4],
      Array.from({ length: 100 }, (_, j) => alert(i + j)),
    );
  return { index, tenants };
}

/** Median time of paging 15 pages of 100 from the newest (ms). */
async function medianPageMs(n: number): Promise<number> {
  const { index, tenants } = await filled(n);
  const times: number[] = [];
  let after: string | undefined;
  for (let i = 0; i < 15; i++) {
    const s = performance.now();
    const page = await index.query({
      filter: { tenantIds: tenants },
      orderBy: { field: "lastUpdateDateTime", direction: "DESC" },
      first: 100,
      after,
    });
    times.push(performance.now() - s);
    expect(page.items).toHaveLength(100);
    after = page.cursors.at(-1);
  }
  return times.sort((a, b) => a - b)[7];
}

// Speed itself is measured by `npm run bench` (rows 6 and S1); this checks the shape: a keyset page must not cost
// in proportion to the index. A ratio of medians in one process holds on a busy machine where absolute times do not.
describe("memory index paging", () => {
  it("a page over 20,000 alerts costs about what a page over 2,000 costs (no scan of the index)", async () => {
    await medianPageMs(2_000); // warm-up: the JIT compiles the paging code before either measure
    const small = await medianPageMs(2_000);
    const large = await medianPageMs(20_000);
    // A scan would be ~10× slower on the larger index; keyset paging stays within noise of the small one.
    expect(large / Math.max(small, 0.01)).toBeLessThan(4);
  });
});

describe("memory index: endCursorOnly", () => {
  it("gives only the last item's cursor, the same one a full page gives, and paging by it reads everything once", async () => {
    const { index, tenants } = await filled(400);
    const q = { filter: { tenantIds: tenants }, orderBy: { field: "createdDateTime", direction: "ASC" } as const, first: 30 };
    const full = await index.query(q);
    const bulk = await index.query({ ...q, endCursorOnly: true });
    expect(bulk.items).toEqual(full.items);
    expect(bulk.cursors).toEqual([full.cursors.at(-1)]);
    const seen: string[] = [];
    for (let after: string | undefined; ;) {
      const page = await index.query({ ...q, after, endCursorOnly: true });
      seen.push(...page.items.map((i) => `${i.tenantId}/${i.alert.id}`));
      if (!page.hasNextPage) break;
      after = page.cursors.at(-1);
    }
    expect(seen).toHaveLength(400);
    expect(new Set(seen).size).toBe(400);
  });
});

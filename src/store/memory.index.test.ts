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

// Loose bounds (CI machines vary); the point is the order of magnitude: a page must not scale with the index.
describe("memory index performance", () => {
  it("ingests ≥ 5k alerts/s and serves a 100-item page over 10k alerts in well under 5 ms (p50)", async () => {
    const index = createMemoryIndex();
    const tenants = ["t1", "t2", "t3", "t4"];
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i += 100) {
      await index.upsert(
        tenants[(i / 100) % 4],
        Array.from({ length: 100 }, (_, j) => alert(i + j)),
      );
    }
    const perSecond = 10_000 / ((performance.now() - t0) / 1_000);
    expect(perSecond).toBeGreaterThan(5_000);

    const times: number[] = [];
    let after: string | undefined;
    for (let i = 0; i < 50; i++) {
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
    times.sort((a, b) => a - b);
    expect(times[25]).toBeLessThan(5);
  });
});

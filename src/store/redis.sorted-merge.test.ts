import { describe, expect, it } from "vitest";
import { TIME_KEY_WIDTH } from "./alert-query.js";
import { chunkSize, headsAfter, memberPosition, mergedPositions, pageOfPositions, type MergeHead } from "./redis.sorted-merge.js";

const KEY = (n: number) => String(n).padStart(TIME_KEY_WIDTH, "0");

/** A tenant's sorted set in memory, served in chunks of 2 as the Redis range script would (ascending). */
function refillFrom(sets: Record<string, string[]>) {
  const reads: string[] = [];
  const refill = async (h: MergeHead<{ open: boolean }>) => {
    reads.push(h.tenantId);
    const all = sets[h.tenantId];
    const start = h.next === "-" ? 0 : all.findIndex((m) => `(${m}` === h.next) + 1;
    const chunk = all.slice(start, start + 2);
    h.buf = chunk.map((m) => ({ position: memberPosition(m, h.tenantId), facets: { open: !m.endsWith("closed") } }));
    h.idx = 0;
    h.next = start + 2 >= all.length ? null : `(${chunk[chunk.length - 1]}`;
  };
  return { refill, reads };
}

describe("the shared-mode indexes' page merge", () => {
  it("merges the tenants' sets in page order, skipping members the filter refuses, reading chunks as needed", async () => {
    const { refill, reads } = refillFrom({
      t1: [`${KEY(1)}:a`, `${KEY(3)}:closed`, `${KEY(5)}:c`],
      t2: [`${KEY(2)}:b`, `${KEY(4)}:d`, `${KEY(6)}:e`],
    });
    const page = await mergedPositions(headsAfter<{ open: boolean }>(["t1", "t2"], null, true), {
      first: 3,
      asc: true,
      matches: (f) => f.open,
      refill,
    });
    // one more than `first`: it says another page follows
    expect(page.map((p) => `${p.tenantId}/${p.id}`)).toEqual(["t1/a", "t2/b", "t2/d", "t1/c"]);
    expect(reads.filter((t) => t === "t1")).toHaveLength(2);
  });

  it("starts each tenant right after the cursor: its own set after the member, others by key and tenant order", () => {
    const after = { key: KEY(4), tenantId: "t2", id: "d" };
    expect(headsAfter(["t1", "t2", "t3"], after, true).map((h) => h.next)).toEqual([`[${KEY(4)};`, `(${KEY(4)}:d`, `[${KEY(4)}`]);
    expect(headsAfter(["t1", "t2", "t3"], after, false).map((h) => h.next)).toEqual([`(${KEY(4)};`, `(${KEY(4)}:d`, `(${KEY(4)}`]);
    expect(headsAfter(["t1"], null, false)[0].next).toBe("+");
  });

  it("pages the first `first` positions, leaves out a member without an item, and says whether more follow", () => {
    const positions = ["a", "b", "c"].map((id, i) => ({ key: KEY(i), tenantId: "t1", id }));
    const page = pageOfPositions(positions, 2, ["A", null], (p) => `cursor-${p.id}`);
    expect(page).toEqual({ items: ["A"], cursors: ["cursor-a"], hasNextPage: true });
    expect(pageOfPositions(positions.slice(0, 2), 2, ["A", "B"], (p) => p.id).hasNextPage).toBe(false);
  });

  it("reads the page plus one unfiltered, more when filtered, at most 1,000", () => {
    expect(chunkSize(25, false)).toBe(26);
    expect(chunkSize(25, true)).toBe(200);
    expect(chunkSize(100, true)).toBe(404);
    expect(chunkSize(1_000, false)).toBe(1_000);
  });
});

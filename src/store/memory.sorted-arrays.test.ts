import { describe, expect, it } from "vitest";
import { applyBatch, mergeHeads, SORTED_BY } from "./memory.sorted-arrays.js";

describe("mergeHeads", () => {
  const byNumber = (a: number, b: number) => a - b;
  const tenants = () => [
    { arr: [1, 4, 7, 10], pos: 0 },
    { arr: [2, 3, 8], pos: 0 },
    { arr: [], pos: 0 },
    { arr: [5, 6, 9], pos: 0 },
  ];

  it("takes the next entries across heads in order, up to the limit", () => {
    expect(mergeHeads(tenants(), 1, 6, () => true, byNumber)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(mergeHeads(tenants(), 1, 100, () => true, byNumber)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("walks descending from each head's position and leaves the heads after what it took", () => {
    const heads = tenants().map((h) => ({ ...h, pos: h.arr.length - 1 }));
    expect(mergeHeads(heads, -1, 4, () => true, byNumber)).toEqual([10, 9, 8, 7]);
    expect(heads.map((h) => h.pos)).toEqual([1, 1, -1, 1]);
  });

  it("skips entries the filter refuses, testing each entry once", () => {
    const tested: number[] = [];
    const even = (n: number) => (tested.push(n), n % 2 === 0);
    expect(mergeHeads(tenants(), 1, 3, even, byNumber)).toEqual([2, 4, 6]);
    expect(new Set(tested).size).toBe(tested.length);
  });
});

describe("applyBatch", () => {
  const entry = (key: string, id: string) => ({ tenantId: "t", id, updatedKey: key, createdKey: key, cursors: null });
  const ids = (arr: { id: string }[]) => arr.map((e) => e.id);

  it("keeps (time key, id) order whether a batch is spliced (few changes) or merged (many)", () => {
    for (const size of [3, 40]) {
      const base = Array.from({ length: 30 }, (_, i) => entry(String(i % 10).padStart(2, "0"), `b${i}`)).sort(SORTED_BY.byUpdated);
      const removed = new Set(base.filter((_, i) => i % 7 === 0));
      const added = Array.from({ length: size }, (_, i) => entry(String((i * 3) % 10).padStart(2, "0"), `a${i}`));
      const want = [...base.filter((e) => !removed.has(e)), ...added].sort(SORTED_BY.byUpdated);
      expect(ids(applyBatch([...base], removed, added, SORTED_BY.byUpdated)), `batch of ${size}`).toEqual(ids(want));
    }
  });

  it("leaves out an entry added and removed in the same batch", () => {
    const gone = entry("05", "x");
    expect(ids(applyBatch([entry("01", "a")], new Set([gone]), [gone, entry("03", "b")], SORTED_BY.byUpdated))).toEqual(["a", "b"]);
  });
});

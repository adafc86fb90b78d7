import { describe, expect, it } from "vitest";
import { mergeHeads } from "./memory.sorted-arrays.js";

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

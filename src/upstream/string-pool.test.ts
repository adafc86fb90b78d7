import { describe, expect, it } from "vitest";
import { createListPool, createRunSharer } from "./string-pool.js";

// Which copy of an equal string comes back is not observable from JavaScript (strings compare by value): the memory it
// saves is measured by bench row 6. These tests pin what callers rely on: the value is never changed.
describe("createRunSharer", () => {
  it("returns every value unchanged, whatever came before", () => {
    const same = createRunSharer();
    const seq = ["2026-11-30T10:00:00.000Z", "2026-11-30T10:00:00.000Z", null, "2026-11-30T11:00:00.000Z", undefined, ""];
    expect(seq.map((s) => same(s))).toEqual(seq);
  });
});

describe("createListPool", () => {
  it("hands out one frozen list per distinct content, equal to what it was given", () => {
    const lists = createListPool();
    const a = lists(["T1059", "T1566"]);
    expect(a).toEqual(["T1059", "T1566"]);
    expect(Object.isFrozen(a)).toBe(true);
    expect(lists(["T1059", "T1566"])).toBe(a);
    expect(lists(["T1566", "T1059"])).not.toBe(a);
    expect(lists(["T1059"])).toEqual(["T1059"]);
    expect(lists([])).toBe(lists([]));
    expect(lists.size).toBe(3);
  });

  it("never mixes up lists whose joined keys collide", () => {
    const lists = createListPool();
    const joined = lists(["a\u0000b"]);
    const two = lists(["a", "b"]);
    expect(joined).toEqual(["a\u0000b"]);
    expect(two).toEqual(["a", "b"]);
    expect(lists(["a", "b"])).toEqual(["a", "b"]);
  });

  it("returns long lists and lists met once full as copies, not pooled", () => {
    const lists = createListPool({ maxEntries: 1, maxItems: 2 });
    const long = ["1", "2", "3"];
    const got = lists(long);
    expect(got).toEqual(long);
    expect(got).not.toBe(long);
    expect(lists(["1", "2", "3"])).not.toBe(got);
    lists(["x"]);
    const late = lists(["y"]);
    expect(late).toEqual(["y"]);
    expect(lists(["y"])).not.toBe(late);
    expect(lists.size).toBe(1);
  });
});

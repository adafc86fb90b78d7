import { describe, expect, it } from "vitest";
import { createRunSharer } from "./string-pool.js";

// Which copy of an equal string comes back is not observable from JavaScript (strings compare by value): the memory it
// saves is measured by bench row 6. These tests pin what callers rely on: the value is never changed.
describe("createRunSharer", () => {
  it("returns every value unchanged, whatever came before", () => {
    const same = createRunSharer();
    const seq = ["2026-11-30T10:00:00.000Z", "2026-11-30T10:00:00.000Z", null, "2026-11-30T11:00:00.000Z", undefined, ""];
    expect(seq.map((s) => same(s))).toEqual(seq);
  });
});

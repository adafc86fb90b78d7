import { describe, expect, it } from "vitest";
import { oncePerRecord } from "./event-shape.memo.js";

describe("oncePerRecord", () => {
  it("maps a record once and hands every group the same shape; forgets records once it holds max of them", () => {
    let calls = 0;
    const shape = oncePerRecord((r: { n: number }) => ({ n: r.n, call: ++calls }), 2);
    const a = { n: 1 };
    const b = { n: 2 };
    expect(shape(a)).toBe(shape(a));
    expect(calls).toBe(1);
    shape(b);
    expect(calls).toBe(2);
    // a third record clears what was held (bounded memory), so `a` is mapped again, equal but new
    shape({ n: 3 });
    expect(shape(a)).toEqual({ n: 1, call: 4 });
    // equal records are different events: keyed by identity, not content
    expect(shape({ n: 1 })).not.toBe(shape(a));
  });
});

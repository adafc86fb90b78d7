import { describe, expect, it, vi } from "vitest";
import { settleHeap } from "./heap.settle.js";

describe("settleHeap", () => {
  it("runs the exposed collector once and reports how long it took", () => {
    const gc = vi.fn();
    const ms = settleHeap(gc);
    expect(gc).toHaveBeenCalledTimes(1);
    expect(ms).toBeGreaterThanOrEqual(0);
  });

  it("does nothing when the process was started without --expose-gc", () => {
    expect(settleHeap(undefined)).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { createBufferBudget } from "./buffer.budget.js";

describe("live buffer budget", () => {
  it("sheds only a connection that is behind once the process budget is spent, and frees what a closed one held", () => {
    const budget = createBufferBudget(100);
    const slow = budget.open();
    const fast = budget.open();
    expect(slow.tryAdd(80)).toBe(true);
    // Over budget, but `fast` has nothing pending: a reader that keeps up is never shed for another's backlog.
    expect(fast.tryAdd(50)).toBe(true);
    fast.release(50);
    expect(slow.tryAdd(30)).toBe(false);
    expect(slow.pending).toBe(80);
    expect(budget.used()).toBe(80);
    slow.close();
    slow.release(80); // late write callbacks of a closed connection change nothing
    expect(budget.used()).toBe(0);
    expect(fast.tryAdd(100)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { createQuota } from "../../src/simulator/quota.limiter.js";

describe("sliding-window budget", () => {
  it("refuses the call over the per-minute limit until the oldest call leaves the window", () => {
    const budget = createQuota({ perMinute: 3, perHour: 100 });
    const t0 = 1_000_000;
    expect([0, 10_000, 20_000].map((dt) => budget.take(t0 + dt).ok)).toEqual([true, true, true]);
    expect(budget.take(t0 + 30_000)).toEqual({ ok: false, retryAfterSec: 30 });
    expect(budget.take(t0 + 59_999)).toEqual({ ok: false, retryAfterSec: 1 });
    expect(budget.take(t0 + 60_001).ok).toBe(true);
    expect(budget.take(t0 + 60_002)).toEqual({ ok: false, retryAfterSec: 10 });
  });

  it("applies the per-hour limit and forgets calls older than an hour", () => {
    const budget = createQuota({ perMinute: 100, perHour: 2 });
    expect(budget.take(0).ok && budget.take(120_000).ok).toBe(true);
    expect(budget.take(180_000)).toEqual({ ok: false, retryAfterSec: 3_420 });
    expect(budget.take(3_600_001).ok).toBe(true);
    budget.reset();
    expect(budget.take(3_600_002).ok && budget.take(3_600_003).ok).toBe(true);
  });

  it("stays correct with many calls", () => {
    const budget = createQuota({ perMinute: 1_000_000, perHour: 5_000 });
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) if (budget.take(i * 10).ok) accepted++;
    // 200 s of calls every 10 ms: the hour window caps them at 5000.
    expect(accepted).toBe(5_000);
  });
});

import { describe, expect, it } from "vitest";
import { createSubscriptionLifetime } from "./subscription.lifetime.js";

describe("subscription lifetime", () => {
  it("stays pending until failed, then rejects once and is done", async () => {
    let stopped = 0;
    const l = createSubscriptionLifetime(() => stopped++);
    const next = l.iterator.next();
    l.fail(new Error("CURSOR_EXPIRED"));
    await expect(next).rejects.toThrow("CURSOR_EXPIRED");
    expect(await l.iterator.next()).toEqual({ value: undefined, done: true });
    expect(l.ended).toBe(true);
    expect(stopped).toBe(0); // a failure comes from the engine: nothing to stop
  });

  it("runs onReturn once when the consumer returns early (client completed, socket closed)", async () => {
    let stopped = 0;
    const l = createSubscriptionLifetime(() => stopped++);
    const next = l.iterator.next();
    await l.iterator.return!();
    await l.iterator.return!();
    expect(await next).toEqual({ value: undefined, done: true });
    expect(stopped).toBe(1);
    l.end();
    expect(await l.iterator.next()).toEqual({ value: undefined, done: true });
  });
});

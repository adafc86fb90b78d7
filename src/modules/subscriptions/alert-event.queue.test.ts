import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { createEventQueue } from "./alert-event.queue.js";
import { slowConsumer } from "./alert-event.service.js";

describe("event queue", () => {
  it("fails a consumer that falls more than maxPending behind with SLOW_CONSUMER at once (it resumes from its last cursor)", async () => {
    let closed = 0;
    const q = createEventQueue<number>({ maxPending: 3, overflowError: () => slowConsumer(3), onClose: () => closed++ });
    q.push(1);
    expect(await q.iterator.next()).toEqual({ value: 1, done: false });
    for (let i = 2; i <= 6; i++) q.push(i); // nobody reads: the 4th waiting value overflows
    const seen: number[] = [];
    const failure = await (async () => {
      try {
        for (;;) {
          const r = await q.iterator.next();
          if (r.done) return null;
          seen.push(r.value);
        }
      } catch (e) {
        return e as { extensions?: { code?: string } };
      }
    })();
    // what was waiting is dropped: the client re-reads it by resuming after the last cursor it got (1)
    expect(seen).toEqual([]);
    expect(failure?.extensions?.code).toBe("SLOW_CONSUMER");
    expect(closed).toBe(1);
    expect(q.ended).toBe(true);
  });

  it("ends normally and runs onClose once when the consumer returns early", async () => {
    let closed = 0;
    const q = createEventQueue<string>({ maxPending: 10, overflowError: () => new Error("overflow"), onClose: () => closed++ });
    q.push("a");
    await q.iterator.return!();
    q.push("b");
    expect(await q.iterator.next()).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
  });
});

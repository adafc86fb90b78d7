import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../logger.js";
import { createMemoryStore } from "../store/memory.store.js";
import type { ChangeFeed } from "../upstream/upstream.types.js";
import { createSyncManager } from "./sync.loop.js";

describe("sync manager scheduling", () => {
  afterEach(() => vi.useRealTimers());

  it("a tenant polled on demand before its first scheduled poll is not polled again moments later, and keeps its interval", async () => {
    vi.useFakeTimers();
    let polls = 0;
    const feed: ChangeFeed<{ id: string }> = {
      changedSince: () => {
        polls++;
        return (async function* () {})();
      },
      id: (a) => a.id,
      updatedAt: () => null,
    };
    const store = createMemoryStore();
    const sync = createSyncManager(
      { pollIntervalMs: 60_000, backfillMs: 60_000, overlapMs: 0, pageSize: 10, leaseMs: 15_000 },
      {
        tenantIds: () => ["a", "b", "c"],
        alerts: feed,
        record: () => Promise.resolve([]),
        documents: store.documents,
        leases: store.leases,
        holder: "test",
        logger: createLogger("silent"),
      },
    );
    sync.start(); // first polls 50 ms apart: a at 0, b at 50, c at 100
    await sync.syncNow("c");
    expect(polls).toBe(1);
    await vi.advanceTimersByTimeAsync(150);
    expect(polls).toBe(3); // a and b; c's first scheduled poll gave way to the one on demand
    await vi.advanceTimersByTimeAsync(60_000);
    expect(polls).toBe(6); // each once more, a full interval after its last poll
    await sync.stop();
  });
});

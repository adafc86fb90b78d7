import { describe, expect, it } from "vitest";
import { acknowledgeEvent, checkFence, claimEvent, claimPending, type EventClaim } from "./memory.event-claims.js";
import { StaleFenceError } from "./store.errors.js";

const entry = (over: Partial<EventClaim> = {}): EventClaim => ({
  updatedKey: "k2",
  evented: null,
  claimed: null,
  claimUntil: 0,
  claimToken: 0,
  ...over,
});

describe("event claims of the embedded indexes", () => {
  it("claims a version without an event once, until the claim expires", () => {
    const e = entry();
    expect(claimEvent(e, 1_000, 0, 30_000)).toBe(true);
    expect(e).toMatchObject({ claimed: "k2", claimUntil: 31_000 });
    expect(claimEvent(e, 2_000, 0, 30_000)).toBe(false);
    // the reporter died before appending: reported again after the TTL
    expect(claimEvent(e, 31_001, 0, 30_000)).toBe(true);
  });

  it("lets a newer lease holder take over an older holder's live claim, not the reverse", () => {
    const e = entry();
    expect(claimEvent(e, 1_000, 5, 30_000)).toBe(true);
    expect(claimEvent(e, 1_001, 4, 30_000)).toBe(false);
    expect(claimEvent(e, 1_002, 6, 30_000)).toBe(true);
    expect(e.claimToken).toBe(6);
  });

  it("reports nothing for a version whose event is in the log; a newer version is claimed again", () => {
    const e = entry();
    claimEvent(e, 1_000, 0, 30_000);
    expect(acknowledgeEvent(e, "k2")).toBe(true);
    expect(e.claimed).toBeNull();
    expect(claimEvent(e, 1_001, 0, 30_000)).toBe(false);
    e.updatedKey = "k3";
    expect(claimEvent(e, 1_002, 0, 30_000)).toBe(true);
    // an older version's acknowledgement neither lowers `evented` nor releases the newer claim
    expect(acknowledgeEvent(e, "k1")).toBe(false);
    expect(e).toMatchObject({ evented: "k2", claimed: "k3" });
  });

  it("sweeps pending entries up to the limit and drops those already evented", () => {
    const done = entry({ evented: "k2" });
    const a = entry({ updatedKey: "a" });
    const b = entry({ updatedKey: "b" });
    const c = entry({ updatedKey: "c" });
    const pending = new Set([done, a, b, c]);
    const claimed = claimPending(pending, 2, (e) => (claimEvent(e, 1_000, 0, 30_000) ? e : null));
    expect(claimed.map((e) => e.updatedKey)).toEqual(["a", "b"]);
    expect([...pending].map((e) => e.updatedKey)).toEqual(["a", "b", "c"]);
  });

  it("refuses a writer whose fencing token is older than the lease's newest", () => {
    expect(() => checkFence({ leaseName: "sync:t1", token: 3 }, () => 4)).toThrow(StaleFenceError);
    expect(() => checkFence({ leaseName: "sync:t1", token: 4 }, () => 4)).not.toThrow();
    expect(() => checkFence(undefined, () => 4)).not.toThrow();
  });
});

import { describe, expect, it } from "vitest";
import type { Principal } from "../auth/principal.js";
import { buildAccessScope, Permission, type AccessScope, type ActiveGrant } from "../auth/roles.js";
import { cursorExpired, serviceUnavailable } from "../errors/errors.js";
import { createLogger } from "../logger.js";
import { StoreUnavailableError } from "../store/store-unavailable.js";
import type { AlertEventRecord, EventLog, NewAlertEvent } from "../store/store.types.js";
import { waitFor } from "../../test/helpers/wait.js";
import { defenderAlert } from "../upstream/defender.mapper.js";
import type { DefenderAlert } from "../upstream/defender.types.js";
import {
  createAlertEventHub,
  type AlertEventHubDeps,
  type AlertEventHubOptions,
  type LiveEventFilter,
  type LiveSubscriberSpec,
} from "./event.hub.js";
import { createReplayGate } from "./replay.gate.js";

const logger = createLogger("silent");

/** An event log whose live feed can be held back, to reproduce every interleaving at the seam. */
function fakeLog() {
  const entries: AlertEventRecord[] = [];
  const listeners = new Set<(e: AlertEventRecord) => void>();
  let held: AlertEventRecord[] | null = null;
  let seq = 0;
  let trimmedBefore: string | null = null;
  const log: EventLog & { hold(): void; release(): void; trimTo(cursor: string): void; onRead?: () => Promise<void> | void } = {
    append(e: NewAlertEvent) {
      const rec = { ...e, cursor: `1700000000000-${seq++}`, at: new Date().toISOString() };
      entries.push(rec);
      if (held) held.push(rec);
      else for (const l of listeners) l(rec);
      return Promise.resolve(rec);
    },
    appendChange: (e: NewAlertEvent) => log.append(e),
    async read(after, limit) {
      await log.onRead?.();
      if (after && trimmedBefore && Number(after.split("-")[1]) < Number(trimmedBefore.split("-")[1])) throw cursorExpired(after);
      const start = after === null ? 0 : entries.findIndex((e) => e.cursor === after) + 1;
      return entries.slice(start, start + limit);
    },
    latestCursor() {
      return Promise.resolve(entries.at(-1)?.cursor ?? null);
    },
    listen(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    hold() {
      held = [];
    },
    release() {
      const h = held ?? [];
      held = null;
      for (const rec of h) for (const l of listeners) l(rec);
    },
    trimTo(cursor) {
      trimmedBefore = cursor;
    },
  };
  return log;
}

const alert = (id: string, extra: Partial<DefenderAlert> = {}) =>
  defenderAlert({
    id,
    title: `alert ${id}`,
    severity: "High",
    status: "New",
    lastUpdateTime: new Date().toISOString(),
    ...extra,
  } as DefenderAlert);

/** A filter on tenants and severities (the real one is compiled in modules/subscriptions). */
const compileAlertEventFilter = (tenants: string[] | null, f: { severities?: string[] }): LiveEventFilter => ({
  matches: ({ tenantId, alert: a }) =>
    (!tenants || tenants.includes(tenantId)) && (!f.severities || f.severities.includes(a.severity ?? "")),
});

const principal = (userId: string): Principal => ({
  userId,
  appId: null,
  displayName: userId,
  username: null,
  groups: [],
  groupsComplete: true,
  appRoles: [],
  isAdmin: false,
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
  issuerTenantId: null,
});

function setup(opts: Partial<AlertEventHubOptions> = {}, extraDeps: Partial<AlertEventHubDeps<AccessScope>> = {}) {
  const log = fakeLog();
  let grants: ActiveGrant[] = [
    { tenantId: "t1", subject: { kind: "USER", id: "alice" }, role: "TIER1_ANALYST" },
    { tenantId: "t2", subject: { kind: "USER", id: "alice" }, role: "TIER1_ANALYST" },
    { tenantId: "t1", subject: { kind: "USER", id: "bob" }, role: "TIER1_ANALYST" },
  ];
  const hub = createAlertEventHub(
    {
      events: log,
      scopeFor: (p) => Promise.resolve(buildAccessScope(p, grants)),
      canRead: (scope, t) => scope.can(t, Permission.READ_ALERTS),
      logger,
      ...extraDeps,
    },
    { scopeTtlMs: 0, replayPageSize: 3, replayBufferMax: 1_000, ...opts },
  );
  const append = (tenantId: string, id: string, extra: Partial<DefenderAlert> = {}) =>
    log.append({ kind: "CREATED", tenantId, alertId: id, alert: alert(id, extra) });
  const subscribe = (user: string, extra: Partial<LiveSubscriberSpec<string, AccessScope>> = {}) => {
    const got: string[] = [];
    const state = { got, error: null as unknown, ended: false, renders: 0 };
    const sub = hub.subscribe<string>({
      principal: principal(user),
      after: null,
      filter: compileAlertEventFilter(null, {}),
      shareKey: "doc",
      render: (r) => {
        state.renders++;
        return `${r.tenantId}/${r.alertId}`;
      },
      deliver: (v) => got.push(v),
      fail: (e) => (state.error = e),
      end: () => (state.ended = true),
      ...extra,
    });
    return Object.assign(state, { sub });
  };
  return { log, hub, append, subscribe, setGrants: (g: ActiveGrant[]) => (grants = g) };
}

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe("alert event hub", () => {
  it("delivers live events in order, only of readable tenants", async () => {
    const { append, subscribe } = setup();
    const bob = subscribe("bob");
    for (let i = 0; i < 5; i++) await append(i % 2 ? "t2" : "t1", `a${i}`);
    await until(() => bob.got.length === 3, "bob's events");
    expect(bob.got).toEqual(["t1/a0", "t1/a2", "t1/a4"]);
  });

  it("matches an event once per group of equal filter keys, and per subscriber without one", async () => {
    const { append, hub, subscribe } = setup();
    let matched = 0;
    const counting = (severity: string): LiveEventFilter => ({ matches: ({ alert: a }) => (matched++, a.severity === severity) });
    const high = [1, 2, 3].map(() => subscribe("alice", { filter: counting("HIGH"), filterKey: "high" }));
    const low = subscribe("alice", { filter: counting("LOW"), filterKey: "low" });
    const unkeyed = [1, 2].map(() => subscribe("alice", { filter: counting("HIGH") }));
    expect(hub.stats().groups).toBe(3);
    await append("t1", "a0");
    await until(() => [...high, ...unkeyed].every((s) => s.got.length === 1), "deliveries");
    expect(high.map((s) => s.got)).toEqual([["t1/a0"], ["t1/a0"], ["t1/a0"]]);
    expect(low.got).toEqual([]);
    // One match for the three keyed "high" subscribers, one for "low", one per unkeyed subscriber.
    expect(matched).toBe(4);
    // Rendered once per group whatever the filter grouping.
    expect(high.reduce((n, s) => n + s.renders, 0)).toBe(1);
  });

  it("replays from a cursor then continues live, without gap or duplicate at the seam", async () => {
    const { log, append, subscribe } = setup();
    const first = await append("t1", "a0");
    for (let i = 1; i < 8; i++) await append("t1", `a${i}`);
    // Appends land while the subscriber is replaying, and the live feed lags behind the log.
    let reads = 0;
    log.onRead = async () => {
      if (++reads <= 3) {
        log.hold();
        await append("t1", `during${reads}`);
        log.release();
        await append("t1", `held${reads}`);
      }
    };
    const alice = subscribe("alice", { after: first.cursor });
    await until(() => !alice.sub.replaying, "catch-up");
    await append("t1", "after");
    await until(() => alice.got.at(-1) === "t1/after", "live event");
    const expected = (await log.read(first.cursor, 1_000)).map((r) => `${r.tenantId}/${r.alertId}`);
    expect(alice.got).toEqual(expected);
    expect(new Set(alice.got).size).toBe(alice.got.length);
  });

  it("does not deliver twice when the live feed lags behind the log read", async () => {
    const { log, append, subscribe } = setup();
    const first = await append("t1", "a0");
    log.hold(); // the next events are in the log, but the listener sees them only after catch-up
    await append("t1", "a1");
    await append("t1", "a2");
    const alice = subscribe("alice", { after: first.cursor });
    await until(() => !alice.sub.replaying, "catch-up");
    log.release();
    await append("t1", "a3");
    await until(() => alice.got.length >= 3, "events");
    await new Promise((r) => setImmediate(r));
    expect(alice.got).toEqual(["t1/a1", "t1/a2", "t1/a3"]);
  });

  it("falls back to re-reading the log when the replay buffer overflows", async () => {
    const { log, append, subscribe } = setup({ replayBufferMax: 2 });
    const first = await append("t1", "a0");
    let reads = 0;
    log.onRead = async () => {
      if (++reads === 1) for (let i = 0; i < 5; i++) await append("t1", `burst${i}`);
    };
    const alice = subscribe("alice", { after: first.cursor });
    await until(() => !alice.sub.replaying, "catch-up");
    expect(alice.got).toEqual(["t1/burst0", "t1/burst1", "t1/burst2", "t1/burst3", "t1/burst4"]);
  });

  it("renders an event once per (principal, share key) group", async () => {
    const { append, subscribe } = setup();
    const subs = Array.from({ length: 50 }, () => subscribe("alice"));
    const other = subscribe("alice", { shareKey: "another document" });
    await append("t1", "a0");
    await until(() => subs.every((s) => s.got.length === 1) && other.got.length === 1, "deliveries");
    expect(subs.reduce((n, s) => n + s.renders, 0)).toBe(1);
    expect(other.renders).toBe(1);
  });

  it("re-checks authorization per event: a revoked grant stops delivery without resubscribing", async () => {
    const { append, subscribe, setGrants } = setup();
    const bob = subscribe("bob");
    await append("t1", "before");
    await until(() => bob.got.length === 1, "first event");
    setGrants([]);
    await append("t1", "after");
    await append("t1", "after2");
    await new Promise((r) => setTimeout(r, 20));
    expect(bob.got).toEqual(["t1/before"]);
  });

  it("applies the subscriber's filter", async () => {
    const { append, subscribe } = setup();
    const alice = subscribe("alice", { filter: compileAlertEventFilter(["t2"], { severities: ["LOW"] }) });
    await append("t2", "high", { severity: "High" });
    await append("t1", "low-t1", { severity: "Low" });
    await append("t2", "low", { severity: "Low" });
    await until(() => alice.got.length === 1, "filtered event");
    expect(alice.got).toEqual(["t2/low"]);
  });

  it("fails with CURSOR_EXPIRED when the cursor is older than the retention", async () => {
    const { log, append, subscribe } = setup();
    const old = await append("t1", "a0");
    const kept = await append("t1", "a1");
    log.trimTo(kept.cursor);
    const alice = subscribe("alice", { after: old.cursor });
    await until(() => alice.error !== null, "failure");
    expect((alice.error as { extensions: { code: string } }).extensions.code).toBe("CURSOR_EXPIRED");
  });

  it("stops delivering after close, and ends everyone when the hub closes", async () => {
    const { hub, append, subscribe } = setup();
    const a = subscribe("alice");
    const b = subscribe("alice");
    a.sub.close();
    await append("t1", "x");
    await until(() => b.got.length === 1, "b's event");
    expect(a.got).toEqual([]);
    await hub.close();
    expect(b.ended).toBe(true);
    expect(hub.stats().subscribers).toBe(0);
  });

  it("runs at most the gate's number of replays at once; the others wait and then catch up in full", async () => {
    const gate = createReplayGate({ maxConcurrent: 2, maxPerCaller: 1 });
    const { log, append, subscribe } = setup({}, { replayGate: gate });
    const first = await append("t1", "a0");
    for (let i = 1; i < 5; i++) await append("t1", `a${i}`);
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    log.onRead = () => blocked;
    const subs = [
      subscribe("alice", { after: first.cursor }),
      subscribe("alice", { after: first.cursor }),
      subscribe("bob", { after: first.cursor }),
    ];
    await until(() => gate.stats().running === 2, `two replays running (${JSON.stringify(gate.stats())})`);
    // alice's second replay waits for her first (one per caller); bob's runs beside it.
    expect(gate.stats()).toEqual({ running: 2, waiting: 1 });
    release();
    await until(() => subs.every((s) => !s.sub.replaying), "every catch-up");
    expect(gate.stats()).toEqual({ running: 0, waiting: 0 });
    expect(subs[0].got).toEqual(["t1/a1", "t1/a2", "t1/a3", "t1/a4"]);
    expect(subs[1].got).toEqual(subs[0].got);
    expect(subs[2].got).toEqual(subs[0].got.filter((g) => g.startsWith("t1")));
  });

  it("rides out a store that does not answer: a replay read that times out is retried, not the end of the subscription", async () => {
    const { log, append, subscribe } = setup();
    const first = await append("t1", "a0");
    for (let i = 1; i < 5; i++) await append("t1", `a${i}`);
    let failures = 2;
    log.onRead = () => {
      if (failures-- > 0) throw new StoreUnavailableError({ cause: new Error("Command timed out") });
    };
    const alice = subscribe("alice", { after: first.cursor });
    await waitFor(() => !alice.sub.replaying, { timeoutMs: 10_000, what: "catch-up after the retries" });
    await append("t1", "a5");
    await waitFor(() => alice.got.length === 5, { timeoutMs: 10_000, what: "the live event" });
    expect(alice.error).toBeNull();
    expect(alice.got).toEqual(["t1/a1", "t1/a2", "t1/a3", "t1/a4", "t1/a5"]);
  });

  it("a live group whose access scope cannot be read for a moment gets the event later, in order, instead of failing", async () => {
    let failures = 0;
    const { append, subscribe, setGrants } = setup(
      {},
      {
        scopeFor: (p) => {
          if (failures-- > 0) return Promise.reject(serviceUnavailable("the gateway's store is unavailable; retry shortly"));
          return Promise.resolve(buildAccessScope(p, [{ tenantId: "t1", subject: { kind: "USER", id: "bob" }, role: "TIER1_ANALYST" }]));
        },
      },
    );
    setGrants([]);
    const bob = subscribe("bob");
    await append("t1", "a0");
    await waitFor(() => bob.got.length === 1, { timeoutMs: 10_000, what: "the first event" });
    failures = 2;
    await append("t1", "a1");
    await append("t1", "a2");
    await waitFor(() => bob.got.length === 3, { timeoutMs: 10_000, what: "the events after the blip" });
    expect(bob.error).toBeNull();
    expect(bob.got).toEqual(["t1/a0", "t1/a1", "t1/a2"]);
  });

  it("still fails a replay at once on an error that is not the store's silence", async () => {
    const { log, append, subscribe } = setup();
    const first = await append("t1", "a0");
    await append("t1", "a1");
    log.onRead = () => {
      throw new Error("WRONGTYPE");
    };
    const alice = subscribe("alice", { after: first.cursor });
    await waitFor(() => alice.error !== null, { timeoutMs: 10_000, what: "the failure" });
    expect((alice.error as Error).message).toBe("WRONGTYPE");
  });
});

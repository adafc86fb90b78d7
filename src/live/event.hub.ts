import { GraphQLError } from "graphql";
import type { Principal } from "../auth/principal.js";
import { ErrorCode } from "../errors/errors.js";
import type { Logger } from "../logger.js";
import { traceEventDelivery } from "../observability/tracing.js";
import { StoreUnavailableError } from "../store/store-unavailable.js";
import type { ChangeLog, ChangeRecord } from "../store/change-log.types.js";
import type { AlertEventRecord } from "../store/store.types.js";
import { compareEventCursors as compareCursors } from "./event.cursor.js";
import type { ReplayGate } from "./replay.gate.js";

/** What a subscriber asked for, compiled (see modules/subscriptions/*-event.filter.ts); authorization is separate. */
export interface LiveEventFilter<R extends ChangeRecord = AlertEventRecord> {
  matches(record: R): boolean;
}

/**
 * The process-wide fan-out of one event log's events to live subscribers (every transport goes through it). One hub
 * per log: alerts and incidents each have theirs, with the same guarantees; `R` is the log's record type.
 *
 * - One listener on the event log per process; every event is matched against subscribers in memory.
 * - Subscribers are grouped by (principal, share key = document + variables, filter key): an event is
 *   matched and authorized once per group against the principal's *current* access scope (cached
 *   `scopeTtlMs`), and rendered (the GraphQL selection executed) once per group, however many sockets are in
 *   it. A member is its callbacks, its cursor and its group's keys.
 * - Replay then live, with no gap and no duplicate: a subscriber with `after` is registered (buffering
 *   live events) before it reads the log from `after`; once caught up it drains the buffer and joins
 *   its group. Every delivery is guarded by cursor order, so an event seen both in the log read and in
 *   the live buffer is delivered once.
 * - Deliveries happen in log order: renders of consecutive events run concurrently, but event N is
 *   handed to the transports only after event N-1.
 * - Replays render per subscriber, so at most `replayGate`'s number run at once (process, caller); the
 *   others wait for a slot while buffering live events.
 */
export interface EventHubOptions {
  /**
   * How long a principal's access scope is reused across events, ms. A revoked grant stops delivery
   * within this plus the grant source's own cache (≤ 2 s). Default 1,000.
   */
  scopeTtlMs: number;
  /** Events per log read while a subscriber replays from its cursor. Default 500. */
  replayPageSize: number;
  /**
   * Live events buffered per replaying subscriber. Beyond it the buffer is dropped and the subscriber
   * re-reads the log instead (nothing is lost: the log has every event). Default 10,000.
   */
  replayBufferMax: number;
}

export type AlertEventHubOptions = EventHubOptions;

/** What the hub needs from the rest of the gateway, passed in by the composition root. `S` is the access scope type. */
export interface EventHubDeps<R extends ChangeRecord, S = unknown> {
  events: ChangeLog<R>;
  /** What the events are about, for logs and traces (`alert`, `incident`). Default `alert`. */
  subject?: string;
  /** The principal's access scope right now (from active grants). */
  scopeFor(principal: Principal): Promise<S>;
  /** True when the scope allows reading the subjects (and so the events) of this tenant. */
  canRead(scope: S, tenantId: string): boolean;
  /** Bounds concurrent replays (process-wide and per caller); without it replays start at once. */
  replayGate?: ReplayGate;
  logger: Logger;
}

export type AlertEventHubDeps<S = unknown> = EventHubDeps<AlertEventRecord, S>;

export interface LiveSubscriberSpec<T, S = unknown, R extends ChangeRecord = AlertEventRecord> {
  principal: Principal;
  /** Replay every event strictly after this cursor, then continue live; null = live events only. */
  after: string | null;
  /** What the subscriber asked for (authorization is checked separately, per event). */
  filter: LiveEventFilter<R>;
  /**
   * Equal keys mean equivalent filters (e.g. the root field's arguments but `after`): subscribers with equal
   * principal, share key and filter key form one group, whose events are matched once for all of them.
   * Without it, each subscriber's filter is applied to each event.
   */
  filterKey?: string;
  /** Subscribers of the same principal with equal keys receive the same rendering of an event (rendered once). */
  shareKey: string;
  /** Turns an authorized, matching event into what the subscriber receives (e.g. executes its selection). */
  render(record: R, scope: S): Promise<T> | T;
  /** Hands a rendering to the transport: in log order, at most once per cursor, never after close/fail. */
  deliver(value: T, record: R): void;
  /** The subscription failed (e.g. CURSOR_EXPIRED, or rendering threw); nothing follows. */
  fail(error: unknown): void;
  /** The hub shut down (process draining); nothing follows. */
  end(): void;
}

export interface LiveSubscription {
  /** Cursor of the newest event processed for this subscriber (delivered or skipped), null before any. */
  readonly lastCursor: string | null;
  /** True while the subscriber is still catching up from its `after` cursor. */
  readonly replaying: boolean;
  /** Stops deliveries. Idempotent; calls neither `fail` nor `end`. */
  close(): void;
}

export interface EventHubStats {
  subscribers: number;
  replaying: number;
  groups: number;
}

export type AlertEventHubStats = EventHubStats;

export interface EventHub<R extends ChangeRecord, S = unknown> {
  subscribe<T>(spec: LiveSubscriberSpec<T, S, R>): LiveSubscription;
  stats(): EventHubStats;
  /** Stops listening and ends every subscription (`end`). */
  close(): Promise<void>;
}

export type AlertEventHub<S = unknown> = EventHub<AlertEventRecord, S>;

interface Member<S, R extends ChangeRecord> {
  spec: LiveSubscriberSpec<unknown, S, R>;
  principalKey: string;
  groupKey: string;
  last: string | null;
  closed: boolean;
  /** Live events that arrived while replaying; null once live. */
  buffer: R[] | null;
  overflowed: boolean;
}

interface Group<S, R extends ChangeRecord> {
  key: string;
  principal: Principal;
  principalKey: string;
  /** The members' common filter (they gave equal filter keys); null: each member's own. */
  filter: LiveEventFilter<R> | null;
  render: LiveSubscriberSpec<unknown, S, R>["render"];
  members: Set<Member<S, R>>;
}

type Delivery<S, R extends ChangeRecord> = { members: Member<S, R>[]; value: unknown } | { members: Member<S, R>[]; error: unknown };

/**
 * How long a subscriber rides out a store that does not answer (log reads, access scope, rendering)
 * before it fails with SERVICE_UNAVAILABLE, ms. A command timeout under load is a blip: failing the
 * subscription on the first one would end it for a client that has no reason to resume.
 */
const STORE_RETRY_MS = 30_000;
const STORE_RETRY_MAX_DELAY_MS = 1_000;

/** "The store did not answer" (retry), as opposed to a refusal or a bug (fail the subscriber). */
const isTransient = (e: unknown): boolean =>
  e instanceof StoreUnavailableError || (e instanceof GraphQLError && e.extensions.code === ErrorCode.SERVICE_UNAVAILABLE);

/** Everything of a principal that authorization and rendering may depend on (not the token's expiry). */
export const principalKey = (p: Principal): string =>
  JSON.stringify([p.userId, p.appId, p.displayName, p.username, [...p.groups].sort(), [...p.appRoles].sort(), p.isAdmin, p.issuerTenantId]);

/** The hub of the alert event log (the first one; incidents use `createEventHub` with their own log). */
export function createAlertEventHub<S>(deps: AlertEventHubDeps<S>, opts: EventHubOptions): AlertEventHub<S> {
  return createEventHub<AlertEventRecord, S>(deps, opts);
}

export function createEventHub<R extends ChangeRecord, S>(deps: EventHubDeps<R, S>, opts: EventHubOptions): EventHub<R, S> {
  type M = Member<S, R>;
  const subject = deps.subject ?? "alert";
  const groups = new Map<string, Group<S, R>>();
  const replaying = new Set<M>();
  const scopes = new Map<string, { at: number; scope: Promise<S> }>();
  let tail: Promise<void> = Promise.resolve();
  let closed = false;

  /** Runs `fn`, retrying transient store errors with backoff for up to STORE_RETRY_MS; other errors at once. */
  const retrying = async <T>(fn: () => Promise<T> | T, gone: () => boolean = () => false): Promise<T> => {
    const deadline = Date.now() + STORE_RETRY_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        if (!isTransient(e) || closed || gone() || Date.now() >= deadline) throw e;
        if (attempt === 0) deps.logger.warn({ err: (e as Error).message, subject }, "live events: the store did not answer; retrying");
        await new Promise((r) => setTimeout(r, Math.min(STORE_RETRY_MAX_DELAY_MS, 50 * 2 ** attempt)));
      }
    }
  };

  const scopeOf = (key: string, principal: Principal): Promise<S> => {
    const now = Date.now();
    const hit = scopes.get(key);
    if (hit && now - hit.at < opts.scopeTtlMs) return hit.scope;
    const scope = deps.scopeFor(principal);
    const entry = { at: now, scope };
    scopes.set(key, entry);
    // Never cache a failure: the next event asks again.
    scope.catch(() => scopes.get(key) === entry && scopes.delete(key));
    return scope;
  };
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const [k, v] of scopes) if (now - v.at >= opts.scopeTtlMs) scopes.delete(k);
    },
    Math.max(opts.scopeTtlMs, 1_000) * 5,
  );
  sweep.unref();

  const leaveGroup = (m: M) => {
    const g = groups.get(m.groupKey);
    if (!g) return;
    g.members.delete(m);
    if (g.members.size === 0) groups.delete(m.groupKey);
  };
  const joinGroup = (m: M) => {
    let g = groups.get(m.groupKey);
    if (!g) {
      const { spec } = m;
      g = {
        key: m.groupKey,
        principal: spec.principal,
        principalKey: m.principalKey,
        filter: spec.filterKey === undefined ? null : spec.filter,
        render: (record, scope) => spec.render(record, scope),
        members: new Set(),
      };
      groups.set(m.groupKey, g);
    }
    g.members.add(m);
    // The group's copies of the keys: a member keeps no strings of its own (thousands of members, one group).
    m.groupKey = g.key;
    m.principalKey = g.principalKey;
  };
  const drop = (m: M) => {
    m.closed = true;
    m.buffer = null;
    replaying.delete(m);
    leaveGroup(m);
  };
  const failMember = (m: M, error: unknown) => {
    if (m.closed) return;
    drop(m);
    try {
      m.spec.fail(error);
    } catch (e) {
      deps.logger.error({ err: e }, "subscription fail handler threw");
    }
  };

  /** The one place a value reaches a transport: cursor-guarded, so nothing is delivered twice or backwards. */
  const deliverTo = (m: M, record: R, value: unknown) => {
    if (m.closed || compareCursors(record.cursor, m.last) <= 0) return;
    m.last = record.cursor;
    try {
      m.spec.deliver(value, record);
    } catch (e) {
      failMember(m, e);
    }
  };

  /** Authorizes and renders one event for every live group, once per group; starts at once, delivered later in order. */
  const fanOut = async (record: R): Promise<Delivery<S, R>[]> => {
    const out: Delivery<S, R>[] = [];
    await Promise.all(
      [...groups.values()].map(async (g) => {
        let members: M[];
        if (g.filter) {
          if (!g.filter.matches(record)) return;
          members = [...g.members];
        } else {
          members = [];
          for (const m of g.members) if (m.spec.filter.matches(record)) members.push(m);
        }
        if (members.length === 0) return;
        try {
          // Later events wait for this one (log order), so a blip delays the group instead of ending it.
          const scope = await retrying(() => scopeOf(g.principalKey, g.principal));
          if (!deps.canRead(scope, record.tenantId)) return;
          out.push({ members, value: await retrying(() => g.render(record, scope)) });
        } catch (error) {
          out.push({ members, error });
        }
      }),
    );
    return out;
  };

  const onEvent = (record: R) => {
    if (closed) return;
    for (const m of replaying) {
      if (!m.buffer) continue;
      if (m.buffer.length >= opts.replayBufferMax) {
        m.buffer.length = 0;
        m.overflowed = true;
      } else m.buffer.push(record);
    }
    if (groups.size === 0) return;
    const work = traceEventDelivery(record, () => fanOut(record), subject);
    tail = tail
      .then(async () => {
        for (const d of await work) {
          if ("error" in d) {
            deps.logger.error(
              { err: d.error, cursor: record.cursor },
              `rendering an ${subject} event failed; ending the affected subscriptions`,
            );
            for (const m of d.members) failMember(m, d.error);
          } else for (const m of d.members) deliverTo(m, record, d.value);
        }
      })
      .catch((e) => deps.logger.error({ err: e, cursor: record.cursor }, `${subject} event fan-out failed`));
  };
  const unlisten = deps.events.listen(onEvent);

  /** Replay path: one subscriber, one event, sequentially. */
  const processOne = async (m: M, record: R) => {
    if (compareCursors(record.cursor, m.last) <= 0) return;
    if (m.spec.filter.matches(record)) {
      const scope = await retrying(
        () => scopeOf(m.principalKey, m.spec.principal),
        () => m.closed,
      );
      if (deps.canRead(scope, record.tenantId)) {
        const value = await retrying(
          () => m.spec.render(record, scope),
          () => m.closed,
        );
        deliverTo(m, record, value);
        return;
      }
    }
    if (!m.closed && compareCursors(record.cursor, m.last) > 0) m.last = record.cursor;
  };

  /** Replays one subscriber from its cursor once the replay gate gives it a slot (at once without a gate). */
  const catchUp = async (m: M) => {
    const release = deps.replayGate ? await deps.replayGate.acquire(m.principalKey) : () => {};
    try {
      await replay(m);
    } finally {
      release();
    }
  };

  const replay = async (m: M) => {
    let from = m.spec.after;
    while (!m.closed) {
      m.overflowed = false;
      for (;;) {
        const page = await retrying(
          () => deps.events.read(from, opts.replayPageSize),
          () => m.closed,
        );
        for (const record of page) {
          if (m.closed) return;
          await processOne(m, record);
        }
        if (page.length > 0) from = page[page.length - 1].cursor;
        if (page.length < opts.replayPageSize) break;
      }
      while (!m.closed && !m.overflowed && m.buffer && m.buffer.length > 0) await processOne(m, m.buffer.shift()!);
      if (m.closed) return;
      if (!m.overflowed) {
        // Synchronously with the emptiness check above: no live event can slip between buffer and group.
        replaying.delete(m);
        m.buffer = null;
        joinGroup(m);
        return;
      }
      if (m.last !== null && compareCursors(m.last, from) > 0) from = m.last;
    }
  };

  return {
    subscribe<T>(spec: LiveSubscriberSpec<T, S, R>): LiveSubscription {
      const pKey = principalKey(spec.principal);
      const m: M = {
        spec: spec,
        principalKey: pKey,
        groupKey: `${pKey}\u0000${spec.shareKey}${spec.filterKey === undefined ? "\u0001" : `\u0000${spec.filterKey}`}`,
        last: spec.after,
        closed: closed,
        buffer: null,
        overflowed: false,
      };
      if (closed) {
        queueMicrotask(() => spec.end());
      } else if (spec.after === null) {
        joinGroup(m);
      } else {
        m.buffer = [];
        replaying.add(m);
        catchUp(m).catch((e) => failMember(m, e));
      }
      return {
        get lastCursor() {
          return m.last;
        },
        get replaying() {
          return m.buffer !== null;
        },
        close() {
          drop(m);
        },
      };
    },
    stats: () => ({
      subscribers: [...groups.values()].reduce((n, g) => n + g.members.size, 0) + replaying.size,
      replaying: replaying.size,
      groups: groups.size,
    }),
    async close() {
      if (closed) return;
      closed = true;
      unlisten();
      clearInterval(sweep);
      const members = [...replaying, ...[...groups.values()].flatMap((g) => [...g.members])];
      for (const m of members) {
        drop(m);
        try {
          m.spec.end();
        } catch (e) {
          deps.logger.error({ err: e }, "subscription end handler threw");
        }
      }
      await tail.catch(() => undefined);
    },
  };
}

import { isGatewayError } from "../errors/errors.js";
import type { Logger } from "../logger.js";
import type { AlertEventRecord, DocumentStore, FenceToken, Lease, LeaseManager } from "../store/store.types.js";
import { StaleFenceError } from "../store/store.types.js";
import type { ChangeFeed } from "../upstream/upstream.types.js";
import { eachPage } from "../upstream/page.stream.js";
import { SYNC_STATUS_COLLECTION, type SyncStatus } from "./sync.types.js";
import { traceSyncPoll } from "../observability/tracing.js";

export interface SyncOptions {
  /** Time between polls of one tenant, ms. Default 5,000 (12 calls/min, well inside 100/min). */
  pollIntervalMs: number;
  /** How far back the first poll of a tenant reads, ms. Default 30 days. */
  backfillMs: number;
  /** Each poll re-reads this much before the watermark, ms, to catch late-indexed alerts. Default 60,000. */
  overlapMs: number;
  /** Page size wish handed to the upstream feed (legacy `$top`, at most 10,000; Graph clamps to 1,000). Default 10,000. */
  pageSize: number;
  /** Lease time-to-live, ms: a dead replica's tenants are taken over within this. Default 15,000. */
  leaseMs: number;
}

/**
 * Generic over the item types so the sync does not care which shape the index stores: today the raw legacy alert
 * (`createDefenderAlertFeed`), once the model switch lands `SecurityAlert` from `UpstreamSource.alerts`.
 */
export interface SyncDeps<A, I = unknown> {
  tenantIds: () => readonly string[];
  /** Alerts changed since a time, page by page (Graph: nextLink; legacy: a moving lastUpdateTime window). */
  alerts: ChangeFeed<A>;
  /** Upsert + append events, fenced by our lease. */
  record(tenantId: string, alerts: A[], fence: FenceToken): Promise<AlertEventRecord[]>;
  /**
   * Appends the events of indexed changes nobody evented (a writer died between upsert and append),
   * fenced by our lease; run at the start of every poll so a dead replica's leftovers appear within one
   * poll of the takeover, whatever the overlap. Absent ⇒ no sweep.
   */
  recordPending?(tenantId: string, fence: FenceToken): Promise<AlertEventRecord[]>;
  /** Incidents changed since a time; without it (or without `recordIncidents`) incidents are not synced. */
  incidents?: ChangeFeed<I>;
  /** Stores synced incidents and appends their events, fenced by our lease; returns the events appended. */
  recordIncidents?(tenantId: string, incidents: I[], fence: FenceToken): Promise<readonly unknown[]>;
  /** The incident twin of `recordPending`: events of indexed incident changes a dead writer left. */
  recordPendingIncidents?(tenantId: string, fence: FenceToken): Promise<readonly unknown[]>;
  documents: DocumentStore;
  leases: LeaseManager;
  /** This replica's id (lease holder). */
  holder: string;
  logger: Logger;
  /** The API a tenant is synced from; a change since the last poll restarts the tenant's watermarks (a backfill). */
  apiOf?(tenantId: string): string;
  /** Observability hook, called after every poll. */
  onPoll?(tenantId: string, outcome: { ok: boolean; alerts: number; events: number; durationMs: number }): void;
}

export interface SyncManager {
  start(): void;
  /** Stops polling and releases our leases (so another replica takes over at once). */
  stop(): Promise<void>;
  /**
   * Polls one tenant now if this replica holds (or can take) its lease; resolves when done. Its next scheduled poll
   * moves to a full interval after this one (a tenant just polled on demand is not polled again moments later).
   */
  syncNow(tenantId: string): Promise<void>;
  /** Tenants this replica currently syncs. */
  held(): string[];
}

export const leaseName = (tenantId: string) => `sync:${tenantId}`;

/**
 * Reads one feed from `sinceMs` to its end, handing each page's new items to `record`: an item already handed over
 * in this poll with the same or a newer last-update time is dropped (pages overlap by design). Returns the newest
 * last-update time seen (ms, 0 when none) and the counts.
 */
async function drain<T>(
  feed: ChangeFeed<T>,
  tenantId: string,
  sinceMs: number,
  pageSize: number,
  record: (items: T[]) => Promise<number>,
): Promise<{ newestMs: number; items: number; events: number }> {
  const seen = new Map<string, number>();
  let newestMs = 0;
  let items = 0;
  let events = 0;
  // not `for await`, which can keep the page it last handled alive while the next is fetched (page.stream.ts)
  await eachPage(feed.changedSince(tenantId, { sinceMs, pageSize, priority: "sync" }), async (page) => {
    items += page.length;
    const fresh: T[] = [];
    for (const item of page) {
      const raw = feed.updatedAt(item);
      const t = raw ? Date.parse(raw) : NaN;
      if (!Number.isNaN(t) && t > newestMs) newestMs = t;
      const id = feed.id(item);
      const prev = seen.get(id);
      const at = Number.isNaN(t) ? -1 : t;
      if (prev !== undefined && at <= prev) continue;
      seen.set(id, at);
      fresh.push(item);
    }
    if (fresh.length > 0) events += await record(fresh);
  });
  return { newestMs, items, events };
}

/**
 * One loop per tenant: take the tenant's lease (exactly one replica syncs a tenant), read what changed since
 * `watermark − overlap` page by page, record changes (the index de-duplicates the overlap across polls, `drain`
 * within one), advance the watermark, publish a SyncStatus for every replica to read. Incidents likewise, with
 * their own watermark, after the alerts.
 */
export function createSyncManager<A, I = unknown>(opts: SyncOptions, deps: SyncDeps<A, I>): SyncManager {
  const leases = new Map<string, Lease>();
  const running = new Map<string, Promise<void>>();
  const timers = new Map<string, NodeJS.Timeout>();
  let stopped = true;

  const loadStatus = async (tenantId: string): Promise<SyncStatus> =>
    (await deps.documents.get<SyncStatus>(SYNC_STATUS_COLLECTION, tenantId))?.value ?? {
      tenantId,
      lastSuccessAt: null,
      lastAttemptAt: null,
      lastError: null,
      lastErrorCode: null,
      watermark: null,
      backfilled: false,
      holder: null,
      lastBatchSize: 0,
    };

  const ensureLease = async (tenantId: string): Promise<Lease | null> => {
    const current = leases.get(tenantId);
    if (current) {
      if (await deps.leases.renew(current, opts.leaseMs)) return current;
      leases.delete(tenantId);
      deps.logger.warn({ tenantId }, "lost the sync lease of a tenant");
    }
    const acquired = await deps.leases.acquire(leaseName(tenantId), deps.holder, opts.leaseMs);
    if (acquired) {
      leases.set(tenantId, acquired);
      deps.logger.info({ tenantId, fencingToken: acquired.token }, "took the sync lease of a tenant");
    }
    return acquired;
  };

  const pollOnce = async (tenantId: string): Promise<void> => {
    const lease = await ensureLease(tenantId);
    if (!lease) return;
    // A poll can outlast the lease without a write to renew it before (a slow page of 1,000 Graph alerts on a busy
    // machine): renew it meanwhile, so our own replica does not fence itself out and wait a poll interval. A failed
    // renewal changes nothing here: the next write's renewal (below) or its fence decides.
    const heartbeat = setInterval(
      () => void deps.leases.renew(lease, opts.leaseMs).catch(() => false),
      Math.max(1, Math.floor(opts.leaseMs / 3)),
    );
    heartbeat.unref?.();
    try {
      await pollHeld(tenantId, lease);
    } finally {
      clearInterval(heartbeat);
    }
  };

  const pollHeld = async (tenantId: string, lease: Lease): Promise<void> => {
    const started = Date.now();
    const stored = await loadStatus(tenantId);
    const api = deps.apiOf?.(tenantId);
    const switched = api !== undefined && (stored.upstreamApi ?? "defender") !== api && stored.watermark !== null;
    if (switched)
      deps.logger.info({ tenantId, from: stored.upstreamApi ?? "defender", to: api }, "tenant switched upstream API: backfilling from it");
    const status: SyncStatus = switched ? { ...stored, watermark: null, incidentWatermark: null, backfilled: false } : stored;
    const fence: FenceToken = { leaseName: lease.name, token: lease.token };
    const from = status.watermark ? Date.parse(status.watermark) - opts.overlapMs : started - opts.backfillMs;
    let total = 0;
    let events = 0;
    const next: SyncStatus = {
      ...status,
      holder: deps.holder,
      lastAttemptAt: new Date(started).toISOString(),
      ...(api !== undefined ? { upstreamApi: api } : {}),
    };
    try {
      const swept = deps.recordPending ? (await deps.recordPending(tenantId, fence)).length : 0;
      let pages = 0;
      const alerts = await drain(deps.alerts, tenantId, from, opts.pageSize, async (page) => {
        // A backfill can outlast the lease: renew it before each later write so another replica does
        // not take over (and fence us out) halfway through a poll that is making progress.
        if (pages++ > 0 && !(await deps.leases.renew(lease, opts.leaseMs))) throw new StaleFenceError(lease.name, lease.token);
        return (await deps.record(tenantId, page, fence)).length;
      });
      total = alerts.items;
      events = swept + alerts.events;
      const watermark = Math.max(alerts.newestMs, status.watermark ? Date.parse(status.watermark) : 0);
      next.watermark = watermark > 0 ? new Date(watermark).toISOString() : (status.watermark ?? new Date(from).toISOString());
      const incidents = deps.incidents;
      if (incidents && deps.recordIncidents) {
        // alert progress is kept even if the incident read fails below
        const since = status.incidentWatermark ? Date.parse(status.incidentWatermark) - opts.overlapMs : started - opts.backfillMs;
        if (deps.recordPendingIncidents) events += (await deps.recordPendingIncidents(tenantId, fence)).length;
        const got = await drain(
          incidents,
          tenantId,
          since,
          opts.pageSize,
          async (page) => (await deps.recordIncidents!(tenantId, page, fence)).length,
        );
        events += got.events;
        const incidentMark = Math.max(got.newestMs, status.incidentWatermark ? Date.parse(status.incidentWatermark) : 0);
        next.incidentWatermark =
          incidentMark > 0 ? new Date(incidentMark).toISOString() : (status.incidentWatermark ?? new Date(since).toISOString());
      }
      next.lastSuccessAt = new Date().toISOString();
      next.lastError = null;
      next.lastErrorCode = null;
      next.backfilled = true;
      next.lastBatchSize = total;
      deps.onPoll?.(tenantId, { ok: true, alerts: total, events, durationMs: Date.now() - started });
    } catch (e) {
      if (e instanceof StaleFenceError) {
        leases.delete(tenantId);
        deps.logger.warn({ tenantId }, "sync write rejected: another replica holds the lease now");
        return;
      }
      next.lastError = e instanceof Error ? e.message : String(e);
      next.lastErrorCode = isGatewayError(e) ? e.code : "INTERNAL_SERVER_ERROR";
      deps.logger.warn({ tenantId, code: next.lastErrorCode, err: next.lastError }, "alert sync poll failed");
      deps.onPoll?.(tenantId, { ok: false, alerts: total, events, durationMs: Date.now() - started });
    }
    await deps.documents.put(SYNC_STATUS_COLLECTION, tenantId, next);
  };

  const poll = (tenantId: string): Promise<void> => {
    // One poll per tenant at a time; a caller asking meanwhile waits for the running one and then polls.
    const prev = running.get(tenantId) ?? Promise.resolve();
    const run = prev
      .then(() => traceSyncPoll(tenantId, () => pollOnce(tenantId)))
      .catch((e) => deps.logger.error({ tenantId, err: e }, "alert sync failed unexpectedly"))
      .finally(() => {
        if (running.get(tenantId) === run) running.delete(tenantId);
      });
    running.set(tenantId, run);
    return run;
  };

  const schedule = (tenantId: string, delayMs: number) => {
    if (stopped) return;
    const timer = setTimeout(async () => {
      await poll(tenantId);
      schedule(tenantId, opts.pollIntervalMs);
    }, delayMs);
    timer.unref?.();
    timers.set(tenantId, timer);
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      // Spread first polls a little so many tenants don't hit upstream in the same millisecond.
      deps.tenantIds().forEach((id, i) => schedule(id, Math.min(i * 50, opts.pollIntervalMs)));
    },
    async stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await Promise.allSettled([...running.values()]);
      await Promise.allSettled([...leases.values()].map((l) => deps.leases.release(l)));
      leases.clear();
    },
    async syncNow(tenantId) {
      const pending = timers.get(tenantId);
      if (pending !== undefined) {
        clearTimeout(pending);
        timers.delete(tenantId);
      }
      try {
        await poll(tenantId);
      } finally {
        // A scheduled poll that was already running reschedules itself when it ends; otherwise this one does.
        if (pending !== undefined && !timers.has(tenantId)) schedule(tenantId, opts.pollIntervalMs);
      }
    },
    held: () => [...leases.keys()],
  };
}

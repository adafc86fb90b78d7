import type { Redis } from "ioredis";
import type { Logger } from "../../logger.js";
import { storedAlert } from "../alert.upcast.js";
import { timeKey, ZERO_TIME_KEY } from "../alert-query.js";
import type { ChangeRecord } from "../change-log.types.js";
import { compareCursors, parseCursor } from "../cursor.js";
import type { IncidentEventRecord, IncidentIndex } from "../incident.types.js";
import { createMemoryIncidentIndex } from "../memory.incident-index.js";
import { createMemoryIndex } from "../memory.index.js";
import type { RedisChangeLog, RedisEventLog } from "../redis.event-log.js";
import type { RedisKeys } from "../redis.keys.js";
import type { SecurityAlert, SecurityIncident } from "../../upstream/upstream.types.js";
import type { AlertIndex } from "../store.types.js";
import { settleHeap } from "./heap.settle.js";
import { forEachLimited, scanTenantItems, scanTenants } from "./mirror.scan.js";
import { mirroredIndex, type MirrorableIndex } from "./mirrored-index.js";
import { trackMirror } from "./read-mirror.metrics.js";
import type { MirrorStatus, StoreMirror } from "./read-mirror.types.js";

export type { MirrorState, MirrorStatus, StoreMirror } from "./read-mirror.types.js";

export interface ReadMirror extends StoreMirror {
  /** The alert index: writes to Redis, reads from memory once built. */
  alerts: AlertIndex;
  incidents: IncidentIndex;
  /** Stops following the logs and checking for gaps. */
  stop(): void;
}

export interface ReadMirrorOptions {
  redis: Redis;
  keys: RedisKeys;
  /** Key prefix, to find the tenants by SCAN. */
  prefix: string;
  remote: { alerts: AlertIndex; incidents: IncidentIndex };
  events: RedisEventLog;
  incidentEvents: RedisChangeLog<IncidentEventRecord>;
  /** Where each log's reader started (the stream's last id at store creation): everything after it is delivered. */
  from: { alerts: string; incidents: string };
  /** How often the gap and lag check runs, ms. Default 1,000. */
  checkIntervalMs?: number;
  /** Tenants scanned at once during a build (each holds its parsed items until applied: more means more garbage at once). Default 2. */
  buildConcurrency?: number;
  logger?: Logger;
}

/** One followed log and the index it feeds. */
interface Side<T> {
  name: "alerts" | "incidents";
  local: MirrorableIndex<T>;
  log: RedisChangeLog<ChangeRecord>;
  stream: string;
  trimmed: string;
  /** Suffix of the per-tenant key whose existence names a tenant, e.g. `:alerts`. */
  tenantSuffix: string;
  items: (tenantId: string) => { items: string; synced: string };
  parse: (json: string) => T;
  id: (item: T) => string;
  version: (item: T) => string | null;
  /** Every event up to this cursor is in the mirror (delivered, or covered by a scan that started after it). */
  covered: string;
  lagSeconds: number;
  /** Tenants the mirror holds items of (for the item count metric). */
  tenants: Set<string>;
}

const BUILD_RETRY_MS = 1_000;
const cursorMs = (cursor: string) => parseCursor(cursor)[0];

/**
 * A replica's read mirror of the alert and incident indexes (see docs/architecture.md, "Read mirror"): the embedded
 * engines, built from Redis at start (a SCAN of the tenants, then HSCAN of each tenant's items, a few tenants at a
 * time) and kept current by the event logs the replica already follows. The feed was started before the build from
 * the logs' last ids, and every apply goes by version (an older snapshot never replaces a newer one), so an item
 * written during the build is not lost and applying it twice is harmless. A periodic check compares the logs' trim
 * markers with what the mirror covers: a trimmed range it never received (a long disconnect) triggers a resync from
 * Redis; a check Redis does not answer marks the mirror stale (reads keep being served from memory).
 */
export function createReadMirror(opts: ReadMirrorOptions): ReadMirror {
  const { redis, keys, logger } = opts;
  const localAlerts = createMemoryIndex();
  const localIncidents = createMemoryIncidentIndex();
  const alertSide: Side<SecurityAlert> = {
    name: "alerts",
    local: localAlerts,
    log: opts.events,
    stream: keys.events,
    trimmed: keys.eventsTrimmed,
    tenantSuffix: ":alerts",
    items: (t) => ({ items: keys.alerts(t), synced: keys.synced(t) }),
    parse: storedAlert,
    id: (a) => a.id,
    version: (a) => a.lastUpdateDateTime,
    covered: opts.from.alerts,
    lagSeconds: 0,
    tenants: new Set(),
  };
  const incidentSide: Side<SecurityIncident> = {
    name: "incidents",
    local: localIncidents,
    log: opts.incidentEvents,
    stream: keys.incidentEvents,
    trimmed: keys.incidentEventsTrimmed,
    tenantSuffix: ":inc:items",
    items: (t) => ({ items: keys.incidents.items(t), synced: keys.incidents.synced(t) }),
    parse: (json) => JSON.parse(json) as SecurityIncident,
    id: (i) => i.id,
    version: (i) => i.lastUpdateDateTime,
    covered: opts.from.incidents,
    lagSeconds: 0,
    tenants: new Set(),
  };

  let built = false;
  let stopped = false;
  let buildMs: number | null = null;
  let resyncing: Promise<void> | null = null;
  let reachable = true;
  let resyncs = 0;
  /** A resync failed (Redis went away during it): the next check runs it again. */
  let retryResync = false;

  /**
   * By version, as every write of the embedded engine: newer replaces, equal refreshes `syncedAt`, older is ignored.
   * Resolves once applied (the writer's read-your-writes awaits it); never rejects (a failure is logged).
   */
  const apply = async <T>(side: Side<T>, tenantId: string, items: readonly T[], syncedAt: string): Promise<void> => {
    if (items.length === 0) return;
    side.tenants.add(tenantId);
    try {
      await side.local.upsert(tenantId, items, { syncedAt });
      // Nothing sweeps the mirror's claims: acknowledge at once so it keeps no pending set (embedded mode's memory cost).
      await Promise.all(items.map((item) => side.local.markEvented(tenantId, side.id(item), side.version(item))));
    } catch (e) {
      logger?.error({ err: e, tenantId }, `read mirror: ${side.name} apply failed`);
    }
  };

  const follow = <T>(side: Side<T>, itemOf: (e: ChangeRecord) => T) =>
    side.log.listen((e) => {
      void apply(side, e.tenantId, [itemOf(e)], e.at);
      if (compareCursors(e.cursor, side.covered) > 0) side.covered = e.cursor;
      side.lagSeconds = Math.max(0, (Date.now() - cursorMs(e.cursor)) / 1000);
    });
  // Subscribed before any await: the readers started at `from`, and nothing they deliver may be missed.
  const unlisten = [
    follow(alertSide, (e) => (e as unknown as { alert: SecurityAlert }).alert),
    follow(incidentSide, (e) => (e as unknown as { incident: SecurityIncident }).incident),
  ];

  /** Loads every tenant of one side from Redis into the mirror; the feed keeps running meanwhile. */
  const load = async <T>(side: Side<T>) => {
    // The cursor before the scan: anything appended later is delivered by the feed.
    const before = await side.log.lastGeneratedId();
    const tenants = await scanTenants(redis, opts.prefix, side.tenantSuffix);
    await forEachLimited(tenants, opts.buildConcurrency ?? 2, async (tenantId) => {
      const scanned = (await scanTenantItems(redis, side.items(tenantId), side.parse)).map((s) => ({
        ...s,
        version: timeKey(side.version(s.item)) ?? ZERO_TIME_KEY,
      }));
      // Oldest first: the engine's sorted arrays then mostly append instead of splicing in the middle.
      scanned.sort((x, y) => (x.version < y.version ? -1 : x.version > y.version ? 1 : 0));
      let run: T[] = [];
      let runSyncedAt = "";
      for (const s of scanned) {
        if (s.syncedAt !== runSyncedAt && run.length > 0) {
          await apply(side, tenantId, run, runSyncedAt);
          run = [];
        }
        runSyncedAt = s.syncedAt;
        run.push(s.item);
      }
      await apply(side, tenantId, run, runSyncedAt);
    });
    if (compareCursors(before, side.covered) > 0) side.covered = before;
  };

  const loadAll = () => Promise.all([load(alertSide), load(incidentSide)]).then(() => undefined);

  const builtP = (async () => {
    const started = Date.now();
    for (let attempt = 1; !stopped; attempt++) {
      try {
        await loadAll();
        // before reporting ready: the build's garbage would otherwise be collected under the first requests
        const settleMs = settleHeap();
        built = true;
        buildMs = Date.now() - started;
        logger?.info({ ms: buildMs, settleMs }, "read mirror built from Redis: reads are answered from memory");
        return;
      } catch (e) {
        if (attempt === 1) logger?.warn({ err: (e as Error).message }, "read mirror build failed; retrying (reads go to Redis meanwhile)");
        await new Promise((r) => setTimeout(r, BUILD_RETRY_MS));
      }
    }
  })();

  const resync = (reason: string): Promise<void> => {
    if (resyncing) return resyncing;
    resyncs++;
    logger?.warn({ reason }, "read mirror resyncs from Redis");
    retryResync = false;
    resyncing = loadAll()
      .catch((e: unknown) => {
        retryResync = true;
        logger?.warn({ err: (e as Error).message }, "read mirror resync failed; the next check retries");
      })
      .finally(() => (resyncing = null));
    return resyncing;
  };

  /** One round trip per log: its trim marker and the oldest entry after what the mirror covers. */
  /** Per log (its own slot on a Cluster, so its own pipeline): the trim marker and the oldest entry after what the mirror covers. */
  const probe = async (s: Side<unknown>) => {
    const res = await redis.pipeline().get(s.trimmed).xrange(s.stream, `(${s.covered}`, "+", "COUNT", 1).exec();
    if (!res || res.some(([err]) => err)) throw res?.find(([err]) => err)?.[0] ?? new Error("read mirror check aborted");
    return { trimmed: res[0][1] as string | null, next: (res[1][1] as [string, string[]][])[0]?.[0] };
  };
  const check = async () => {
    if (!built || resyncing) return;
    const sides = [alertSide, incidentSide] as Side<unknown>[];
    let seen: Awaited<ReturnType<typeof probe>>[];
    try {
      seen = await Promise.all(sides.map(probe));
    } catch {
      if (reachable) logger?.warn("read mirror cannot reach Redis: reads are answered from memory, marked stale");
      reachable = false;
      return;
    }
    if (!reachable) logger?.info("read mirror reaches Redis again");
    reachable = true;
    const gaps: string[] = [];
    sides.forEach((s, i) => {
      const { trimmed, next } = seen[i];
      s.lagSeconds = next ? Math.max(0, (Date.now() - cursorMs(next)) / 1000) : 0;
      if (trimmed && compareCursors(trimmed, s.covered) > 0) {
        gaps.push(s.name);
        // The resync's scan starts after this marker was read, so it covers every trimmed entry (and a stream that
        // was deleted under its marker cannot make every later check resync again).
        s.covered = trimmed;
      }
    });
    if (gaps.length > 0) await resync(`events trimmed before this replica applied them (${gaps.join(", ")})`);
    else if (retryResync) await resync("the previous resync failed");
  };
  const timer = setInterval(() => void check(), opts.checkIntervalMs ?? 1_000);
  timer.unref();

  const status = (): MirrorStatus => ({
    state: !built ? "building" : resyncing ? "resyncing" : reachable ? "ready" : "stale",
    built,
    buildMs,
    lagSeconds: { alerts: alertSide.lagSeconds, incidents: incidentSide.lagSeconds },
    resyncs,
  });
  const itemsOf = async (side: Side<unknown>) => {
    let n = 0;
    for (const t of side.tenants) n += await side.local.count(t);
    return n;
  };
  const untrack = trackMirror({
    status,
    items: async () => ({ alerts: await itemsOf(alertSide as Side<unknown>), incidents: await itemsOf(incidentSide as Side<unknown>) }),
  });

  const serving = () => built;
  const alerts = mirroredIndex<AlertIndex, SecurityAlert>({
    remote: opts.remote.alerts,
    local: localAlerts,
    serving,
    apply: (t, items, syncedAt) => apply(alertSide, t, items, syncedAt),
  });
  return {
    // A read of the alert index only (the incident index has no such count): answered like the shared reads.
    alerts: {
      ...alerts,
      countByIncident: (t, ids) => (serving() ? localAlerts : opts.remote.alerts).countByIncident(t, ids),
      countOfIncident: (t, id) => (serving() ? localAlerts.countOfIncident?.(t, id) : undefined),
    },
    incidents: mirroredIndex<IncidentIndex, SecurityIncident>({
      remote: opts.remote.incidents,
      local: localIncidents,
      serving,
      apply: (t, items, syncedAt) => apply(incidentSide, t, items, syncedAt),
    }),
    built: builtP,
    ready: () => built,
    status,
    resync,
    stop() {
      stopped = true;
      clearInterval(timer);
      for (const u of unlisten) u();
      untrack();
    },
  };
}

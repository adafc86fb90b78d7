import type { Logger } from "../logger.js";
import type { EventLogRetention } from "./memory.event-log.js";
import type { RedisConnections } from "./redis.connections.js";
import { createRedisDocuments } from "./redis.documents.js";
import { incidentEvents as incidentSubject } from "./event-subjects.js";
import type { IncidentEventRecord } from "./incident.types.js";
import { createRedisChangeLog, createRedisEventLog } from "./redis.event-log.js";
import { createRedisIncidentIndex } from "./redis.incident-index.js";
import { createRedisIndex } from "./redis.index.js";
import { createRedisIndicatorIndex } from "./redis.indicator-index.js";
import { redisKeys } from "./redis.keys.js";
import { createRedisLeases } from "./redis.leases.js";
import { createReadMirror, type ReadMirror } from "./mirror/read-mirror.js";
import { guardUnavailable } from "./store-unavailable.js";
import type { Store } from "./store.types.js";

export interface RedisStoreOptions {
  /** Where the store's connections come from (the process's one Redis connection factory); not closed by the store. */
  connections: Pick<RedisConnections, "commands" | "blocking" | "ready">;
  /** Prefix of every key. Default `gw:`. */
  keyPrefix?: string;
  /** Retention of each event log (alerts and incidents alike). */
  eventLog?: EventLogRetention & {
    /** How long one blocking XREAD waits before it is reissued, ms. Default 5,000. */
    blockMs?: number;
  };
  /** How long an upsert-reported change stays claimed before it is reported again, ms. Default 30,000. */
  claimTtlMs?: number;
  /** How long creation waits for Redis to answer, ms; then it rejects (RedisUnreachableError). Default 10,000. */
  startupTimeoutMs?: number;
  /** Event-log reader and listener errors are logged here. */
  logger?: Logger;
  /**
   * Answer index reads (alerts, incidents) from a per-replica read mirror fed by the event logs (see
   * `createReadMirror`): set ⇒ on. Absent ⇒ every read goes to Redis (what the store contract tests exercise).
   */
  readMirror?: {
    /** How often the mirror checks the logs for gaps and measures its lag, ms. Default 1,000. */
    checkIntervalMs?: number;
  };
}

/**
 * Shared-mode store. Commands go over the shared command connection (command timeout, no offline queue:
 * while Redis does not answer, every operation rejects within the timeout with StoreUnavailableError);
 * each event log (alerts, incidents) has the process's one blocking stream reader of its stream, on a
 * connection of its own that reconnects for ever. The readers start at once, after their stream's last id,
 * so `listen` delivers every event appended after the store was created, by any replica, and after an
 * outage resumes from the last id it delivered.
 */
export async function createRedisStore(opts: RedisStoreOptions): Promise<Store> {
  const keys = redisKeys(opts.keyPrefix ?? "gw:");
  await opts.connections.ready(opts.startupTimeoutMs ?? 10_000);
  const redis = opts.connections.commands;
  // The reader retries forever: it is our only way to hear other replicas.
  const reader = opts.connections.blocking("event-reader");
  const events = createRedisEventLog(
    redis,
    reader,
    { stream: keys.events, trimmed: keys.eventsTrimmed, marker: keys.eventMarker },
    { ...opts.eventLog, logger: opts.logger },
  );
  // Its own stream, so its own blocking reader: an XREAD over both streams would cross slots on a Cluster.
  const incidentEvents = createRedisChangeLog<IncidentEventRecord>(
    redis,
    opts.connections.blocking("incident-event-reader"),
    { stream: keys.incidentEvents, trimmed: keys.incidentEventsTrimmed, marker: keys.incidentEventMarker },
    incidentSubject,
    { ...opts.eventLog, logger: opts.logger },
  );
  const [alertsFrom, incidentsFrom] = await Promise.all([events.lastGeneratedId(), incidentEvents.lastGeneratedId()]);
  events.start(alertsFrom);
  incidentEvents.start(incidentsFrom);

  const index = guardUnavailable(createRedisIndex(redis, keys, { claimTtlMs: opts.claimTtlMs }));
  const incidents = guardUnavailable(createRedisIncidentIndex(redis, keys, { claimTtlMs: opts.claimTtlMs }));
  // Created right after the readers started (no await between): it hears every event after their start ids.
  const mirror: ReadMirror | null = opts.readMirror
    ? createReadMirror({
        redis,
        keys,
        prefix: opts.keyPrefix ?? "gw:",
        remote: { alerts: index, incidents },
        events,
        incidentEvents,
        from: { alerts: alertsFrom, incidents: incidentsFrom },
        checkIntervalMs: opts.readMirror.checkIntervalMs,
        logger: opts.logger,
      })
    : null;

  let closed = false;
  return {
    kind: "redis",
    ...(mirror && { mirror }),
    index: mirror?.alerts ?? index,
    events: guardUnavailable(events),
    incidents: mirror?.incidents ?? incidents,
    incidentEvents: guardUnavailable(incidentEvents),
    indicators: guardUnavailable(createRedisIndicatorIndex(redis, keys)),
    documents: guardUnavailable(createRedisDocuments(redis, keys)),
    leases: guardUnavailable(createRedisLeases(redis, keys)),
    async ping() {
      if (closed || redis.status !== "ready") return false;
      try {
        return (await redis.ping()) === "PONG";
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      mirror?.stop();
      await Promise.all([events.stop(), incidentEvents.stop()]);
    },
  };
}

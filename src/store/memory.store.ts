import type { Logger } from "../logger.js";
import { createMemoryDocuments } from "./memory.documents.js";
import { incidentEvents } from "./event-subjects.js";
import type { IncidentEventRecord } from "./incident.types.js";
import { createMemoryChangeLog, createMemoryEventLog, type EventLogRetention } from "./memory.event-log.js";
import { createMemoryIncidentIndex } from "./memory.incident-index.js";
import { createMemoryIndex } from "./memory.index.js";
import { createMemoryIndicatorIndex } from "./memory.indicator-index.js";
import { createMemoryLeases } from "./memory.leases.js";
import type { Store } from "./store.types.js";

export interface MemoryStoreOptions {
  /** JSON file the documents (grants, rules, sync status) are written through to; null/absent = memory only. */
  dataFile?: string | null;
  /** Retention of each event log (alerts and incidents alike). */
  eventLog?: EventLogRetention;
  /** How long an upsert-reported change stays claimed before it is reported again, ms. Default 30,000. */
  claimTtlMs?: number;
  /** Where listener errors of the event log are logged. */
  logger?: Logger;
}

/**
 * Embedded store: indexes, event logs, leases and claims live in this process only; documents are also
 * persisted to `dataFile` so state created through the API survives a restart. Throws at creation
 * when `dataFile` exists but is not valid JSON (rather than starting empty and overwriting it).
 */
export function createMemoryStore(opts: MemoryStoreOptions = {}): Store {
  const leases = createMemoryLeases();
  return {
    kind: "memory",
    index: createMemoryIndex({ fenceToken: (name) => leases.currentToken(name), claimTtlMs: opts.claimTtlMs }),
    events: createMemoryEventLog(opts.eventLog, opts.logger),
    incidents: createMemoryIncidentIndex({ fenceToken: (name) => leases.currentToken(name), claimTtlMs: opts.claimTtlMs }),
    incidentEvents: createMemoryChangeLog<IncidentEventRecord>(incidentEvents, opts.eventLog, opts.logger),
    indicators: createMemoryIndicatorIndex(),
    documents: createMemoryDocuments(opts.dataFile ?? null),
    leases,
    ping: async () => true,
    close: async () => {},
  };
}

import { createMemoryDocuments } from "./memory.documents.js";
import { createMemoryEventLog, type EventLogRetention } from "./memory.event-log.js";
import { createMemoryIndex } from "./memory.index.js";
import { createMemoryLeases } from "./memory.leases.js";
import type { Store } from "./store.types.js";

/** Embedded store: everything in memory; documents also written to `dataFile` when given. */
export function createMemoryStore(opts: { dataFile?: string | null; eventLog?: EventLogRetention } = {}): Store {
  const leases = createMemoryLeases();
  return {
    kind: "memory",
    index: createMemoryIndex((name) => leases.currentToken(name)),
    events: createMemoryEventLog(opts.eventLog),
    documents: createMemoryDocuments(opts.dataFile ?? null),
    leases,
    ping: async () => true,
    close: async () => {},
  };
}

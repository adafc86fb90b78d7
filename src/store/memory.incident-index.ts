import { incidentIndexSpec } from "./incident-query.js";
import type { IncidentIndex } from "./incident.types.js";
import { createMemorySortedIndex, type MemorySortedIndexOptions } from "./memory.sorted-index.js";

/** The embedded incident index (see `createMemorySortedIndex`). */
export function createMemoryIncidentIndex(opts: MemorySortedIndexOptions = {}): IncidentIndex {
  return createMemorySortedIndex(incidentIndexSpec, opts);
}

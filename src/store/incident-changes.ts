import type { SecurityIncident } from "../upstream/upstream.types.js";
import { timeKey, ZERO_TIME_KEY } from "./alert-query.js";
import type { IncidentChange, IncidentEventLog, IncidentEventRecord, IncidentIndex } from "./incident.types.js";
import type { FenceToken } from "./store.common.types.js";

/** The part of the `Store` incidents are written to. */
export interface IncidentStore {
  incidents: IncidentIndex;
  incidentEvents: IncidentEventLog;
}

/**
 * The one write path of incidents, the same as alerts' (`recordAlertChanges`): upsert into the index, then append
 * one event per change, oldest `lastUpdateDateTime` first, acknowledging each (`markEvented`) right after its append.
 * "An incident indexed is an incident evented, exactly once, whatever replica dies when": the index reports a change
 * to one caller at a time (a claim) until acknowledged, `recordPendingIncidentChanges` sweeps what a dead writer
 * left, and `appendChange` is idempotent per incident version. With `fence`, a stale sync loop gets
 * `StaleFenceError` and writes nothing. Returns the events this call appended; throws whatever the store throws
 * (changes not yet appended stay pending and are swept).
 */
export async function recordIncidentChanges(
  store: IncidentStore,
  tenantId: string,
  incidents: readonly SecurityIncident[],
  opts: { syncedAt?: string; fence?: FenceToken } = {},
): Promise<IncidentEventRecord[]> {
  if (incidents.length === 0) return [];
  return appendChanges(store, tenantId, await store.incidents.upsert(tenantId, incidents, opts));
}

/**
 * Appends the events of incident changes left pending (their writer died between upsert and append), in batches of
 * `batchSize` (default 1,000) until none is left unclaimed. Returns the events appended. With a stale `fence`,
 * throws `StaleFenceError`.
 */
export async function recordPendingIncidentChanges(
  store: IncidentStore,
  tenantId: string,
  opts: { fence?: FenceToken; batchSize?: number } = {},
): Promise<IncidentEventRecord[]> {
  const limit = opts.batchSize ?? 1_000;
  const out: IncidentEventRecord[] = [];
  for (;;) {
    const changes = await store.incidents.claimPending(tenantId, { limit, fence: opts.fence });
    out.push(...(await appendChanges(store, tenantId, changes)));
    if (changes.length < limit) return out;
  }
}

async function appendChanges(store: IncidentStore, tenantId: string, changes: readonly IncidentChange[]): Promise<IncidentEventRecord[]> {
  const keyed = changes.map((c) => ({ c, k: timeKey(c.incident.lastUpdateDateTime) ?? ZERO_TIME_KEY }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  const records: IncidentEventRecord[] = [];
  for (const { c } of keyed) {
    const record = await store.incidentEvents.appendChange({ kind: c.kind, tenantId, incidentId: c.incident.id, incident: c.incident });
    if (record) records.push(record);
    // Also when the log already had it (null): that version is evented, by us or by a writer we replaced.
    await store.incidents.markEvented(tenantId, c.incident.id, c.incident.lastUpdateDateTime);
  }
  return records;
}

import type { SecurityAlert } from "../upstream/upstream.types.js";
import { timeKey, ZERO_TIME_KEY } from "./alert-query.js";
import type { AlertChange, AlertEventRecord, FenceToken, Store } from "./store.types.js";

/**
 * The one write path of alerts: upsert into the index, then append one event per change, oldest
 * `lastUpdateDateTime` first, acknowledging each (`markEvented`) right after its append.
 *
 * "An alert indexed is an alert evented, exactly once, whatever replica dies when":
 * - the index remembers every stored version without an acknowledged event (pending) and reports it to
 *   one caller at a time (a claim); `recordPendingAlertChanges` (run by the sync loop on every poll)
 *   sweeps what a dead writer left, so nothing waits on the sync overlap to come back;
 * - the event log's `appendChange` is idempotent per alert version, so a change appended twice (a
 *   crash between append and acknowledgement, a writer presumed dead that was not) is one event, and
 *   an alert gets one CREATED.
 * - With `fence`, a stale sync loop gets `StaleFenceError` and writes nothing.
 * - The shared-indicator aggregate (`store.indicators`) is updated with every change reported, before its event.
 * Returns the events this call appended. Throws whatever the store throws; changes not yet appended
 * stay pending and are swept as above.
 */
export async function recordAlertChanges(
  store: Store,
  tenantId: string,
  alerts: readonly SecurityAlert[],
  opts: { syncedAt?: string; fence?: FenceToken } = {},
): Promise<AlertEventRecord[]> {
  if (alerts.length === 0) return [];
  return appendChanges(store, tenantId, await store.index.upsert(tenantId, alerts, opts));
}

/**
 * Appends the events of changes left pending (their writer died between upsert and append), in
 * batches of `batchSize` until none is left unclaimed. Returns the events appended. With a stale
 * `fence`, throws `StaleFenceError`.
 */
export async function recordPendingAlertChanges(
  store: Store,
  tenantId: string,
  opts: { fence?: FenceToken; batchSize?: number } = {},
): Promise<AlertEventRecord[]> {
  const limit = opts.batchSize ?? 1_000;
  const out: AlertEventRecord[] = [];
  for (;;) {
    const changes = await store.index.claimPending(tenantId, { limit, fence: opts.fence });
    out.push(...(await appendChanges(store, tenantId, changes)));
    if (changes.length < limit) return out;
  }
}

async function appendChanges(store: Store, tenantId: string, changes: readonly AlertChange[]): Promise<AlertEventRecord[]> {
  // Before the events: if this throws, the changes stay pending and the sweep applies them (it is idempotent) with
  // their events, so the shared-indicator aggregate follows every version that reaches the log.
  if (changes.length > 0)
    await store.indicators.record(
      tenantId,
      changes.map((c) => c.alert),
    );
  const keyed = changes.map((c) => ({ c, k: timeKey(c.alert.lastUpdateDateTime) ?? ZERO_TIME_KEY }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  const records: AlertEventRecord[] = [];
  for (const { c } of keyed) {
    const record = await store.events.appendChange({ kind: c.kind, tenantId, alertId: c.alert.id, alert: c.alert });
    if (record) records.push(record);
    // Also when the log already had it (null): that version is evented, by us or by a writer we replaced.
    await store.index.markEvented(tenantId, c.alert.id, c.alert.lastUpdateDateTime);
  }
  return records;
}

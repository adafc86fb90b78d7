import type { DefenderAlert } from "../upstream/defender.types.js";
import { timeKey, ZERO_TIME_KEY } from "./alert-query.js";
import type { AlertEventRecord, FenceToken, Store } from "./store.types.js";

/**
 * The one write path of alerts: upsert into the index, then append one event per change, oldest
 * `lastUpdateTime` first, acknowledging each (`markEvented`) right after its append.
 *
 * - Exactly once across concurrent writers (the sync loop and our own mutations, on any replica): the
 *   index reports each change to one caller only (compare-and-set with a claim).
 * - Crash-safe: a change whose event was never acknowledged is reported again by a later upsert of the
 *   alert (the next sync overlap) once the claim lapses, so it is delayed, never lost. A crash after an
 *   append but before its acknowledgement can repeat that one event (at-least-once at that seam).
 * - With `fence`, a stale sync loop gets `StaleFenceError` and writes nothing.
 * Throws whatever the store throws; changes not yet appended stay pending and come back as above.
 */
export async function recordAlertChanges(
  store: Store,
  tenantId: string,
  alerts: readonly DefenderAlert[],
  opts: { syncedAt?: string; fence?: FenceToken } = {},
): Promise<AlertEventRecord[]> {
  if (alerts.length === 0) return [];
  const changes = await store.index.upsert(tenantId, alerts, opts);
  const keyed = changes.map((c) => ({ c, k: timeKey(c.alert.lastUpdateTime) ?? ZERO_TIME_KEY }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  const records: AlertEventRecord[] = [];
  for (const { c } of keyed) {
    records.push(await store.events.append({ kind: c.kind, tenantId, alertId: c.alert.id, alert: c.alert }));
    await store.index.markEvented(tenantId, c.alert.id, c.alert.lastUpdateTime);
  }
  return records;
}

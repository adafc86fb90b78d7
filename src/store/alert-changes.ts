import type { DefenderAlert } from "../upstream/defender.types.js";
import { timeOf } from "./alert-query.js";
import type { AlertEventRecord, FenceToken, Store } from "./store.types.js";

/**
 * The one write path of alerts: upsert into the index, then append one event per change, oldest change
 * first. The index reports each change once even to concurrent writers (sync and our own mutations on
 * any replica), which is what makes every change appear in the log exactly once. A crash between the
 * upsert and the append is covered by the index: an unacknowledged change is reported again by a later
 * upsert of the same alert (the next sync overlap), so it is delayed, never lost.
 */
export async function recordAlertChanges(
  store: Store,
  tenantId: string,
  alerts: readonly DefenderAlert[],
  opts: { syncedAt?: string; fence?: FenceToken } = {},
): Promise<AlertEventRecord[]> {
  if (alerts.length === 0) return [];
  const changes = await store.index.upsert(tenantId, alerts, opts);
  changes.sort((a, b) => timeOf(a.alert, "lastUpdateTime") - timeOf(b.alert, "lastUpdateTime"));
  const records: AlertEventRecord[] = [];
  for (const change of changes) {
    records.push(await store.events.append({ kind: change.kind, tenantId, alertId: change.alert.id, alert: change.alert }));
    await store.index.markEvented?.(tenantId, change.alert.id, change.alert.lastUpdateTime);
  }
  return records;
}

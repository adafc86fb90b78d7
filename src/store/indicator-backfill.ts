import type { Store } from "./store.types.js";

/**
 * Counts every alert the index already holds of one tenant in the shared-indicator aggregate. For a Redis store
 * written by a version without the aggregate: its alerts count only from their next change otherwise. Safe beside
 * live writes, on several replicas at once and more than once (the aggregate keeps the newest version of each alert
 * and ignores older ones). Reads the index in pages of `pageSize` alerts (default 500); returns how many it read.
 * Throws what the store throws (running it again resumes nothing but redoes everything, harmlessly).
 */
export async function backfillIndicators(store: Store, tenantId: string, opts: { pageSize?: number } = {}): Promise<number> {
  const first = opts.pageSize ?? 500;
  let after: string | undefined;
  let read = 0;
  for (;;) {
    const page = await store.index.query({
      filter: { tenantIds: [tenantId] },
      orderBy: { field: "createdDateTime", direction: "ASC" },
      first,
      after,
      endCursorOnly: true,
    });
    await store.indicators.record(
      tenantId,
      page.items.map((i) => i.alert),
    );
    read += page.items.length;
    if (!page.hasNextPage) return read;
    after = page.cursors.at(-1);
  }
}

/** Document collection of the per-tenant "backfilled" markers. */
export const INDICATOR_BACKFILL_COLLECTION = "indicator-backfill";

/**
 * `backfillIndicators` unless a marker document says it already ran for the tenant (on any replica, any time before);
 * sets the marker afterwards. Returns the alerts read, or null when it had run. Replicas starting together may both
 * run it: harmless. Meant for startup, in the background, once per tenant.
 */
export async function backfillIndicatorsOnce(store: Store, tenantId: string): Promise<number | null> {
  if (await store.documents.get(INDICATOR_BACKFILL_COLLECTION, tenantId)) return null;
  const read = await backfillIndicators(store, tenantId);
  await store.documents.put(INDICATOR_BACKFILL_COLLECTION, tenantId, { at: new Date().toISOString(), alerts: read });
  return read;
}

/** Per-tenant sync record, written by the replica holding the tenant's lease and readable by all. */
export interface SyncStatus {
  tenantId: string;
  /** ISO time of the last poll that completed without error. */
  lastSuccessAt: string | null;
  /** ISO time of the last poll attempt. */
  lastAttemptAt: string | null;
  /** Message of the last failure (cleared on success). Never contains secrets. */
  lastError: string | null;
  lastErrorCode: string | null;
  /** Highest `lastUpdateTime` seen (ISO); the next poll asks for `lastUpdateTime ge watermark − overlap`. */
  watermark: string | null;
  /** True once the initial backfill window has been read completely. */
  backfilled: boolean;
  /** Replica id that holds the sync lease. */
  holder: string | null;
  /** Alerts written by the last poll. */
  lastBatchSize: number;
  /** Highest incident `lastUpdateDateTime` seen (ISO); absent until incidents are synced. */
  incidentWatermark?: string | null;
  /**
   * The API the watermarks were read from (absent: written before the Graph switch, i.e. the legacy API). When the
   * tenant's API changes, the watermarks do not apply to the new API's data (Graph also has the other products' alerts),
   * so the next poll backfills; the index's versions keep that from duplicating anything.
   */
  upstreamApi?: string;
}

/** Documents-store collection of SyncStatus records, keyed by tenant id. */
export const SYNC_STATUS_COLLECTION = "sync-status";

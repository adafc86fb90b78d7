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
}

/** Documents-store collection of SyncStatus records, keyed by tenant id. */
export const SYNC_STATUS_COLLECTION = "sync-status";

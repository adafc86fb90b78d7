import { timeKey, ZERO_TIME_KEY } from "../../store/alert-query.js";
import { VersionConflictError } from "../../store/store.errors.js";
import type { DocumentStore } from "../../store/store.types.js";
import type { SecurityIncident } from "../../upstream/upstream.types.js";
import { SEVERITY_TRAIL_COLLECTION } from "./notification.model.js";

/**
 * Why this exists: an incident event carries the incident after the change, but a severity rise is a comparison
 * with the version before. The event log has no per-incident lookup, and a replica's memory is lost on restart and
 * differs between replicas. So the severities of an incident's recent versions are kept in the DocumentStore (shared
 * by every replica, durable in shared mode and in the embedded data file), keyed by version: whichever replica
 * handles an event, whenever (live, or replaying after a restart), finds the same predecessor, so every replica
 * reaches the same decision and the delivery claim makes it exactly once.
 */
export interface SeverityTrail {
  /**
   * Records the severity of this version of the incident and returns the severity of the version before it: the
   * newest recorded version older than this one (null when that version had none), or `undefined` when none is
   * recorded (the first version the gateway saw, or one older than the trail keeps). Idempotent per version.
   * Throws what the DocumentStore throws.
   */
  previous(tenantId: string, incident: SecurityIncident): Promise<string | null | undefined>;
  /** Deletes the trails of incidents that had no event for longer than `maxAgeMs`; returns how many. */
  prune(): Promise<number>;
}

interface TrailDoc {
  /** The document's own id (`<tenantId>:<incidentId>`): listing returns values only. */
  id: string;
  /** Oldest first: version (time key of `lastUpdateDateTime`) and severity. */
  entries: { v: string; s: string | null }[];
  /** ISO time of the last event recorded (for pruning). */
  touchedAt: string;
}

export interface SeverityTrailOptions {
  /** Versions kept per incident: enough for a replica lagging this many events of one incident behind another. Default 16. */
  keep?: number;
  /** A trail with no event for this long is deleted by `prune`, ms. Default 30 days. */
  maxAgeMs?: number;
  now?: () => number;
}

const CAS_ATTEMPTS = 5;

export function createSeverityTrail(documents: DocumentStore, opts: SeverityTrailOptions = {}): SeverityTrail {
  const keep = opts.keep ?? 16;
  const maxAgeMs = opts.maxAgeMs ?? 30 * 86_400_000;
  const now = opts.now ?? Date.now;

  return {
    async previous(tenantId, incident) {
      const id = `${tenantId}:${incident.id}`;
      const v = timeKey(incident.lastUpdateDateTime) ?? ZERO_TIME_KEY;
      let before: string | null | undefined;
      for (let attempt = 1; ; attempt++) {
        const doc = await documents.get<TrailDoc>(SEVERITY_TRAIL_COLLECTION, id);
        const entries = doc?.value.entries ?? [];
        before = entries.filter((e) => e.v < v).at(-1)?.s;
        if (entries.some((e) => e.v === v)) return before;
        const next: TrailDoc = {
          id,
          entries: [...entries, { v, s: incident.severity }].sort((a, b) => (a.v < b.v ? -1 : 1)).slice(-keep),
          touchedAt: new Date(now()).toISOString(),
        };
        try {
          await documents.put(SEVERITY_TRAIL_COLLECTION, id, next, doc?.version ?? 0);
          return before;
        } catch (e) {
          if (!(e instanceof VersionConflictError)) throw e;
          // Another replica recorded a version meanwhile (maybe this one's predecessor): read again and decide again.
          // Under sustained contention the last answer stands; the other writers record this version anyway.
          if (attempt >= CAS_ATTEMPTS) return before;
        }
      }
    },
    async prune() {
      const cutoff = now() - maxAgeMs;
      const stale = (await documents.list<TrailDoc>(SEVERITY_TRAIL_COLLECTION)).filter((d) => Date.parse(d.value.touchedAt) < cutoff);
      let n = 0;
      for (const d of stale) if (await documents.delete(SEVERITY_TRAIL_COLLECTION, d.value.id)) n++;
      return n;
    },
  };
}

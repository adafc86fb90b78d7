import type { IndexedIncident } from "../../store/incident.types.js";
import type { IndexedAlert } from "../../store/store.types.js";
import type {
  BatchResult,
  SecurityAlert,
  SecurityAlertPatch,
  SecurityComment,
  SecurityIncident,
  SecurityIncidentPatch,
} from "../../upstream/upstream.types.js";
import { fromIndexed } from "../alerts/alert.mapper.js";
import type { Alert } from "../alerts/alert.type.js";
import { fromIndexedIncident } from "../incidents/incident.mapper.js";
import type { Incident } from "../incidents/incident.type.js";
import type { BulkKind } from "./triage.runner.js";

/** Where bulk triage reads, sends and records one kind of item. */
export interface TriageTarget<M, S, P> {
  index: { getMany(keys: readonly { tenantId: string; id: string }[]): Promise<(S | null)[]> };
  /** The upstream source's bulk method (`UpstreamSource.updateAlerts` / `updateIncidents`). */
  update(tenantId: string, ids: readonly string[], patch: P): Promise<BatchResult<M>[]>;
  /** `recordAlertChanges` / `recordIncidentChanges`: index, then event log, exactly once. */
  record(tenantId: string, items: M[]): Promise<unknown>;
}

const same = (a: unknown, b: unknown) => b === undefined || a === b;
const sameSet = (a: readonly string[], b: readonly string[] | undefined) =>
  b === undefined || (a.length === b.length && [...a].sort().join("\u0000") === [...b].sort().join("\u0000"));
// A comment is "there" when the item already has exactly this text (the analyst's name included): a retried call.
const hasComment = (comments: readonly SecurityComment[], comment: string | undefined) =>
  comment === undefined || comments.some((c) => c.comment === comment);

/**
 * What of `patch` to send: nothing when all of it holds; without the comment when only that is there (a retried call).
 * Fields that already hold are sent again with a missing comment: setting a value twice is harmless, and one patch for
 * the whole tenant keeps it one upstream batch (on the legacy API a call of its 10 a minute).
 */
function rest<P extends { comment?: string }>(fieldsHold: boolean, commentThere: boolean, patch: P): P | null {
  if (fieldsHold && commentThere) return null;
  if (!commentThere) return patch;
  const { comment: _comment, ...fields } = patch;
  return fields as P;
}

export function alertKind(
  target: TriageTarget<SecurityAlert, IndexedAlert, SecurityAlertPatch>,
): BulkKind<SecurityAlert, IndexedAlert, Alert, SecurityAlertPatch> {
  return {
    noun: "alert",
    getMany: (keys) => target.index.getMany(keys),
    model: (s) => s.alert,
    remaining: (a, p) =>
      rest(
        same(a.status, p.status) &&
          same(a.classification, p.classification) &&
          same(a.determination, p.determination) &&
          same(a.assignedTo, p.assignedTo),
        hasComment(a.comments, p.comment),
        p,
      ),
    send: (tenantId, ids, patch) => target.update(tenantId, ids, patch),
    record: (tenantId, alerts) => target.record(tenantId, alerts),
    wrap: (tenantId, alert) => ({ tenantId, alert, syncedAt: new Date().toISOString() }),
    view: fromIndexed,
  };
}

export function incidentKind(
  target: TriageTarget<SecurityIncident, IndexedIncident, SecurityIncidentPatch>,
): BulkKind<SecurityIncident, IndexedIncident, Incident, SecurityIncidentPatch> {
  return {
    noun: "incident",
    getMany: (keys) => target.index.getMany(keys),
    model: (s) => s.incident,
    remaining: (i, p) =>
      rest(
        same(i.status, p.status) &&
          same(i.classification, p.classification) &&
          same(i.determination, p.determination) &&
          same(i.assignedTo, p.assignedTo) &&
          same(i.description, p.description) &&
          sameSet(i.customTags, p.customTags),
        hasComment(i.comments, p.comment),
        p,
      ),
    send: (tenantId, ids, patch) => target.update(tenantId, ids, patch),
    // A PATCH answer carries no `$expand=alerts`: keep the alert ids and products the index learnt at sync time.
    carry: (fresh, stored) => ({
      ...fresh,
      alertIds: fresh.alertIds.length > 0 ? fresh.alertIds : stored.alertIds,
      ...((fresh.serviceSources ?? stored.serviceSources) ? { serviceSources: fresh.serviceSources ?? stored.serviceSources } : {}),
    }),
    record: (tenantId, incidents) => target.record(tenantId, incidents),
    wrap: (tenantId, incident) => ({ tenantId, incident, syncedAt: new Date().toISOString() }),
    view: fromIndexedIncident,
  };
}

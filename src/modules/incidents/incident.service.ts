import DataLoader from "dataloader";
import type { Principal } from "../../auth/principal.js";
import { type AccessScope, Permission } from "../../auth/roles.js";
import { badInput, forbidden, notFound } from "../../errors/errors.js";
import type { IncidentIndex, IncidentSortField, IndexedIncident } from "../../store/incident.types.js";
import type { AlertIndex, IndexedAlert } from "../../store/store.types.js";
import type { SecurityComment, SecurityIncident, SecurityIncidentPatch } from "../../upstream/upstream.types.js";
import { connectionOf, PAGE_SIZE, pageSize } from "../common/connection.page.js";
import { createIncidentAlertCountLoader, createIncidentAlertsLoader, incidentKeyOf, type IncidentKey } from "./incident-alerts.js";
import { toIncidentIndexFilter } from "./incident-filter.mapper.js";
import { attributedComment, toIncidentChange } from "./incident-patch.js";
import type { IncidentFilter, IncidentOrder, UpdateIncidentInput } from "./incident.input.js";
import { IncidentOrderField } from "./incident.input.js";
import { fromIndexedIncident } from "./incident.mapper.js";
import type { Incident, IncidentConnection } from "./incident.type.js";

export interface IncidentServiceDeps {
  index: IncidentIndex;
  /** The alert index: an incident's alerts are the indexed alerts with its id. */
  alerts: AlertIndex;
  /** Sends the change upstream (Graph `PATCH /security/incidents/{id}`); null when upstream does not know the incident. */
  patchUpstream(tenantId: string, id: string, patch: SecurityIncidentPatch): Promise<SecurityIncident | null>;
  /** Adds a comment upstream; the incident's comments after it, or null when upstream does not know the incident. */
  commentUpstream(tenantId: string, id: string, comment: string): Promise<SecurityComment[] | null>;
  /** The incident as upstream has it now (after a comment, whose answer carries no new version); null when unknown. */
  fetchUpstream(tenantId: string, id: string): Promise<SecurityIncident | null>;
  /** Writes changed incidents into the index and appends their events (exactly once). */
  recordChanges(tenantId: string, incidents: SecurityIncident[]): Promise<unknown>;
}

export interface ListIncidentsArgs {
  filter?: IncidentFilter | null;
  first?: number | null;
  after?: string | null;
  orderBy?: IncidentOrder | null;
}

export type IncidentService = ReturnType<typeof createIncidentService>;

/**
 * Incidents for the API: the cross-tenant queue and single incidents from the index (zero upstream calls), and the
 * analyst's writes, which go upstream first and then into the index and the event log at once (like `updateAlert`).
 * Reading needs a role that reads the tenant's alerts (TIER1); writing needs TIER2 on it.
 */
export function createIncidentService(deps: IncidentServiceDeps) {
  const { index } = deps;

  const readable = async (scope: AccessScope, tenantId: string, id: string): Promise<IndexedIncident | null> =>
    scope.can(tenantId, Permission.READ_ALERTS) ? index.get(tenantId, id) : null;

  /** The incident to write: NOT_FOUND when absent or unreadable (indistinguishable), FORBIDDEN without TIER2. */
  const writable = async (scope: AccessScope, tenantId: string, id: string): Promise<IndexedIncident> => {
    const existing = await readable(scope, tenantId, id);
    if (!existing) throw notFound(`incident ${id} was not found in tenant ${tenantId}`);
    if (!scope.can(tenantId, Permission.WRITE_ALERTS))
      throw forbidden(`updating incidents of tenant ${tenantId} needs the TIER2_ANALYST role`, tenantId);
    return existing;
  };

  /**
   * Adds an (attributed) comment upstream and returns the incident as upstream has it after it. A comment's answer
   * carries only the comments, and adding one moves the incident's version on, so the incident is read again. When
   * that read fails, `known` with the new comments is returned with `reread` false: a snapshot upstream has moved past.
   */
  const comment = async (tenantId: string, id: string, text: string, known: SecurityIncident) => {
    const comments = await deps.commentUpstream(tenantId, id, text);
    if (!comments) throw notFound(`incident ${id} was not found in tenant ${tenantId}`);
    const fresh = await deps.fetchUpstream(tenantId, id).catch(() => null);
    return fresh ? { incident: fresh, reread: true } : { incident: { ...known, comments }, reread: false };
  };

  /** Records what upstream answered and returns the index's copy (a newer one when another write won meanwhile). */
  const record = async (tenantId: string, incident: SecurityIncident): Promise<Incident> => {
    await deps.recordChanges(tenantId, [incident]);
    const fresh = await index.get(tenantId, incident.id);
    return fromIndexedIncident(fresh ?? { tenantId, incident, syncedAt: new Date().toISOString() });
  };

  /**
   * After a comment: the incident to answer with, recorded when it is a version upstream had. A comment alone whose
   * re-read failed is answered as known plus the comments, not indexed (the next poll brings that version).
   */
  const settle = async (tenantId: string, after: { incident: SecurityIncident; reread: boolean }, patched: boolean, syncedAt: string) =>
    after.reread || patched ? record(tenantId, after.incident) : fromIndexedIncident({ tenantId, incident: after.incident, syncedAt });

  return {
    /** The incident queue: incidents of every tenant the caller may read (or of `onlyTenant`), from the index. */
    async list(scope: AccessScope, args: ListIncidentsArgs, onlyTenant?: string): Promise<IncidentConnection> {
      const first = pageSize(args.first, PAGE_SIZE);
      const field: IncidentSortField =
        args.orderBy?.field === IncidentOrderField.CREATED_DATE_TIME ? "createdDateTime" : "lastUpdateDateTime";
      const page = await index.query({
        filter: toIncidentIndexFilter(scope, args.filter, onlyTenant),
        orderBy: { field, direction: args.orderBy?.direction ?? "DESC" },
        first,
        after: args.after ?? undefined,
      });
      return {
        ...connectionOf(page.items, page.cursors, fromIndexedIncident, { hasNextPage: page.hasNextPage, after: args.after }),
        totalCount: page.totalCount,
      };
    },

    /** One incident, or null when it does not exist or the caller may not read its tenant (indistinguishable). Redirected ones too. */
    async get(scope: AccessScope, tenantId: string, id: string, loader?: DataLoader<IncidentKey, IndexedIncident | null, string>) {
      if (!scope.can(tenantId, Permission.READ_ALERTS)) return null;
      const found = loader ? await loader.load({ tenantId, id }) : await index.get(tenantId, id);
      return found ? fromIndexedIncident(found) : null;
    },

    /** Per request: incidents by key from the index, one `getMany` per tick (e.g. every `Alert.incident` of a page). */
    createLoader: () =>
      new DataLoader<IncidentKey, IndexedIncident | null, string>((keys) => index.getMany(keys), {
        cacheKeyFn: incidentKeyOf,
        maxBatchSize: 500,
      }),

    /** Per request: the alerts of the incidents a response resolves, one alert-index query per tenant. */
    createAlertsLoader: () => createIncidentAlertsLoader(deps.alerts),

    /** The alerts of an incident the caller may read (empty otherwise), through the request's loader. */
    async alertsOf(
      scope: AccessScope,
      incident: Incident,
      loader: DataLoader<IncidentKey, IndexedAlert[], string>,
    ): Promise<IndexedAlert[]> {
      if (!scope.can(incident.tenantId, Permission.READ_ALERTS)) return [];
      return loader.load({ tenantId: incident.tenantId, id: incident.id });
    },

    /** Per request: the alert counts of the incidents a response resolves, one alert-index call per tenant. */
    createAlertCountLoader: () => createIncidentAlertCountLoader(deps.alerts),

    /**
     * How many alerts `alertsOf` would return (0 when the caller may not read the incident's tenant), without reading
     * them: at once from an index in memory, otherwise through the request's count loader (one call per tenant).
     */
    alertCountOf(scope: AccessScope, incident: Incident, loader: DataLoader<IncidentKey, number, string>): Promise<number> | number {
      if (!scope.can(incident.tenantId, Permission.READ_ALERTS)) return 0;
      return deps.alerts.countOfIncident?.(incident.tenantId, incident.id) ?? loader.load({ tenantId: incident.tenantId, id: incident.id });
    },

    /** Open incidents of a tenant by severity; null when the caller may not read the tenant. */
    async openCounts(scope: AccessScope, tenantId: string): Promise<Record<string, number> | null> {
      if (!scope.can(tenantId, Permission.READ_ALERTS)) return null;
      return index.countOpenBySeverity(tenantId);
    },

    /**
     * Updates upstream first (upstream stays the source of truth), then the index and the incident event log at once,
     * without waiting for the next poll. Needs TIER2 on the tenant. A status change of an incident merged into another
     * is refused (BAD_USER_INPUT naming the target): its alerts, and the work, are there now.
     */
    async update(scope: AccessScope, input: UpdateIncidentInput, author?: Principal): Promise<Incident> {
      const existing = await writable(scope, input.tenantId, input.id);
      const change = toIncidentChange(input, author);
      const target = existing.incident.redirectIncidentId;
      if (change.patch.status && target)
        throw badInput(`status: incident ${input.id} was merged into incident ${target}; update that one`, "input.status");
      const patched = Object.keys(change.patch).length > 0;
      let incident = existing.incident;
      if (patched) {
        const updated = await deps.patchUpstream(input.tenantId, input.id, change.patch);
        if (!updated) throw notFound(`incident ${input.id} was not found in tenant ${input.tenantId}`);
        incident = updated;
      }
      if (change.comment === null) return record(input.tenantId, incident);
      return settle(input.tenantId, await comment(input.tenantId, input.id, change.comment, incident), patched, existing.syncedAt);
    },

    /** Adds a comment, attributed to the analyst, upstream first and then to the index and event log. Needs TIER2. */
    async addComment(scope: AccessScope, tenantId: string, id: string, text: string, author?: Principal): Promise<Incident> {
      const existing = await writable(scope, tenantId, id);
      const after = await comment(tenantId, id, attributedComment(text, author), existing.incident);
      return settle(tenantId, after, false, existing.syncedAt);
    },
  };
}

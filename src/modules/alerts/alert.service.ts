import type DataLoader from "dataloader";
import type { TenantItemKey } from "../../upstream/upstream.loaders.js";
import type { Principal } from "../../auth/principal.js";
import type { AccessScope } from "../../auth/roles.js";
import { Permission } from "../../auth/roles.js";
import { badInput, forbidden, notFound } from "../../errors/errors.js";
import { connectionOf, PAGE_SIZE, pageSize } from "../common/connection.page.js";
import type { AlertIndex, AlertSortField, IndexedAlert } from "../../store/store.types.js";
import type { SecurityAlert, SecurityAlertPatch } from "../../upstream/upstream.types.js";
import { toIndexFilter } from "./alert-filter.mapper.js";
import type { AlertFilter, AlertOrder, UpdateAlertInput } from "./alert.input.js";
import { AlertOrderField } from "./alert.input.js";
import { COMMENT_MAX, toAlertPatch } from "./alert-patch.mapper.js";
import { fromIndexed } from "./alert.mapper.js";
import type { Alert, AlertConnection } from "./alert.type.js";

/** How long an id upstream did not know answers null without asking again, ms. */
const UNKNOWN_ID_TTL_MS = 60_000;

export type AlertKey = TenantItemKey;
const keyOf = (k: AlertKey) => `${k.tenantId}\u0000${k.id}`;

export interface AlertServiceDeps {
  index: AlertIndex;
  /**
   * A per-request loader of alerts straight from upstream (null = unknown id, an error fails only its key), batched per
   * tenant: Graph sends one `$batch` per 20 ids (`createUpstreamLoaders` in src/upstream). Used for an alert the index
   * does not hold yet. Absent ⇒ index only.
   */
  upstreamLoader?(): DataLoader<AlertKey, SecurityAlert | null, string>;
  /** Sends the change upstream (whichever API the tenant is on) and returns the updated alert; null when upstream does not know it. */
  patchUpstream(tenantId: string, id: string, patch: SecurityAlertPatch): Promise<SecurityAlert | null>;
  /** Writes changed alerts into the index and appends their events (exactly once). */
  recordChanges(tenantId: string, alerts: SecurityAlert[]): Promise<unknown>;
}

export interface ListAlertsArgs {
  filter?: AlertFilter | null;
  first?: number | null;
  after?: string | null;
  orderBy?: AlertOrder | null;
}

export type AlertService = ReturnType<typeof createAlertService>;

export function createAlertService(deps: AlertServiceDeps) {
  const { index } = deps;

  const list = async (scope: AccessScope, args: ListAlertsArgs, onlyTenant?: string): Promise<AlertConnection> => {
    const first = pageSize(args.first, PAGE_SIZE);
    const field: AlertSortField = args.orderBy?.field === AlertOrderField.ALERT_CREATION_TIME ? "createdDateTime" : "lastUpdateDateTime";
    const filter = toIndexFilter(scope, args.filter, onlyTenant);
    const page = await index.query({
      filter,
      orderBy: { field, direction: args.orderBy?.direction ?? "DESC" },
      first,
      after: args.after ?? undefined,
    });
    return {
      ...connectionOf(page.items, page.cursors, fromIndexed, { hasNextPage: page.hasNextPage, after: args.after }),
      totalCount: page.totalCount,
    };
  };

  // Ids upstream did not know, for a while: guessing ids must not turn into upstream calls (and budget) per request.
  const unknownUpstream = new Map<string, number>();
  const rememberUnknown = (key: string) => {
    unknownUpstream.delete(key);
    unknownUpstream.set(key, Date.now() + UNKNOWN_ID_TTL_MS);
    if (unknownUpstream.size > 10_000) unknownUpstream.delete(unknownUpstream.keys().next().value!);
  };

  /** Per request: the misses of one response become one upstream batch per tenant (`deps.upstreamLoader`). */
  const createUpstreamLoader = (): DataLoader<AlertKey, SecurityAlert | null, string> | null => deps.upstreamLoader?.() ?? null;

  const readable = async (scope: AccessScope, tenantId: string, id: string): Promise<IndexedAlert | null> => {
    if (!scope.can(tenantId, Permission.READ_ALERTS)) return null;
    return index.get(tenantId, id);
  };

  const service = {
    list,

    createUpstreamLoader,

    /**
     * One alert, or null when it does not exist or the caller may not read its tenant (indistinguishable). An alert the
     * index does not hold yet (newer than the last poll) is read upstream through the request's `loader`, then indexed
     * and evented like a synced one, so the next read and every subscriber see it too. An upstream failure is that
     * field's error (UPSTREAM_* with the tenant).
     */
    async get(
      scope: AccessScope,
      tenantId: string,
      id: string,
      loader?: DataLoader<AlertKey, SecurityAlert | null, string> | null,
    ): Promise<Alert | null> {
      const found = await readable(scope, tenantId, id);
      if (found) return fromIndexed(found);
      if (!loader || !scope.can(tenantId, Permission.READ_ALERTS)) return null;
      const key = keyOf({ tenantId, id });
      if ((unknownUpstream.get(key) ?? 0) > Date.now()) return null;
      const fetched = await loader.load({ tenantId, id });
      if (!fetched) {
        rememberUnknown(key);
        return null;
      }
      await deps.recordChanges(tenantId, [fetched]);
      const indexed = await index.get(tenantId, id);
      return fromIndexed(indexed ?? { tenantId, alert: fetched, syncedAt: new Date().toISOString() });
    },

    /** Open alerts of a tenant by GraphQL severity; null when the caller may not read the tenant. */
    async openCounts(scope: AccessScope, tenantId: string): Promise<Record<string, number> | null> {
      if (!scope.can(tenantId, Permission.READ_ALERTS)) return null;
      return index.countOpenBySeverity(tenantId);
    },

    /**
     * Adds a comment, attributed to the analyst: the comment-only case of `update` (upstream first, then the alert as
     * upstream has it after the comment into the index and the event log at once). NOT_FOUND when absent or
     * unreadable, FORBIDDEN without TIER2 on the tenant, BAD_USER_INPUT (`comment`) for an empty or long comment.
     */
    addComment(scope: AccessScope, tenantId: string, id: string, text: string, author?: Principal): Promise<Alert> {
      const c = text.trim();
      if (c.length === 0 || c.length > COMMENT_MAX) throw badInput(`comment: expected 1 to ${COMMENT_MAX} characters`, "comment");
      return service.update(scope, { tenantId, id, comment: c }, author);
    },

    /**
     * Updates upstream first (so upstream stays the source of truth), then the index and the event log at
     * once, without waiting for the next poll. Needs TIER2 on the tenant.
     */
    async update(scope: AccessScope, input: UpdateAlertInput, author?: Principal): Promise<Alert> {
      const existing = await readable(scope, input.tenantId, input.id);
      if (!existing) throw notFound(`alert ${input.id} was not found in tenant ${input.tenantId}`);
      if (!scope.can(input.tenantId, Permission.WRITE_ALERTS))
        throw forbidden(`updating alerts of tenant ${input.tenantId} needs the TIER2_ANALYST role`, input.tenantId);
      const patch = toAlertPatch(input, author);
      const updated = await deps.patchUpstream(input.tenantId, input.id, patch);
      if (!updated) throw notFound(`alert ${input.id} was not found in tenant ${input.tenantId}`);
      await deps.recordChanges(input.tenantId, [updated]);
      const fresh = await index.get(input.tenantId, input.id);
      return fromIndexed(fresh ?? { tenantId: input.tenantId, alert: updated, syncedAt: new Date().toISOString() });
    },
  };
  return service;
}

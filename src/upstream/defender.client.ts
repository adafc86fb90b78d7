import { ErrorCode } from "../errors/errors.js";
import type { BudgetLeft, UpstreamPriority } from "./budget.limiter.js";
import { createCredentialProvider, type CredentialProviderOptions } from "./credential.provider.js";
import { idFilters, queryString, type IdChunkOptions } from "./defender.odata.js";
import {
  DEFENDER_BATCH_UPDATE_LIMITS,
  DefenderPaths,
  toEntityDetermination,
  toUpdateDetermination,
  type DefenderAlert,
  type DefenderAlertPatch,
  type DefenderBatchUpdate,
  type DefenderMachine,
  type ODataList,
} from "./defender.types.js";
import { createClientBudget, createResilientCaller, NOT_FOUND } from "./resilient.call.js";
import type { ResilienceOptions, UpstreamCallSpec, UpstreamState } from "./resilient.types.js";
import { newUpstreamError, upstreamMessage } from "./upstream.errors.js";

export type { UpstreamPriority } from "./budget.limiter.js";
// The metrics hook and `state()` speak these; callers of this client import them from here or from the shared loop.
export type { UpstreamCallEvent, UpstreamState } from "./resilient.types.js";

/**
 * Everything the composition root can set. Credential fields are those of {@link CredentialProviderOptions}
 * (client id, secret or certificate path, authority host, CA for the authority, instance discovery); retries,
 * timeouts, budget and breaker those of {@link ResilienceOptions}.
 */
export interface DefenderClientOptions extends CredentialProviderOptions, ResilienceOptions {
  /** Defender API base URL of a tenant (its geo host, a GCC host, the simulator), without `/api`. Required. */
  baseUrlFor(tenantId: string): string;
  /** Per-tenant budget: limits and priority reserves. Defaults 90/min, 1,400/h, reserves read 5%, sync 20%. */
  budget?: ResilienceOptions["budget"];
  /**
   * Per-tenant budget of `POST /api/alerts/batchUpdate`, apart from every other call's (upstream allows it 10/min and
   * 500/h). Defaults 9/min, 450/h; in Redis under `<prefix>batchUpdate:{t:<tenantId>}:budget:*` when `redis` is set.
   */
  batchUpdateBudget?: ResilienceOptions["budget"];
  /** Prefix of Redis keys. Default "gw:" (keys `gw:{t:<tenantId>}:budget:minute|hour`). */
  keyPrefix?: string;
  /** Bounds of one `id eq … or …` machine filter. Defaults 50 ids, 1,800 encoded characters. */
  machineIdChunk?: IdChunkOptions;
}

export interface AlertListQuery {
  /** OData `$filter`, e.g. `lastUpdateTime ge 2025-03-02T09:00:00Z` (see `odataDateTime`). */
  filter?: string;
  /** `$top`, 1..10,000 upstream. Upstream default is its maximum. */
  top?: number;
  /** `$skip`: Defender has no `@odata.nextLink`, so paging is `$top` + `$skip`. */
  skip?: number;
  /** `$orderby`, e.g. "lastUpdateTime asc". */
  orderBy?: string;
  /** Adds `$expand=evidence` (otherwise `evidence` comes back empty). */
  expandEvidence?: boolean;
  /**
   * The caller can ask again with a smaller `$top`: a timeout then fails at once with `PageTimeoutError` instead of
   * being retried and counted by the tenant's breaker (a big backfill page is slow, not an outage). Default false.
   */
  shrinkOnTimeout?: boolean;
}

export interface MachineListQuery {
  /** Only these machines: sent as `id eq 'a' or id eq 'b' …`, one call per chunk (see `machineIdChunk`). Empty = no call. */
  ids?: readonly string[];
  /** Extra OData `$filter`, ANDed with the id filter. */
  filter?: string;
  top?: number;
  skip?: number;
}

/**
 * Typed Defender API per customer tenant. Every method throws only `UpstreamError` (with `extensions.tenantId`):
 * UPSTREAM_UNAVAILABLE (5xx, timeout, network, open breaker, unreadable answer), UPSTREAM_THROTTLED (429 with a
 * long `Retry-After`, or our own budget spent; `retryAfterSeconds`), UPSTREAM_AUTH_FAILED (no token, 401 after one
 * refresh, 403), UPSTREAM_BAD_REQUEST (other 4xx). `updateAlert` returns null on 404; lists return [] on 404.
 * `priority` defaults to "read" (on-demand); the sync loop passes "sync"; writes are always "write".
 */
export interface DefenderClient {
  listAlerts(tenantId: string, query?: AlertListQuery, priority?: UpstreamPriority): Promise<DefenderAlert[]>;
  /** PATCH at write priority; returns the updated alert, or null when upstream does not know the id. Not retried once sent, except after a 429. */
  updateAlert(tenantId: string, id: string, patch: DefenderAlertPatch): Promise<DefenderAlert | null>;
  /**
   * `POST /api/alerts/batchUpdate` for the given ids (the caller keeps to `DEFENDER_BATCH_UPDATE_MAX_IDS`), on its own
   * budget. Upstream answers 200 with an empty body, so read the alerts again for their new state. Resolves false when
   * upstream answered 404. Never waits: a spent budget or a `Retry-After` (of this endpoint, which does not block the
   * tenant's other calls) throws UPSTREAM_THROTTLED with `retryAfterSeconds` at once. Not retried once sent.
   */
  batchUpdateAlerts(tenantId: string, ids: readonly string[], patch: DefenderAlertPatch): Promise<boolean>;
  listMachines(tenantId: string, query?: MachineListQuery, priority?: UpstreamPriority): Promise<DefenderMachine[]>;
  /** Calls left in the tenant's sliding minute and hour (at write priority). */
  budgetLeft(tenantId: string): Promise<BudgetLeft>;
  /** The tenant's breaker and last failure, for `Tenant.sync` (through `UpstreamSource.state`). */
  state(tenantId: string): UpstreamState;
  /** Releases what the client holds (nothing today: the budget's Redis belongs to the connection factory). */
  close(): Promise<void>;
}

/**
 * The only code that knows Defender's URLs, headers and status codes; the retries, budget, breaker and `Retry-After`
 * handling are the shared loop of `resilient.call.ts`. Long-lived: build it once.
 */
export function createDefenderClient(opts: DefenderClientOptions): DefenderClient {
  const secrets = [opts.clientSecret].filter((s): s is string => !!s);
  // One token cache per client: the batchUpdate caller below uses the same tenant tokens.
  const credentials = opts.credentials ?? createCredentialProvider(opts);
  const caller = createResilientCaller({
    ...opts,
    credentials,
    budget: createClientBudget(opts, opts.budget, opts.keyPrefix),
    secrets,
    api: {
      vendor: "Defender",
      budgetName: "upstream call",
      forbiddenReason: "the app lacks permission in this tenant",
      url: (spec) => `${opts.baseUrlFor(spec.tenantId).replace(/\/+$/, "")}${spec.path}`,
      failureMessage: (a) => upstreamMessage(a.status, a.route, a.text, secrets),
    },
  });
  // batchUpdate has its own upstream limit (10/min, 500/h): its own budget, its own Retry-After state (a 429 there
  // blocks only further batch updates), and it never waits: a bulk request answers throttled items at once.
  const batchCaller = createResilientCaller({
    ...opts,
    maxRetryWaitMs: 0,
    credentials,
    budget: createClientBudget(
      opts,
      {
        perMinute: DEFENDER_BATCH_UPDATE_LIMITS.perMinute - 1,
        perHour: DEFENDER_BATCH_UPDATE_LIMITS.perHour - 50,
        ...opts.batchUpdateBudget,
      },
      `${opts.keyPrefix ?? "gw:"}batchUpdate:`,
    ),
    secrets,
    api: {
      vendor: "Defender",
      budgetName: "batch update",
      forbiddenReason: "the app lacks permission in this tenant",
      url: (spec) => `${opts.baseUrlFor(spec.tenantId).replace(/\/+$/, "")}${spec.path}`,
      failureMessage: (a) => upstreamMessage(a.status, a.route, a.text, secrets),
    },
  });

  const badShape = (tenantId: string, route: string) =>
    newUpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, `Defender API answered with an unexpected shape (${route})`, tenantId);

  async function getList<T>(spec: UpstreamCallSpec): Promise<T[]> {
    const body = await caller.call(spec);
    if (body === NOT_FOUND) return [];
    const value = (body as Partial<ODataList<T>> | null)?.value;
    if (!Array.isArray(value)) throw badShape(spec.tenantId, spec.route);
    return value;
  }

  async function getOne<T>(spec: UpstreamCallSpec): Promise<T | null> {
    const body = await caller.call(spec);
    if (body === NOT_FOUND) return null;
    if (!body || typeof body !== "object" || Array.isArray(body)) throw badShape(spec.tenantId, spec.route);
    // single entities carry "@odata.context"; it is transport metadata, not part of the entity we store
    const { ["@odata.context"]: _context, ...entity } = body as Record<string, unknown>;
    return entity as T;
  }

  return {
    listAlerts(tenantId, q = {}, priority = "read") {
      const qs = queryString({
        filter: q.filter,
        top: q.top,
        skip: q.skip,
        orderBy: q.orderBy,
        expand: q.expandEvidence ? "evidence" : undefined,
      });
      return getList<DefenderAlert>({
        tenantId,
        method: "GET",
        route: "GET /api/alerts",
        path: `${DefenderPaths.alerts}${qs}`,
        priority,
        shrinkOnTimeout: q.shrinkOnTimeout,
      });
    },
    updateAlert(tenantId, id, patch) {
      // PATCH takes the update page's spellings (`NotMalicious`, `ConfirmedActivity`), not the alert page's
      const body = patch.determination ? { ...patch, determination: toUpdateDetermination(patch.determination) } : patch;
      return getOne<DefenderAlert>({
        tenantId,
        method: "PATCH",
        route: "PATCH /api/alerts/{id}",
        path: DefenderPaths.alert(id),
        body,
        priority: "write",
      });
    },
    async batchUpdateAlerts(tenantId, ids, patch) {
      const body: DefenderBatchUpdate = {
        ...patch,
        ...(patch.determination ? { determination: toEntityDetermination(patch.determination) } : {}),
        alertIds: [...ids],
      };
      const answer = await batchCaller.call({
        tenantId,
        method: "POST",
        route: "POST /api/alerts/batchUpdate",
        path: DefenderPaths.alertsBatchUpdate,
        body,
        priority: "write",
      });
      return answer !== NOT_FOUND;
    },
    async listMachines(tenantId, q = {}, priority = "read") {
      const route = "GET /api/machines";
      const list = (filter: string | undefined) =>
        getList<DefenderMachine>({
          tenantId,
          method: "GET",
          route,
          path: `${DefenderPaths.machines}${queryString({ filter, top: q.top, skip: q.skip })}`,
          priority,
        });
      if (!q.ids) return list(q.filter);
      const filters = idFilters(q.ids, opts.machineIdChunk).map((f) => (q.filter ? `(${q.filter}) and (${f})` : f));
      const pages = await Promise.all(filters.map(list));
      return pages.flat();
    },
    budgetLeft: (tenantId) => caller.budgetLeft(tenantId),
    state: (tenantId) => caller.state(tenantId),
    async close() {},
  };
}

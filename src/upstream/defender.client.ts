import { BrokenCircuitError, DelegateBackoff, handleWhen, retry } from "cockatiel";
import type { Cluster, Redis } from "ioredis";
import { ErrorCode, UpstreamError } from "../errors/errors.js";
import { createMemoryBudget, type BudgetLeft, type BudgetOptions, type UpstreamBudget, type UpstreamPriority } from "./budget.limiter.js";
import { createRedisBudget } from "./budget.redis.js";
import { createCredentialProvider, type CredentialProvider, type CredentialProviderOptions } from "./credential.provider.js";
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
import { recordUpstreamAttempt, traceUpstreamCall, upstreamTraceHeaders } from "../observability/tracing.js";
import { createTenantBreaker, type BreakerOptions, type BreakerState, type TenantBreaker } from "./tenant.breaker.js";
import { AttemptError, newUpstreamError, PageTimeoutError, parseRetryAfter, sanitize, upstreamMessage } from "./upstream.errors.js";

export type { UpstreamPriority } from "./budget.limiter.js";

/** What one attempt at one upstream call looked like: the metrics hook. */
export interface UpstreamCallEvent {
  tenantId: string;
  /** Route template, e.g. "GET /api/alerts/{id}" (never the concrete id: bounded label cardinality). */
  route: string;
  priority: UpstreamPriority;
  /** HTTP status, or null when no response came (timeout, network error, local budget refusal, open breaker). */
  status: number | null;
  /** Wall time of the HTTP exchange in ms (0 when no request was sent). */
  durationMs: number;
  /** 1 for the first attempt of a call, 2 for the first retry, … */
  attempt: number;
  /** True for an upstream 429 and for a refusal by our own budget. */
  throttled: boolean;
  outcome:
    | "ok"
    | "notFound"
    | "throttled"
    | "budgetSpent"
    | "breakerOpen"
    | "timeout"
    | "networkError"
    | "authFailed"
    | "badRequest"
    | "serverError";
}

export interface UpstreamState {
  breaker: BreakerState;
  /** Message of the last failed call; cleared by the next success. Never contains secrets. */
  lastError?: string;
}

/**
 * Everything the composition root can set. Credential fields are those of {@link CredentialProviderOptions}
 * (client id, secret or certificate path, authority host, CA for the authority, instance discovery).
 */
export interface DefenderClientOptions extends CredentialProviderOptions {
  /** Defender API base URL of a tenant (its geo host, a GCC host, the simulator), without `/api`. Required. */
  baseUrlFor(tenantId: string): string;
  /** A ready credential provider; replaces the credential fields above (tests, shared providers). */
  credentials?: CredentialProvider;
  /** Time limit of one HTTP attempt (headers and body), ms. Default 8,000. */
  timeoutMs?: number;
  /** Attempts per call including the first; retries go to 5xx, timeouts, network errors and 429. Default 3. */
  maxAttempts?: number;
  /** Full-jitter exponential backoff between attempts: `random(0, min(capMs, baseMs · 2^(retry−1)))`. Defaults 500 / 30,000 ms. */
  backoff?: { baseMs?: number; capMs?: number };
  /**
   * Most a call waits in total because upstream said `Retry-After` (429/503) or because the tenant is still inside
   * an earlier 429's `Retry-After`, ms. A longer `Retry-After` fails the call at once with UPSTREAM_THROTTLED and
   * `retryAfterSeconds` instead of holding a request open. Default 10,000.
   */
  maxRetryWaitMs?: number;
  /** Per-tenant budget: limits and priority reserves. Defaults 90/min, 1,400/h, reserves read 5%, sync 20%. */
  budget?: BudgetOptions;
  /** A ready budget implementation; replaces `budget` and `redis` for budgeting. */
  budgetImpl?: UpstreamBudget;
  /**
   * Per-tenant budget of `POST /api/alerts/batchUpdate`, apart from every other call's (upstream allows it 10/min and
   * 500/h). Defaults 9/min, 450/h; in Redis under `<prefix>batchUpdate:{t:<tenantId>}:budget:*` when `redis` is set.
   */
  batchUpdateBudget?: BudgetOptions;
  /** A ready budget implementation for `batchUpdate`; replaces `batchUpdateBudget`. */
  batchUpdateBudgetImpl?: UpstreamBudget;
  /** Shared Redis (or Cluster) for budgets across replicas (from the process's connection factory); not closed by `close()`. Absent = in-process budget. */
  redis?: Redis | Cluster | null;
  /** Prefix of Redis keys. Default "gw:" (keys `gw:{t:<tenantId>}:budget:minute|hour`). */
  keyPrefix?: string;
  /** Per-tenant circuit breaker. Defaults: opens after 5 consecutive outage failures, half-opens after 30,000 ms. */
  breaker?: BreakerOptions;
  /** Bounds of one `id eq … or …` machine filter. Defaults 50 ids, 1,800 encoded characters. */
  machineIdChunk?: IdChunkOptions;
  /** Called after every attempt (and every local refusal). Exceptions thrown by it are ignored. */
  onCall?(event: UpstreamCallEvent): void;
  /** Called when shared budgeting falls back to in-process because Redis did not answer. */
  onRedisError?(err: unknown): void;
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
 * refresh, 403), UPSTREAM_BAD_REQUEST (other 4xx). Get-by-id methods return null on 404; lists return [] on 404.
 * `priority` defaults to "read" (on-demand); the sync loop passes "sync"; writes are always "write".
 */
export interface DefenderClient {
  listAlerts(tenantId: string, query?: AlertListQuery, priority?: UpstreamPriority): Promise<DefenderAlert[]>;
  getAlert(tenantId: string, id: string, opts?: { expandEvidence?: boolean }, priority?: UpstreamPriority): Promise<DefenderAlert | null>;
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
  getMachine(tenantId: string, id: string, priority?: UpstreamPriority): Promise<DefenderMachine | null>;
  /** The machine of an alert (`/api/alerts/{id}/machine`), or null when the alert or its device is unknown. */
  getAlertMachine(tenantId: string, alertId: string, priority?: UpstreamPriority): Promise<DefenderMachine | null>;
  /** Calls left in the tenant's sliding minute and hour (at write priority). */
  budgetLeft(tenantId: string): Promise<BudgetLeft>;
  state(tenantId: string): UpstreamState;
  /** Releases what the client holds (nothing today: the budget's Redis belongs to the connection factory). */
  close(): Promise<void>;
}

/** Which of a tenant's upstream limits a call counts against: `batchUpdate` has its own. */
type Quota = "calls" | "batchUpdate";

interface CallSpec {
  tenantId: string;
  method: "GET" | "PATCH" | "POST";
  route: string;
  path: string;
  body?: unknown;
  priority: UpstreamPriority;
  /** See `AlertListQuery.shrinkOnTimeout`. */
  shrinkOnTimeout?: boolean;
  /** Default "calls". */
  quota?: Quota;
  /** Overrides the client's `maxRetryWaitMs` for this call (0 = never wait for a `Retry-After`). */
  maxRetryWaitMs?: number;
}

interface TenantEntry {
  breaker: TenantBreaker;
  /** Until when upstream told us (429 `Retry-After`) to leave this tenant alone, per quota, epoch ms. */
  blockedUntil: Record<Quota, number>;
  lastError?: string;
}

const NOT_FOUND = Symbol("not found");
/** Slack when comparing waits, ms: timers may fire a millisecond early. */
const WAIT_SLACK_MS = 50;
/** Network errors that prove the request never left: safe to repeat even for writes. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * The only code that knows Defender's URLs, headers and status codes. Per call: wait out an earlier 429 of the
 * tenant (up to `maxRetryWaitMs`), then per attempt: tenant breaker → token → budget (by priority) → HTTP with a
 * timeout; retries with full-jitter backoff that never fire before `Retry-After`. Long-lived: build it once.
 */
export function createDefenderClient(opts: DefenderClientOptions): DefenderClient {
  const timeoutMs = opts.timeoutMs ?? 8_000;
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 3);
  const baseMs = opts.backoff?.baseMs ?? 500;
  const capMs = opts.backoff?.capMs ?? 30_000;
  const maxRetryWaitMs = opts.maxRetryWaitMs ?? 10_000;
  const secrets = [opts.clientSecret].filter((s): s is string => !!s);
  const credentials = opts.credentials ?? createCredentialProvider(opts);

  const sharedBudget = (
    impl: UpstreamBudget | undefined,
    limits: BudgetOptions | undefined,
    keyPrefix: string | undefined,
  ): UpstreamBudget => {
    if (impl) return impl;
    const memory = createMemoryBudget(limits);
    if (!opts.redis) return memory;
    return createRedisBudget(opts.redis, { ...limits, keyPrefix, fallback: memory, onRedisError: (e) => opts.onRedisError?.(e) });
  };
  const budgets: Record<Quota, UpstreamBudget> = {
    calls: sharedBudget(opts.budgetImpl, opts.budget, opts.keyPrefix),
    // below upstream's 10/min and 500/h, like the other budget: a window at the exact limit still meets upstream's 429
    batchUpdate: sharedBudget(
      opts.batchUpdateBudgetImpl,
      {
        perMinute: DEFENDER_BATCH_UPDATE_LIMITS.perMinute - 1,
        perHour: DEFENDER_BATCH_UPDATE_LIMITS.perHour - 50,
        ...opts.batchUpdateBudget,
      },
      `${opts.keyPrefix ?? "gw:"}batchUpdate:`,
    ),
  };
  const budget = budgets.calls;

  const tenants = new Map<string, TenantEntry>();
  const tenant = (tenantId: string): TenantEntry => {
    let t = tenants.get(tenantId);
    if (!t) {
      t = { breaker: createTenantBreaker(opts.breaker), blockedUntil: { calls: 0, batchUpdate: 0 } };
      tenants.set(tenantId, t);
    }
    return t;
  };

  const emit = (e: UpstreamCallEvent) => {
    recordUpstreamAttempt(e);
    try {
      opts.onCall?.(e);
    } catch {
      // metrics must never break a call
    }
  };

  const fullJitter = (retryNo: number) => Math.random() * Math.min(capMs, baseMs * 2 ** Math.max(0, retryNo - 1));

  /** One HTTP exchange, with the one-time token refresh on 401. Throws AttemptError; returns parsed JSON or NOT_FOUND. */
  async function attemptOnce(spec: CallSpec, ctx: { waitedMs: number }, attempt: number): Promise<unknown> {
    const { tenantId, route, priority } = spec;
    const quota = spec.quota ?? "calls";
    const idempotent = spec.method === "GET";
    const base = { tenantId, route, priority, attempt };
    const asAttemptError = (e: unknown) =>
      new AttemptError(
        e instanceof UpstreamError
          ? e
          : newUpstreamError(ErrorCode.UPSTREAM_AUTH_FAILED, "could not get a Defender token", tenantId, { cause: e }),
        false,
        false,
      );
    let token = await credentials.getToken(tenantId).catch((e: unknown) => {
      throw asAttemptError(e);
    });

    for (let refreshed = false; ; refreshed = true) {
      // Each HTTP request costs upstream budget, the refreshed one after a 401 included.
      const decision = await budgets[quota].take(tenantId, priority);
      if (!decision.ok) {
        emit({ ...base, status: null, durationMs: 0, throttled: true, outcome: "budgetSpent" });
        throw new AttemptError(
          newUpstreamError(
            ErrorCode.UPSTREAM_THROTTLED,
            `the gateway's upstream call budget for this tenant is spent for ${priority} calls (minute ${decision.left.minute} left, hour ${decision.left.hour} left)`,
            tenantId,
            { retryAfterMs: decision.retryAfterMs },
          ),
          false,
          false,
          decision.retryAfterMs,
        );
      }

      const started = performance.now();
      let res: Response;
      let text: string;
      try {
        res = await fetch(`${opts.baseUrlFor(tenantId).replace(/\/+$/, "")}${spec.path}`, {
          method: spec.method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/json",
            ...upstreamTraceHeaders(),
            ...(spec.body !== undefined ? { "content-type": "application/json" } : {}),
          },
          body: spec.body !== undefined ? JSON.stringify(spec.body) : undefined,
          signal: AbortSignal.timeout(timeoutMs),
        });
        // the same signal bounds the body: a server that stalls mid-body still times out
        text = await res.text();
      } catch (e) {
        const durationMs = performance.now() - started;
        const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
        emit({ ...base, status: null, durationMs, throttled: false, outcome: timedOut ? "timeout" : "networkError" });
        if (timedOut && spec.shrinkOnTimeout) {
          throw new AttemptError(
            new PageTimeoutError(`Defender API did not answer within ${timeoutMs} ms (${route}); asking for a smaller page`, tenantId, e),
            false,
            false,
          );
        }
        const code = (e as { cause?: { code?: string } })?.cause?.code;
        const message = timedOut
          ? `Defender API did not answer within ${timeoutMs} ms (${route})`
          : sanitize(`Defender API unreachable (${route}): ${code ?? (e instanceof Error ? e.message : String(e))}`, secrets);
        throw new AttemptError(
          newUpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, message, tenantId, { cause: e }),
          idempotent || (code !== undefined && NOT_SENT_CODES.has(code)),
          true,
        );
      }
      const durationMs = performance.now() - started;
      const status = res.status;

      if (status === 401 && !refreshed) {
        emit({ ...base, status, durationMs, throttled: false, outcome: "authFailed" });
        // Expired or revoked token: replace the tenant's credential once, then give up on a second 401.
        token = await credentials.getToken(tenantId, { rejected: token }).catch((e: unknown) => {
          throw asAttemptError(e);
        });
        continue;
      }

      if (status >= 200 && status < 300) {
        emit({ ...base, status, durationMs, throttled: false, outcome: "ok" });
        if (text.trim() === "") return null;
        try {
          return JSON.parse(text) as unknown;
        } catch (e) {
          throw new AttemptError(
            newUpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, `Defender API sent an unreadable ${status} answer (${route})`, tenantId, {
              status,
              cause: e,
            }),
            false,
            true,
          );
        }
      }
      if (status === 404) {
        emit({ ...base, status, durationMs, throttled: false, outcome: "notFound" });
        return NOT_FOUND;
      }

      const message = upstreamMessage(status, route, text, secrets);
      const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
      const fitsWait = (ms: number) => ctx.waitedMs + ms <= (spec.maxRetryWaitMs ?? maxRetryWaitMs) + WAIT_SLACK_MS;

      if (status === 429) {
        emit({ ...base, status, durationMs, throttled: true, outcome: "throttled" });
        const wait = retryAfterMs ?? Math.min(capMs, baseMs * 2 ** attempt);
        // Every caller of this tenant honours the Retry-After, not only this one: early calls only get 429 again.
        if (retryAfterMs !== undefined) {
          const t = tenant(tenantId);
          t.blockedUntil[quota] = Math.max(t.blockedUntil[quota], Date.now() + retryAfterMs);
        }
        // A 429 was not processed upstream, so even a write may be repeated.
        return throwAttempt(ErrorCode.UPSTREAM_THROTTLED, message, { retry: fitsWait(wait), outage: false, retryAfterMs: wait, status });
      }
      if (status === 401 || status === 403) {
        emit({ ...base, status, durationMs, throttled: false, outcome: "authFailed" });
        const why = status === 401 ? "the token was refused even after a refresh" : "the app lacks permission in this tenant";
        return throwAttempt(ErrorCode.UPSTREAM_AUTH_FAILED, `${message}; ${why}`, { retry: false, outage: false, status });
      }
      if (status === 408 || status >= 500) {
        emit({ ...base, status, durationMs, throttled: false, outcome: "serverError" });
        if (retryAfterMs !== undefined && !fitsWait(retryAfterMs)) {
          // upstream announced a longer unavailability than we may wait: say when to come back instead of hanging
          return throwAttempt(ErrorCode.UPSTREAM_THROTTLED, message, { retry: false, outage: true, retryAfterMs, status });
        }
        return throwAttempt(ErrorCode.UPSTREAM_UNAVAILABLE, message, {
          retry: idempotent && status !== 501,
          outage: true,
          retryAfterMs,
          status,
        });
      }
      emit({ ...base, status, durationMs, throttled: false, outcome: "badRequest" });
      return throwAttempt(ErrorCode.UPSTREAM_BAD_REQUEST, message, { retry: false, outage: false, status });
    }

    function throwAttempt(
      code: Parameters<typeof newUpstreamError>[0],
      message: string,
      a: { retry: boolean; outage: boolean; retryAfterMs?: number; status: number },
    ): never {
      throw new AttemptError(
        newUpstreamError(code, message, tenantId, { retryAfterMs: a.retryAfterMs, status: a.status }),
        a.retry,
        a.outage,
        a.retryAfterMs,
      );
    }
  }

  /** Retry (outer) → wait out an earlier 429 → breaker (per attempt) → token → budget → HTTP. */
  const call = (spec: CallSpec) => traceUpstreamCall(spec, () => callUntraced(spec));
  async function callUntraced(spec: CallSpec): Promise<unknown> {
    const t = tenant(spec.tenantId);
    const quota = spec.quota ?? "calls";
    const maxWaitMs = spec.maxRetryWaitMs ?? maxRetryWaitMs;
    const ctx = { waitedMs: 0 };
    const policy = retry(
      handleWhen((e) => e instanceof AttemptError && e.retry),
      {
        maxAttempts: maxAttempts - 1, // cockatiel counts retries
        backoff: new DelegateBackoff((c: { attempt: number; result: { error?: unknown } | { value: unknown } }) => {
          const err = "error" in c.result ? c.result.error : undefined;
          const floor = err instanceof AttemptError ? (err.retryAfterMs ?? 0) : 0;
          // never before Retry-After; otherwise full jitter so many replicas do not retry in lockstep
          const delay = Math.max(floor, fullJitter(c.attempt));
          ctx.waitedMs += floor;
          return delay;
        }),
      },
    );
    try {
      const result = await policy.execute(async ({ attempt }) => {
        const blockedMs = t.blockedUntil[quota] - Date.now();
        if (blockedMs > 0) {
          if (ctx.waitedMs + blockedMs > maxWaitMs + WAIT_SLACK_MS) {
            emit({
              tenantId: spec.tenantId,
              route: spec.route,
              priority: spec.priority,
              attempt: attempt + 1,
              status: null,
              durationMs: 0,
              throttled: true,
              outcome: "throttled",
            });
            throw new AttemptError(
              newUpstreamError(
                ErrorCode.UPSTREAM_THROTTLED,
                `Defender throttled this tenant (429); not calling it before Retry-After has passed (${spec.route})`,
                spec.tenantId,
                {
                  retryAfterMs: blockedMs,
                },
              ),
              false,
              false,
              blockedMs,
            );
          }
          ctx.waitedMs += blockedMs;
          await new Promise((r) => setTimeout(r, blockedMs));
        }
        return t.breaker.policy.execute(() => attemptOnce(spec, ctx, attempt + 1));
      });
      t.lastError = undefined;
      return result;
    } catch (e) {
      const err = finalError(spec, t, e);
      t.lastError = err.message;
      throw err;
    }
  }

  function finalError(spec: CallSpec, t: TenantEntry, e: unknown): UpstreamError {
    if (e instanceof AttemptError) return e.error;
    if (e instanceof UpstreamError) return e;
    if (e instanceof BrokenCircuitError) {
      const wait = t.breaker.msUntilHalfOpen();
      emit({
        tenantId: spec.tenantId,
        route: spec.route,
        priority: spec.priority,
        attempt: 1,
        status: null,
        durationMs: 0,
        throttled: false,
        outcome: "breakerOpen",
      });
      return newUpstreamError(
        ErrorCode.UPSTREAM_UNAVAILABLE,
        `circuit breaker open for this tenant after repeated Defender API failures; calls resume ${wait > 0 ? `in about ${Math.ceil(wait / 1000)} s` : "with the next trial call"} (${spec.route})`,
        spec.tenantId,
        { retryAfterMs: Math.max(wait, 1000), cause: e },
      );
    }
    return newUpstreamError(
      ErrorCode.UPSTREAM_UNAVAILABLE,
      sanitize(`Defender API call failed (${spec.route}): ${e instanceof Error ? e.message : String(e)}`, secrets),
      spec.tenantId,
      { cause: e },
    );
  }

  const badShape = (tenantId: string, route: string) =>
    newUpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, `Defender API answered with an unexpected shape (${route})`, tenantId);

  async function getList<T>(spec: CallSpec): Promise<T[]> {
    const body = await call(spec);
    if (body === NOT_FOUND) return [];
    const value = (body as Partial<ODataList<T>> | null)?.value;
    if (!Array.isArray(value)) throw badShape(spec.tenantId, spec.route);
    return value;
  }

  async function getOne<T>(spec: CallSpec): Promise<T | null> {
    const body = await call(spec);
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
    getAlert(tenantId, id, o = {}, priority = "read") {
      const qs = queryString({ expand: o.expandEvidence ? "evidence" : undefined });
      return getOne<DefenderAlert>({
        tenantId,
        method: "GET",
        route: "GET /api/alerts/{id}",
        path: `${DefenderPaths.alert(id)}${qs}`,
        priority,
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
      const answer = await call({
        tenantId,
        method: "POST",
        route: "POST /api/alerts/batchUpdate",
        path: DefenderPaths.alertsBatchUpdate,
        body,
        priority: "write",
        quota: "batchUpdate",
        maxRetryWaitMs: 0,
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
    getMachine(tenantId, id, priority = "read") {
      return getOne<DefenderMachine>({
        tenantId,
        method: "GET",
        route: "GET /api/machines/{id}",
        path: DefenderPaths.machine(id),
        priority,
      });
    },
    getAlertMachine(tenantId, alertId, priority = "read") {
      return getOne<DefenderMachine>({
        tenantId,
        method: "GET",
        route: "GET /api/alerts/{id}/machine",
        path: DefenderPaths.alertMachine(alertId),
        priority,
      });
    },
    budgetLeft: (tenantId) => budget.left(tenantId),
    state(tenantId) {
      const t = tenants.get(tenantId);
      if (!t) return { breaker: "closed" };
      return { breaker: t.breaker.state(), ...(t.lastError ? { lastError: t.lastError } : {}) };
    },
    async close() {},
  };
}

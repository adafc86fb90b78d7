import { randomUUID } from "node:crypto";
import { BrokenCircuitError, DelegateBackoff, handleWhen, retry } from "cockatiel";
import type { Cluster, Redis } from "ioredis";
import { ErrorCode, UpstreamError } from "../errors/errors.js";
import {
  createMemoryBudget,
  type BudgetDecision,
  type BudgetLeft,
  type BudgetOptions,
  type UpstreamBudget,
  type UpstreamPriority,
} from "./budget.limiter.js";
import { createRedisBudget } from "./budget.redis.js";
import { createCredentialProvider, type CredentialProvider, type CredentialProviderOptions } from "./credential.provider.js";
import type { UpstreamCallEvent, UpstreamState } from "./defender.client.js";
import { encodeQueryValue, odataDateTime } from "./defender.odata.js";
import { describeGraphError, graphMessage } from "./graph.errors.js";
import {
  GRAPH_BASE_URL,
  GRAPH_SCOPE,
  GraphPaths,
  graphCommentBody,
  graphCommentList,
  PREFER_INCLUDE_UNKNOWN_ENUM_MEMBERS,
  type GraphAlert,
  type GraphAlertComment,
  type GraphBatchRequest,
  type GraphBatchRequestItem,
  type GraphBatchResponse,
  type GraphBatchResponseItem,
  type GraphIncident,
  type GraphList,
  type GraphReceived,
} from "./graph.types.js";
import { createTenantBreaker, type BreakerOptions, type TenantBreaker } from "./tenant.breaker.js";
import { AttemptError, newUpstreamError, parseRetryAfter, sanitize, type UpstreamErrorCode } from "./upstream.errors.js";
import { recordUpstreamAttempt, traceUpstreamCall, upstreamTraceHeaders } from "../observability/tracing.js";

export const GRAPH_DEFAULT_URL = GRAPH_BASE_URL;

/** Where the client logs Graph's request ids of failed calls (a pino logger fits). */
export interface GraphClientLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface GraphClientOptions extends CredentialProviderOptions {
  /** Version root, e.g. `https://graph.microsoft.com/v1.0` (default), a national cloud's, or the simulator's. */
  baseUrl?: string;
  /** Per-tenant version root; overrides `baseUrl`. */
  baseUrlFor?(tenantId: string): string;
  credentials?: CredentialProvider;
  /** Time limit of one HTTP attempt (headers and body), ms. Default 8,000. */
  timeoutMs?: number;
  /** Attempts per call including the first; retries go to 5xx, timeouts, network errors and 429. Default 3. */
  maxAttempts?: number;
  /** Full-jitter exponential backoff between attempts. Defaults 500 / 30,000 ms. */
  backoff?: { baseMs?: number; capMs?: number };
  /** Most a call waits in total for `Retry-After` (its own or its tenant's), ms; longer fails at once with UPSTREAM_THROTTLED. Default 10,000. */
  maxRetryWaitMs?: number;
  /** Per-tenant Graph budget. Defaults 130/min (Graph allows 150 on `/security`), 7,800/h (no hourly limit upstream), reserves read 5%, sync 20%. */
  budget?: BudgetOptions;
  budgetImpl?: UpstreamBudget;
  /** Shared Redis (or Cluster) for budgets across replicas (from the process's connection factory); not closed by `close()`. Absent = in-process budget. */
  redis?: Redis | Cluster | null;
  /**
   * Prefix of Redis keys, the same one the Defender client gets (default "gw:"). The Graph budget lives under
   * `<prefix>graph:{t:<tenantId>}:budget:minute|hour`, apart from the tenant's legacy Defender budget
   * (`<prefix>{t:<tenantId>}:budget:*`), because Microsoft counts the two APIs separately.
   */
  keyPrefix?: string;
  breaker?: BreakerOptions;
  /** `$top` asked for on list calls. Default 1,000 (Graph's documented cap); Graph may still send fewer per page. */
  pageSize?: number;
  onCall?(event: UpstreamCallEvent): void;
  onRedisError?(err: unknown): void;
  logger?: GraphClientLogger;
}

export interface GraphListOptions {
  priority?: UpstreamPriority;
  /** `$top` of the first request (later pages follow `@odata.nextLink` as given). */
  top?: number;
}

/**
 * Typed Graph security API per customer tenant. Same failure contract as the Defender client: only `UpstreamError`
 * with the tenant id; get/update resolve null on 404; lists end on 404. Every request sends a fresh `client-request-id`
 * (UUID) and `Prefer: include-unknown-enum-members`; a failure's message and warning log carry Graph's `request-id`.
 */
export interface GraphClient {
  /** `GET /security/alerts_v2?$filter=lastUpdateDateTime ge <since>`, following `@odata.nextLink` until it is absent. */
  alertsChangedSince(tenantId: string, sinceMs: number, opts?: GraphListOptions): AsyncIterable<GraphReceived<GraphAlert>[]>;
  incidentsChangedSince(tenantId: string, sinceMs: number, opts?: GraphListOptions): AsyncIterable<GraphReceived<GraphIncident>[]>;
  getAlert(tenantId: string, id: string, priority?: UpstreamPriority): Promise<GraphReceived<GraphAlert> | null>;
  getIncident(tenantId: string, id: string, priority?: UpstreamPriority): Promise<GraphReceived<GraphIncident> | null>;
  updateAlert(tenantId: string, id: string, patch: Record<string, unknown>): Promise<GraphReceived<GraphAlert> | null>;
  updateIncident(tenantId: string, id: string, patch: Record<string, unknown>): Promise<GraphReceived<GraphIncident> | null>;
  /** The alert's comments after adding one; null when the alert is unknown. */
  addAlertComment(tenantId: string, id: string, comment: string): Promise<GraphReceived<GraphAlertComment>[] | null>;
  addIncidentComment(tenantId: string, id: string, comment: string): Promise<GraphReceived<GraphAlertComment>[] | null>;
  /**
   * One `POST /$batch` (≤ 20 requests; the caller splits). The outer call is retried like any other, but costs no
   * budget itself: the caller takes one unit per inner request first (`takeBudget`), as Graph counts each on its own.
   */
  batch(tenantId: string, requests: GraphBatchRequestItem[], priority: UpstreamPriority): Promise<GraphBatchResponseItem[]>;
  /** One unit of the tenant's Graph budget, for the inner requests of a batch. */
  takeBudget(tenantId: string, priority: UpstreamPriority): Promise<BudgetDecision>;
  /** Remembers an inner 429's `Retry-After` for the tenant, so every caller honours it. */
  noteRetryAfter(tenantId: string, ms: number): void;
  /** ms left of the tenant's latest `Retry-After` (0 when none). */
  blockedForMs(tenantId: string): number;
  /** Reports an inner request of a batch to the metrics hook. */
  reportInner(event: UpstreamCallEvent): void;
  budgetLeft(tenantId: string): Promise<BudgetLeft>;
  state(tenantId: string): UpstreamState;
  readonly options: { maxRetryWaitMs: number; maxAttempts: number; secrets: readonly string[] };
  close(): Promise<void>;
}

interface CallSpec {
  tenantId: string;
  method: "GET" | "PATCH" | "POST";
  route: string;
  /** Path below the version root, or an absolute `@odata.nextLink`. */
  path: string;
  body?: unknown;
  priority: UpstreamPriority;
  /** Budget units per attempt. Default 1; `$batch` passes 0 (its inner requests were paid for). */
  cost?: number;
  /** Safe to repeat after it may have reached Graph. Default: GET only; a `$batch` of GETs is too. */
  idempotent?: boolean;
}

interface TenantEntry {
  breaker: TenantBreaker;
  blockedUntil: number;
  lastError?: string;
}

const NOT_FOUND = Symbol("not found");
const WAIT_SLACK_MS = 50;
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

export function createGraphClient(opts: GraphClientOptions): GraphClient {
  const timeoutMs = opts.timeoutMs ?? 8_000;
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 3);
  const baseMs = opts.backoff?.baseMs ?? 500;
  const capMs = opts.backoff?.capMs ?? 30_000;
  const maxRetryWaitMs = opts.maxRetryWaitMs ?? 10_000;
  const pageSize = Math.max(1, Math.min(opts.pageSize ?? 1_000, 1_000));
  const secrets = [opts.clientSecret].filter((s): s is string => !!s);
  const credentials = opts.credentials ?? createCredentialProvider({ ...opts, scope: opts.scope ?? GRAPH_SCOPE });
  const baseFor = (tenantId: string) => (opts.baseUrlFor?.(tenantId) ?? opts.baseUrl ?? GRAPH_DEFAULT_URL).replace(/\/+$/, "");
  const budgetOptions: BudgetOptions = { perMinute: 130, perHour: 7_800, ...opts.budget };

  const budget = ((): UpstreamBudget => {
    if (opts.budgetImpl) return opts.budgetImpl;
    const memory = createMemoryBudget(budgetOptions);
    if (!opts.redis) return memory;
    return createRedisBudget(opts.redis, {
      ...budgetOptions,
      keyPrefix: `${opts.keyPrefix ?? "gw:"}graph:`,
      fallback: memory,
      onRedisError: (e) => opts.onRedisError?.(e),
    });
  })();

  const tenants = new Map<string, TenantEntry>();
  const tenant = (tenantId: string): TenantEntry => {
    let t = tenants.get(tenantId);
    if (!t) {
      t = { breaker: createTenantBreaker(opts.breaker), blockedUntil: 0 };
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

  /** An absolute nextLink must stay on the tenant's Graph host: never send the tenant's token anywhere else. */
  const urlOf = (spec: CallSpec): string => {
    const base = baseFor(spec.tenantId);
    if (!/^https?:\/\//i.test(spec.path)) return `${base}${spec.path}`;
    if (new URL(spec.path).origin !== new URL(base).origin)
      throw new AttemptError(
        newUpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, `Graph sent an @odata.nextLink to another host (${spec.route})`, spec.tenantId),
        false,
        false,
      );
    return spec.path;
  };

  async function attemptOnce(spec: CallSpec, ctx: { waitedMs: number }, attempt: number): Promise<unknown> {
    const { tenantId, route, priority } = spec;
    const idempotent = spec.idempotent ?? spec.method === "GET";
    const base = { tenantId, route, priority, attempt };
    const url = urlOf(spec);
    const asAttemptError = (e: unknown) =>
      new AttemptError(
        e instanceof UpstreamError
          ? e
          : newUpstreamError(ErrorCode.UPSTREAM_AUTH_FAILED, "could not get a Graph token", tenantId, { cause: e }),
        false,
        false,
      );
    let token = await credentials.getToken(tenantId).catch((e: unknown) => {
      throw asAttemptError(e);
    });

    for (let refreshed = false; ; refreshed = true) {
      for (let i = 0; i < (spec.cost ?? 1); i++) {
        const decision = await budget.take(tenantId, priority);
        if (!decision.ok) {
          emit({ ...base, status: null, durationMs: 0, throttled: true, outcome: "budgetSpent" });
          throw new AttemptError(
            newUpstreamError(
              ErrorCode.UPSTREAM_THROTTLED,
              `the gateway's Graph call budget for this tenant is spent for ${priority} calls (minute ${decision.left.minute} left, hour ${decision.left.hour} left)`,
              tenantId,
              { retryAfterMs: decision.retryAfterMs },
            ),
            false,
            false,
            decision.retryAfterMs,
          );
        }
      }

      // One id per HTTP request, so Graph's logs and ours match even across retries.
      const clientRequestId = randomUUID();
      const started = performance.now();
      let res: Response;
      let text: string;
      try {
        res = await fetch(url, {
          method: spec.method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/json",
            "client-request-id": clientRequestId,
            "return-client-request-id": "true",
            prefer: PREFER_INCLUDE_UNKNOWN_ENUM_MEMBERS,
            ...upstreamTraceHeaders(),
            ...(spec.body !== undefined ? { "content-type": "application/json" } : {}),
          },
          body: spec.body !== undefined ? JSON.stringify(spec.body) : undefined,
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await res.text();
      } catch (e) {
        const durationMs = performance.now() - started;
        const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
        emit({ ...base, status: null, durationMs, throttled: false, outcome: timedOut ? "timeout" : "networkError" });
        const code = (e as { cause?: { code?: string } })?.cause?.code;
        const message = timedOut
          ? `Graph API did not answer within ${timeoutMs} ms (${route}, client-request-id ${clientRequestId})`
          : sanitize(`Graph API unreachable (${route}): ${code ?? (e instanceof Error ? e.message : String(e))}`, secrets);
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
            newUpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, `Graph API sent an unreadable ${status} answer (${route})`, tenantId, {
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

      const info = describeGraphError(text, res.headers);
      info.clientRequestId ??= clientRequestId;
      const message = graphMessage(status, route, info, secrets);
      opts.logger?.warn(
        { tenantId, route, status, code: info.code, requestId: info.requestId ?? null, clientRequestId: info.clientRequestId, attempt },
        "Graph API call failed",
      );
      const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
      const fitsWait = (ms: number) => ctx.waitedMs + ms <= maxRetryWaitMs + WAIT_SLACK_MS;
      const fail = (code: UpstreamErrorCode, msg: string, a: { retry: boolean; outage: boolean; retryAfterMs?: number }): never => {
        throw new AttemptError(
          newUpstreamError(code, msg, tenantId, { retryAfterMs: a.retryAfterMs, status }),
          a.retry,
          a.outage,
          a.retryAfterMs,
        );
      };

      if (status === 429) {
        emit({ ...base, status, durationMs, throttled: true, outcome: "throttled" });
        const wait = retryAfterMs ?? Math.min(capMs, baseMs * 2 ** attempt);
        if (retryAfterMs !== undefined) noteRetryAfter(tenantId, retryAfterMs);
        return fail(ErrorCode.UPSTREAM_THROTTLED, message, { retry: fitsWait(wait), outage: false, retryAfterMs: wait });
      }
      if (status === 401 || status === 403) {
        emit({ ...base, status, durationMs, throttled: false, outcome: "authFailed" });
        const why =
          status === 401
            ? "the token was refused even after a refresh"
            : "the app lacks the SecurityAlert/SecurityIncident permission in this tenant";
        return fail(ErrorCode.UPSTREAM_AUTH_FAILED, `${message}; ${why}`, { retry: false, outage: false });
      }
      if (status === 408 || status >= 500) {
        emit({ ...base, status, durationMs, throttled: false, outcome: "serverError" });
        if (retryAfterMs !== undefined && !fitsWait(retryAfterMs))
          return fail(ErrorCode.UPSTREAM_THROTTLED, message, { retry: false, outage: true, retryAfterMs });
        return fail(ErrorCode.UPSTREAM_UNAVAILABLE, message, { retry: idempotent && status !== 501, outage: true, retryAfterMs });
      }
      emit({ ...base, status, durationMs, throttled: false, outcome: "badRequest" });
      return fail(ErrorCode.UPSTREAM_BAD_REQUEST, message, { retry: false, outage: false });
    }
  }

  function noteRetryAfter(tenantId: string, ms: number) {
    const t = tenant(tenantId);
    t.blockedUntil = Math.max(t.blockedUntil, Date.now() + ms);
  }

  const call = (spec: CallSpec) => traceUpstreamCall(spec, () => callUntraced(spec));
  async function callUntraced(spec: CallSpec): Promise<unknown> {
    const t = tenant(spec.tenantId);
    const ctx = { waitedMs: 0 };
    const policy = retry(
      handleWhen((e) => e instanceof AttemptError && e.retry),
      {
        maxAttempts: maxAttempts - 1,
        backoff: new DelegateBackoff((c: { attempt: number; result: { error?: unknown } | { value: unknown } }) => {
          const err = "error" in c.result ? c.result.error : undefined;
          const floor = err instanceof AttemptError ? (err.retryAfterMs ?? 0) : 0;
          ctx.waitedMs += floor;
          return Math.max(floor, fullJitter(c.attempt));
        }),
      },
    );
    try {
      const result = await policy.execute(async ({ attempt }) => {
        const blockedMs = t.blockedUntil - Date.now();
        if (blockedMs > 0) {
          if (ctx.waitedMs + blockedMs > maxRetryWaitMs + WAIT_SLACK_MS) {
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
                `Graph throttled this tenant (429); not calling it before Retry-After has passed (${spec.route})`,
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
        `circuit breaker open for this tenant after repeated Graph API failures; calls resume ${wait > 0 ? `in about ${Math.ceil(wait / 1000)} s` : "with the next trial call"} (${spec.route})`,
        spec.tenantId,
        { retryAfterMs: Math.max(wait, 1000), cause: e },
      );
    }
    return newUpstreamError(
      ErrorCode.UPSTREAM_UNAVAILABLE,
      sanitize(`Graph API call failed (${spec.route}): ${e instanceof Error ? e.message : String(e)}`, secrets),
      spec.tenantId,
      { cause: e },
    );
  }

  const badShape = (tenantId: string, route: string) =>
    newUpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, `Graph API answered with an unexpected shape (${route})`, tenantId);

  async function getOne<T>(spec: CallSpec): Promise<T | null> {
    const body = await call(spec);
    if (body === NOT_FOUND) return null;
    if (!body || typeof body !== "object" || Array.isArray(body)) throw badShape(spec.tenantId, spec.route);
    const { ["@odata.context"]: _context, ...entity } = body as Record<string, unknown>;
    return entity as T;
  }

  /** Pages of a collection: the first URL, then each `@odata.nextLink` until absent. Never assumes order or `$top`. */
  async function* pages<T>(
    tenantId: string,
    route: string,
    firstPath: string,
    priority: UpstreamPriority,
  ): AsyncIterable<{ value: T[]; more: boolean }> {
    let path: string | undefined = firstPath;
    const seenLinks = new Set<string>();
    while (path) {
      const body = await call({ tenantId, method: "GET", route, path, priority });
      if (body === NOT_FOUND) return;
      const list = body as Partial<GraphList<T>> | null;
      if (!list || !Array.isArray(list.value)) throw badShape(tenantId, route);
      const next = list["@odata.nextLink"];
      if (next !== undefined && typeof next !== "string") throw badShape(tenantId, route);
      // a server that hands out the same link twice would keep us paging forever
      if (next && seenLinks.has(next)) throw badShape(tenantId, `${route}: repeated @odata.nextLink`);
      if (next) seenLinks.add(next);
      yield { value: list.value, more: !!next };
      path = next || undefined;
    }
  }

  /**
   * Items with `lastUpdateDateTime` in [lo, hi) (hi open-ended when undefined), following nextLink. A window may end
   * short of what matches in two ways: `$top` limits the whole result in OData (the pages of one query together hold
   * at most `$top` items, the newest first), and field reports say alerts_v2 may answer a full page *without* a
   * nextLink although more items match. A window that yielded exactly `$top` items, or a first and only page of at
   * least `$top`, is therefore treated as possibly cut short and read again as two halves (`ge`/`lt`), recursively, which
   * needs no sort order. Items may repeat; callers de-duplicate.
   */
  async function* timeWindow<T extends { lastUpdateDateTime?: string | null }>(
    tenantId: string,
    collection: string,
    route: string,
    lo: number,
    hi: number | undefined,
    top: number,
    priority: UpstreamPriority,
  ): AsyncIterable<T[]> {
    const filter = `lastUpdateDateTime ge ${odataDateTime(lo)}${hi !== undefined ? ` and lastUpdateDateTime lt ${odataDateTime(hi)}` : ""}`;
    let total = 0;
    let pageCount = 0;
    let cutShort = false;
    let newest = lo;
    for await (const page of pages<T>(tenantId, route, `${collection}?$filter=${encodeQueryValue(filter)}&$top=${top}`, priority)) {
      total += page.value.length;
      pageCount++;
      // more than $top over several pages means the server treats $top as a page size: then its nextLink is trusted
      if (!page.more && (total === top || (pageCount === 1 && total >= top))) cutShort = true;
      for (const item of page.value) {
        const t = item.lastUpdateDateTime ? Date.parse(item.lastUpdateDateTime) : NaN;
        if (t > newest) newest = t;
      }
      yield page.value;
    }
    if (!cutShort) return;
    const end = hi ?? Math.max(Date.now(), newest + 1);
    if (end - lo <= 1) {
      opts.logger?.warn(
        { tenantId, route, at: odataDateTime(lo), top },
        "Graph returned a full page without @odata.nextLink for a 1 ms window; items beyond it may be missing",
      );
      return;
    }
    const mid = lo + Math.floor((end - lo) / 2);
    yield* timeWindow<T>(tenantId, collection, route, lo, mid, top, priority);
    yield* timeWindow<T>(tenantId, collection, route, mid, hi, top, priority);
  }

  const changedSince = <T extends { lastUpdateDateTime?: string | null }>(collection: string, route: string) =>
    function (tenantId: string, sinceMs: number, o: GraphListOptions = {}): AsyncIterable<T[]> {
      const top = Math.max(1, Math.min(o.top ?? pageSize, pageSize));
      return timeWindow<T>(tenantId, collection, route, sinceMs, undefined, top, o.priority ?? "sync");
    };

  async function postComment(
    tenantId: string,
    route: string,
    path: string,
    comment: string,
  ): Promise<GraphReceived<GraphAlertComment>[] | null> {
    const body = await call({ tenantId, method: "POST", route, path, body: graphCommentBody(comment), priority: "write" });
    return body === NOT_FOUND ? null : graphCommentList(body);
  }

  return {
    alertsChangedSince: changedSince<GraphReceived<GraphAlert>>(GraphPaths.alerts, "GET /security/alerts_v2"),
    incidentsChangedSince: changedSince<GraphReceived<GraphIncident>>(GraphPaths.incidents, "GET /security/incidents"),
    getAlert: (tenantId, id, priority = "read") =>
      getOne<GraphReceived<GraphAlert>>({
        tenantId,
        method: "GET",
        route: "GET /security/alerts_v2/{id}",
        path: GraphPaths.alert(id),
        priority,
      }),
    getIncident: (tenantId, id, priority = "read") =>
      getOne<GraphReceived<GraphIncident>>({
        tenantId,
        method: "GET",
        route: "GET /security/incidents/{id}",
        path: GraphPaths.incident(id),
        priority,
      }),
    updateAlert: (tenantId, id, patch) =>
      getOne<GraphReceived<GraphAlert>>({
        tenantId,
        method: "PATCH",
        route: "PATCH /security/alerts_v2/{id}",
        path: GraphPaths.alert(id),
        body: patch,
        priority: "write",
      }),
    updateIncident: (tenantId, id, patch) =>
      getOne<GraphReceived<GraphIncident>>({
        tenantId,
        method: "PATCH",
        route: "PATCH /security/incidents/{id}",
        path: GraphPaths.incident(id),
        body: patch,
        priority: "write",
      }),
    addAlertComment: (tenantId, id, comment) =>
      postComment(tenantId, "POST /security/alerts_v2/{id}/comments", GraphPaths.alertComments(id), comment),
    addIncidentComment: (tenantId, id, comment) =>
      postComment(tenantId, "POST /security/incidents/{id}/comments", GraphPaths.incidentComments(id), comment),
    async batch(tenantId, requests, priority) {
      const idempotent = requests.every((r) => r.method === "GET");
      const envelope: GraphBatchRequest = { requests };
      const body = await call({
        tenantId,
        method: "POST",
        route: "POST /$batch",
        path: GraphPaths.batch,
        body: envelope,
        priority,
        cost: 0,
        idempotent,
      });
      const responses = (body as Partial<GraphBatchResponse> | null)?.responses;
      if (body === NOT_FOUND || !Array.isArray(responses)) throw badShape(tenantId, "POST /$batch");
      return responses;
    },
    takeBudget: (tenantId, priority) => budget.take(tenantId, priority),
    noteRetryAfter,
    blockedForMs: (tenantId) => Math.max(0, (tenants.get(tenantId)?.blockedUntil ?? 0) - Date.now()),
    reportInner: emit,
    budgetLeft: (tenantId) => budget.left(tenantId),
    state(tenantId) {
      const t = tenants.get(tenantId);
      if (!t) return { breaker: "closed" };
      return { breaker: t.breaker.state(), ...(t.lastError ? { lastError: t.lastError } : {}) };
    },
    options: { maxRetryWaitMs, maxAttempts, secrets },
    async close() {},
  };
}

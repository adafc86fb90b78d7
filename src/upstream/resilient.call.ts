import { BrokenCircuitError, DelegateBackoff, handleWhen, retry } from "cockatiel";
import { ErrorCode, UpstreamError } from "../errors/errors.js";
import { recordUpstreamAttempt, traceUpstreamCall, upstreamTraceHeaders } from "../observability/tracing.js";
import { createMemoryBudget, type BudgetOptions, type UpstreamBudget } from "./budget.limiter.js";
import { createRedisBudget } from "./budget.redis.js";
import type {
  RequestExtras,
  ResilienceOptions,
  ResilientCaller,
  ResilientCallerOptions,
  UpstreamCallEvent,
  UpstreamCallSpec,
} from "./resilient.types.js";
import { createTenantBreaker, type TenantBreaker } from "./tenant.breaker.js";
import { AttemptError, newUpstreamError, PageTimeoutError, parseRetryAfter, sanitize, type UpstreamErrorCode } from "./upstream.errors.js";

/**
 * The tenant budget a client spends: `budgetImpl` as given, else in-process, or in Redis under `keyPrefix` (default
 * "gw:") with the in-process one as fallback while Redis does not answer.
 */
export function createClientBudget(
  opts: ResilienceOptions,
  budget: BudgetOptions | undefined,
  keyPrefix: string | undefined,
): UpstreamBudget {
  if (opts.budgetImpl) return opts.budgetImpl;
  const memory = createMemoryBudget(budget);
  if (!opts.redis) return memory;
  return createRedisBudget(opts.redis, { ...budget, keyPrefix, fallback: memory, onRedisError: (e) => opts.onRedisError?.(e) });
}

/** What `call` resolves when upstream answered 404. */
export const NOT_FOUND: unique symbol = Symbol("not found");

/** Slack when comparing waits, ms: timers may fire a millisecond early. */
const WAIT_SLACK_MS = 50;
/** Network errors that prove the request never left: safe to repeat even for writes. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

interface TenantEntry {
  breaker: TenantBreaker;
  /** Until when upstream told us (429 `Retry-After`) to leave this tenant alone, epoch ms. */
  blockedUntil: number;
  lastError?: string;
}

/** One client's loop, with per-tenant state (breaker, `Retry-After`, last error). Long-lived: one per client. */
export function createResilientCaller(opts: ResilientCallerOptions): ResilientCaller {
  const { api, credentials, budget, secrets } = opts;
  const timeoutMs = opts.timeoutMs ?? 8_000;
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 3);
  const baseMs = opts.backoff?.baseMs ?? 500;
  const capMs = opts.backoff?.capMs ?? 30_000;
  const maxRetryWaitMs = opts.maxRetryWaitMs ?? 10_000;
  const where = (route: string, sent?: RequestExtras) => `(${[route, sent?.tag].filter(Boolean).join(", ")})`;

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

  function noteRetryAfter(tenantId: string, ms: number) {
    const t = tenant(tenantId);
    t.blockedUntil = Math.max(t.blockedUntil, Date.now() + ms);
  }

  /** One HTTP exchange, with the one-time token refresh on 401. Throws AttemptError; returns parsed JSON or NOT_FOUND. */
  async function attemptOnce(spec: UpstreamCallSpec, ctx: { waitedMs: number }, attempt: number): Promise<unknown> {
    const { tenantId, route, priority } = spec;
    const idempotent = spec.idempotent ?? spec.method === "GET";
    const base = { tenantId, route, priority, attempt };
    const url = api.url(spec);
    const asAttemptError = (e: unknown) =>
      new AttemptError(
        e instanceof UpstreamError
          ? e
          : newUpstreamError(ErrorCode.UPSTREAM_AUTH_FAILED, `could not get a ${api.vendor} token`, tenantId, { cause: e }),
        false,
        false,
      );
    let token = await credentials.getToken(tenantId).catch((e: unknown) => {
      throw asAttemptError(e);
    });

    for (let refreshed = false; ; refreshed = true) {
      // Each HTTP request costs upstream budget, the refreshed one after a 401 included.
      for (let i = 0; i < (spec.cost ?? 1); i++) {
        const decision = await budget.take(tenantId, priority);
        if (!decision.ok) {
          emit({ ...base, status: null, durationMs: 0, throttled: true, outcome: "budgetSpent" });
          throw new AttemptError(
            newUpstreamError(
              ErrorCode.UPSTREAM_THROTTLED,
              `the gateway's ${api.budgetName} budget for this tenant is spent for ${priority} calls (minute ${decision.left.minute} left, hour ${decision.left.hour} left)`,
              tenantId,
              { retryAfterMs: decision.retryAfterMs },
            ),
            false,
            false,
            decision.retryAfterMs,
          );
        }
      }

      const sent = api.request?.() ?? { headers: {} };
      const started = performance.now();
      let res: Response;
      let text: string;
      try {
        res = await fetch(url, {
          method: spec.method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/json",
            ...sent.headers,
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
        const late = `${api.vendor} API did not answer within ${timeoutMs} ms ${where(route, sent)}`;
        if (timedOut && spec.shrinkOnTimeout) {
          throw new AttemptError(new PageTimeoutError(`${late}; asking for a smaller page`, tenantId, e), false, false);
        }
        const code = (e as { cause?: { code?: string } })?.cause?.code;
        const message = timedOut
          ? late
          : sanitize(`${api.vendor} API unreachable (${route}): ${code ?? (e instanceof Error ? e.message : String(e))}`, secrets);
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
            newUpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, `${api.vendor} API sent an unreadable ${status} answer (${route})`, tenantId, {
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

      const message = api.failureMessage({ tenantId, route, status, text, headers: res.headers, attempt, sent }, secrets);
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
        // Every caller of this tenant honours the Retry-After, not only this one: early calls only get 429 again.
        if (retryAfterMs !== undefined) noteRetryAfter(tenantId, retryAfterMs);
        // A 429 was not processed upstream, so even a write may be repeated.
        return fail(ErrorCode.UPSTREAM_THROTTLED, message, { retry: fitsWait(wait), outage: false, retryAfterMs: wait });
      }
      if (status === 401 || status === 403) {
        emit({ ...base, status, durationMs, throttled: false, outcome: "authFailed" });
        const why = status === 401 ? "the token was refused even after a refresh" : api.forbiddenReason;
        return fail(ErrorCode.UPSTREAM_AUTH_FAILED, `${message}; ${why}`, { retry: false, outage: false });
      }
      if (status === 408 || status >= 500) {
        emit({ ...base, status, durationMs, throttled: false, outcome: "serverError" });
        // upstream announced a longer unavailability than we may wait: say when to come back instead of hanging
        if (retryAfterMs !== undefined && !fitsWait(retryAfterMs))
          return fail(ErrorCode.UPSTREAM_THROTTLED, message, { retry: false, outage: true, retryAfterMs });
        return fail(ErrorCode.UPSTREAM_UNAVAILABLE, message, { retry: idempotent && status !== 501, outage: true, retryAfterMs });
      }
      emit({ ...base, status, durationMs, throttled: false, outcome: "badRequest" });
      return fail(ErrorCode.UPSTREAM_BAD_REQUEST, message, { retry: false, outage: false });
    }
  }

  /** Retry (outer) → wait out an earlier 429 → breaker (per attempt) → token → budget → HTTP. */
  async function callUntraced(spec: UpstreamCallSpec): Promise<unknown> {
    const t = tenant(spec.tenantId);
    const ctx = { waitedMs: 0 };
    const event = { tenantId: spec.tenantId, route: spec.route, priority: spec.priority, status: null, durationMs: 0 };
    const policy = retry(
      handleWhen((e) => e instanceof AttemptError && e.retry),
      {
        maxAttempts: maxAttempts - 1, // cockatiel counts retries
        backoff: new DelegateBackoff((c: { attempt: number; result: { error?: unknown } | { value: unknown } }) => {
          const err = "error" in c.result ? c.result.error : undefined;
          const floor = err instanceof AttemptError ? (err.retryAfterMs ?? 0) : 0;
          ctx.waitedMs += floor;
          // never before Retry-After; otherwise full jitter so many replicas do not retry in lockstep
          return Math.max(floor, fullJitter(c.attempt));
        }),
      },
    );
    try {
      const result = await policy.execute(async ({ attempt }) => {
        const blockedMs = t.blockedUntil - Date.now();
        if (blockedMs > 0) {
          if (ctx.waitedMs + blockedMs > maxRetryWaitMs + WAIT_SLACK_MS) {
            emit({ ...event, attempt: attempt + 1, throttled: true, outcome: "throttled" });
            throw new AttemptError(
              newUpstreamError(
                ErrorCode.UPSTREAM_THROTTLED,
                `${api.vendor} throttled this tenant (429); not calling it before Retry-After has passed (${spec.route})`,
                spec.tenantId,
                { retryAfterMs: blockedMs },
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

  function finalError(spec: UpstreamCallSpec, t: TenantEntry, e: unknown): UpstreamError {
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
        `circuit breaker open for this tenant after repeated ${api.vendor} API failures; calls resume ${wait > 0 ? `in about ${Math.ceil(wait / 1000)} s` : "with the next trial call"} (${spec.route})`,
        spec.tenantId,
        { retryAfterMs: Math.max(wait, 1000), cause: e },
      );
    }
    return newUpstreamError(
      ErrorCode.UPSTREAM_UNAVAILABLE,
      sanitize(`${api.vendor} API call failed (${spec.route}): ${e instanceof Error ? e.message : String(e)}`, secrets),
      spec.tenantId,
      { cause: e },
    );
  }

  return {
    call: (spec) => traceUpstreamCall(spec, () => callUntraced(spec)),
    takeBudget: (tenantId, priority) => budget.take(tenantId, priority),
    noteRetryAfter,
    blockedForMs: (tenantId) => Math.max(0, (tenants.get(tenantId)?.blockedUntil ?? 0) - Date.now()),
    report: emit,
    budgetLeft: (tenantId) => budget.left(tenantId),
    state: (tenantId) => {
      const t = tenants.get(tenantId);
      if (!t) return { breaker: "closed" };
      return { breaker: t.breaker.state(), ...(t.lastError ? { lastError: t.lastError } : {}) };
    },
    settings: { maxRetryWaitMs, maxAttempts, secrets },
  };
}

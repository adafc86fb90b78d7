import type { Cluster, Redis } from "ioredis";
import type { BudgetDecision, BudgetLeft, BudgetOptions, UpstreamBudget, UpstreamPriority } from "./budget.limiter.js";
import type { CredentialProvider } from "./credential.provider.js";
import type { BreakerOptions, BreakerState } from "./tenant.breaker.js";

/*
 * The contracts of the resilient call loop that both upstream clients run (`resilient.call.ts`): the options they
 * share, what differs per API (`UpstreamApi`), one call's spec and what the loop reports.
 */

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

/** The resilience settings both upstream clients take, with the same defaults. */
export interface ResilienceOptions {
  /** A ready credential provider; replaces the client's own credential fields (tests, shared providers). */
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
  /** Per-tenant budget: limits and priority reserves (defaults: see each client). */
  budget?: BudgetOptions;
  /** A ready budget implementation; replaces `budget` and `redis` for budgeting. */
  budgetImpl?: UpstreamBudget;
  /** Shared Redis (or Cluster) for budgets across replicas (from the process's connection factory); not closed by `close()`. Absent = in-process budget. */
  redis?: Redis | Cluster | null;
  /** Per-tenant circuit breaker. Defaults: opens after 5 consecutive outage failures, half-opens after 30,000 ms. */
  breaker?: BreakerOptions;
  /** Called after every attempt (and every local refusal). Exceptions thrown by it are ignored. */
  onCall?(event: UpstreamCallEvent): void;
  /** Called when shared budgeting falls back to in-process because Redis did not answer. */
  onRedisError?(err: unknown): void;
}

/** One logical upstream call (all its attempts). */
export interface UpstreamCallSpec {
  tenantId: string;
  method: "GET" | "PATCH" | "POST";
  /** Route template for metrics, traces and messages, e.g. "GET /api/alerts/{id}". */
  route: string;
  /** What {@link UpstreamApi.url} turns into the request URL (a path below the API root, or an absolute next link). */
  path: string;
  body?: unknown;
  priority: UpstreamPriority;
  /** Budget units per attempt. Default 1; a `$batch` passes 0 (its inner requests were paid for). */
  cost?: number;
  /** Safe to repeat after it may have reached upstream. Default: GET only. */
  idempotent?: boolean;
  /**
   * The caller can ask again with a smaller page: a timeout then fails at once with `PageTimeoutError` instead of
   * being retried and counted by the tenant's breaker (a big backfill page is slow, not an outage). Default false.
   */
  shrinkOnTimeout?: boolean;
}

/** What a client sends with one HTTP request beyond the token, `accept`, trace and content-type headers. */
export interface RequestExtras {
  headers: Record<string, string>;
  /** Names the request in messages after the route, e.g. "client-request-id 1f0c…". */
  tag?: string;
}

/** A failed answer (not 2xx, not 404, not the first 401), for {@link UpstreamApi.failureMessage}. */
export interface FailedAnswer {
  tenantId: string;
  route: string;
  status: number;
  text: string;
  headers: Headers;
  attempt: number;
  sent: RequestExtras;
}

/** Where one upstream API differs inside the shared loop. */
export interface UpstreamApi {
  /** "Defender" or "Graph": messages say "could not get a Defender token", "Defender API unreachable", … */
  vendor: string;
  /** What a local budget refusal calls the budget: "the gateway's <budgetName> budget for this tenant is spent". */
  budgetName: string;
  /** Added to the message of a 403. */
  forbiddenReason: string;
  /** The request URL of a spec. May throw an `AttemptError` (it then fails the attempt before a token is fetched). */
  url(spec: UpstreamCallSpec): string;
  /** Extra headers of one HTTP request; called again for every request, retries and the refresh after a 401 included. */
  request?(): RequestExtras;
  /** The sanitized message of a failed answer; the place to log upstream's request ids. */
  failureMessage(answer: FailedAnswer, secrets: readonly string[]): string;
}

export interface ResilientCallerOptions extends Omit<
  ResilienceOptions,
  "credentials" | "budget" | "budgetImpl" | "redis" | "onRedisError"
> {
  api: UpstreamApi;
  credentials: CredentialProvider;
  budget: UpstreamBudget;
  /** Configured secrets, removed from every message. */
  secrets: readonly string[];
}

/** The resolved numbers of a caller, for code that retries on its own (the inner requests of a Graph `$batch`). */
export interface ResilienceSettings {
  maxRetryWaitMs: number;
  maxAttempts: number;
  secrets: readonly string[];
}

/**
 * The shared resilient loop of the upstream clients. Every method of a client is one `call`; tenants are isolated
 * (own breaker, own `Retry-After`, own budget). Members are plain functions: clients hand them on as their own.
 */
export interface ResilientCaller {
  /**
   * Per call: wait out an earlier 429 of the tenant (up to `maxRetryWaitMs`), then per attempt: tenant breaker → token
   * → budget (by priority, `cost` units) → HTTP with a timeout; retries with full-jitter backoff that never fire before
   * `Retry-After`. Resolves the parsed JSON (null for an empty body) or `NOT_FOUND` (of `resilient.call.ts`) on 404; rejects only with
   * `UpstreamError` (with `extensions.tenantId`).
   */
  call: (spec: UpstreamCallSpec) => Promise<unknown>;
  /** One unit of the tenant's budget (the inner requests of a batch). */
  takeBudget: (tenantId: string, priority: UpstreamPriority) => Promise<BudgetDecision>;
  /** Remembers a `Retry-After` for the tenant, so every caller honours it. */
  noteRetryAfter: (tenantId: string, ms: number) => void;
  /** ms left of the tenant's latest `Retry-After` (0 when none). */
  blockedForMs: (tenantId: string) => number;
  /** Reports an event to tracing and the metrics hook (the inner requests of a batch). */
  report: (event: UpstreamCallEvent) => void;
  /** Calls left in the tenant's sliding minute and hour (at write priority). */
  budgetLeft: (tenantId: string) => Promise<BudgetLeft>;
  state: (tenantId: string) => UpstreamState;
  readonly settings: ResilienceSettings;
}

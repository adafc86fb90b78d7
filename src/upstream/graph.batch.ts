import { ErrorCode, UpstreamError } from "../errors/errors.js";
import type { UpstreamPriority } from "./budget.limiter.js";
import type { UpstreamCallEvent } from "./resilient.types.js";
import type { GraphClient } from "./graph.client.js";
import { describeGraphError, graphMessage } from "./graph.errors.js";
import {
  GRAPH_BATCH_MAX_REQUESTS,
  PREFER_INCLUDE_UNKNOWN_ENUM_MEMBERS,
  type GraphBatchRequestItem,
  type GraphBatchResponseItem,
} from "./graph.types.js";
import { newUpstreamError, parseRetryAfter, type UpstreamErrorCode } from "./upstream.errors.js";
import type { BatchResult } from "./upstream.types.js";

/** One request to run inside a `$batch`. */
export interface BatchItem {
  method: "GET" | "PATCH" | "POST" | "DELETE";
  /** Relative to the version root, e.g. `/security/alerts_v2/{id}` (see `GraphPaths`). */
  url: string;
  body?: unknown;
  /** Route template for metrics and messages, e.g. "GET /security/alerts_v2/{id}". */
  route: string;
}

export interface GraphBatchOptions {
  /**
   * Most the run waits in total for `Retry-After` (an inner 429's, or the tenant's from an earlier one), ms; longer
   * fails those items at once with UPSTREAM_THROTTLED and `retryAfterSeconds`. Default: the client's `maxRetryWaitMs`.
   * 0 = never wait (bulk triage: a throttled tenant answers at once and the caller retries).
   */
  maxWaitMs?: number;
}

/** Pause between retry rounds of inner 5xx answers without a Retry-After, ms. */
const INNER_RETRY_PAUSE_MS = 200;

/**
 * Runs `items` for one tenant as `POST /$batch` calls of at most 20 requests and maps each inner answer back to its
 * item, in order: the parsed body (2xx), null (404), or that item's own `UpstreamError`. An inner failure fails only
 * its item. An inner 429 is retried alone (with whatever else still needs a retry) once its own `Retry-After` has
 * passed, while the total wait stays within `opts.maxWaitMs` (default: the client's `maxRetryWaitMs`) and the budget
 * allows; an inner 5xx of a GET likewise. Each inner request costs one unit of the tenant's Graph budget, as Graph
 * counts each on its own.
 * Only a failure of the whole `$batch` call (network, outer 5xx after retries, open breaker) fails every item of it.
 */
export async function runGraphBatch(
  client: GraphClient,
  tenantId: string,
  items: readonly BatchItem[],
  priority: UpstreamPriority = "read",
  opts: GraphBatchOptions = {},
): Promise<BatchResult<unknown>[]> {
  const results: BatchResult<unknown>[] = new Array<BatchResult<unknown>>(items.length).fill(null);
  const chunks: number[][] = [];
  for (let i = 0; i < items.length; i += GRAPH_BATCH_MAX_REQUESTS)
    chunks.push(items.slice(i, i + GRAPH_BATCH_MAX_REQUESTS).map((_, j) => i + j));
  // chunks one after another: they share the tenant's budget and Retry-After, parallel chunks would only collide
  const maxWaitMs = opts.maxWaitMs ?? client.options.maxRetryWaitMs;
  for (const chunk of chunks) await runChunk(client, tenantId, items, chunk, priority, maxWaitMs, results);
  return results;
}

async function runChunk(
  client: GraphClient,
  tenantId: string,
  items: readonly BatchItem[],
  indexes: number[],
  priority: UpstreamPriority,
  maxRetryWaitMs: number,
  results: BatchResult<unknown>[],
): Promise<void> {
  const { maxAttempts, secrets } = client.options;
  const attempts = new Map<number, number>();
  let pending = indexes;
  let waitedMs = 0;
  let waitMs = 0;
  const fail = (i: number, code: UpstreamErrorCode, message: string, extra: { retryAfterMs?: number; status?: number } = {}) => {
    results[i] = newUpstreamError(code, message, tenantId, extra);
  };

  while (pending.length > 0) {
    const wait = Math.max(waitMs, client.blockedForMs(tenantId));
    if (wait > 0) {
      if (waitedMs + wait > maxRetryWaitMs) {
        for (const i of pending)
          fail(
            i,
            ErrorCode.UPSTREAM_THROTTLED,
            `Graph throttled this request (429); Retry-After exceeds the wait allowed (${items[i].route})`,
            { retryAfterMs: wait },
          );
        return;
      }
      waitedMs += wait;
      await new Promise((r) => setTimeout(r, wait));
    }
    waitMs = 0;

    const send: number[] = [];
    for (const i of pending) {
      const decision = await client.takeBudget(tenantId, priority);
      if (decision.ok) send.push(i);
      else {
        client.reportInner({
          tenantId,
          route: items[i].route,
          priority,
          status: null,
          durationMs: 0,
          attempt: (attempts.get(i) ?? 0) + 1,
          throttled: true,
          outcome: "budgetSpent",
        });
        fail(
          i,
          ErrorCode.UPSTREAM_THROTTLED,
          `the gateway's Graph call budget for this tenant is spent for ${priority} calls (${items[i].route})`,
          {
            retryAfterMs: decision.retryAfterMs,
          },
        );
      }
    }
    if (send.length === 0) return;

    const requests: GraphBatchRequestItem[] = send.map((i) => {
      const it = items[i];
      return {
        id: String(i),
        method: it.method,
        url: it.url,
        headers: { prefer: PREFER_INCLUDE_UNKNOWN_ENUM_MEMBERS, ...(it.body !== undefined ? { "content-type": "application/json" } : {}) },
        ...(it.body !== undefined ? { body: it.body } : {}),
      };
    });
    let responses: GraphBatchResponseItem[];
    try {
      responses = await client.batch(tenantId, requests, priority);
    } catch (e) {
      const err =
        e instanceof UpstreamError
          ? e
          : newUpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, `Graph $batch failed: ${String(e)}`, tenantId, { cause: e });
      for (const i of send) results[i] = err;
      return;
    }

    const byId = new Map(responses.filter((r) => r && typeof r === "object").map((r) => [String(r.id), r]));
    const again: number[] = [];
    for (const i of send) {
      const item = items[i];
      const attempt = (attempts.get(i) ?? 0) + 1;
      attempts.set(i, attempt);
      const r = byId.get(String(i));
      const event = (status: number | null, outcome: UpstreamCallEvent["outcome"], throttled = false) =>
        client.reportInner({ tenantId, route: item.route, priority, status, durationMs: 0, attempt, throttled, outcome });
      if (!r || typeof r.status !== "number") {
        event(null, "serverError");
        fail(i, ErrorCode.UPSTREAM_UNAVAILABLE, `Graph $batch answer lacks the response to this request (${item.route})`);
        continue;
      }
      const status = r.status;
      const header = (name: string) => Object.entries(r.headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1] ?? null;
      if (status >= 200 && status < 300) {
        event(status, "ok");
        results[i] = stripContext(r.body);
        continue;
      }
      if (status === 404) {
        event(status, "notFound");
        results[i] = null;
        continue;
      }
      const message = graphMessage(status, `${item.route} in $batch`, describeGraphError(r.body ?? "", r.headers ?? {}), secrets);
      const retryAfterMs = parseRetryAfter(header("retry-after"));
      const canRetry = attempt < maxAttempts;
      if (status === 429) {
        event(status, "throttled", true);
        const wait = retryAfterMs ?? INNER_RETRY_PAUSE_MS * 2 ** (attempt - 1);
        if (retryAfterMs !== undefined) client.noteRetryAfter(tenantId, retryAfterMs);
        // a throttled request was not processed: repeating it is safe for every method
        if (canRetry && waitedMs + wait <= maxRetryWaitMs) {
          again.push(i);
          waitMs = Math.max(waitMs, wait);
        } else fail(i, ErrorCode.UPSTREAM_THROTTLED, message, { retryAfterMs: wait, status });
        continue;
      }
      if (status === 401 || status === 403) {
        event(status, "authFailed");
        fail(i, ErrorCode.UPSTREAM_AUTH_FAILED, message, { status });
        continue;
      }
      if (status === 408 || status >= 500) {
        event(status, "serverError");
        const wait = retryAfterMs ?? INNER_RETRY_PAUSE_MS;
        if (item.method === "GET" && canRetry && status !== 501 && waitedMs + wait <= maxRetryWaitMs) {
          again.push(i);
          waitMs = Math.max(waitMs, wait);
        } else fail(i, ErrorCode.UPSTREAM_UNAVAILABLE, message, { retryAfterMs, status });
        continue;
      }
      event(status, "badRequest");
      fail(i, ErrorCode.UPSTREAM_BAD_REQUEST, message, { status });
    }
    pending = again;
  }
}

function stripContext(body: unknown): unknown {
  if (body === undefined || body === "") return null;
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const { ["@odata.context"]: _context, ...entity } = body as Record<string, unknown>;
  return entity;
}

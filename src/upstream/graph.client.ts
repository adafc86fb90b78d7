import { randomUUID } from "node:crypto";
import { ErrorCode } from "../errors/errors.js";
import type { BudgetDecision, BudgetLeft, UpstreamPriority } from "./budget.limiter.js";
import { createCredentialProvider, type CredentialProviderOptions } from "./credential.provider.js";
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
import { createClientBudget, createResilientCaller, NOT_FOUND } from "./resilient.call.js";
import type { ResilienceOptions, ResilienceSettings, UpstreamCallEvent, UpstreamCallSpec, UpstreamState } from "./resilient.types.js";
import { AttemptError, newUpstreamError } from "./upstream.errors.js";

export const GRAPH_DEFAULT_URL = GRAPH_BASE_URL;

/** Where the client logs Graph's request ids of failed calls (a pino logger fits). */
export interface GraphClientLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** Credential fields as in {@link CredentialProviderOptions}; retries, timeouts, budget and breaker as in {@link ResilienceOptions}. */
export interface GraphClientOptions extends CredentialProviderOptions, ResilienceOptions {
  /** Version root, e.g. `https://graph.microsoft.com/v1.0` (default), a national cloud's, or the simulator's. */
  baseUrl?: string;
  /** Per-tenant version root; overrides `baseUrl`. */
  baseUrlFor?(tenantId: string): string;
  /** Per-tenant Graph budget. Defaults 130/min (Graph allows 150 on `/security`), 7,800/h (no hourly limit upstream), reserves read 5%, sync 20%. */
  budget?: ResilienceOptions["budget"];
  /**
   * Prefix of Redis keys, the same one the Defender client gets (default "gw:"). The Graph budget lives under
   * `<prefix>graph:{t:<tenantId>}:budget:minute|hour`, apart from the tenant's legacy Defender budget
   * (`<prefix>{t:<tenantId>}:budget:*`), because Microsoft counts the two APIs separately.
   */
  keyPrefix?: string;
  /** `$top` asked for on list calls. Default 1,000 (Graph's documented cap); Graph may still send fewer per page. */
  pageSize?: number;
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
  readonly options: ResilienceSettings;
  close(): Promise<void>;
}

/**
 * Graph's URLs, headers and error bodies; the retries, budget, breaker and `Retry-After` handling are the shared loop
 * of `resilient.call.ts`. Long-lived: build it once.
 */
export function createGraphClient(opts: GraphClientOptions): GraphClient {
  const pageSize = Math.max(1, Math.min(opts.pageSize ?? 1_000, 1_000));
  const secrets = [opts.clientSecret].filter((s): s is string => !!s);
  const baseFor = (tenantId: string) => (opts.baseUrlFor?.(tenantId) ?? opts.baseUrl ?? GRAPH_DEFAULT_URL).replace(/\/+$/, "");
  const caller = createResilientCaller({
    ...opts,
    credentials: opts.credentials ?? createCredentialProvider({ ...opts, scope: opts.scope ?? GRAPH_SCOPE }),
    budget: createClientBudget(opts, { perMinute: 130, perHour: 7_800, ...opts.budget }, `${opts.keyPrefix ?? "gw:"}graph:`),
    secrets,
    api: {
      vendor: "Graph",
      budgetName: "Graph call",
      forbiddenReason: "the app lacks the SecurityAlert/SecurityIncident permission in this tenant",
      url: urlOf,
      request() {
        // One id per HTTP request, so Graph's logs and ours match even across retries.
        const clientRequestId = randomUUID();
        return {
          headers: {
            "client-request-id": clientRequestId,
            "return-client-request-id": "true",
            prefer: PREFER_INCLUDE_UNKNOWN_ENUM_MEMBERS,
          },
          tag: `client-request-id ${clientRequestId}`,
        };
      },
      failureMessage({ tenantId, route, status, text, headers, attempt, sent }) {
        const info = describeGraphError(text, headers);
        info.clientRequestId ??= sent.headers["client-request-id"];
        opts.logger?.warn(
          { tenantId, route, status, code: info.code, requestId: info.requestId ?? null, clientRequestId: info.clientRequestId, attempt },
          "Graph API call failed",
        );
        return graphMessage(status, route, info, secrets);
      },
    },
  });
  const call = caller.call;

  /** An absolute nextLink must stay on the tenant's Graph host: never send the tenant's token anywhere else. */
  function urlOf(spec: UpstreamCallSpec): string {
    const base = baseFor(spec.tenantId);
    if (!/^https?:\/\//i.test(spec.path)) return `${base}${spec.path}`;
    if (new URL(spec.path).origin !== new URL(base).origin)
      throw new AttemptError(
        newUpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, `Graph sent an @odata.nextLink to another host (${spec.route})`, spec.tenantId),
        false,
        false,
      );
    return spec.path;
  }

  const badShape = (tenantId: string, route: string) =>
    newUpstreamError(ErrorCode.UPSTREAM_UNAVAILABLE, `Graph API answered with an unexpected shape (${route})`, tenantId);

  async function getOne<T>(spec: UpstreamCallSpec): Promise<T | null> {
    const body = await call(spec);
    if (body === NOT_FOUND) return null;
    if (!body || typeof body !== "object" || Array.isArray(body)) throw badShape(spec.tenantId, spec.route);
    const { ["@odata.context"]: _context, ...entity } = body as Record<string, unknown>;
    return entity as T;
  }

  /**
   * One page of a collection at `path`, and the link to the next (null: no such collection). Never assumes order or
   * `$top`; a link already seen (in `seenLinks`) fails as a bad answer.
   */
  async function listPage<T>(
    tenantId: string,
    route: string,
    path: string,
    priority: UpstreamPriority,
    seenLinks: Set<string>,
  ): Promise<{ value: T[]; next: string | undefined } | null> {
    const body = await call({ tenantId, method: "GET", route, path, priority });
    if (body === NOT_FOUND) return null;
    const list = body as Partial<GraphList<T>> | null;
    if (!list || !Array.isArray(list.value)) throw badShape(tenantId, route);
    const next = list["@odata.nextLink"];
    if (next !== undefined && typeof next !== "string") throw badShape(tenantId, route);
    // a server that hands out the same link twice would keep us paging forever
    if (next && seenLinks.has(next)) throw badShape(tenantId, `${route}: repeated @odata.nextLink`);
    if (next) seenLinks.add(next);
    return { value: list.value, next: next || undefined };
  }

  /**
   * Items with `lastUpdateDateTime` in [lo, hi) (hi open-ended when undefined), following nextLink. A window may end
   * short of what matches in two ways: `$top` limits the whole result in OData (the pages of one query together hold
   * at most `$top` items, the newest first), and field reports say alerts_v2 may answer a full page *without* a
   * nextLink although more items match. A window that yielded exactly `$top` items, or a first and only page of at
   * least `$top`, is therefore treated as possibly cut short and read on:
   * - when its items came most recent `createdDateTime` first (the documented list order, checked on every item), the
   *   rest of the window is what was created up to the oldest item seen: the same window again with
   *   `createdDateTime lt <oldest + 1 ms>` (so nothing is read twice but the items of that one millisecond);
   * - otherwise, or when that bound would not move (≥ `$top` items created in one millisecond), as two halves
   *   (`ge`/`lt`), each read the same way, which needs no sort order.
   * Items may repeat; callers de-duplicate.
   */
  async function* timeWindow<T extends { lastUpdateDateTime?: string | null; createdDateTime?: string | null }>(
    tenantId: string,
    collection: string,
    route: string,
    lo: number,
    hi: number | undefined,
    top: number,
    priority: UpstreamPriority,
  ): AsyncIterable<T[]> {
    // Windows still to read, the next on top, and one flat loop over their pages: no nested generator, no `yield*`,
    // and the page handed out is let go before the next request (page.stream.ts says why that takes all three).
    const todo: TimeWindow[] = [{ lo, hi }];
    let page: { value: T[]; next: string | undefined } | null | undefined;
    let value: T[] | undefined;
    for (let w = todo.pop(); w; w = todo.pop()) {
      const scan = newWindowScan(w.lo);
      const seenLinks = new Set<string>();
      for (let path: string | undefined = windowPath(collection, w, top); path;) {
        page = await listPage<T>(tenantId, route, path, priority, seenLinks);
        if (!page) break;
        path = page.next;
        scanPage(scan, page.value, path !== undefined, top);
        value = page.value;
        // eslint-disable-next-line no-useless-assignment -- let go before the await (page.stream.ts)
        page = undefined;
        yield value;
        // eslint-disable-next-line no-useless-assignment -- let go before the await (page.stream.ts)
        value = undefined;
      }
      const after = windowsAfter(w, scan);
      if (after === "oneMillisecond") {
        opts.logger?.warn(
          { tenantId, route, at: odataDateTime(w.lo), top },
          "Graph returned a full page without @odata.nextLink for a 1 ms window; items beyond it may be missing",
        );
      } else todo.push(...after.reverse());
    }
  }

  const changedSince = <T extends { lastUpdateDateTime?: string | null; createdDateTime?: string | null }>(
    collection: string,
    route: string,
  ) =>
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
    takeBudget: caller.takeBudget,
    noteRetryAfter: caller.noteRetryAfter,
    blockedForMs: caller.blockedForMs,
    reportInner: caller.report,
    budgetLeft: caller.budgetLeft,
    state: caller.state,
    options: caller.settings,
    async close() {},
  };
}

/** A `lastUpdateDateTime` window [lo, hi) of a list (hi open-ended when undefined), ms; `createdBefore` bounds it too. */
interface TimeWindow {
  lo: number;
  hi: number | undefined;
  createdBefore?: number;
}

/** What the pages of one window showed: whether it may have been cut short, and where to read on. */
interface WindowScan {
  total: number;
  pageCount: number;
  cutShort: boolean;
  /** Newest lastUpdateDateTime seen, ms (the window's `lo` before any). */
  newest: number;
  /** Oldest createdDateTime seen (ms); NaN once an item breaks the most-recent-first order or has none. */
  oldestCreated: number;
}

const newWindowScan = (lo: number): WindowScan => ({ total: 0, pageCount: 0, cutShort: false, newest: lo, oldestCreated: Infinity });

function windowPath(collection: string, w: TimeWindow, top: number): string {
  const filter =
    `lastUpdateDateTime ge ${odataDateTime(w.lo)}${w.hi !== undefined ? ` and lastUpdateDateTime lt ${odataDateTime(w.hi)}` : ""}` +
    (w.createdBefore !== undefined ? ` and createdDateTime lt ${odataDateTime(w.createdBefore)}` : "");
  return `${collection}?$filter=${encodeQueryValue(filter)}&$top=${top}`;
}

function scanPage(
  scan: WindowScan,
  items: readonly { lastUpdateDateTime?: string | null; createdDateTime?: string | null }[],
  more: boolean,
  top: number,
): void {
  scan.total += items.length;
  scan.pageCount++;
  // more than $top over several pages means the server treats $top as a page size: then its nextLink is trusted
  if (!more && (scan.total === top || (scan.pageCount === 1 && scan.total >= top))) scan.cutShort = true;
  for (const item of items) {
    const t = item.lastUpdateDateTime ? Date.parse(item.lastUpdateDateTime) : NaN;
    if (t > scan.newest) scan.newest = t;
    const c = item.createdDateTime ? Date.parse(item.createdDateTime) : NaN;
    scan.oldestCreated = c <= scan.oldestCreated ? c : NaN;
  }
}

/**
 * The windows that read on after `w`, in reading order (none when it was not cut short), or "oneMillisecond" when a
 * cut-short window cannot be split any further.
 */
function windowsAfter(w: TimeWindow, scan: WindowScan): TimeWindow[] | "oneMillisecond" {
  if (!scan.cutShort) return [];
  const before = scan.oldestCreated + 1;
  if (Number.isFinite(before) && before < (w.createdBefore ?? Infinity)) return [{ lo: w.lo, hi: w.hi, createdBefore: before }];
  const end = w.hi ?? Math.max(Date.now(), scan.newest + 1);
  if (end - w.lo <= 1) return "oneMillisecond";
  const mid = w.lo + Math.floor((end - w.lo) / 2);
  return [
    { lo: w.lo, hi: mid, createdBefore: w.createdBefore },
    { lo: mid, hi: w.hi, createdBefore: w.createdBefore },
  ];
}

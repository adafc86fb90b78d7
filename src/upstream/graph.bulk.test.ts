import { describe, expect, it } from "vitest";
import { ErrorCode, UpstreamError } from "../errors/errors.js";
import { GRAPH_BULK_TARGETS, patchGraphEntities } from "./graph.bulk.js";
import type { GraphClient } from "./graph.client.js";
import type { GraphBatchRequestItem, GraphBatchResponseItem } from "./graph.types.js";

const T = "11111111-1111-1111-1111-111111111111";

interface Entity {
  id: string;
  status: string;
  comments: { comment: string }[];
}

/**
 * An in-memory Graph behind the `GraphClient` surface `runGraphBatch` uses: alerts `a0…a99` exist, anything else is
 * 404; `throttle(url)` answers 429 with a Retry-After; the budget holds `budget` inner requests.
 */
function fakeGraph(opts: { throttle?: (url: string) => boolean; budget?: number } = {}) {
  const store = new Map<string, Entity>(Array.from({ length: 100 }, (_, i) => [`a${i}`, { id: `a${i}`, status: "new", comments: [] }]));
  const batches: GraphBatchRequestItem[][] = [];
  let budget = opts.budget ?? Infinity;
  let blockedUntil = 0;
  const answer = (r: GraphBatchRequestItem): Omit<GraphBatchResponseItem, "id"> => {
    if (opts.throttle?.(r.url)) return { status: 429, headers: { "Retry-After": "7" }, body: { error: { code: "TooManyRequests" } } };
    const [, id, sub] = /^\/security\/alerts_v2\/([^/]+)(\/comments)?$/.exec(r.url) ?? [];
    const e = store.get(decodeURIComponent(id ?? ""));
    if (!e) return { status: 404, body: { error: { code: "NotFound" } } };
    if (sub && r.method === "POST") {
      e.comments.push({ comment: (r.body as { comment: string }).comment });
      return { status: 200, body: { value: structuredClone(e.comments) } };
    }
    if (r.method === "PATCH") Object.assign(e, r.body);
    return { status: 200, body: { "@odata.context": "x", ...structuredClone(e) } };
  };
  const client = {
    options: { maxRetryWaitMs: 10_000, maxAttempts: 3, secrets: [] },
    batch(_tenantId: string, requests: GraphBatchRequestItem[]) {
      batches.push(requests);
      // Graph answers in any order
      return Promise.resolve(requests.map((r) => ({ id: r.id, ...answer(r) })).reverse());
    },
    takeBudget: () =>
      Promise.resolve(
        budget-- > 0 ? { ok: true, left: { minute: 1, hour: 1 } } : { ok: false, retryAfterMs: 30_000, left: { minute: 0, hour: 0 } },
      ),
    noteRetryAfter: (_tenantId: string, ms: number) => (blockedUntil = Math.max(blockedUntil, Date.now() + ms)),
    blockedForMs: () => Math.max(0, blockedUntil - Date.now()),
    reportInner: () => undefined,
  } as unknown as GraphClient;
  return { client, store, batches };
}

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `a${from + i}`);
const errorOf = (r: unknown): unknown[] => (r instanceof UpstreamError ? [r.code, r.extensions.retryAfterSeconds] : [r]);

describe("patchGraphEntities", () => {
  it("sends ≤ 20 PATCH requests per $batch and maps every answer back in order; an unknown id is null", async () => {
    const { client, batches } = fakeGraph();
    const wanted = [...ids(44), "nope"];
    const res = await patchGraphEntities<Entity>(client, T, wanted, GRAPH_BULK_TARGETS.alert, { body: { status: "inProgress" } });
    expect(batches.map((b) => b.length)).toEqual([20, 20, 5]);
    expect(batches.flat().every((r) => r.method === "PATCH" && r.url.startsWith("/security/alerts_v2/"))).toBe(true);
    expect(res.slice(0, 44).map((r) => (r as Entity).id)).toEqual(ids(44));
    expect(res.slice(0, 44).every((r) => (r as Entity).status === "inProgress")).toBe(true);
    expect(res[44]).toBeNull();
    expect(res[0]).not.toHaveProperty("@odata.context");
  });

  it("fields and a comment: the PATCH round first, the comment only where the PATCH went through, then a re-read", async () => {
    const { client, batches } = fakeGraph();
    const res = await patchGraphEntities<Entity>(client, T, ["a0", "zz", "a2"], GRAPH_BULK_TARGETS.alert, {
      body: { status: "resolved" },
      comment: "done",
    });
    expect(batches.map((b) => b.map((r) => `${r.method} ${r.url}`))).toEqual([
      ["PATCH /security/alerts_v2/a0", "PATCH /security/alerts_v2/zz", "PATCH /security/alerts_v2/a2"],
      ["POST /security/alerts_v2/a0/comments", "POST /security/alerts_v2/a2/comments"],
      ["GET /security/alerts_v2/a0", "GET /security/alerts_v2/a2"],
    ]);
    expect(batches[1][0].body).toEqual({ "@odata.type": "microsoft.graph.security.alertComment", comment: "done" });
    expect(res).toEqual([
      { id: "a0", status: "resolved", comments: [{ comment: "done" }] },
      null,
      { id: "a2", status: "resolved", comments: [{ comment: "done" }] },
    ]);
  });

  it("a 429 in the PATCH round fails the comment round at once too (the tenant's Retry-After): those ids report it", async () => {
    const { client, store, batches } = fakeGraph({ throttle: (url) => url === "/security/alerts_v2/a1" });
    const res = await patchGraphEntities<Entity>(client, T, ["a0", "a1"], GRAPH_BULK_TARGETS.alert, {
      body: { status: "resolved" },
      comment: "done",
    });
    expect(batches).toHaveLength(1);
    expect(res.map(errorOf)).toEqual([
      [ErrorCode.UPSTREAM_THROTTLED, 7],
      [ErrorCode.UPSTREAM_THROTTLED, 7],
    ]);
    // a0's fields are in, its comment is not: a retry sends the comment (and the fields again, harmlessly)
    expect(store.get("a0")).toMatchObject({ status: "resolved", comments: [] });
  });

  it("a comment alone: the comment round, then a re-read of each commented entity for its new version", async () => {
    const { client, batches } = fakeGraph();
    const res = await patchGraphEntities<Entity>(client, T, ["a5", "zz", "a6"], GRAPH_BULK_TARGETS.alert, { body: {}, comment: "seen" });
    expect(batches.map((b) => b.map((r) => `${r.method} ${r.url}`))).toEqual([
      ["POST /security/alerts_v2/a5/comments", "POST /security/alerts_v2/zz/comments", "POST /security/alerts_v2/a6/comments"],
      ["GET /security/alerts_v2/a5", "GET /security/alerts_v2/a6"],
    ]);
    expect(res).toEqual([
      { id: "a5", status: "new", comments: [{ comment: "seen" }] },
      null,
      { id: "a6", status: "new", comments: [{ comment: "seen" }] },
    ]);
  });

  it("fails fast: an inner 429 is not retried, and later chunks of the tenant fail without a call while its Retry-After runs", async () => {
    const { client, batches } = fakeGraph({ throttle: () => true });
    const started = Date.now();
    const res = await patchGraphEntities<Entity>(client, T, ids(45), GRAPH_BULK_TARGETS.alert, { body: { status: "resolved" } });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(batches).toHaveLength(1);
    expect(res.map((r) => errorOf(r)[0])).toEqual(Array<string>(45).fill(ErrorCode.UPSTREAM_THROTTLED));
    expect(res.every((r) => Number(errorOf(r)[1]) >= 1)).toBe(true);
  });

  it("a spent budget fails the ids it cannot pay for at once, and sends the rest", async () => {
    const { client, batches } = fakeGraph({ budget: 25 });
    const res = await patchGraphEntities<Entity>(client, T, ids(30), GRAPH_BULK_TARGETS.alert, { body: { status: "resolved" } });
    expect(batches.map((b) => b.length)).toEqual([20, 5]);
    expect(res.slice(0, 25).every((r) => (r as Entity).status === "resolved")).toBe(true);
    expect(res.slice(25).map(errorOf)).toEqual(Array(5).fill([ErrorCode.UPSTREAM_THROTTLED, 30]));
  });
});

import { runGraphBatch, type BatchItem, type GraphBatchOptions } from "./graph.batch.js";
import type { GraphClient } from "./graph.client.js";
import { graphCommentBody, GraphPaths } from "./graph.types.js";
import type { BatchResult } from "./upstream.types.js";

/** The collection a bulk patch goes to. */
export interface GraphBulkTarget {
  entity(id: string): string;
  comments(id: string): string;
  /** Route template of one entity, e.g. `/security/alerts_v2/{id}` (metrics labels and messages). */
  route: string;
}

export const GRAPH_BULK_TARGETS = {
  alert: { entity: GraphPaths.alert, comments: GraphPaths.alertComments, route: "/security/alerts_v2/{id}" },
  incident: { entity: GraphPaths.incident, comments: GraphPaths.incidentComments, route: "/security/incidents/{id}" },
} as const satisfies Record<string, GraphBulkTarget>;

/** One change for many entities: the PATCH body in Graph's spelling (empty = no PATCH) and a comment to add. */
export interface GraphBulkPatch {
  body: Record<string, unknown>;
  comment?: string;
}

// A throttled tenant answers at once with retryAfterSeconds; the caller's retry is idempotent, a wait is not needed.
const FAIL_FAST: GraphBatchOptions = { maxWaitMs: 0 };

const isEntity = <T>(r: BatchResult<T>): r is T => r !== null && !(r instanceof Error);

/**
 * One patch for many entities of one tenant through `$batch` (≤ 20 requests per call); one result per id, in order:
 * the entity as Graph has it afterwards, null when Graph does not know the id, or that id's own `UpstreamError`. Up to
 * three rounds:
 * 1. `PATCH` of the fields, when `body` has any. It goes first because it is idempotent: if a later round fails, the
 *    caller's retry repeats it harmlessly, while a comment is only posted once the fields are in.
 * 2. `POST …/comments`, when `comment` is given, for the ids round 1 updated (Graph has no comment field on a PATCH).
 * 3. `GET` of every commented id: a comment moves the entity's `lastUpdateDateTime` and is answered with the comment
 *    list only, and the index keeps versions, so the version after the comment is read (as `updateAlert` does).
 * Rounds 1 and 2 never wait for a `Retry-After` or a spent budget: those ids fail at once with UPSTREAM_THROTTLED.
 * Round 3 reads what was already written, so it may wait like any read.
 */
export async function patchGraphEntities<W>(
  client: GraphClient,
  tenantId: string,
  ids: readonly string[],
  target: GraphBulkTarget,
  patch: GraphBulkPatch,
): Promise<BatchResult<W>[]> {
  const results: BatchResult<W>[] = ids.map(() => null);
  const withFields = Object.keys(patch.body).length > 0;
  let live = ids.map((_, i) => i);

  if (withFields) {
    const patched = await runGraphBatch(
      client,
      tenantId,
      ids.map((id): BatchItem => ({ method: "PATCH", url: target.entity(id), body: patch.body, route: `PATCH ${target.route}` })),
      "write",
      FAIL_FAST,
    );
    patched.forEach((r, i) => (results[i] = r as BatchResult<W>));
    live = live.filter((i) => isEntity(results[i]));
  }
  if (patch.comment === undefined) return results;

  const body = graphCommentBody(patch.comment);
  const commented = await runGraphBatch(
    client,
    tenantId,
    live.map((i): BatchItem => ({ method: "POST", url: target.comments(ids[i]), body, route: `POST ${target.route}/comments` })),
    "write",
    FAIL_FAST,
  );
  const reread: number[] = [];
  live.forEach((i, j) => {
    const r = commented[j];
    if (isEntity(r)) reread.push(i);
    else results[i] = r;
  });
  if (reread.length === 0) return results;

  const fresh = await runGraphBatch(
    client,
    tenantId,
    reread.map((i): BatchItem => ({ method: "GET", url: target.entity(ids[i]), route: `GET ${target.route}` })),
    "write",
  );
  reread.forEach((i, j) => (results[i] = fresh[j] as BatchResult<W>));
  return results;
}

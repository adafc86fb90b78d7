import type { AccessScope } from "../../auth/roles.js";
import { Permission } from "../../auth/roles.js";
import { ErrorCode, isGatewayError } from "../../errors/errors.js";
import { StoreUnavailableError } from "../../store/store-unavailable.js";
import type { BatchResult } from "../../upstream/upstream.types.js";
import type { ItemKey } from "./triage-items.mapper.js";
import type { BulkItemFailure } from "./triage.type.js";

/**
 * What bulk triage needs to know about one kind of item (alerts, incidents): `M` is the upstream model
 * (`SecurityAlert`), `S` its indexed form (`IndexedAlert`), `G` the GraphQL object, `P` the patch.
 */
export interface BulkKind<M, S, G, P extends object> {
  /** "alert" or "incident", for messages. */
  noun: string;
  getMany(keys: readonly ItemKey[]): Promise<(S | null)[]>;
  model(stored: S): M;
  /** What of `patch` to send for `current`; null when `current` already holds all of it (a retried call: nothing to send). */
  remaining(current: M, patch: P): P | null;
  /** Upstream, one tenant: one result per id, in order (the item, null when upstream does not know it, or its error). */
  send(tenantId: string, ids: readonly string[], patch: P): Promise<BatchResult<M>[]>;
  /** Keeps what upstream's answer lacks but the stored copy has (e.g. an incident's alert ids). */
  carry?(fresh: M, stored: M): M;
  /** Writes changed items into the index and appends their events (exactly once). */
  record(tenantId: string, items: M[]): Promise<unknown>;
  /** The stored form of an item just written, should the index not return it (a newer copy raced it away). */
  wrap(tenantId: string, item: M): S;
  view(stored: S): G;
}

export interface BulkResult<G> {
  succeeded: G[];
  failed: BulkItemFailure[];
}

export interface BulkRunDeps {
  /** Where unexpected errors go (they reach the caller as INTERNAL_SERVER_ERROR without details). */
  logError(err: unknown, context: Record<string, unknown>): void;
}

type Outcome<G> = { ok: G } | { failed: BulkItemFailure };

interface Job<M> {
  /** Position in the caller's list. */
  at: number;
  key: ItemKey;
  current: M;
}

/**
 * Runs one bulk change: every key ends up once in `succeeded` or `failed`, in the order given.
 *
 * Per key, from the index alone: NOT_FOUND when the caller may not read the tenant (then it is not even looked up)
 * or the index does not hold the item (indistinguishable, as `updateAlert`); FORBIDDEN when the caller may read but
 * not write it; succeeded without an upstream call when it already holds the patch (so a retried call sends only what
 * failed before). The rest go upstream per tenant, all tenants at once, so a throttled or failing tenant neither holds
 * up nor fails another's items; within a tenant, items needing the same remaining patch go in one `send`. What
 * upstream changed is recorded (index and event log) as soon as its tenant answers, then read back from the index.
 * Throws only when the index cannot be read at all (the store is down); every later failure is an item's.
 */
export async function runBulk<M, S, G, P extends object>(
  kind: BulkKind<M, S, G, P>,
  scope: AccessScope,
  keys: readonly ItemKey[],
  patch: P,
  deps: BulkRunDeps,
): Promise<BulkResult<G>> {
  const outcomes: Outcome<G>[] = new Array<Outcome<G>>(keys.length);
  const fail = (at: number, code: string, message: string, retryAfterSeconds?: number) => {
    const { tenantId, id } = keys[at];
    outcomes[at] = { failed: { tenantId, id, code, message, retryAfterSeconds: retryAfterSeconds ?? null } };
  };
  const failWith = (at: number, err: unknown) => {
    if (isGatewayError(err)) return fail(at, err.extensions.code, err.message, err.extensions.retryAfterSeconds);
    if (err instanceof StoreUnavailableError)
      return fail(
        at,
        ErrorCode.SERVICE_UNAVAILABLE,
        `the gateway's store is unavailable; the ${kind.noun} may have changed upstream, retry shortly`,
      );
    deps.logError(err, { tenantId: keys[at].tenantId, id: keys[at].id, kind: kind.noun });
    fail(at, ErrorCode.INTERNAL_SERVER_ERROR, "unexpected error (details in the gateway's log)");
  };

  // only tenants the caller may read are looked up at all; the others answer exactly like an unknown id
  const readable = keys.flatMap((key, at) => (scope.can(key.tenantId, Permission.READ_ALERTS) ? [at] : []));
  const found = await kind.getMany(readable.map((at) => keys[at]));
  const stored = new Map(readable.map((at, k) => [at, found[k]]));
  const byTenant = new Map<string, Map<string, { patch: P; jobs: Job<M>[] }>>();
  keys.forEach((key, at) => {
    const s = stored.get(at);
    if (!s) return fail(at, ErrorCode.NOT_FOUND, `${kind.noun} ${key.id} was not found in tenant ${key.tenantId}`);
    if (!scope.can(key.tenantId, Permission.WRITE_ALERTS))
      return fail(at, ErrorCode.FORBIDDEN, `updating ${kind.noun}s of tenant ${key.tenantId} needs the TIER2_ANALYST role`);
    const current = kind.model(s);
    const rest = kind.remaining(current, patch);
    if (!rest) {
      outcomes[at] = { ok: kind.view(s) };
      return;
    }
    let groups = byTenant.get(key.tenantId);
    if (!groups) byTenant.set(key.tenantId, (groups = new Map<string, { patch: P; jobs: Job<M>[] }>()));
    const variant = JSON.stringify(rest);
    const group = groups.get(variant) ?? { patch: rest, jobs: [] };
    groups.set(variant, group);
    group.jobs.push({ at, key, current });
  });

  const runGroup = async (tenantId: string, patchNow: P, jobs: Job<M>[]) => {
    let results: BatchResult<M>[];
    try {
      results = await kind.send(
        tenantId,
        jobs.map((j) => j.key.id),
        patchNow,
      );
    } catch (e) {
      results = jobs.map(() => e as Error);
    }
    const changed: { job: Job<M>; item: M }[] = [];
    jobs.forEach((job, j) => {
      const r = results[j];
      if (r instanceof Error) failWith(job.at, r);
      else if (r === null || r === undefined)
        fail(job.at, ErrorCode.NOT_FOUND, `${kind.noun} ${job.key.id} was not found upstream in tenant ${tenantId}`);
      else changed.push({ job, item: kind.carry ? kind.carry(r, job.current) : r });
    });
    if (changed.length === 0) return;
    try {
      await kind.record(
        tenantId,
        changed.map((c) => c.item),
      );
      const fresh = await kind.getMany(changed.map((c) => c.job.key));
      changed.forEach(({ job, item }, k) => (outcomes[job.at] = { ok: kind.view(fresh[k] ?? kind.wrap(tenantId, item)) }));
    } catch (e) {
      for (const { job } of changed) failWith(job.at, e);
    }
  };

  await Promise.all(
    [...byTenant].map(async ([tenantId, groups]) => {
      // variants of one tenant share its budget: one after another
      for (const { patch: patchNow, jobs } of groups.values()) await runGroup(tenantId, patchNow, jobs);
    }),
  );

  const result: BulkResult<G> = { succeeded: [], failed: [] };
  for (const o of outcomes) {
    if ("ok" in o) result.succeeded.push(o.ok);
    else result.failed.push(o.failed);
  }
  return result;
}
